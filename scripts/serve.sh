#!/usr/bin/env bash
# Builds the site (calc wheel + Pyodide included) and serves it at http://127.0.0.1:8000/
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export NO_MKDOCS_2_WARNING=1
exec .venv/bin/mkdocs serve --strict -a "${ADDR:-127.0.0.1:8000}"
