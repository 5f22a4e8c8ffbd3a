"""Benchmark: site search engines on this site in headless Chromium (not a test; prints figures).

Compares, on the query list of tests/e2e/test_search.py (query → page a reader means):

  material   Material's own search (lunr + TinySegmenter, `lang: ja`), i.e. mkdocs.yml without
             overrides/hooks/search.py — the index is fetched and built at page load;
  site       what ships: Material's UI with overrides/assets/search/worker.js (MiniSearch +
             Intl.Segmenter), loaded on the first query;
  pagefind   Pagefind (`pagefind_extended --force-language ja`, article only) through its JS API,
             if a Pagefind binary is given with --pagefind (npm `pagefind` ships one).

For each: rank of the expected page (1 = top), index files raw/gzip, search bytes fetched before the
search box is used and after the first search, and the time from typing a first query (「任意売却」, right after
`load`, new browser context) to its results, median of --runs. Material's engine gets the hiragana
queries raw (it has no readings); a reading list would need its own code.

Usage:  .venv/bin/python bench/search_bench.py [--runs 5] [--pagefind node_modules/.bin/pagefind]
"""
from __future__ import annotations

import argparse
import gzip
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from tests.e2e.server import CHROMIUM, CHROMIUM_ARGS, serve  # noqa: E402
from tests.e2e.test_search import QUERIES  # noqa: E402

RESULT = ".md-search-result__list > li.md-search-result__item > a.md-search-result__link"
WAITING = ("検索キーワードを入力してください", "検索を初期化")
PAGE = "about/"
TIMED = "任意売却"   # a query every engine answers


def build(out: Path, with_hook: bool) -> Path:
    src = (ROOT / "mkdocs.yml").read_text("utf-8")
    if not with_hook:
        src = src.replace("  - overrides/hooks/search.py\n", "")
    cfg = ROOT / f".bench-{out.name}.yml"
    cfg.write_text(src, "utf-8")
    try:
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(cfg), "-d", str(out)],
                       cwd=ROOT, check=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    finally:
        cfg.unlink()
    return out


def sizes(files: list[Path]) -> tuple[int, int]:
    return sum(f.stat().st_size for f in files), sum(len(gzip.compress(f.read_bytes(), 6)) for f in files)


def page_of(href: str, base: str) -> str:
    path = href.split("#")[0].split("?")[0]
    return (path[len(base):] if path.startswith(base) else path).lstrip("/")


def rank(pages: list[str], expected: list[str]) -> int | None:
    seen = list(dict.fromkeys(pages))[:10]
    return next((i + 1 for i, p in enumerate(seen) if p in expected), None)


def ui_ranks(browser, base: str) -> dict[str, int | None]:
    page = browser.new_page()
    out = {}
    for q, expected in QUERIES.items():
        page.goto(base + PAGE + "?q=" + quote(q), wait_until="load")   # Material's deep link
        page.wait_for_function("(w) => !w.includes(document.querySelector('.md-search-result__meta')"
                               ".textContent.trim())", arg=list(WAITING), timeout=120_000)
        out[q] = rank([page_of(h, base) for h in page.eval_on_selector_all(RESULT, "e => e.map(a => a.href)")],
                      expected)
    page.close()
    return out


def _collect(page, search_re: re.Pattern, got: list[int]):
    def on_response(r):
        if search_re.search(r.url):
            try:
                got.append(len(r.body()))
            except Exception:
                pass
    page.on("response", on_response)


def _type_and_wait(page) -> float:
    box = page.locator("input[data-md-component=search-query]")
    t0 = time.perf_counter()
    box.click()
    box.fill(TIMED)
    box.dispatch_event("keyup")
    page.wait_for_function("(w) => !w.includes(document.querySelector('.md-search-result__meta')"
                           ".textContent.trim())", arg=list(WAITING), timeout=120_000)
    return (time.perf_counter() - t0) * 1000


def ui_first_search(browser, base: str, search_re: re.Pattern) -> dict:
    """New context each: (a) type a first query at `load`: time to its results; (b) let the page go
    idle: search bytes fetched before the box is used, then time to results and bytes after."""
    ctx = browser.new_context()
    page = ctx.new_page()
    page.goto(base + PAGE, wait_until="load")
    at_load = _type_and_wait(page)
    ctx.close()
    ctx = browser.new_context()
    page = ctx.new_page()
    got: list[int] = []
    _collect(page, search_re, got)
    page.goto(base + PAGE, wait_until="networkidle")
    page.wait_for_timeout(500)
    before = sum(got)
    idle = _type_and_wait(page)
    page.wait_for_load_state("networkidle")
    total = sum(got)
    ctx.close()
    return {"ms": at_load, "ms_idle": idle, "bytes_load": before, "bytes_total": total}


PAGEFIND_JS = """async (q) => {
  if (!window.__pf) { window.__pf = await import('/pagefind/pagefind.js'); await window.__pf.init(); }
  const s = await window.__pf.search(q);
  return (await Promise.all(s.results.slice(0, 10).map(r => r.data()))).map(d => d.url);
}"""


def pagefind_run(browser, base: str, runs: int):
    ctx = browser.new_context(bypass_csp=True)   # its wasm needs 'wasm-unsafe-eval' in the page CSP
    page = ctx.new_page()
    page.goto(base + PAGE, wait_until="load")
    ranks = {q: rank([page_of(u, base) for u in page.evaluate(PAGEFIND_JS, q)], exp) for q, exp in QUERIES.items()}
    ctx.close()
    firsts = []
    for _ in range(runs):
        ctx = browser.new_context(bypass_csp=True)
        page = ctx.new_page()
        got: list[int] = []
        _collect(page, re.compile("/pagefind/"), got)
        page.goto(base + PAGE, wait_until="load")
        t0 = time.perf_counter()
        page.evaluate(PAGEFIND_JS, TIMED)
        ms = (time.perf_counter() - t0) * 1000
        page.wait_for_load_state("networkidle")
        firsts.append({"ms": ms, "ms_idle": ms, "bytes_load": 0, "bytes_total": sum(got)})
        ctx.close()
    return ranks, firsts


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--pagefind", help="path to a pagefind(_extended) binary")
    args = ap.parse_args()
    rows = {}
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        engines = [("material", False), ("site", True)] + ([("pagefind", False)] if args.pagefind else [])
        for name, hook in engines:
            site = build(Path(tmp) / name, hook)
            if name == "pagefind":
                shutil.rmtree(site / "search", ignore_errors=True)
                subprocess.run([args.pagefind, "--site", str(site), "--root-selector", "article.md-content__inner",
                                "--force-language", "ja", "--silent"], check=True)
                files = [f for f in (site / "pagefind").rglob("*") if f.is_file() and "-ui" not in f.name
                         and "highlight" not in f.name and "playground" not in f.parts]
            elif name == "site":
                files = [site / "search/search_index.json", *(site / "assets/search").glob("*.js"),
                         site / "assets/search/corpus.json"]
            else:
                files = [site / "search/search_index.json", *(site / "assets/javascripts/workers").glob("*.js"),
                         *(site / "assets/javascripts/lunr").glob("tinyseg.js"),
                         *(site / "assets/javascripts/lunr/min").glob("lunr.[js]*.min.js")]
            raw, gz = sizes(files)
            server, base = serve(site)
            try:
                if name == "pagefind":
                    ranks, firsts = pagefind_run(browser, base, args.runs)
                else:
                    ranks = ui_ranks(browser, base)
                    pattern = re.compile(r"/search/search_index\.json|/assets/search/|/assets/javascripts/(workers|lunr)/")
                    firsts = [ui_first_search(browser, base, pattern) for _ in range(args.runs)]
            finally:
                server.shutdown()
            rows[name] = {"ranks": ranks, "raw": raw, "gz": gz,
                          "ms": statistics.median(f["ms"] for f in firsts),
                          "ms_idle": statistics.median(f["ms_idle"] for f in firsts),
                          "bytes_load": statistics.median(f["bytes_load"] for f in firsts),
                          "bytes_total": statistics.median(f["bytes_total"] for f in firsts)}
        browser.close()
    names = list(rows)
    print("| query | " + " | ".join(names) + " |")
    print("|---|" + "---|" * len(names))
    for q in QUERIES:
        print(f"| {q} | " + " | ".join(str(rows[n]["ranks"][q] or "–") for n in names) + " |")
    print("| **top-1** | " + " | ".join(f"{sum(r == 1 for r in rows[n]['ranks'].values())}/{len(QUERIES)}" for n in names) + " |")
    print("| index files raw / gzip (KB) | " + " | ".join(f"{rows[n]['raw'] / 1024:.0f} / {rows[n]['gz'] / 1024:.0f}" for n in names) + " |")
    print("| search bytes before the box is used (KB) | " + " | ".join(f"{rows[n]['bytes_load'] / 1024:.1f}" for n in names) + " |")
    print("| search bytes after first search (KB) | " + " | ".join(f"{rows[n]['bytes_total'] / 1024:.0f}" for n in names) + " |")
    print(f"| first query typed at `load` → results (ms, median of {args.runs}) | "
          + " | ".join(f"{rows[n]['ms']:.0f}" for n in names) + " |")
    print(f"| first query typed on an idle page → results (ms, median of {args.runs}) | "
          + " | ".join(f"{rows[n]['ms_idle']:.0f}" for n in names) + " |")


if __name__ == "__main__":
    main()
