"""MkDocs hook: embeds calculators in guide pages and ships what they need.

A guide embeds a calculator with one line of Markdown:

    [[calc haibun]]

At build time this hook
  1. renders the calculator's form from its declaration in `calc` (Jinja2 template
     `overrides/partials/calc/form.html`) and its worked-example result with `calc` itself,
     so the page is complete before Python starts in the browser;
  2. adds the runtime script only to pages that have a calculator;
  3. after the build, writes the `calc` wheel and the standard library compiled to bytecode for
     the pinned Pyodide (bytecode.py), and the Pyodide core files (from the npm package pinned in
     package-lock.json) into the site — once, under assets/.

Everything calculator-specific lives in `calc/` and `overrides/`; the MkDocs surface used here is
four event functions, so moving to another generator means re-wiring these few lines.
"""
from __future__ import annotations

import functools
import hashlib
import importlib.util
import json
import logging
import re
import shutil
import sys
from pathlib import Path

import jinja2

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from calc import api  # noqa: E402
from calc.law.table import law_table_markdown  # noqa: E402  (the 根拠 page's tables: [[law-table]])


def _load_sibling(name: str):
    spec = importlib.util.spec_from_file_location(f"_hooks_{name}", Path(__file__).resolve().parent / f"{name}.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


bytecode = _load_sibling("bytecode")  # the .pyc build step (overrides/hooks/bytecode.py)

log = logging.getLogger("mkdocs.hooks.calculators")

EMBED = re.compile(r"^\[\[calc\s+([a-z0-9_-]+)\s*\]\]\s*$", re.M)
LAW_TABLE = re.compile(r"^\[\[law-table\]\]\s*$", re.M)
SLOT = '<div class="calc-slot" data-slot="{n}"></div>'
SLOT_RE = re.compile(r'(?:<p>)?<div class="calc-slot" data-slot="(\d+)"></div>(?:</p>)?')
EARLY_JS = Path(__file__).resolve().parents[1] / "assets" / "calc" / "early.js"
PYODIDE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm")   # + pyodide-lock.json, trimmed

_env = jinja2.Environment(
    loader=jinja2.FileSystemLoader(str(ROOT / "overrides" / "partials" / "calc")),
    autoescape=True, trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined,
)
_state: dict = {"pages": {}, "wheel": None, "version": None}


def field_id(calc_id: str, field: str, row: int | str | None = None, col: str | None = None) -> str:
    """The id of a calculator's input: `calc-<calc>-<field>`, or `calc-<calc>-<field>-<row>-<col>`
    for a cell of a rows table (its error is the same id + `-err`). The form (form.html) and the
    e2e tests (tests/e2e/helpers.py) use this one; the page's runtime uses fieldId() in assets/calc/contracts.js,
    the same function in JS (tests/test_js.py checks the two agree)."""
    return f"calc-{calc_id}-{field}" if row is None else f"calc-{calc_id}-{field}-{row}-{col}"


_env.globals["field_id"] = field_id


def _pyodide_version() -> str:
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
    return lock["packages"]["node_modules/pyodide"]["version"]


def _source_hash() -> str:
    h = hashlib.sha256()
    for p in sorted((ROOT / "calc").rglob("*.py")) + sorted((ROOT / "overrides" / "assets" / "calc").rglob("*")):
        if p.is_file():
            h.update(p.relative_to(ROOT).as_posix().encode())
            h.update(p.read_bytes())
    return h.hexdigest()[:12]


def on_config(config):
    _state["version"] = _source_hash()
    _state["pyodide"] = _pyodide_version()
    _state["wheel"] = None
    return config


def on_page_markdown(markdown, page, config, files):
    found: list[str] = []

    def slot(m: re.Match) -> str:
        found.append(m.group(1))
        return "\n" + SLOT.format(n=len(found) - 1) + "\n"

    markdown = EMBED.sub(slot, markdown)
    markdown = LAW_TABLE.sub(lambda m: law_table_markdown(), markdown)
    _state["pages"][page.file.src_uri] = found
    return markdown


def render_calculator(calc_id: str, root: str, wheel_path: str, version: str) -> str:
    """The calculator's HTML: form from its declaration, result computed by calc at build time."""
    desc = api.describe(calc_id)
    example = api.example_inputs(calc_id)
    out = api.run(calc_id, example)
    if not out["ok"]:
        raise RuntimeError(f"worked example of {calc_id} does not compute: {out['errors']}")
    return _env.get_template("form.html").render(
        calc=desc, example=example, example_json=json.dumps(example, ensure_ascii=False),
        result_html=out["html"], root=root, wheel=wheel_path, version=version,
    )


def on_page_content(html, page, config, files):
    ids = _state["pages"].get(page.file.src_uri) or []
    if not ids:
        return html
    root = "../" * page.url.count("/")  # relative path from this page to the site root
    wheel_path = _wheel_path()

    def fill(m: re.Match) -> str:
        n = int(m.group(1))
        calc_id = ids[n]
        try:
            return render_calculator(calc_id, root, wheel_path, _state["version"])
        except KeyError:
            raise SystemExit(f"{page.file.src_uri}: unknown calculator [[calc {calc_id}]]") from None

    html = SLOT_RE.sub(fill, html)
    # Loaded here for in-place page swaps (the site's instant navigation re-creates scripts in the
    # content); on a full page load the copy in <head> (on_post_page) has already started it.
    html += (f'\n<script type="module" src="{_runtime_src(root)}"></script>\n'
             f'<noscript><p class="calc-noscript">計算機を使うには JavaScript を有効にしてください。'
             f'例の計算結果は上に表示されています。</p></noscript>\n')
    return html


def on_post_page(output, page, config):
    """Calculator pages start the engine from <head>: the module is tiny, and Pyodide begins to
    download and boot while the rest of the page is still parsing (same URL as the script in the
    content, so the module runs once)."""
    if not _state["pages"].get(page.file.src_uri):
        return output
    root = "../" * page.url.count("/")
    # assets/calc/early.js, inline: when this browser keeps a snapshot of this engine, the worker
    # starts while the page is still parsing (its parameters on the tag: one text, one CSP hash;
    # data-calcs: this page's calculators, imported before a snapshot is made, see worker.js)
    calcs = " ".join(dict.fromkeys(_state["pages"][page.file.src_uri]))
    early = (f'<script data-worker="{root}assets/calc/worker.js?v={_state["version"]}" '
             f'data-index="{root}assets/pyodide/{_state["pyodide"]}/" data-wheel="{root}{_wheel_path()}" '
             f'data-calcs="{calcs}">'
             f'{_early_js()}</script>\n')
    tag = (early + f'<script type="module" async src="{_runtime_src(root)}" '
           f'data-calc-wheel="{_wheel_path()}"></script>\n'
           f'<link rel="modulepreload" href="{root}assets/calc/contracts.js?v={_state["version"]}">\n')
    return output.replace("</head>", tag + "</head>", 1)


@functools.cache
def _early_js() -> str:
    return EARLY_JS.read_text(encoding="utf-8")


def _runtime_src(root: str) -> str:
    """runtime.js with the build's version (cache key of every calc asset) and the Pyodide pin
    (package-lock.json), which names the directory the engine loads Pyodide from. One string for
    both script tags, so the module runs once."""
    return f'{root}assets/calc/runtime.js?v={_state["version"]}&amp;pyodide={_state["pyodide"]}'


def _wheel_path() -> str:
    """The compiled calc wheel; the bytecode standard library sits beside it (worker.js)."""
    return f"assets/calc/wheels/{_state['version']}/{bytecode.compiled_wheel_name()}"


def on_post_build(config):
    site = Path(config.site_dir)
    (site / ".nojekyll").write_text("")  # GitHub Pages: serve files as built
    if not any(_state["pages"].values()):
        return
    # 1. calc and the standard library it needs, as bytecode for the pinned Pyodide (cached; see
    #    bytecode.py), side by side in the versioned directory the pages point to
    built = bytecode.compiled()
    out_dir = site / "assets" / "calc" / "wheels" / _state["version"]
    out_dir.mkdir(parents=True, exist_ok=True)
    for path in (built["wheel"], built["stdlib"]):
        shutil.copy2(path, out_dir / path.name)
    # 2. Pyodide core files, self-hosted from the npm package (its .py standard library is replaced
    #    by the bytecode one above, passed to loadPyodide as stdLibURL)
    src = bytecode.pyodide_dir()
    dest = site / "assets" / "pyodide" / _state["pyodide"]
    dest.mkdir(parents=True, exist_ok=True)
    for name in PYODIDE_FILES:
        shutil.copy2(src / name, dest / name)
    # Its lock file indexes the packages Pyodide could load (119 KB, fetched and parsed at every
    # boot); calc loads none (its wheel is imported as a zip), so only the header Pyodide checks
    # (abi_version) is written, with an empty index.
    info = json.loads((src / "pyodide-lock.json").read_text(encoding="utf-8"))["info"]
    (dest / "pyodide-lock.json").write_text(json.dumps({"info": info, "packages": {}}), encoding="utf-8")
    # 3. contracts.js under the build's cache key too, like every other calc asset: served with
    #    max-age (GitHub Pages: 10 min), an unversioned copy could outlive a deploy and hand a new
    #    runtime.js or worker.js the old message names. early.js is inlined in <head>, not fetched.
    calc_dir = site / "assets" / "calc"
    plain, keyed = 'from "./contracts.js";', f'from "./contracts.js?v={_state["version"]}";'
    for name in ("runtime.js", "worker.js"):
        path = calc_dir / name
        text = path.read_text(encoding="utf-8")
        versioned = text.replace(plain, keyed)
        if versioned == text:
            raise SystemExit(f"assets/calc/{name}: no {plain} to version")
        path.write_text(versioned, encoding="utf-8")
    (calc_dir / "early.js").unlink(missing_ok=True)
    log.info("calculators: %s + %s (bytecode for Python %s, key %s), Pyodide %s copied",
             built["wheel"].name, built["stdlib"].name, built["report"]["python"], built["report"]["key"],
             _state["pyodide"])
