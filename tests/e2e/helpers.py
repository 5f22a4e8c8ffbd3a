"""Helpers for driving calculators in the browser and comparing with calc natively."""
from __future__ import annotations

import importlib.util
import re
from html.parser import HTMLParser
from pathlib import Path

from calc import api

_spec = importlib.util.spec_from_file_location(
    "calculators_hook", Path(__file__).resolve().parents[2] / "overrides" / "hooks" / "calculators.py")
_hook = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_hook)
field_id = _hook.field_id   # an input's id, as the form renders it (and runtime.js's fieldId)


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data):
        self.parts.append(data)


def text_of(html: str) -> str:
    """textContent of an HTML fragment with all whitespace removed (layout-independent)."""
    p = _Text()
    p.feed(html)
    return re.sub(r"\s+", "", "".join(p.parts))


def calculator_pages(site_dir: Path) -> dict[str, str]:
    """calc id → URL path of the first built page that embeds it."""
    found: dict[str, str] = {}
    for html in sorted(site_dir.rglob("*.html")):
        for calc_id in re.findall(r'<section class="calc" id="calc-[^"]+" data-calc="([^"]+)"', html.read_text("utf-8")):
            rel = html.relative_to(site_dir).as_posix()
            found.setdefault(calc_id, rel[: -len("index.html")] if rel.endswith("index.html") else rel)
    return found


def wait_engine(page):
    page.wait_for_function("() => window.__calcEngine !== undefined || "
                           "[...document.querySelectorAll('.calc-status')].some(s => s.dataset.state === 'error')")
    assert page.evaluate("window.__calcEngine !== undefined"), page.inner_text(".calc-status")


def result_text(page, calc_id: str) -> str:
    return page.evaluate(
        "(id) => document.querySelector(`#calc-${id} .calc-result-body`).textContent.replace(/\\s+/g, '')", calc_id)


def fill(page, calc_id: str, values: dict):
    """Type raw values into the calculator's fields like a reader would. Rows: {name: [ {col: v} ]}."""
    for name, value in values.items():
        if isinstance(value, list):
            rows_sel = f'#calc-{calc_id} .calc-rows[data-field="{name}"]'
            n = page.locator(f"{rows_sel} tbody tr").count()
            while n > len(value):
                page.locator(f"{rows_sel} tbody tr").last.locator("[data-action=remove-row]").click()
                n -= 1
            while n < len(value):
                page.locator(f"{rows_sel} [data-action=add-row]").click()
                n += 1
            for i, row in enumerate(value):
                for col, v in row.items():
                    _set(page, "#" + field_id(calc_id, name, i, col), v)
        else:
            _set(page, "#" + field_id(calc_id, name), value)


def _set(page, selector: str, value: str):
    el = page.locator(selector)
    tag = el.evaluate("e => e.tagName + ':' + (e.type || '')")
    if tag.startswith("SELECT"):
        el.select_option(value)
    elif tag.endswith("checkbox"):
        el.set_checked(value in ("1", True))
    else:
        el.fill(value)


def expect_native(page, calc_id: str, raw: dict, timeout: int = 30_000):
    """Wait until the page shows exactly what calc computes natively for `raw`; return that output."""
    out = api.run(calc_id, raw)
    assert out["ok"], out["errors"]
    want = text_of(out["html"])
    page.wait_for_function(
        "([id, want]) => document.querySelector(`#calc-${id} .calc-result-body`).textContent.replace(/\\s+/g, '') === want"
        " && document.querySelector(`#calc-${id} .calc-result`).dataset.state === 'live'",
        arg=[calc_id, want], timeout=timeout)
    return out


def merged(calc_id: str, changes: dict) -> dict:
    raw = api.example_inputs(calc_id)
    raw.update(changes)
    return raw


def site_pages(site_dir: Path) -> list[str]:
    """URL path of every built HTML page (guides, calculators, the 404 page), relative to the root."""
    out = []
    for html in sorted(site_dir.rglob("*.html")):
        rel = html.relative_to(site_dir).as_posix()
        if rel.startswith("assets/"):
            continue
        out.append(rel[: -len("index.html")] if rel.endswith("index.html") else rel)
    return out


def hold_engine(context_or_page):
    """Serve an empty calculator worker: pages show their build-time example and never start Pyodide.
    For tests of layout, accessibility and print, which read the page as it first appears."""
    context_or_page.route("**/assets/calc/worker.js*",
                          lambda r: r.fulfill(body="", content_type="text/javascript"))


AXE_JS = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


def run_axe(page) -> list[dict]:
    """axe-core's violations on the current page (axe injected from node_modules; the page's context
    must be created with bypass_csp=True, since the site's CSP allows no inline script)."""
    if not page.evaluate("typeof window.axe === 'object'"):
        page.add_script_tag(path=str(AXE_JS))
    return page.evaluate("""async () => (await axe.run(document, {resultTypes: ['violations']})).violations
        .map(v => ({id: v.id, impact: v.impact, help: v.help,
                    nodes: v.nodes.map(n => ({target: n.target.map(String), html: n.html.slice(0, 160),
                                              summary: (n.failureSummary || '').slice(0, 300)}))}))""")


def retype_example(page, calc_id: str):
    """Clear and re-type the worked example's first typed value (a table cell when only rows carry
    it), then wait until the page shows exactly what calc computes natively for the example."""
    fields = api.describe(calc_id)["fields"]
    plain = [f for f in fields if f["kind"] not in ("rows", "choice", "flag") and f["example"] and not f["show_if"]]
    if plain:
        selector, value = "#" + field_id(calc_id, plain[0]["name"]), plain[0]["example"]
    else:  # only a table of rows carries the example: re-type its first filled cell
        rows = next(f for f in fields if f["kind"] == "rows")
        col, value = next((c, v) for c, v in rows["example"][0].items() if v)
        selector = "#" + field_id(calc_id, rows["name"], 0, col)
    page.fill(selector, "")
    page.wait_for_function("(id) => document.querySelector(`#calc-${id} .calc-status`).dataset.state !== 'ready'",
                           arg=calc_id)
    page.fill(selector, value)
    return expect_native(page, calc_id, api.example_inputs(calc_id))
