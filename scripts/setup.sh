#!/usr/bin/env bash
# Installs what the site and the tests need, idempotently:
#   - a virtualenv in .venv with the pinned Python tooling (requirements-dev.txt)
#   - the pinned npm packages (package-lock.json: Pyodide, MiniSearch, stopwords-iso), self-hosted into the built site
#   - with --browser: Debian's Chromium for the end-to-end tests (apt), if it is missing
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt

# npm ci again whenever package-lock.json is newer than what npm last installed (a package added)
if [ ! -f node_modules/pyodide/pyodide.asm.wasm ] || ! grep -q '"version": "314.0.7"' node_modules/pyodide/package.json 2>/dev/null \
   || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi

if [ "${1:-}" = "--browser" ] && ! command -v chromium >/dev/null 2>&1; then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi
