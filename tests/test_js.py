"""The JavaScript side, from the README's test command: every shipped JS file parses (`node --check`),
ESLint (eslint.config.mjs) finds nothing, the Node unit tests (tests/js/, the ledger reader) pass,
and the names the page, the worker, the form and the tests share agree (contracts.js)."""
from __future__ import annotations

import importlib.util
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NODE = shutil.which("node")
ESLINT = ROOT / "node_modules" / ".bin" / "eslint"
# what the site ships (overrides/), the build's Node scripts and the tests' own Node files
JS_FILES = sorted([*ROOT.glob("overrides/**/*.js"), *ROOT.glob("scripts/*.mjs"), *ROOT.glob("tests/**/*.mjs")])
UNIT_TESTS = sorted(ROOT.glob("tests/js/*.test.mjs"))

pytestmark = pytest.mark.skipif(NODE is None, reason="node is not installed (scripts/setup.sh installs it)")


def node(*args: str, timeout: int = 120) -> subprocess.CompletedProcess:
    return subprocess.run([NODE, *args], cwd=ROOT, capture_output=True, text=True, timeout=timeout, check=False)


def test_the_files_are_found():
    names = {p.relative_to(ROOT).as_posix() for p in JS_FILES}
    assert {"overrides/assets/calc/runtime.js", "overrides/assets/calc/worker.js", "overrides/sw.js",
            "scripts/pyodide_py_compile.mjs", "tests/js/ledger-reader.test.mjs"} <= names
    assert UNIT_TESTS


@pytest.mark.parametrize("path", JS_FILES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_node_check(path):
    r = node("--check", str(path))
    assert r.returncode == 0, r.stderr


def test_eslint():
    assert ESLINT.exists(), "node_modules/.bin/eslint is missing: run scripts/setup.sh (npm ci)"
    r = subprocess.run([str(ESLINT), "--max-warnings=0", "."], cwd=ROOT, capture_output=True, text=True, timeout=300,
                       check=False)
    assert r.returncode == 0, r.stdout + r.stderr


def test_node_unit_tests():
    r = node("--test", *map(str, UNIT_TESTS))
    assert r.returncode == 0, r.stdout[-6000:] + r.stderr[-2000:]


# ---- contracts.js ------------------------------------------------------------------------------------
def _hook():
    spec = importlib.util.spec_from_file_location(
        "calculators_hook", ROOT / "overrides" / "hooks" / "calculators.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_field_id_is_the_same_in_python_and_js():
    """The form's ids (field_id, Python) are the ids runtime.js looks up and renumbers (fieldId, JS)."""
    samples = [["chukai", "price"], ["haibun", "brokerage_manual"], ["hikinaoshi", "transactions", 0, "date"],
               ["haibun", "creditors", 12, "balance"], ["hikinaoshi", "transactions", "__i__", "repay"]]
    contracts = (ROOT / "overrides" / "assets" / "calc" / "contracts.js").as_uri()
    r = node("--input-type=module", "-e",
             f"import {{ fieldId }} from {json.dumps(contracts)};"
             f"console.log(JSON.stringify({json.dumps(samples)}.map((a) => fieldId(...a))));")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout) == [_hook().field_id(*s) for s in samples]
    assert json.loads(r.stdout)[:3] == ["calc-chukai-price", "calc-haibun-brokerage_manual",
                                        "calc-hikinaoshi-transactions-0-date"]


def test_page_and_worker_name_their_messages_from_contracts():
    """No message type is spelt out as a string on either side: both read MSG from contracts.js."""
    for name in ("runtime.js", "worker.js"):
        src = (ROOT / "overrides" / "assets" / "calc" / name).read_text("utf-8")
        assert re.search(r'^import \{[^}]*\bMSG\b[^}]*\} from "\./contracts\.js";$', src, re.MULTILINE), name
        assert not re.search(r'\bm\.type\s*[!=]==\s*["\']', src), name                 # m.type === "run"
        assert not re.search(r'postMessage\(\{\s*type:\s*["\']', src), name       # postMessage({type: "run"})


def test_the_early_start_uses_the_runtime_s_names():
    """assets/calc/early.js is a classic script inlined in <head> (it cannot import contracts.js): the
    message types it posts and the localStorage mark it reads are MSG.INIT, MSG.WASM and runtime.js's
    flag."""
    calc = ROOT / "overrides" / "assets" / "calc"
    r = node("--input-type=module", "-e",
             f"import {{ MSG }} from {json.dumps((calc / 'contracts.js').as_uri())}; "
             "console.log(MSG.INIT, MSG.WASM);")
    assert r.returncode == 0, r.stderr
    early = (calc / "early.js").read_text("utf-8")
    init, wasm = r.stdout.split()
    assert f'type: "{init}"' in early
    assert early.count(f'type: "{wasm}"') == 2   # the module, or null
    flag = re.search(r'const SNAPSHOT_FLAG = "([^"]+)";', (calc / "runtime.js").read_text("utf-8")).group(1)
    assert f'localStorage.getItem("{flag}")' in early
