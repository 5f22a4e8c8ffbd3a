"""Compile the `.py` files of a zip or wheel to sourceless `.pyc`, the way `pyodide py-compile` does.

Runs *inside* Pyodide (scripts/pyodide_py_compile.mjs loads it under Node), so the bytecode is
made by the very interpreter that will load it in the browser: the magic number, the bytecode and
the marshal format are those of Pyodide's CPython, whatever Python the build machine has.

The layout follows pyodide-build's `_py_compile._compile` (what `pyodide py-compile` runs;
compared with pyodide-build 0.39.2 run inside the same Pyodide: entry names, their order and every
`.pyc` body after the 16-byte header are identical): every `name.py` becomes `name.pyc` at the same
place in the archive (zipimport and SourcelessFileLoader find it there), the source is dropped,
existing `.pyc` are dropped and recompiled, every other entry is copied unchanged, `co_filename` is
the path inside the archive, and entries are deflated at level 6.

Deliberate differences. The first two make the output reproducible (same input -> same bytes, so
the build cache and the browser cache see identical files); the others keep each entry as the input
had it. They are why this is a copy: `_compile` has no option for any of them, so its archives
cannot be byte-identical to these (CONTRIBUTING, "Why scripts/py_compile_archive.py copies ..."):
- the `.pyc` are hash-based and unchecked (PEP 552; flags 0b01, there is no source to check against)
  instead of stamped with a temporary file's mtime (or checked-hash, 0b11, under SOURCE_DATE_EPOCH);
- each entry keeps its input entry's timestamp instead of "now" (or SOURCE_DATE_EPOCH);
- each entry keeps its input entry's permission bits instead of `-rw-------`;
- directory entries are stored, not deflated.

Also importable by a host CPython for tests of the layout (the bytecode is then the host's).
"""
from __future__ import annotations

import io
import os
import py_compile
import tempfile
import zipfile
from collections.abc import Iterable


def compile_archive(data: bytes, keep: Iterable[str] | None = None) -> bytes:
    """Return a copy of the zip/wheel `data` with each `.py` replaced by its `.pyc`.

    keep: if given, only entries whose name (or, for directories, whose prefix) is in this set
    are written — the others are left out (used to trim the standard library; None keeps all).
    """
    keep_set = None if keep is None else set(keep)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, \
            zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as zout, \
            tempfile.TemporaryDirectory() as tmp:
        for info in zin.infolist():
            name = info.filename
            if name.endswith(".pyc"):
                continue  # recompiled from the source below (as pyodide-build does)
            if keep_set is not None and not _kept(name, keep_set):
                continue
            body = zin.read(info)
            if not name.endswith(".py"):
                zout.writestr(_entry(name, info), body)
                continue
            src = os.path.join(tmp, "src.py")
            dst = os.path.join(tmp, "src.pyc")
            with open(src, "wb") as f:
                f.write(body)
            py_compile.compile(src, cfile=dst, dfile=name, doraise=True,
                               invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH)
            with open(dst, "rb") as f:
                zout.writestr(_entry(name + "c", info), f.read())
    return out.getvalue()


def _kept(name: str, keep: set[str]) -> bool:
    if name.endswith("/"):  # a directory entry stays if anything under it stays
        return any(k.startswith(name) for k in keep)
    return name in keep


def _entry(name: str, like: zipfile.ZipInfo) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=like.date_time)
    info.external_attr = like.external_attr
    info.compress_type = zipfile.ZIP_STORED if name.endswith("/") else zipfile.ZIP_DEFLATED
    return info


def compiled_wheel_name(wheel_name: str, py_tag: str) -> str:
    """`calc-0.1.0-py3-none-any.whl` -> `calc-0.1.0-cp314-none-any.whl` (py_tag "cp314"), the
    file name pyodide-build gives a py-compiled wheel: the bytecode is for one interpreter."""
    stem, ext = wheel_name.rsplit(".", 1)
    name, version, _python, abi, platform = stem.split("-")
    return f"{name.replace('-', '_')}-{version}-{py_tag}-{abi}-{platform}.{ext}"
