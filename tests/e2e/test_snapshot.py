"""The engine's memory snapshot (worker.js): made on a first visit, restored on the next, and every
fault — a snapshot from another build, corrupt or truncated bytes, a restore that never finished,
storage refused or full — falls back to the normal boot with a correct result.

Each test's browser context has its own IndexedDB, so every test starts from a first visit. The
worker reports how it started in `window.__calcEngine.stages.snapshot`: "made (<why none was restored>)"
(normal boot, a snapshot taken), "restored", or "fallback: <why>" (a restore failed; normal boot,
a new snapshot taken).
"""
from __future__ import annotations

import time

import pytest

from calc import api
from tests.e2e.cases import all_cases
from tests.e2e.helpers import calculator_pages, expect_native, fill, merged, retype_example, wait_engine

CALC_ID = "haibun"

# The stored record, read or rewritten from the page (same origin as the worker).
IDB = """([op, arg]) => new Promise((resolve, reject) => {
  const open = indexedDB.open('calc-engine');
  open.onerror = () => reject(open.error);
  open.onsuccess = () => {
    const db = open.result;
    if (!db.objectStoreNames.contains('snapshot')) { db.close(); resolve(null); return; }
    const tx = db.transaction('snapshot', op === 'get' ? 'readonly' : 'readwrite');
    const store = tx.objectStore('snapshot');
    const get = store.get('engine');
    let out = null;
    get.onsuccess = () => {
      const rec = get.result;
      if (op === 'get') { out = rec ? {key: rec.key, size: rec.size, data: rec.data.byteLength, made: rec.made} : null; return; }
      if (op === 'restoring') { store.put(true, 'restoring'); return; }
      if (op === 'key') rec.key = rec.key.replace(/wheels\\/[^/]+\\//, 'wheels/000000000000/');
      if (op === 'corrupt') { const d = new Uint8Array(rec.data); for (let i = 0; i < 64; i++) d[d.length / 2 + i] ^= 0x5a; }
      if (op === 'truncate') rec.data = rec.data.slice(0, rec.data.byteLength - 4096 * 7);
      if (op === 'zero') rec.data = new ArrayBuffer(rec.data.byteLength);
      if (op === 'build') {
        // Another Pyodide build: its id (bytes 16..48 of the snapshot header) differs, and the
        // checksum is made to match, so Pyodide's own check is what refuses it.
        new Uint8Array(rec.data)[20] ^= 0xff;
        const sum = (bytes) => {
          const w = new Int32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength >> 2);
          let a = 1, b = 0;
          for (let i = 0; i < w.length; i++) { a = (a + w[i]) | 0; b = (b + a) | 0; }
          return `${bytes.byteLength}:${a >>> 0}:${b >>> 0}`;
        };
        rec.sum = sum(new Uint8Array(rec.data)) + sum(new Uint8Array(rec.index));
      }
      store.put(rec, 'engine');
    };
    tx.oncomplete = () => { db.close(); resolve(out); };
    tx.onerror = () => { db.close(); reject(tx.error); };
  };
})"""


@pytest.fixture(scope="session")
def pages(site_dir):
    return calculator_pages(site_dir)


def stages(page) -> dict:
    wait_engine(page)
    return page.evaluate("window.__calcEngine.stages")


# true once a snapshot made after `after` (ms since the epoch) is stored
STORED = """(after) => new Promise((resolve) => {
  const open = indexedDB.open('calc-engine');
  open.onerror = () => resolve(false);
  open.onsuccess = () => {
    const db = open.result;
    if (!db.objectStoreNames.contains('snapshot')) { db.close(); resolve(false); return; }
    const get = db.transaction('snapshot').objectStore('snapshot').get('engine');
    get.onsuccess = () => { db.close(); resolve(!!get.result && get.result.made > after); };
    get.onerror = () => { db.close(); resolve(false); };
  };
})"""


def stored(page, after: float = 0, timeout_s: float = 60) -> dict:
    """Wait until the worker has stored a snapshot (it does so after the first results)."""
    # Polled with evaluate(), which awaits STORED's Promise: Playwright's wait_for_function would take
    # the Promise object itself as truthy and return at once (the reload after it then killed the
    # worker mid-store, and the next visit found nothing to restore).
    deadline = time.monotonic() + timeout_s
    while not page.evaluate(STORED, after):
        assert time.monotonic() < deadline, f"no snapshot stored within {timeout_s} s"
        time.sleep(0.2)
    return page.evaluate(IDB, ["get", None])


def first_visit(page, base_url, pages) -> dict:
    page.goto(base_url + pages[CALC_ID])
    s = stages(page)
    assert s["snapshot"] == "made (none stored)", s
    # the page's own calculators were imported into the snapshot (worker.js importCalculators)
    assert isinstance(s.get("importPage"), (int, float)) and "not made" not in s["snapshot"], s
    retype_example(page, CALC_ID)
    return stored(page)


def test_first_visit_stores_a_snapshot_and_the_next_restores_it(page, watch, base_url, pages):
    rec = first_visit(page, base_url, pages)
    assert rec["size"] > 16 * 2**20 and 0 < rec["data"] < rec["size"], rec
    assert "/assets/pyodide/" in rec["key"] and "/assets/calc/wheels/" in rec["key"]
    page.reload()
    s = stages(page)
    assert s["snapshot"] == "restored", s
    retype_example(page, CALC_ID)
    case = next(c for c in all_cases() if c[0] == CALC_ID)
    fill(page, CALC_ID, case[1])
    expect_native(page, CALC_ID, merged(CALC_ID, case[1]))


FLAG = "() => localStorage.getItem('calc-engine:snapshot')"
# when the worker was spawned, against the page's load event (waited for: a restored engine can be
# ready before the page has loaded)
SPAWNED_BEFORE_LOAD = """async () => {
  const nav = () => performance.getEntriesByType('navigation')[0];
  while (!nav().loadEventEnd) await new Promise((r) => setTimeout(r, 20));
  return window.__calcEngine.spawnedAt < nav().loadEventStart;
}"""


def test_a_kept_snapshot_starts_the_engine_before_the_page_has_loaded(page, watch, base_url, pages):
    """Once the worker says it kept a snapshot, the page marks it (localStorage: the engine's URLs,
    nothing typed) and the next page starts the engine at once, not after its first render; a
    refused snapshot takes the mark away until a new one is kept."""
    first_visit(page, base_url, pages)
    deadline = time.monotonic() + 30
    while not page.evaluate(FLAG):
        assert time.monotonic() < deadline, "the page never marked the kept snapshot"
        time.sleep(0.1)
    flag = page.evaluate(FLAG)
    assert "/assets/pyodide/" in flag and "/assets/calc/wheels/" in flag and "万" not in flag, flag
    page.reload()
    assert stages(page)["snapshot"] == "restored"
    assert page.evaluate(SPAWNED_BEFORE_LOAD)
    assert page.evaluate("window.__calcEngine.early")   # by the inline start in <head> (early.js)
    assert stages(page)["wasmFrom"] == "page"           # which compiled the wasm and posted it
    # which names this page's calculators (imported into a snapshot, if it has to make one)
    named, on_page = page.evaluate("""() => [document.querySelector('script[data-calcs]').dataset.calcs,
      [...new Set([...document.querySelectorAll('section.calc[data-calc]')].map((r) => r.dataset.calc))].join(' ')]""")
    assert named == on_page and CALC_ID in named.split(), (named, on_page)
    retype_example(page, CALC_ID)
    # another build's mark: the engine waits for the first render, then boots and restores as before
    page.evaluate("() => localStorage.setItem('calc-engine:snapshot', 'another build')")
    page.reload()
    assert stages(page)["snapshot"] == "restored"
    assert not page.evaluate(SPAWNED_BEFORE_LOAD)
    assert not page.evaluate("window.__calcEngine.early")
    assert stages(page)["wasmFrom"] == "worker"
    assert page.evaluate(FLAG) == flag   # a restore marks it again
    retype_example(page, CALC_ID)


def test_the_page_s_wasm_failing_leaves_it_to_the_worker(page, watch, base_url, pages):
    """early.js compiles pyodide.asm.wasm on the page and posts the module; if that fails, it posts
    null and the worker compiles the wasm itself: the snapshot is still restored, the results exact."""
    first_visit(page, base_url, pages)
    deadline = time.monotonic() + 30
    while not page.evaluate(FLAG):
        assert time.monotonic() < deadline, "the page never marked the kept snapshot"
        time.sleep(0.1)
    # page scripts only (an init script does not reach the worker)
    page.context.add_init_script("WebAssembly.compileStreaming = () => Promise.reject(new Error('refused'));")
    page.reload()
    s = stages(page)
    assert s["snapshot"] == "restored" and s["wasmFrom"] == "worker", s
    assert page.evaluate("window.__calcEngine.early")
    case = next(c for c in all_cases() if c[0] == CALC_ID)
    fill(page, CALC_ID, case[1])
    expect_native(page, CALC_ID, merged(CALC_ID, case[1]))


def test_every_calculator_after_a_restore_matches_native(page, watch, base_url, pages):
    """Every calculator page, each a full page load that restores the snapshot made on the first
    (lazily imported calculators come from the calc archive written back): its worked example, then its
    first browser case on a fresh load (all requests under a restore: tests/test_bytecode.py)."""
    first_visit(page, base_url, pages)
    first_case = {}
    for calc_id, changes in all_cases():
        first_case.setdefault(calc_id, changes)
    for calc_id in api.calculator_ids():
        page.goto(base_url + pages[calc_id])
        assert stages(page)["snapshot"] == "restored", calc_id
        retype_example(page, calc_id)
        if calc_id in first_case:
            page.goto(base_url + pages[calc_id])
            assert stages(page)["snapshot"] == "restored", calc_id
            fill(page, calc_id, first_case[calc_id])
            expect_native(page, calc_id, merged(calc_id, first_case[calc_id]))


@pytest.mark.parametrize("fault, label", [
    ("corrupt", "fallback: snapshot: checksum mismatch"),
    ("truncate", "fallback: snapshot: checksum mismatch"),
    ("zero", "fallback: snapshot: checksum mismatch"),
    ("build", "fallback: Snapshot build id mismatch"),
    ("key", "made (another build's dropped)"),         # a snapshot of another calc build is dropped before any restore
    ("restoring", "made (unfinished restore's dropped)"),   # the last restore never finished (a crash or a hang): dropped
])
def test_a_bad_snapshot_falls_back_to_the_normal_boot(page, watch, base_url, pages, fault, label):
    made = first_visit(page, base_url, pages)["made"]
    page.evaluate(IDB, [fault, None])
    page.reload()
    s = stages(page)
    assert s["snapshot"].startswith(label), s
    retype_example(page, CALC_ID)
    # the bad one is gone and a good one replaces it: the visit after restores again
    stored(page, after=made)
    page.reload()
    assert stages(page)["snapshot"] == "restored"
    retype_example(page, CALC_ID)


def test_storage_refused_boots_normally(page, watch, base_url, pages):
    """The database cannot be opened at the worker's version (as when storage is refused): no
    snapshot is read or kept, and every visit boots normally."""
    page.goto(base_url + "about/")
    page.evaluate("""() => new Promise((resolve, reject) => {
        const open = indexedDB.open('calc-engine', 999);
        open.onsuccess = () => { open.result.close(); resolve(); };
        open.onerror = () => reject(open.error);
      })""")
    for _ in range(2):
        page.goto(base_url + pages[CALC_ID])
        assert stages(page)["snapshot"] == "made (storage: VersionError)"
        retype_example(page, CALC_ID)
        page.wait_for_timeout(1500)


def test_quota_exceeded_boots_normally(page, watch, base_url, pages):
    cdp = page.context.new_cdp_session(page)
    cdp.send("Storage.overrideQuotaForOrigin", {"origin": base_url.rstrip("/"), "quotaSize": 1024 * 1024})
    for _ in range(2):
        page.goto(base_url + pages[CALC_ID])
        assert stages(page)["snapshot"] == "made (none stored)"
        retype_example(page, CALC_ID)
        page.wait_for_timeout(2500)
        assert page.evaluate(IDB, ["get", None]) is None
