"""One case list, three engines: what every reader's browser must do, in Chromium, WebKit and Firefox.

Every test here takes `tab` (tests/e2e/engines.py), parametrized over the three engines; pytest runs
all of one engine's tests, then the next engine's, each engine booted once for the session in one
tab. Run one engine alone with `-k webkit` (or chromium, firefox). A new case is one function with
a `tab` argument using only the adapter's few operations; it runs in all three.

The calculator pages are visited in order in that one tab by the site's instant navigation, so the
engine booted on the first page must serve every later one (checked on each move). After each test
the tab must hold no uncaught error, unhandled rejection, failed load or CSP violation from the
site, in any engine.
"""
from __future__ import annotations

import re
import shutil
import time
from pathlib import Path
from urllib.parse import quote

import pytest

from calc import api
from tests.e2e.engines import (
    ENGINES,
    FIREFOX,
    MINIBROWSER,
    WEBKIT_DRIVER,
    ChromiumTab,
    FaultServer,
    FirefoxTab,
    WebKitTab,
    Xvfb,
)
from tests.e2e.helpers import calculator_pages, text_of

CALCS = sorted(api.calculator_ids())

# One input a reader edits on each calculator: (field, the value typed over the worked example's).
# Values from the reader-typed cases in tests/e2e/cases/ (full-width digits included).
EDITS = {
    "chien": ("principal", "５０万円"),
    "chukai": ("price", "１，０００万円"),
    "haibun": ("price", "１８００万円"),
    "hasan": ("cash", "４０万円"),
    "hensai": ("principal", "300万円"),
    "hikaku": ("income", "２２万円"),
    "hikinaoshi": ("end_date", "令和６年１２月２日"),
    "kashobun": ("income", "３００万円"),
    "keibai": ("market", "2,500万円"),
    "ninni": ("start", "令和7年6月27日"),
    "saisei": ("total", "２，０００万円"),
    "saitei": ("total", "１，２００万円"),
    "seisan": ("deposits", "35万円"),
}


# ---- engines: each booted once per session ------------------------------------------------------
@pytest.fixture(scope="session")
def _display():
    x = Xvfb()
    yield x.display
    x.stop()


@pytest.fixture(scope="module", params=ENGINES)
def _tab(request):
    missing = [p for p in {"webkit": [WEBKIT_DRIVER, MINIBROWSER, "Xvfb"], "firefox": [FIREFOX, "node"]}
               .get(request.param, []) if not shutil.which(p)]
    if missing:
        pytest.fail(f"{request.param}: {', '.join(missing)} not found; scripts/setup.sh --browser installs them")
    if request.param == "chromium":
        t = ChromiumTab(request.getfixturevalue("browser"))
    elif request.param == "webkit":
        t = WebKitTab(request.getfixturevalue("_display"))
    else:
        t = FirefoxTab()
    yield t
    t.close()


@pytest.fixture
def tab(_tab, base_url):
    """The engine's one tab; after the test, nothing went wrong in the site's scripts."""
    _tab.problems()   # what an earlier, failed test left
    yield _tab
    problems = _tab.problems()
    assert not problems, f"{_tab.name}:\n" + "\n".join(problems)


@pytest.fixture(scope="session")
def pages(site_dir):
    return calculator_pages(site_dir)


@pytest.fixture(scope="session")
def faults(site_dir, base_url):
    s = FaultServer(site_dir)
    yield s
    s.stop()


# ---- what a case does, in any engine ------------------------------------------------------------
def share_link(calc_id: str, raw: dict) -> str:
    """The fragment a shared link carries (`#<calc>.<field>=…&<calc>.<rows>.<i>.<col>=…`)."""
    parts = []
    for k, v in raw.items():
        if isinstance(v, list):
            parts += [(f"{k}.{i}.{c}", cv) for i, row in enumerate(v) for c, cv in row.items() if cv != ""]
        elif v != "":
            parts.append((k, v))
    return "#" + "&".join(f"{quote(f'{calc_id}.{k}', safe='')}={quote(str(v), safe='')}" for k, v in parts)


def on_site_with_engine(tab, base_url) -> bool:
    return bool(tab.evaluate("(b) => location.href.startsWith(b) && !!window.__calcEngineInstance "
                             "&& window.__calcEngineInstance.state === 'ready' && !!window.document$", base_url))


def open_page(tab, base_url: str, url: str):
    """Reach `url` as a reader does from the page before: by following a link, which the site's
    instant navigation swaps in place. The tab's one engine must carry over (no reload, no reboot).
    From anywhere else (the first case, another origin), a full page load."""
    if not on_site_with_engine(tab, base_url):
        tab.goto(url)
        return
    if tab.evaluate("(u) => location.pathname === new URL(u).pathname", url):
        open_page(tab, base_url, base_url + "about/")   # a link to the same page only scrolls
    mark = time.monotonic_ns()
    tab.evaluate("""([u, mark]) => {
      window.__xeMark = mark; window.__calcEngineInstance.__xeMark = mark;
      const a = document.createElement('a'); a.href = u; a.id = 'xe-go'; a.textContent = '次へ';
      (document.querySelector('.md-content article') || document.body).append(a);
    }""", [url, mark])
    tab.click("#xe-go")
    try:
        tab.wait_for("(u) => !document.getElementById('xe-go') && location.pathname === new URL(u).pathname", url,
                     timeout=20)
    except AssertionError:
        where = tab.evaluate("() => [location.href, !!document.getElementById('xe-go')]")
        raise AssertionError(f"{tab.name}: instant navigation to {url} did not arrive: at {where}") from None
    kept = tab.evaluate("() => [window.__xeMark, window.__calcEngineInstance && window.__calcEngineInstance.__xeMark, "
                        "window.__calcEngineInstance && window.__calcEngineInstance.state]")
    assert kept[0] == mark, f"{tab.name}: the page was reloaded instead of swapped in place ({url})"
    assert kept[1] == mark and kept[2] == "ready", f"{tab.name}: the engine did not carry over: {kept}"


def wait_engine(tab, timeout=120):
    tab.wait_for("() => window.__calcEngine !== undefined || "
                 "[...document.querySelectorAll('.calc-status')].some(s => s.dataset.state === 'error')",
                 timeout=timeout, message="the calculator engine")
    assert tab.evaluate("() => window.__calcEngine !== undefined"), tab.text(".calc-status")


def expect_native(tab, calc_id: str, raw: dict, timeout=60):
    """The page shows, as a live result, exactly what calc computes natively for `raw`."""
    out = api.run(calc_id, raw)
    assert out["ok"], out["errors"]
    want = text_of(out["html"])
    try:
        tab.wait_for("([id, want]) => { const r = document.querySelector(`#calc-${id} .calc-result`);"
                     " return r && r.dataset.state === 'live' && "
                     "r.querySelector('.calc-result-body').textContent.replace(/\\s+/g, '') === want; }",
                     [calc_id, want], timeout=timeout, message=f"{calc_id}'s live result")
    except AssertionError:
        got = tab.evaluate("(id) => [document.querySelector(`#calc-${id} .calc-result`).dataset.state, "
                           "document.querySelector(`#calc-${id} .calc-status`).textContent, "
                           "document.querySelector(`#calc-${id} .calc-result-body`).textContent.replace(/\\s+/g, '')]",
                           calc_id)
        raise AssertionError(f"{tab.name}: {calc_id} shows state={got[0]!r} status={got[1]!r}\n"
                             f"got  {got[2][:300]}\nwant {want[:300]}") from None
    return out


def set_field(tab, calc_id: str, name: str, value: str):
    sel = f"#calc-{calc_id}-{name}"
    kind = tab.evaluate("(s) => { const e = document.querySelector(s); return e.tagName + ':' + (e.type || ''); }", sel)
    if kind.startswith("SELECT"):
        tab.select(sel, value)
    elif kind.endswith("checkbox"):
        if tab.evaluate("(s) => document.querySelector(s).checked", sel) != (value in ("1", True)):
            tab.click(sel)
    else:
        tab.fill(sel, value)


def status_of(tab, calc_id):
    return tab.text(f"#calc-{calc_id} .calc-status") or ""


def assert_responsive(tab):
    """The page answers a timer at once: not frozen by what a link asked for. (Generous bounds: the
    suite shares 2 cores with everything else; a frozen page takes far longer.)"""
    t = time.perf_counter()
    late = tab.evaluate("() => new Promise((r) => { const t = performance.now(); "
                        "setTimeout(() => r(performance.now() - t), 0); })")
    took = time.perf_counter() - t
    assert took < 2.5 and late < 1500, f"{tab.name}: main thread busy ({late:.0f} ms; {took:.1f} s round trip)"


# ---- every calculator page ----------------------------------------------------------------------
def test_every_calculator_has_an_edit(pages):
    assert sorted(pages) == CALCS and sorted(EDITS) == CALCS


@pytest.mark.parametrize("calc_id", CALCS)
def test_calculator_page(tab, base_url, pages, calc_id):
    """Reached by a link from the previous calculator page: a link with more rows than the table
    holds keeps the page responsive and says so; the worked example as a shared link computes and
    equals calc.api.run; one edited input recomputes and equals calc.api.run."""
    url = base_url + pages[calc_id]
    fields = api.describe(calc_id)["fields"]
    rows = next((f for f in fields if f["kind"] == "rows"), None)
    if rows:
        col, most = rows["columns"][0]["name"], rows["max_rows"]
        open_page(tab, base_url, url + f"#{calc_id}.{rows['name']}.{most}.{col}=x&{calc_id}.{rows['name']}.499.{col}=y")
        note = tab.wait_for("(id) => { const n = document.querySelector(`#calc-${id} .calc-notice`); "
                            "return n && !n.hidden && n.textContent.trim(); }", calc_id, timeout=10,
                            message="the note on a clipped link")
        assert note == f"リンクの行数が多すぎるため、先頭の{most}行だけを読み込みました。", note
        n = tab.evaluate("(s) => document.querySelectorAll(s).length",
                         f"#calc-{calc_id} .calc-rows[data-field={rows['name']}] tbody tr")
        assert n <= most
        assert_responsive(tab)
    example = api.example_inputs(calc_id)
    open_page(tab, base_url, url + share_link(calc_id, example))
    wait_engine(tab)
    expect_native(tab, calc_id, example)
    field, value = EDITS[calc_id]
    set_field(tab, calc_id, field, value)
    expect_native(tab, calc_id, {**example, field: value})


# ---- search -------------------------------------------------------------------------------------
SEARCH_BOX = "input[data-md-component=search-query]"
FIRST = ".md-search-result__list > li.md-search-result__item > a.md-search-result__link"
WAITING = ["検索キーワードを入力してください", "検索を初期化"]   # Material's placeholder and initializer

# (engine, query) → why that engine's first result is not the page a reader means. Empty: the
# ranking holds in every engine (see overrides/assets/search/worker.js on word segmentation).
SEARCH_DIFFERS: dict[tuple[str, str], str] = {}


def search(tab, query: str) -> list[str]:
    """Material's search box: the query set as one input event + keyup (what Material listens to);
    the result links' paths."""
    put = ("(q) => { const b = document.querySelector('" + SEARCH_BOX + "'); b.value = q; "
           "b.dispatchEvent(new Event('input', {bubbles: true})); "
           "b.dispatchEvent(new KeyboardEvent('keyup', {bubbles: true, key: 'End'})); }")
    meta = "document.querySelector('.md-search-result__meta').textContent.trim()"
    tab.evaluate(put, "")
    tab.wait_for(f"(w) => w.includes({meta})", WAITING, timeout=10, message="the empty search box")
    tab.evaluate(put, query)
    tab.wait_for(f"(w) => !w.includes({meta})", WAITING, timeout=20, message=f"results for {query}")
    return tab.evaluate(f"() => [...document.querySelectorAll('{FIRST}')].map((a) => new URL(a.href).pathname)")


def test_search_finds_the_page_a_reader_means(tab, base_url):
    from tests.e2e.test_search import QUERIES

    open_page(tab, base_url, base_url + "about/")
    tab.click(SEARCH_BOX)
    try:
        tab.wait_for("() => document.getElementById('__search').checked", timeout=3)
    except AssertionError:   # headless Firefox: the click does not reach Material's focus handler
        tab.evaluate("() => { const s = document.getElementById('__search'); s.checked = true; "
                     "s.dispatchEvent(new Event('change')); }")
    root = "/" + base_url.split("/", 3)[3]
    misses = {}
    for query, expected in QUERIES.items():
        paths = search(tab, query)
        top = paths[0][len(root):] if paths else None
        if top not in expected and (tab.name, query) not in SEARCH_DIFFERS:
            misses[query] = (top, expected[0], [p[len(root):] for p in paths[:4]])
    tab.evaluate("() => { const s = document.getElementById('__search'); s.checked = false; "
                 "s.dispatchEvent(new Event('change')); }")
    assert not misses, f"{tab.name}: {misses}"


# ---- engine faults: said at once, the worked example kept ---------------------------------------
ENGINE_TROUBLE = re.compile(r"calculator engine \((network|offline)\)|/assets/(pyodide|calc/wheels)/|"
                            r"NetworkError|Failed to fetch|ERR_EMPTY_RESPONSE|ERR_INTERNET_DISCONNECTED|"
                            r"Load failed|network (connection|error)|dynamically imported module", re.IGNORECASE)


def only_engine_trouble(tab) -> list[str]:
    """Drain the tab's problems; those that are not the expected network failure of the engine."""
    return [p for p in tab.problems() if not ENGINE_TROUBLE.search(p)]


def assert_engine_message(tab, calc_id: str, since: float):
    tab.wait_for("(id) => /インターネットに接続されていない|通信エラー/.test("
                 "document.querySelector(`#calc-${id} .calc-status`).textContent)", calc_id,
                 timeout=5, message="the network-error message")
    assert time.perf_counter() - since < 5
    status = status_of(tab, calc_id)
    assert "計算エンジン" in status, status
    got = tab.evaluate("(id) => [document.querySelectorAll(`#calc-${id} .calc-status [data-action=restart-engine]`).length, "
                       "document.querySelector(`#calc-${id} .calc-result`).dataset.state, "
                       "document.querySelector(`#calc-${id} .calc-result-body`).textContent.replace(/\\s+/g, '')]",
                       calc_id)
    assert got[0] == 1, f"{tab.name}: no restart button"
    assert got[1] in ("stale", "example"), got[1]          # never labelled as current
    assert got[2] == text_of(api.run(calc_id)["html"])     # the worked example stays readable


@pytest.mark.parametrize("calc_id", CALCS)
def test_engine_download_failure_is_said_within_5_s(tab, faults, pages, calc_id):
    """The engine's files fail to download (the connection drops): each calculator page says so
    within 5 s, offers a restart and keeps its worked example readable."""
    faults.mode = "engine"
    try:
        tab.goto(faults.url + pages[calc_id])
        assert_engine_message(tab, calc_id, time.perf_counter())
    finally:
        faults.mode = "ok"
    assert not only_engine_trouble(tab)


def test_offline_service_worker_fallback(tab, faults, pages):
    """Static routes (`addRoutes`) exist in Chromium only; in WebKit and Firefox the service worker
    itself steps aside for the engine's files. Either way: the engine never passes through the
    worker's cache, a visited guide opens offline, the calculator says it cannot load at once, and
    a page never visited shows the offline notice."""
    faults.mode = "ok"
    calc_url = faults.url + pages["chukai"]
    tab.goto(faults.url + "about/")
    tab.wait_for("async () => !!navigator.serviceWorker && navigator.serviceWorker.controller !== null && "
                 "!!(await caches.match(location.href.split('#')[0]))", timeout=30,
                 message="the service worker controlling the page and keeping it")
    tab.goto(calc_url)
    wait_engine(tab)
    assert tab.evaluate("() => navigator.serviceWorker.controller !== null")
    cached = tab.evaluate("""async () => { const out = [];
      for (const k of await caches.keys()) for (const r of await (await caches.open(k)).keys())
        if (/\\/assets\\/(pyodide|calc\\/wheels)\\//.test(r.url)) out.push(r.url);
      return out; }""")
    assert not cached, f"{tab.name}: the engine went through the service worker's cache: {cached}"
    title = tab.evaluate("() => document.title")
    tab.wait_for("async () => !!(await caches.match(location.href.split('#')[0]))", timeout=10,
                 message="the calculator page kept")
    faults.mode = "down"
    try:
        tab.goto(calc_url)
        t = time.perf_counter()
        assert tab.evaluate("() => document.title") == title     # the visited page, from this device
        assert_engine_message(tab, "chukai", t)
        tab.goto(faults.url + "faq/")                            # never visited
        assert tab.text("h1") == "オフラインです"
        assert "このサイトについて" in tab.text("body")            # saved pages are listed by title
    finally:
        faults.mode = "ok"
    assert not [p for p in only_engine_trouble(tab) if not re.search(r"failed to load|HTTP 503|503", p)]


# ---- the engine's memory snapshot (worker.js): restored on a repeat visit, a bad one refused -----
def _snapshot_format() -> int:
    """The IndexedDB version worker.js opens its database at (SNAPSHOT_FORMAT)."""
    worker = (Path(__file__).resolve().parents[2] / "overrides" / "assets" / "calc" / "worker.js").read_text("utf-8")
    return int(re.search(r"const SNAPSHOT_FORMAT = (\d+);", worker).group(1))


def test_engine_snapshot_restores_and_a_corrupt_one_falls_back(tab, faults, pages):
    """A first visit keeps a snapshot of the ready engine in IndexedDB; the next visit restores it
    and computes what calc.api.run does; a corrupted snapshot is refused (checksum) and the page
    boots as before, still exact. On the fault server's origin, its database deleted first."""
    from tests.e2e.test_snapshot import IDB, STORED

    faults.mode = "ok"
    calc_id, (field, value) = "haibun", EDITS["haibun"]
    url = faults.url + pages[calc_id]
    tab.goto(faults.url + "about/")
    # Emptied, not deleted: WebKit holds a deleteDatabase() "blocked" (neither success nor error) while
    # any connection of an earlier page lingers, which hung this case once. Opened at the worker's
    # version with its store, so the worker finds the database as it would have made it.
    tab.evaluate("(v) => new Promise((resolve, reject) => { const o = indexedDB.open('calc-engine', v); "
                 "o.onupgradeneeded = () => o.result.createObjectStore('snapshot'); "
                 "o.onerror = () => reject(o.error); o.onsuccess = () => { const db = o.result; "
                 "const tx = db.transaction('snapshot', 'readwrite'); tx.objectStore('snapshot').clear(); "
                 "tx.oncomplete = () => { db.close(); resolve(true); }; "
                 "tx.onerror = () => { db.close(); reject(tx.error); }; }; })", _snapshot_format())
    example = api.example_inputs(calc_id)
    for n, (want, edit) in enumerate((("made (none stored)", value), ("restored", "１９００万円"),
                                      ("fallback: snapshot: checksum mismatch", "２０００万円"))):
        if n == 2:
            tab.evaluate(IDB, ["corrupt", None])
        tab.goto(url)
        wait_engine(tab)
        got = tab.evaluate("() => window.__calcEngine.stages.snapshot")
        assert got == want, f"{tab.name}: visit {n + 1}: {got}"
        if n == 1:   # started from <head> (early.js), which compiled the wasm and posted it
            assert tab.evaluate("() => window.__calcEngine.stages.wasmFrom") == "page", tab.name
        set_field(tab, calc_id, field, edit)
        expect_native(tab, calc_id, {**example, field: edit})
        if n == 0:
            tab.wait_for(STORED, 0, timeout=60, message="the snapshot stored")
