#!/usr/bin/env bash
# Installs what the site and the tests need, idempotently:
#   - a virtualenv in .venv with the locked Python tooling: requirements-dev.txt pins every package
#     (dependencies included) with the sha256 of its files; --require-hashes installs exactly those
#     bytes or stops, and --only-binary keeps pip from building any sdist (whose build dependencies
#     would not be hash-checked). The hand-edited list is requirements-dev.in.
#   - the pinned npm packages (package-lock.json, with integrity hashes: Pyodide, MiniSearch,
#     stopwords-iso; axe-core for the accessibility tests) via `npm ci`, without running any
#     package's install scripts
#   - with --browser: the three browser engines the end-to-end tests run in (apt), if missing:
#     Debian's Chromium (driven by Playwright), WebKitGTK's WebKitWebDriver + MiniBrowser
#     (webkit2gtk-driver) with Xvfb to draw into, and Firefox ESR (driven by npm puppeteer-core);
#     and poppler-utils + fonts-noto-cjk (the print test reads the 計算書 PDF back with pdftotext;
#     without a Japanese font the headers print as empty boxes)
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check \
  --require-hashes --only-binary :all: -r requirements-dev.txt

# npm ci again whenever package-lock.json is newer than what npm last installed (a package added),
# or the installed Pyodide is not the one package-lock.json pins (the version the site build uses)
PYODIDE_PIN=$(node -p 'require("./package-lock.json").packages["node_modules/pyodide"].version')
if [ ! -f node_modules/pyodide/pyodide.asm.wasm ] \
   || [ "$(node -p 'require("./node_modules/pyodide/package.json").version' 2>/dev/null)" != "$PYODIDE_PIN" ] \
   || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
fi

if [ "${1:-}" = "--browser" ] && { ! command -v chromium >/dev/null 2>&1 || ! command -v pdftotext >/dev/null 2>&1 \
    || ! dpkg -s fonts-noto-cjk >/dev/null 2>&1 || ! command -v WebKitWebDriver >/dev/null 2>&1 \
    || ! command -v Xvfb >/dev/null 2>&1 || ! command -v firefox-esr >/dev/null 2>&1; }; then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium webkit2gtk-driver xvfb firefox-esr \
    poppler-utils fonts-noto-cjk >/dev/null
fi
