#!/usr/bin/env bash
# Runs every test: calc unit and property tests, then end-to-end tests in headless Chromium
# against the built site served on 127.0.0.1, the cross-engine cases (tests/e2e/test_engines.py)
# in WebKit and Firefox too. Extra arguments go to pytest (e.g. tests/e2e/test_engines.py -k webkit).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --browser
export NO_MKDOCS_2_WARNING=1
exec .venv/bin/python -m pytest "$@"
