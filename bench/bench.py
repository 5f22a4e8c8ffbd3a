"""Benchmark: the calculator site against a bare Pyodide page, in headless Chromium (not a test).

Builds the site (or copies $SITE_DIR) into a temporary directory, adds a BARE page to that copy
only (never shipped), serves it on 127.0.0.1 like GitHub Pages (max-age=600) and measures:

  BARE     bench-bare/?calc=haibun — on the main thread, stock `loadPyodide()` from the npm
           package as published (its python_stdlib.zip of .py sources), the calc wheel of .py
           sources fetched while Pyodide boots and unpacked into site-packages, `import calc.api`,
           one `run_json` of the worked example; time from navigation start to that result.
  PROJECT  the real calculator page (nini-baikyaku/haibunhyo/): time from navigation start until
           an input changed at DOMContentLoaded shows a recomputed result (`calc:result`).

Both are run interleaved, N times each, every run in a fresh on-disk Chromium profile
(launch_persistent_context; incognito contexts never read Chromium's wasm code cache back):
  cold    first visit, empty profile;
  warm    reload in the same tab (after --settle seconds, so caches can be written);
  next    the next calculator page in the same tab: a click on the nav link to
          jutaku-loan/keibai/ (BARE: a link to bench-bare/?calc=keibai), then, once that page's
          engine is ready, an input change; reports click → result and input → result, both
          without the 250 ms input debounce (works with full page loads and instant navigation);
  repeat  the browser closed and started again on the same profile, then the page opened.

Also: bytes of a guide-only and a calculator page (raw, gzip), first contentful paint, and
recompute p50/p95 with the engine ready. Prints a markdown table; ratios are PROJECT/BARE of the
medians. On a shared machine absolute times are noisy; the interleaved ratios are what to compare.

--engine webkit|firefox: the same PROJECT/BARE pair, cold and repeat, in that engine (run_other);
the worker's boot stages (wasm fetch+compile, interpreter start or snapshot restore, imports) are
printed per engine as medians.

Usage:  .venv/bin/python bench/bench.py [--engine chromium|webkit|firefox] [--runs 6] [--recomputes 40] [--settle 3]
        SITE_DIR=/path/to/built/site .venv/bin/python bench/bench.py   (e.g. another commit's build)
"""
from __future__ import annotations

import argparse
import gzip
import importlib.util
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from tests.e2e.server import CHROMIUM, CHROMIUM_ARGS as ARGS, build, reserve, start  # noqa: E402

GUIDE = "about/"
CALC_PAGE, CALC_ID, FIELD = "nini-baikyaku/haibunhyo/", "haibun", "price"
NEXT_PAGE, NEXT_ID, NEXT_FIELD = "jutaku-loan/keibai/", "keibai", "market"
BARE = "bench-bare/"
# the runtime's typing debounce, read from the runtime itself so the figures below stay honest
DEBOUNCE_MS = int(re.search(r"const DEBOUNCE_MS = (\d+)",
                            (ROOT / "overrides" / "assets" / "calc" / "runtime.js").read_text("utf-8")).group(1))
PYODIDE_CORE = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json")

BARE_HTML = """<!doctype html>
<html lang="ja"><head><meta charset="utf-8"><title>BARE Pyodide baseline</title></head>
<body><p id="out">…</p><p><a id="next" href="./?calc=keibai">next</a></p>
<script>
// Stock Pyodide on the main thread: loadPyodide() + the calc wheel (.py) + import calc.api + one run_json.
window.__bareDone = (async () => {
  const calcId = new URLSearchParams(location.search).get("calc") || "haibun";
  const indexURL = new URL("./pyodide/", location.href).href;
  const wheel = fetch(new URL("./WHEEL", location.href)).then((r) => r.arrayBuffer());
  const { loadPyodide } = await import(indexURL + "pyodide.mjs");
  const pyodide = await loadPyodide({ indexURL });
  const sitePackages = pyodide.runPython("import sysconfig; sysconfig.get_paths()['purelib']");
  pyodide.unpackArchive(await wheel, "wheel", { extractDir: sitePackages });
  pyodide.runPython("import importlib; importlib.invalidate_caches()");
  const api = pyodide.pyimport("calc.api");
  const example = pyodide.runPython(`import json, calc.api; json.dumps(calc.api.example_inputs(${JSON.stringify(calcId)}))`);
  const out = JSON.parse(api.run_json(calcId, example));
  const t = performance.now();
  document.getElementById("out").textContent = out.ok ? "ok" : JSON.stringify(out.errors);
  if (!out.ok) throw new Error(JSON.stringify(out.errors));
  return { t, abs: performance.timeOrigin + t };
})();
</script></body></html>
"""

# PROJECT, cold/warm/repeat: change an input as soon as the page is parsed; ms since navigation start.
COLD_CHANGE = """async ([id, field, value]) => {
  const root = document.querySelector(`#calc-${id}`);
  const input = root.querySelector(`#calc-${id}-${field}`);
  const done = new Promise((resolve) => root.addEventListener('calc:result', () => resolve(performance.now()), {once: true}));
  input.value = value;
  input.dispatchEvent(new Event('input', {bubbles: true}));
  return await done;
}"""

# PROJECT, next page: wait until this calculator's engine is ready, then change an input.
# Absolute times (timeOrigin + now) so a click in the previous document can be compared.
NEXT_CHANGE = """async ([id, field, value]) => {
  const abs = () => performance.timeOrigin + performance.now();
  const root = document.querySelector(`#calc-${id}`);
  const status = root.querySelector('.calc-status');
  const t0 = performance.now();
  while (!['ready', 'live'].includes(status.dataset.state)) {
    if (status.dataset.state === 'error') throw new Error(status.textContent);
    if (performance.now() - t0 > 120000) throw new Error('engine not ready: ' + status.dataset.state);
    await new Promise((r) => setTimeout(r, 5));
  }
  const tReady = abs();
  const input = root.querySelector(`#calc-${id}-${field}`);
  const done = new Promise((resolve) => root.addEventListener('calc:result', () => resolve(abs()), {once: true}));
  const tInput = abs();
  input.value = value;
  input.dispatchEvent(new Event('input', {bubbles: true}));
  const tResult = await done;
  return {tReady, tInput, tResult};
}"""

CLICK = """(sel) => {
  const a = document.querySelector(sel);
  if (!a) throw new Error('no link ' + sel);
  const t = performance.timeOrigin + performance.now();
  a.click();
  return t;
}"""

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

WAIT_ENGINE = """async () => {
  while (window.__calcEngine === undefined) await new Promise((r) => setTimeout(r, 20));
}"""

FCP = "() => (performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime || 0"


def _bytecode():
    spec = importlib.util.spec_from_file_location("_bench_bytecode", ROOT / "overrides" / "hooks" / "bytecode.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def prepare(served: Path) -> None:
    """Add the BARE page, stock Pyodide and the .py calc wheel to the bench's copy of the site."""
    bare = served / BARE
    (bare / "pyodide").mkdir(parents=True)
    src = ROOT / "node_modules" / "pyodide"
    for name in PYODIDE_CORE:
        shutil.copy2(src / name, bare / "pyodide" / name)
    wheel = _bytecode().build_source_wheel(bare)
    (bare / "index.html").write_text(BARE_HTML.replace("./WHEEL", f"./{wheel.name}"), encoding="utf-8")


def weigh(page, base: str, served: Path, path: str, ready: str | None):
    """Bytes a first visit fetches: every finished request (the worker's too), sized from the
    served file, and gzip -6 of it (about what GitHub Pages sends)."""
    urls: list[str] = []
    page.on("requestfinished", lambda r: urls.append(r.url))
    page.goto(base + path, wait_until="load")
    if ready:
        page.evaluate(ready)
    page.wait_for_load_state("networkidle")
    out = {"requests": len(urls), "raw": 0, "gzip": 0, "engine_raw": 0, "engine_gzip": 0}
    for u in urls:
        rel = u[len(base):].split("#")[0].split("?")[0] if u.startswith(base) else None
        f = served / rel if rel is not None else None
        if f is not None and (f.is_dir() or rel == ""):
            f = f / "index.html"
        if f is None or not f.is_file():
            continue
        body = f.read_bytes()
        raw, gz = len(body), len(gzip.compress(body, 6))
        out["raw"] += raw
        out["gzip"] += gz
        if "/pyodide/" in u or "/wheels/" in u:
            out["engine_raw"] += raw
            out["engine_gzip"] += gz
    return out


def launch(p, profile: Path):
    ctx = p.chromium.launch_persistent_context(str(profile), executable_path=CHROMIUM, args=ARGS, headless=True)
    page = ctx.pages[0] if ctx.pages else ctx.new_page()
    page.set_default_timeout(120_000)
    return ctx, page


def run_bare(p, base: str, settle: float) -> dict:
    out = {}
    with tempfile.TemporaryDirectory(prefix="bench-profile-") as prof:
        ctx, page = launch(p, Path(prof))
        page.goto(base + BARE + "?calc=haibun", wait_until="domcontentloaded")
        out["cold"] = page.evaluate("() => window.__bareDone")["t"]
        time.sleep(settle)
        page.reload(wait_until="domcontentloaded")
        out["warm"] = page.evaluate("() => window.__bareDone")["t"]
        time.sleep(settle)
        with page.expect_navigation(wait_until="domcontentloaded"):
            t_click = page.evaluate(CLICK, "#next")
        out["next"] = page.evaluate("() => window.__bareDone")["abs"] - t_click
        time.sleep(settle)
        ctx.close()
        ctx, page = launch(p, Path(prof))
        page.goto(base + BARE + "?calc=haibun", wait_until="domcontentloaded")
        out["repeat"] = page.evaluate("() => window.__bareDone")["t"]
        ctx.close()
    return out


def run_project(p, base: str, settle: float, i: int) -> dict:
    out = {}
    with tempfile.TemporaryDirectory(prefix="bench-profile-") as prof:
        ctx, page = launch(p, Path(prof))
        page.goto(base + CALC_PAGE, wait_until="domcontentloaded")
        out["prerendered"] = page.evaluate(f"() => !!document.querySelector('#calc-{CALC_ID} .calc-result-body table')")
        out["cold"] = page.evaluate(COLD_CHANGE, [CALC_ID, FIELD, f"{1800 + i}万円"])
        out["cold_stages"] = page.evaluate(STAGES)
        out["fcp"] = page.evaluate(FCP)
        time.sleep(settle)
        page.reload(wait_until="domcontentloaded")
        out["warm"] = page.evaluate(COLD_CHANGE, [CALC_ID, FIELD, f"{1900 + i}万円"])
        time.sleep(settle)
        page.wait_for_function("() => window.__calcEngine !== undefined")
        t_click = page.evaluate(CLICK, f'a[href$="{NEXT_PAGE}"]')
        page.wait_for_selector(f"#calc-{NEXT_ID}", state="attached")
        r = page.evaluate(NEXT_CHANGE, [NEXT_ID, NEXT_FIELD, f"{2800 + i}万円"])
        out["next_input_all"] = r["tResult"] - r["tInput"]
        out["next_input"] = out["next_input_all"] - DEBOUNCE_MS
        out["next"] = (r["tReady"] - t_click) + out["next_input"]
        out["next_full_load"] = page.evaluate("() => performance.getEntriesByType('navigation')[0].name") \
            .split("#")[0].endswith(NEXT_PAGE)
        time.sleep(settle)
        ctx.close()
        ctx, page = launch(p, Path(prof))
        page.goto(base + CALC_PAGE, wait_until="domcontentloaded")
        out["repeat"] = page.evaluate(COLD_CHANGE, [CALC_ID, FIELD, f"{2000 + i}万円"])
        out["repeat_stages"] = page.evaluate(STAGES)
        ctx.close()
    return out


# ---- WebKit and Firefox: the cross-engine adapter of tests/e2e/engines.py ------------------------
# Each run is a new browser session (WebKitWebDriver + MiniBrowser under Xvfb; Firefox ESR through
# puppeteer-core), i.e. a fresh profile. "repeat" there is the same page opened again in the same
# session after --settle s (HTTP cache, IndexedDB kept; these drivers cannot restart a browser on
# the same profile). Times are the page's own performance.now() since navigation start.
STAGES = "() => window.__calcEngine && window.__calcEngine.stages"


def run_other(engine: str, display, base: str, kind: str, settle: float, i: int) -> dict:
    from tests.e2e.engines import FirefoxTab, WebKitTab
    tab = WebKitTab(display) if engine == "webkit" else FirefoxTab()
    out = {}
    try:
        for visit, value in (("cold", 1800 + i), ("repeat", 2000 + i)):
            if kind == "bare":
                tab.goto(base + BARE + "?calc=haibun")
                out[visit] = tab.evaluate("() => window.__bareDone")["t"]
            else:
                tab.goto(base + CALC_PAGE)
                out[visit] = tab.evaluate(COLD_CHANGE, [CALC_ID, FIELD, f"{value}万円"])
                out[visit + "_stages"] = tab.evaluate(STAGES)
            time.sleep(settle)
    finally:
        tab.close()
    return out


def main_other(a, base: str):
    from tests.e2e.engines import Xvfb
    x = Xvfb() if a.engine == "webkit" else None
    bare, proj = [], []
    try:
        for i in range(a.runs):
            order = (("bare", bare), ("proj", proj)) if i % 2 == 0 else (("proj", proj), ("bare", bare))
            for kind, bucket in order:
                bucket.append(run_other(a.engine, x and x.display, base, kind, a.settle, i))
            print(f"  run {i + 1}/{a.runs}: BARE cold {ms(bare[-1]['cold'])} / repeat {ms(bare[-1]['repeat'])} ms, "
                  f"PROJECT cold {ms(proj[-1]['cold'])} / repeat {ms(proj[-1]['repeat'])} ms "
                  f"({proj[-1]['repeat_stages'].get('snapshot')}), load {os.getloadavg()[0]:.1f}", flush=True)
    finally:
        if x:
            x.stop()
    print(f"\n| {a.engine}, N={a.runs}, ms, median [min–max] | PROJECT | BARE | PROJECT/BARE |")
    print("|---|---|---|---|")
    for key, label in (("cold", "cold: navigation → recomputed result (fresh profile)"),
                       ("repeat", "repeat visit (same session, page opened again)")):
        pv, bv = [r[key] for r in proj], [r[key] for r in bare]
        print(f"| {label} | {cell(pv)} | {cell(bv)} | {statistics.median(pv) / statistics.median(bv):.2f} |")
    print_stages(proj, ("cold", "repeat"))


def print_stages(proj: list[dict], visits) -> None:
    """Median of each stage the worker reports (ms, worker clock): where the time goes."""
    for visit in visits:
        runs = [r[f"{visit}_stages"] for r in proj if r.get(f"{visit}_stages")]
        if not runs:
            continue
        keys = [k for k in runs[0] if isinstance(runs[0][k], (int, float))]
        parts = [f"{k} {ms(statistics.median([r.get(k, 0) for r in runs]))}" for k in keys]
        how = sorted({str(r.get("snapshot")) for r in runs})
        print(f"stages, PROJECT {visit} (worker, medians): {', '.join(parts)}; snapshot: {how}")


def ms(x: float) -> str:
    return f"{x:,.0f}"


def pct(values, p):
    s = sorted(values)
    k = max(0, min(len(s) - 1, round(p / 100 * (len(s) - 1))))
    return s[k]


def cell(values) -> str:
    return f"{ms(statistics.median(values))} [{ms(min(values))}–{ms(max(values))}]"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=6)
    ap.add_argument("--recomputes", type=int, default=40)
    ap.add_argument("--settle", type=float, default=3.0, help="seconds before a reload/close, for caches to be written")
    ap.add_argument("--engine", choices=("chromium", "webkit", "firefox"), default="chromium")
    a = ap.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="bench-site-"))
    served = tmp / "site"
    site = os.environ.get("SITE_DIR")
    # The port is bound first and the site built for that URL: instant navigation only follows
    # links listed in sitemap.xml (site_url, port included). A copied $SITE_DIR keeps its own URL.
    srv, base = reserve(served)
    if site:
        shutil.copytree(site, served)
    else:
        t = time.perf_counter()
        build(served, base, ROOT, strict=False)
        print(f"build: {time.perf_counter() - t:.1f} s")
    prepare(served)
    start(srv)
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}; engine: {a.engine}; "
          f"site: {site or 'built from the working tree'}")
    if a.engine != "chromium":
        try:
            main_other(a, base)
        finally:
            srv.shutdown()
            shutil.rmtree(tmp, ignore_errors=True)
        return
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            weights = {}
            for label, path, ready in (
                    ("guide-only page", GUIDE, None),
                    ("calculator page", CALC_PAGE, WAIT_ENGINE),
                    ("BARE page (stock Pyodide, .py wheel)", BARE + "?calc=haibun", "() => window.__bareDone")):
                ctx = browser.new_context()
                weights[label] = (path, weigh(ctx.new_page(), base, served, path, ready))
                ctx.close()

            bare, proj = [], []
            for i in range(a.runs):  # interleaved, alternating which goes first
                order = (("bare", bare), ("proj", proj)) if i % 2 == 0 else (("proj", proj), ("bare", bare))
                for kind, bucket in order:
                    bucket.append(run_bare(p, base, a.settle) if kind == "bare" else run_project(p, base, a.settle, i))
                print(f"  run {i + 1}/{a.runs}: BARE cold {ms(bare[-1]['cold'])} ms, PROJECT cold {ms(proj[-1]['cold'])} ms",
                      flush=True)

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
            browser.close()
    finally:
        srv.shutdown()
        shutil.rmtree(tmp, ignore_errors=True)

    n = a.runs
    print()
    print(f"| N={n}, ms, median [min–max] | PROJECT | BARE | PROJECT/BARE |")
    print("|---|---|---|---|")
    for key, label in (("cold", "cold: navigation → recomputed result"),
                       ("warm", "warm (reload): navigation → recomputed result"),
                       ("repeat", "repeat visit (browser restarted, same profile)"),
                       ("next", "next calculator page, same tab: click → result (excl. debounce)")):
        pv, bv = [r[key] for r in proj], [r[key] for r in bare]
        print(f"| {label} | {cell(pv)} | {cell(bv)} | {statistics.median(pv) / statistics.median(bv):.2f} |")
    print(f"| next page: input change → result on screen (all of it, incl. the {DEBOUNCE_MS} ms debounce) | "
          f"{cell([r['next_input_all'] for r in proj])} | — | — |")
    print(f"| next page: input change → result (excl. {DEBOUNCE_MS} ms debounce) | "
          f"{cell([r['next_input'] for r in proj])} | — | — |")
    full = sum(r["next_full_load"] for r in proj)
    print(f"| next page loaded as | {'a full page load' if full == n else 'instant navigation' if full == 0 else f'{full}/{n} full loads'} | full page load | |")
    print(f"| first contentful paint (PROJECT cold) | {cell([r['fcp'] for r in proj])} | | |")
    print(f"| recompute, engine ready: input → result excl. debounce, p50 / p95 (n={a.recomputes}) | "
          f"{ms(statistics.median(totals))} / {ms(pct(totals, 95))} | | |")
    print(f"| worker round trip p95 / Python compute p95 | {ms(pct(trips, 95))} / {pct(computes, 95):.1f} | | |")
    print()
    print("| page | requests | raw KiB | gzip KiB | of which Pyodide + calc, raw / gzip KiB |")
    print("|---|---|---|---|---|")
    for label, (path, w) in weights.items():
        print(f"| {label} ({path}) | {w['requests']} | {w['raw'] / 1024:,.0f} | {w['gzip'] / 1024:,.0f} | "
              f"{w['engine_raw'] / 1024:,.0f} / {w['engine_gzip'] / 1024:,.0f} |")
    print_stages(proj, ("cold", "repeat"))
    print(f"\nworked-example result in the first HTML: {all(r['prerendered'] for r in proj)}")


if __name__ == "__main__":
    main()
