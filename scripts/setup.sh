#!/usr/bin/env bash
# Installs what the site and the tests need, idempotently:
#   - a virtualenv in .venv with the pinned Python tooling (requirements-dev.txt)
#   - the pinned Pyodide npm package (package-lock.json), self-hosted into the built site
#   - with --browser: Debian's Chromium for the end-to-end tests (apt), if it is missing
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt

if [ ! -f node_modules/pyodide/pyodide.asm.wasm ] || ! grep -q '"version": "314.0.7"' node_modules/pyodide/package.json 2>/dev/null; then
  npm ci --no-audit --no-fund --loglevel=error
fi

if [ "${1:-}" = "--browser" ] && ! command -v chromium >/dev/null 2>&1; then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi
