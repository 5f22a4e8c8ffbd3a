"""Build step: the standard library and the calc package as bytecode for the pinned Pyodide.

Why: in a cold start most of Pyodide's boot is its CPython compiling the standard library's
*sources* (python_stdlib.zip ships `.py` only), then calc's. Shipping `.pyc` made by the same
interpreter skips that work in the reader's browser.

How (called from calculators.on_post_build; not an MkDocs hook itself):
  1. `python -m build` makes the calc wheel from the working tree (sources);
  2. scripts/pyodide_py_compile.mjs boots Pyodide's own interpreter under Node, offline, from
     node_modules/pyodide (no host CPython 3.14 needed, and the magic number is Pyodide's):
     - it repeats the worker's loading steps (the wheel on sys.path as a zip, import
       calc.api) and runs every calculator on the inputs of `sample_requests()` (worked
       examples, blanks, junk, every choice), recording which standard-library files were loaded;
     - it compiles those files, and the calc wheel, to sourceless `.pyc` (the layout of
       `pyodide py-compile`, see scripts/py_compile_archive.py);
  3. the two archives are cached in `.cache/pyc/<key>/`, key = Pyodide version, sha256 of its
     python_stdlib.zip, hash of the calc sources, hash of these build scripts; a pin change or
     a calc change rebuilds, everything else reuses.

The trimmed standard library holds what the traced run loaded (about a quarter of the files);
tests/test_bytecode.py runs every calculator under the shipped archives in Node + Pyodide and
compares with native `calc.api.run`, so a module missed by the trace fails CI, not a reader.
Because the trim depends on calc, the zip ships beside the calc wheel in the same versioned
directory (assets/calc/wheels/<version>/), so a browser never pairs a new calc with an old zip.
"""
from __future__ import annotations

import functools
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CACHE = ROOT / ".cache" / "pyc"
SCRIPTS = (ROOT / "scripts" / "pyodide_py_compile.mjs", ROOT / "scripts" / "py_compile_archive.py",
           Path(__file__).resolve())
STDLIB_NAME = "python_stdlib.zip"
KEEP_CACHE_ENTRIES = 6
JUNK = ("", "abc", "－１", "１２３４万５６７８円", "9" * 30, "H31.2.30", "0")


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def calc_sources() -> list[Path]:
    return sorted((ROOT / "calc").rglob("*.py")) + [ROOT / "pyproject.toml"]


def pyodide_dir() -> Path:
    d = ROOT / "node_modules" / "pyodide"
    if not (d / "pyodide.asm.wasm").is_file():
        raise SystemExit("node_modules/pyodide is missing: run `npm ci` (the README's commands do this)")
    return d


def pyodide_version() -> str:
    return json.loads((pyodide_dir() / "package.json").read_text(encoding="utf-8"))["version"]


@functools.cache
def python_tag() -> str:
    """cp314 for Pyodide 314 — from its lock file, so the compiled wheel's name follows the pin."""
    info = json.loads((pyodide_dir() / "pyodide-lock.json").read_text(encoding="utf-8"))["info"]
    major, minor = info["python"].split(".")[:2]
    return f"cp{major}{minor}"


def cache_key() -> str:
    h = hashlib.sha256()
    h.update(pyodide_version().encode())
    h.update(_sha256(pyodide_dir() / "python_stdlib.zip").encode())
    for p in calc_sources() + list(SCRIPTS):
        h.update(p.relative_to(ROOT).as_posix().encode())
        h.update(p.read_bytes())
    return h.hexdigest()[:16]


def sample_requests() -> list[list]:
    """[calc_id, raw inputs] pairs that reach every calculator's parsing, rules and rendering:
    the worked example, all blank, and the example with one field changed — to junk, to each
    choice, to each flag state, to rows of junk or no rows."""
    from calc import api

    out: list[list] = []
    for cid in api.calculator_ids():
        desc, example = api.describe(cid), api.example_inputs(cid)
        out.append([cid, example])
        out.append([cid, {}])
        for f in desc["fields"]:
            if f["kind"] == "choice":
                variants = [o["value"] for o in f["options"]] + ["no-such-option"]
            elif f["kind"] == "flag":
                variants = ["1", ""]
            elif f["kind"] == "rows":
                cols = [c["name"] for c in f["columns"]]
                variants = [[], "not rows"] + [[{c: j for c in cols}] for j in JUNK[1:5]]
            else:
                variants = list(JUNK)
            out.extend([cid, {**example, f["name"]: v}] for v in variants)
    return out


def build_source_wheel(out_dir: Path) -> Path:
    """The calc wheel with `.py` sources, built offline from the working tree."""
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "src"
        shutil.copytree(ROOT / "calc", src / "calc", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        shutil.copy2(ROOT / "pyproject.toml", src / "pyproject.toml")
        subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out_dir),
                        str(src)], check=True, capture_output=True,
                       env={**os.environ, "SOURCE_DATE_EPOCH": "315532800"})  # same bytes every build
    wheels = list(out_dir.glob("calc-*.whl"))
    if len(wheels) != 1:
        raise SystemExit(f"expected one calc wheel in {out_dir}, found {wheels}")
    return wheels[0]


def run_node(job: dict) -> dict:
    """Run scripts/pyodide_py_compile.mjs on `job`; returns its JSON report."""
    node = shutil.which("node")
    if not node:
        raise SystemExit("node is missing (Node 20+; the README's commands install the npm package with it)")
    with tempfile.TemporaryDirectory() as tmp:
        jf = Path(tmp) / "job.json"
        jf.write_text(json.dumps(job, ensure_ascii=False), encoding="utf-8")
        p = subprocess.run([node, str(SCRIPTS[0]), str(jf)], capture_output=True, text=True)
    if p.returncode != 0:
        tail = "\n".join(line for line in p.stderr.splitlines() if len(line) < 400)[-3000:]
        raise SystemExit(f"pyodide_py_compile.mjs failed:\n{tail}")
    return json.loads(p.stdout.strip().splitlines()[-1])


def compiled() -> dict:
    """Paths of the bytecode archives for the current calc and Pyodide pin (built if not cached):
    {"stdlib": Path, "wheel": Path, "report": {...}}."""
    key = cache_key()
    entry = CACHE / key
    if not (entry / "report.json").is_file():
        CACHE.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=f"{key}.", dir=CACHE))
        try:
            src_wheel = build_source_wheel(work / "src")
            out_wheel = work / _compiled_wheel_name(src_wheel.name)
            report = run_node({
                "pyodide": str(pyodide_dir()),
                "trace": {"wheel": str(src_wheel), "requests": sample_requests()},
                "jobs": [{"in": str(pyodide_dir() / "python_stdlib.zip"), "out": str(work / STDLIB_NAME),
                          "keep": "trace"},
                         {"in": str(src_wheel), "out": str(out_wheel), "keep": None}],
            })
            shutil.rmtree(work / "src")
            report["key"] = key
            report["pyodide"] = pyodide_version()
            (work / "report.json").write_text(json.dumps(report, indent=1, ensure_ascii=False), encoding="utf-8")
            try:
                os.rename(work, entry)  # atomic: a concurrent build either wins or finds it done
            except OSError:
                shutil.rmtree(work, ignore_errors=True)
        except BaseException:
            shutil.rmtree(work, ignore_errors=True)
            raise
        _prune()
    os.utime(entry)  # most recently used: kept by _prune
    wheels = list(entry.glob("calc-*.whl"))
    return {"stdlib": entry / STDLIB_NAME, "wheel": wheels[0],
            "report": json.loads((entry / "report.json").read_text(encoding="utf-8"))}


def _compiled_wheel_name(name: str) -> str:
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        from py_compile_archive import compiled_wheel_name
    finally:
        sys.path.pop(0)
    return compiled_wheel_name(name, python_tag())


def compiled_wheel_name() -> str:
    """File name of the shipped calc archive, e.g. calc-0.1.0-cp314-none-any.whl."""
    from calc import __version__
    return _compiled_wheel_name(f"calc-{__version__}-py3-none-any.whl")


def _prune():
    for tmp in CACHE.glob("*.*"):  # a build that died mid-way
        if tmp.is_dir() and tmp.stat().st_mtime < time.time() - 3600:
            shutil.rmtree(tmp, ignore_errors=True)
    entries = sorted((p for p in CACHE.iterdir() if p.is_dir() and (p / "report.json").is_file()),
                     key=lambda p: p.stat().st_mtime, reverse=True)
    for old in entries[KEEP_CACHE_ENTRIES:]:
        shutil.rmtree(old, ignore_errors=True)
