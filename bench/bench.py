"""Benchmark: page weight and calculator latency in headless Chromium (not a test; prints figures).

Builds the site (or uses $SITE_DIR), serves it on 127.0.0.1 like GitHub Pages (max-age=600), and
opens pages in Debian's Chromium through Playwright:

  1. bytes for a guide-only page and for a calculator page (raw, and gzip -6 of the same bodies,
     which approximates what GitHub Pages transfers);
  2. first contentful paint, and whether the pre-rendered worked-example result is in the first HTML;
  3. time from navigation until an input change shows a recomputed result — cold (new browser
     context, empty cache) and warm (reload in the same context);
  4. recompute latency after the engine is ready: p50/p95 of input→result on the page, excluding the
     250 ms input debounce, and the Python compute time inside the worker.

Usage:  .venv/bin/python bench/bench.py [--runs 5] [--recomputes 40]
"""
from __future__ import annotations

import argparse
import gzip
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from tests.e2e.server import CHROMIUM, CHROMIUM_ARGS as ARGS, serve  # noqa: E402

GUIDE = "about/"
CALC_PAGE = "nini-baikyaku/haibunhyo/"
CALC_ID = "haibun"
FIELD = "price"
DEBOUNCE_MS = 250


def weigh(page, url: str, wait_engine: bool):
    bodies: list[tuple[str, bytes]] = []

    def on_response(resp):
        try:
            bodies.append((resp.url, resp.body()))
        except Exception:
            pass

    page.on("response", on_response)
    page.goto(url, wait_until="load")
    if wait_engine:
        page.wait_for_function("() => window.__calcEngine !== undefined", timeout=120_000)
    page.wait_for_load_state("networkidle")
    page.remove_listener("response", on_response)
    raw = sum(len(b) for _, b in bodies)
    gz = sum(len(gzip.compress(b, 6)) for _, b in bodies)
    pyodide = sum(len(b) for u, b in bodies if "/pyodide/" in u or "/wheels/" in u)
    return {"requests": len(bodies), "raw": raw, "gzip": gz, "pyodide_raw": pyodide}


CHANGE_AND_WAIT = """async ([id, field, value]) => {
  const root = document.querySelector(`#calc-${id}`);
  const input = root.querySelector(`#calc-${id}-${field}`);
  const done = new Promise((resolve) => root.addEventListener('calc:result', () => resolve(performance.now()), {once: true}));
  const t0 = performance.now();
  input.value = value;
  input.dispatchEvent(new Event('input', {bubbles: true}));
  const t1 = await done;
  return {total: t1 - t0, compute: window.__calcLast.ms, roundTrip: window.__calcLast.roundTripMs};
}"""

COLD_CHANGE = """async ([id, field, value]) => {
  const root = document.querySelector(`#calc-${id}`);
  const input = root.querySelector(`#calc-${id}-${field}`);
  const done = new Promise((resolve) => root.addEventListener('calc:result', () => resolve(performance.now()), {once: true}));
  input.value = value;
  input.dispatchEvent(new Event('input', {bubbles: true}));
  return await done;   // ms since navigation start
}"""


def ms(x: float) -> str:
    return f"{x:,.0f} ms"


def pct(values, p):
    s = sorted(values)
    k = max(0, min(len(s) - 1, round(p / 100 * (len(s) - 1))))
    return s[k]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--recomputes", type=int, default=40)
    a = ap.parse_args()

    site = os.environ.get("SITE_DIR")
    if not site:
        site = tempfile.mkdtemp(prefix="bench-site-")
        t = time.perf_counter()
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", site], cwd=ROOT, check=True,
                       env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
        print(f"build: {time.perf_counter() - t:.1f} s")
    srv, base = serve(Path(site))
    print(f"machine: {os.cpu_count()} cores; Chromium: {CHROMIUM}")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)

        # 1. bytes
        for label, path, eng in (("guide-only page", GUIDE, False), ("calculator page", CALC_PAGE, True)):
            ctx = browser.new_context()
            w = weigh(ctx.new_page(), base + path, eng)
            ctx.close()
            print(f"{label} ({path}): {w['requests']} requests, {w['raw'] / 1024:,.0f} KiB raw, "
                  f"{w['gzip'] / 1024:,.0f} KiB gzip; Pyodide+wheel {w['pyodide_raw'] / 1024:,.0f} KiB raw")

        # 2.+3. first paint, pre-rendered result, cold/warm time to a recomputed result
        cold, warm, fcp, prerendered = [], [], [], []
        for i in range(a.runs):
            ctx = browser.new_context()
            page = ctx.new_page()
            for phase, bucket in (("cold", cold), ("warm", warm)):
                if phase == "cold":
                    page.goto(base + CALC_PAGE, wait_until="domcontentloaded")
                else:
                    page.reload(wait_until="domcontentloaded")
                prerendered.append(page.evaluate(
                    f"() => !!document.querySelector('#calc-{CALC_ID} .calc-result-body table')"))
                t = page.evaluate(COLD_CHANGE, [CALC_ID, FIELD, f"{1800 + i}万円"])
                bucket.append(t)
                if phase == "cold":
                    fcp.append(page.evaluate(
                        "() => (performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime || 0"))
            ctx.close()
        print(f"first contentful paint: median {ms(statistics.median(fcp))}; worked-example result in the "
              f"first HTML: {all(prerendered)}")
        print(f"navigation → recomputed result, cold: median {ms(statistics.median(cold))} "
              f"(max {ms(max(cold))}); warm: median {ms(statistics.median(warm))} (max {ms(max(warm))})")

        # 4. recompute latency with the engine ready
        ctx = browser.new_context()
        page = ctx.new_page()
        page.goto(base + CALC_PAGE)
        page.wait_for_function("() => window.__calcEngine !== undefined", timeout=120_000)
        totals, computes, trips = [], [], []
        for i in range(a.recomputes):
            r = page.evaluate(CHANGE_AND_WAIT, [CALC_ID, FIELD, f"{1500 + i * 7}万円"])
            totals.append(r["total"] - DEBOUNCE_MS)
            computes.append(r["compute"])
            trips.append(r["roundTrip"])
        ctx.close()
        print(f"recompute (input → result on page, excl. {DEBOUNCE_MS} ms debounce): "
              f"p50 {ms(statistics.median(totals))}, p95 {ms(pct(totals, 95))}; "
              f"worker round trip p95 {ms(pct(trips, 95))}; Python compute p95 {pct(computes, 95):.1f} ms")
        browser.close()
    srv.shutdown()


if __name__ == "__main__":
    main()
