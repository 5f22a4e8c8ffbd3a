"""The bytecode the site ships: layout of the compiled archives, and every calculator computing
under them (Pyodide in Node, loading as the browser worker does) exactly what calc computes natively.

The standard library zip is trimmed to what a traced run loaded, so a module the trace missed
would surface here as an ImportError turned into `internal_error`, or as a mismatch.
"""
from __future__ import annotations

import importlib.util
import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from calc import api
from tests.e2e.cases import all_cases

ROOT = Path(__file__).resolve().parents[1]


def _load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


bytecode = _load("_bytecode_under_test", ROOT / "overrides" / "hooks" / "bytecode.py")
pca = _load("_py_compile_archive_under_test", ROOT / "scripts" / "py_compile_archive.py")


def _zip(entries: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, body in entries.items():
            z.writestr(name, body)
    return buf.getvalue()


SOURCE_ZIP = {
    "pkg/": b"",
    "pkg/__init__.py": b"from .mod import VALUE\n",
    "pkg/mod.py": b"VALUE = 6 * 7\n",
    "pkg/stale.pyc": b"not bytecode",
    "pkg/data.txt": b"kept as is",
    "other/": b"",
    "other/x.py": b"X = 1\n",
}


def test_each_py_becomes_a_pyc_in_its_place_and_sources_are_dropped():
    out = zipfile.ZipFile(io.BytesIO(pca.compile_archive(_zip(SOURCE_ZIP))))
    assert sorted(out.namelist()) == sorted(
        ["pkg/", "pkg/__init__.pyc", "pkg/mod.pyc", "pkg/data.txt", "other/", "other/x.pyc"])
    assert out.read("pkg/data.txt") == b"kept as is"
    header = out.read("pkg/mod.pyc")[:16]
    assert header[:4] == importlib.util.MAGIC_NUMBER
    assert int.from_bytes(header[4:8], "little") == 0b01  # PEP 552: hash-based, unchecked


def test_output_is_reproducible():
    data = _zip(SOURCE_ZIP)
    assert pca.compile_archive(data) == pca.compile_archive(data)


def test_keep_trims_to_the_listed_files_and_their_directories():
    out = zipfile.ZipFile(io.BytesIO(pca.compile_archive(_zip(SOURCE_ZIP), keep=["pkg/__init__.py", "pkg/mod.py"])))
    assert sorted(out.namelist()) == ["pkg/", "pkg/__init__.pyc", "pkg/mod.pyc"]


def test_zipimport_loads_the_sourceless_package(tmp_path):
    archive = tmp_path / "lib.zip"
    archive.write_bytes(pca.compile_archive(_zip(SOURCE_ZIP)))
    code = ("import sys; sys.path.insert(0, sys.argv[1]); import pkg, pkg.mod; "
            "print(pkg.VALUE, pkg.mod.__spec__.origin.endswith('pkg/mod.pyc'))")
    out = subprocess.run([sys.executable, "-c", code, str(archive)], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["42", "True"]


def test_compiled_wheel_name_follows_pyodide_build():
    # pyodide-build's own doctest: micropip-0.1.0-py3-none-any.whl -> micropip-0.1.0-cpXY-none-any.whl
    assert pca.compiled_wheel_name("micropip-0.1.0-py3-none-any.whl", "cp314") == "micropip-0.1.0-cp314-none-any.whl"
    assert bytecode.python_tag() == "cp314"  # Pyodide 314 is CPython 3.14 (pyodide-lock.json)


def test_cache_key_changes_with_the_pyodide_pin(monkeypatch):
    key = bytecode.cache_key()
    monkeypatch.setattr(bytecode, "pyodide_version", lambda: "999.0.0")
    assert bytecode.cache_key() != key


@pytest.fixture(scope="module")
def shipped():
    return bytecode.compiled()


def _requests() -> list[list]:
    reqs = bytecode.sample_requests()
    for calc_id, changes in all_cases():  # the e2e cases: typed like a reader would
        reqs.append([calc_id, {**api.example_inputs(calc_id), **changes}])
    return reqs


def test_archives_hold_only_bytecode_for_pyodides_python(shipped):
    lock = json.loads((bytecode.pyodide_dir() / "pyodide-lock.json").read_text(encoding="utf-8"))
    assert shipped["report"]["python"] == lock["info"]["python"]
    magic = bytes.fromhex(shipped["report"]["magic"])
    for path in (shipped["stdlib"], shipped["wheel"]):
        with zipfile.ZipFile(path) as z:
            names = z.namelist()
            assert not [n for n in names if n.endswith(".py")], path
            pycs = [n for n in names if n.endswith(".pyc")]
            assert pycs
            assert {z.read(n)[:4] for n in pycs} == {magic}


def _run_shipped(shipped, tmp_path, reqs, snapshot=False) -> dict:
    job = tmp_path / "job.json"
    job.write_text(json.dumps({"pyodide": str(bytecode.pyodide_dir()), "stdlib": str(shipped["stdlib"]),
                               "wheel": str(shipped["wheel"]), "requests": reqs, "snapshot": snapshot},
                              ensure_ascii=False), "utf-8")
    p = subprocess.run(["node", str(ROOT / "tests" / "pyodide_shipped.mjs"), str(job)],
                       check=False, capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, "\n".join(line for line in p.stderr.splitlines() if len(line) < 400)[-3000:]
    return json.loads(p.stdout.strip().splitlines()[-1])


def _assert_native(reqs, got):
    broken = [(r[0], o["internal_error"]) for r, o in zip(reqs, got["outputs"]) if "internal_error" in o]
    assert not broken, broken[:5]
    mismatched = [r for r, o in zip(reqs, got["outputs"])
                  if o != json.loads(json.dumps(api.run(r[0], r[1]), ensure_ascii=False))]
    assert not mismatched, f"{len(mismatched)} of {len(reqs)} differ from native, e.g. {mismatched[:2]}"


def test_every_calculator_under_the_shipped_archives_matches_native(shipped, tmp_path):
    reqs = _requests()
    got = _run_shipped(shipped, tmp_path, reqs)
    _assert_native(reqs, got)
    # what ran was the bytecode: calc from the wheel's .pyc, the standard library from the zip's .pyc
    origins = got["origins"]
    calc_mods = {n: o for n, o in origins.items() if n == "calc" or n.startswith("calc.")}
    assert calc_mods and all(o.endswith(".pyc") and o.startswith("/lib/calc.whl/calc/") for o in calc_mods.values()), \
        calc_mods
    from_zip = [o for o in origins.values() if o and ".zip/" in o]
    assert from_zip and all(o.endswith(".pyc") for o in from_zip)


# pyodide-build's own `_compile`, run the way the build runs ours, to keep CONTRIBUTING's account
# ("Why scripts/py_compile_archive.py copies ...") checkable. Opt-in: the build does not need these
# wheels, so setup does not install them. To run it:
#   pip download --no-deps --only-binary :all: --python-version 3.14 -d /tmp/pb-wheels \
#       pyodide-build==0.39.2 packaging==26.4 platformdirs==4.14.9 rich==15.0.0 \
#       markdown-it-py==4.3.0 mdurl==0.1.2 pygments==2.21.0
#   PYODIDE_BUILD_WHEELS=/tmp/pb-wheels pytest tests/test_bytecode.py -k pyodide_build
UPSTREAM_JS = r"""
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
const job = JSON.parse(readFileSync(process.argv[2], "utf8"));
const indexURL = resolve(job.pyodide) + "/";
const { loadPyodide } = await import(pathToFileURL(join(indexURL, "pyodide.mjs")).href);
const py = await loadPyodide({ indexURL, stdout: () => {}, stderr: (s) => process.stderr.write(s + "\n") });
const sp = py.runPython("import sysconfig; sysconfig.get_paths()['purelib']");
// The build's trace first (it leaves interned strings behind that marshal's output depends on).
py.unpackArchive(new Uint8Array(readFileSync(job.wheel)), "wheel", { extractDir: sp });
py.runPython("import importlib; importlib.invalidate_caches()");
const runJson = py.pyimport("calc.api").run_json;
for (const [calcId, raw] of job.requests) runJson(calcId, JSON.stringify(raw));
for (const f of readdirSync(job.wheels).filter((f) => f.endsWith(".whl")))
  py.unpackArchive(new Uint8Array(readFileSync(join(job.wheels, f))), "wheel", { extractDir: sp });
py.FS.writeFile("/tmp/stdlib.zip", readFileSync(join(indexURL, "python_stdlib.zip")));
py.FS.writeFile("/tmp/calc.whl", readFileSync(job.wheel));
py.globals.set("traced", py.toPy(job.traced));
py.runPython(`
import importlib, os, zipfile
from pathlib import Path
importlib.invalidate_caches()
os.environ["SOURCE_DATE_EPOCH"] = "315532800"  # its only lever towards reproducible output
from pyodide_build import _py_compile
keep = set(traced)
with zipfile.ZipFile("/tmp/stdlib.zip") as zin, zipfile.ZipFile("/tmp/trim.zip", "w") as zout:
    for info in zin.infolist():  # _compile has no keep: trim first, entries as they were
        if info.filename in keep or (info.filename.endswith("/") and any(k.startswith(info.filename) for k in keep)):
            zout.writestr(info, zin.read(info))
_py_compile._compile(Path("/tmp/trim.zip"), Path("/tmp/stdlib.out.zip"), verbose=False)
_py_compile._compile(Path("/tmp/calc.whl"), Path("/tmp/calc.out.whl"), verbose=False)
`);
writeFileSync(job.out_stdlib, py.FS.readFile("/tmp/stdlib.out.zip"));
writeFileSync(job.out_wheel, py.FS.readFile("/tmp/calc.out.whl"));
"""


def _differences(ours: Path, theirs: Path) -> dict[str, int]:
    out: dict[str, int] = {}
    with zipfile.ZipFile(ours) as a, zipfile.ZipFile(theirs) as b:
        assert a.namelist() == b.namelist()
        for ia, ib in zip(a.infolist(), b.infolist()):
            for attr in ("date_time", "external_attr", "compress_type"):
                if getattr(ia, attr) != getattr(ib, attr):
                    out[attr] = out.get(attr, 0) + 1
            da, db = a.read(ia), b.read(ib)
            if da != db:
                assert ia.filename.endswith(".pyc") and da[16:] == db[16:], ia.filename  # same bytecode
                assert (da[:4], da[8:16], da[4:8], db[4:8]) == (db[:4], db[8:16], b"\1\0\0\0", b"\3\0\0\0")
                out["pyc flags"] = out.get("pyc flags", 0) + 1
    return out


@pytest.mark.skipif(not os.environ.get("PYODIDE_BUILD_WHEELS"), reason="opt-in: PYODIDE_BUILD_WHEELS=<dir of wheels>")
def test_pyodide_builds_own_compile_differs_only_as_contributing_says(shipped, tmp_path):
    (tmp_path / "upstream.mjs").write_text(UPSTREAM_JS, "utf-8")
    job = {"pyodide": str(bytecode.pyodide_dir()), "wheels": os.environ["PYODIDE_BUILD_WHEELS"],
           "wheel": str(bytecode.build_source_wheel(tmp_path / "src")), "requests": bytecode.sample_requests(),
           "traced": shipped["report"]["traced"],
           "out_stdlib": str(tmp_path / "stdlib.zip"), "out_wheel": str(tmp_path / "calc.whl")}
    (tmp_path / "job.json").write_text(json.dumps(job, ensure_ascii=False), "utf-8")
    p = subprocess.run(["node", str(tmp_path / "upstream.mjs"), str(tmp_path / "job.json")],
                       capture_output=True, text=True, timeout=300, check=False)
    assert p.returncode == 0, p.stderr[-3000:]
    with zipfile.ZipFile(shipped["stdlib"]) as z:
        n_stdlib, n_pyc, n_dir = len(z.namelist()), sum(n.endswith(".pyc") for n in z.namelist()), \
            sum(n.endswith("/") for n in z.namelist())
    assert _differences(shipped["stdlib"], tmp_path / "stdlib.zip") == {
        "date_time": n_stdlib, "external_attr": n_stdlib, "pyc flags": n_pyc, "compress_type": n_dir}
    with zipfile.ZipFile(shipped["wheel"]) as z:
        n_wheel, n_pyc = len(z.namelist()), sum(n.endswith(".pyc") for n in z.namelist())
    assert _differences(shipped["wheel"], tmp_path / "calc.whl") == {"external_attr": n_wheel, "pyc flags": n_pyc}


def test_every_calculator_after_a_memory_snapshot_restore_matches_native(shipped, tmp_path):
    """The worker's repeat visit (overrides/assets/calc/worker.js) uses Pyodide's PRIVATE snapshot
    API: loadPyodide({_makeSnapshot}), pyodide.makeMemorySnapshot(), loadPyodide({_loadSnapshot}).
    The browser falls back to a normal boot when it fails, so a Pyodide upgrade that changes it
    would silently lose the speed-up: this fails loudly instead."""
    version = bytecode.pyodide_version()
    reqs = _requests()
    try:
        got = _run_shipped(shipped, tmp_path, reqs, snapshot=True)
    except AssertionError as e:
        raise AssertionError(f"Pyodide {version}: the private memory-snapshot API used by worker.js "
                             f"no longer works as it did in 314.0.7 — check worker.js's snapshot code.\n{e}")
    assert got["snapshotBytes"] > 16 * 2**20, got["snapshotBytes"]  # the whole wasm memory (31 MB in 314.0.7)
    _assert_native(reqs, got)
