"""Benchmark: Lighthouse 12 (mobile preset) on every calculator page, site served gzipped as GitHub
Pages serves it (not a test; the test command never needs Lighthouse).

Builds the site for the URL it is served at (or serves $SITE_DIR / --site-dir as is), serves it on
127.0.0.1 with `Content-Encoding: gzip` for the types GitHub Pages compresses and max-age=600, and
runs the Lighthouse CLI against Debian Chromium (headless, no sandbox, no background networking) for
every page that embeds a calculator, --runs times each, interleaved (run 1 of every page, then run 2…)
so a busy moment of the machine spreads over pages instead of sinking one. Prints per page the median
of performance / accessibility / best practices / SEO and of TBT, LCP, FCP, CLS (min–max of the
performance score and TBT across runs), the audits that keep a category below 100, and two checks:
no request to another origin (every page), no byte of Pyodide on guide-only pages (a few, one run).

Lighthouse is heavy, so it has its own pinned install: bench/lighthouse/package.json + its lock,
installed on first use with `npm ci --prefix bench/lighthouse` (or point $LIGHTHOUSE_DIR at a
directory where that package is already installed).

Usage:  .venv/bin/python bench/lighthouse.py [--runs 3] [--only haibunhyo,chukai] [--save DIR]
        SITE_DIR=/path/to/built/site .venv/bin/python bench/lighthouse.py   (e.g. another commit's build)
        .venv/bin/python bench/lighthouse.py --against /path/to/other/build   (before/after: both sites
            served side by side and run interleaved page by page, so the machine's load hits both alike)
"""
from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.e2e.server import CHROMIUM, _Handler, build  # noqa: E402

LH_DIR = Path(os.environ.get("LIGHTHOUSE_DIR") or ROOT / "bench" / "lighthouse")
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
CHROME_FLAGS = ("--headless=new --no-sandbox --disable-background-networking --disable-component-update "
                "--no-first-run --disable-sync --disable-gpu --disable-dev-shm-usage")
GUIDES = ("", "about/", "yougo/", "saimu-seiri/hiyou/")   # guide-only pages checked for 0 bytes of Pyodide
# What GitHub Pages (Fastly) sends gzipped: text, JSON, JS, SVG, wasm. Images and archives as they are.
GZIP_SUFFIXES = (".html", ".css", ".js", ".mjs", ".json", ".xml", ".svg", ".txt", ".wasm", ".map")


class _GzipHandler(_Handler):
    """The e2e server's handler (MIME types, max-age=600) plus gzip like GitHub Pages."""
    cache: dict[str, tuple[float, bytes]] = {}
    lock = threading.Lock()

    def send_head(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            path = os.path.join(path, "index.html")
        if (not os.path.isfile(path) or not path.endswith(GZIP_SUFFIXES)
                or "gzip" not in self.headers.get("Accept-Encoding", "")):
            return super().send_head()
        if os.path.isdir(self.translate_path(self.path)) and not urlsplit(self.path).path.endswith("/"):
            return super().send_head()   # the directory redirect
        mtime = os.path.getmtime(path)
        with self.lock:
            hit = self.cache.get(path)
            if not hit or hit[0] != mtime:
                hit = (mtime, gzip.compress(Path(path).read_bytes(), 9, mtime=0))
                self.cache[path] = hit
        body = hit[1]
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        import io
        return io.BytesIO(body)


def serve(site: Path, port: int = 0) -> tuple[http.server.ThreadingHTTPServer, str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(_GzipHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def lighthouse_bin() -> Path:
    exe = LH_DIR / "node_modules" / ".bin" / "lighthouse"
    if not exe.exists():
        print(f"installing the pinned Lighthouse into {LH_DIR} (npm ci)…", file=sys.stderr)
        subprocess.run(["npm", "ci", "--prefix", str(LH_DIR), "--no-audit", "--no-fund"], check=True)
    return exe


def calculator_pages(site: Path) -> list[str]:
    pages = []
    for html in sorted(site.rglob("index.html")):
        if "data-calc-wheel" in html.read_text("utf-8"):
            rel = html.parent.relative_to(site).as_posix()
            pages.append("" if rel == "." else rel + "/")
    return pages


def run_lighthouse(exe: Path, url: str, out: Path) -> dict:
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    cmd = [str(exe), url, "--quiet", "--output=json", f"--output-path={out}",
           f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={CHROME_FLAGS}",
           "--max-wait-for-load=60000"]
    for attempt in range(2):
        p = subprocess.run(cmd, env=env, capture_output=True, text=True)
        if p.returncode == 0 and out.exists():
            return json.loads(out.read_text("utf-8"))
        print(f"  lighthouse failed on {url} (attempt {attempt + 1}): {p.stderr[-400:]}", file=sys.stderr)
    raise SystemExit(f"lighthouse failed on {url}")


def summarise(report: dict, base: str) -> dict:
    audits = report["audits"]
    cats = {c: report["categories"][c]["score"] for c in CATEGORIES}
    failing = {}
    for c in CATEGORIES[1:]:
        for ref in report["categories"][c]["auditRefs"]:
            a = audits.get(ref["id"], {})
            if ref.get("weight", 0) > 0 and a.get("score") is not None and a["score"] < 1:
                failing[ref["id"]] = c
    requests = [i["url"] for i in (audits.get("network-requests", {}).get("details") or {}).get("items", [])]
    origin = base.rstrip("/")
    foreign = [u for u in requests if u.startswith("http") and not u.startswith(origin)]
    pyodide = [u for u in requests if "/assets/pyodide/" in u]
    long_tasks = [(round(t["duration"]), t.get("url", "")) for t in
                  (audits.get("long-tasks", {}).get("details") or {}).get("items", [])]
    return {
        **{c: round(100 * (s or 0)) for c, s in cats.items()},
        "tbt": audits["total-blocking-time"]["numericValue"],
        "lcp": audits["largest-contentful-paint"]["numericValue"],
        "fcp": audits["first-contentful-paint"]["numericValue"],
        "cls": audits["cumulative-layout-shift"]["numericValue"],
        "failing": failing, "foreign": foreign, "pyodide": pyodide, "long_tasks": long_tasks,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--only", default="", help="comma-separated substrings of page paths to run")
    ap.add_argument("--site-dir", default=os.environ.get("SITE_DIR", ""))
    ap.add_argument("--save", default="", help="keep every JSON report in this directory")
    ap.add_argument("--no-guides", action="store_true", help="skip the guide-only pages' checks")
    ap.add_argument("--against", default="", help="another built site (e.g. main's) run interleaved as 'before'")
    args = ap.parse_args()

    exe = lighthouse_bin()
    tmp = Path(tempfile.mkdtemp(prefix="lh-bench-"))
    save = Path(args.save) if args.save else tmp / "reports"
    save.mkdir(parents=True, exist_ok=True)
    if args.site_dir:
        site = Path(args.site_dir)
        _, base = serve(site)
    else:
        site = tmp / "site"
        site.mkdir()
        server, base = serve(site)   # bound first: the site is built for the URL it is served at
        t = time.perf_counter()
        build(site, base, ROOT, strict=False)
        print(f"built the site in {time.perf_counter() - t:.0f} s", file=sys.stderr)
    pages = calculator_pages(site)
    if args.only:
        keys = args.only.split(",")
        pages = [p for p in pages if any(k in p for k in keys)]
    print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())} ({os.cpu_count()} cores)")

    sites = [("", base)]
    if args.against:
        _, other = serve(Path(args.against))
        sites = [("before", other), ("after", base)]
    results: dict[tuple[str, str], list[dict]] = {(label, p): [] for p in pages for label, _ in sites}
    for r in range(args.runs):
        for page in pages:
            for label, url in (sites if r % 2 == 0 else sites[::-1]):
                name = f"{label + '-' if label else ''}{page.strip('/').replace('/', '_') or 'index'}.{r + 1}.json"
                s = summarise(run_lighthouse(exe, url + page, save / name), url)
                results[(label, page)].append(s)
                print(f"  run {r + 1} {label} {page}: perf {s['performance']} TBT {s['tbt']:.0f} ms "
                      f"LCP {s['lcp']:.0f} ms FCP {s['fcp']:.0f} ms a11y {s['accessibility']} "
                      f"bp {s['best-practices']} seo {s['seo']}", file=sys.stderr, flush=True)
    guides = {}
    if not args.no_guides:
        for page in GUIDES:
            if (site / page / "index.html").exists() and ("", page) not in results and ("after", page) not in results:
                out = save / f"guide-{page.strip('/').replace('/', '_') or 'index'}.json"
                guides[page] = summarise(run_lighthouse(exe, base + page, out), base)

    med = statistics.median
    print(f"\nLighthouse 12 (mobile preset, simulated throttling), gzip like GitHub Pages, "
          f"median of {args.runs}; load average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}\n")
    print("| page | perf (min–max) | a11y | BP | SEO | TBT ms (min–max) | LCP ms | FCP ms | CLS |")
    print("|---|---|---|---|---|---|---|---|---|")
    for (label, page), runs in results.items():
        perf = [x["performance"] for x in runs]
        tbt = [x["tbt"] for x in runs]
        print(f"| {page}{' ' + label if label else ''} | {med(perf):.0f} ({min(perf)}–{max(perf)}) | "
              f"{med([x['accessibility'] for x in runs]):.0f} | {med([x['best-practices'] for x in runs]):.0f} | "
              f"{med([x['seo'] for x in runs]):.0f} | {med(tbt):.0f} ({min(tbt):.0f}–{max(tbt):.0f}) | "
              f"{med([x['lcp'] for x in runs]):.0f} | {med([x['fcp'] for x in runs]):.0f} | "
              f"{med([x['cls'] for x in runs]):.3f} |")
    failing = sorted({(a, c) for runs in results.values() for x in runs for a, c in x["failing"].items()})
    if failing:
        print("\naudits below 100 in some run: " + ", ".join(f"{a} ({c})" for a, c in failing))
    foreign = sorted({u for runs in [*results.values(), [*guides.values()]] for x in runs for u in x["foreign"]})
    print(f"requests to other origins: {len(foreign)}" + (f" {foreign[:5]}" if foreign else ""))
    for page, g in guides.items():
        print(f"guide-only /{page}: perf {g['performance']} a11y {g['accessibility']} bp {g['best-practices']} "
              f"seo {g['seo']}; Pyodide requests: {len(g['pyodide'])}")
    worst = sorted(((d, u, f"{p} {lb}".strip()) for (lb, p), runs in results.items() for x in runs
                    for d, u in x["long_tasks"]), reverse=True)[:8]
    if worst:
        print("\nlongest main-thread tasks (as Lighthouse simulates them, 4× CPU slowdown): "
              + "; ".join(f"{d} ms {u.rsplit('/', 1)[-1][:40] or '(page)'} on {p}" for d, u, p in worst))
    print(f"\nreports: {save}")


if __name__ == "__main__":
    main()
