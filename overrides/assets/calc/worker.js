// Module Web Worker: runs Pyodide and the calc package off the main thread.
// It is started from a blob: module (see runtime.js) so that the page's Content-Security-Policy
// governs it: it may fetch and import only from this site and compile only wasm, never eval.
// Messages (their types are MSG in contracts.js, shared with runtime.js):
//   in:  {type: INIT, indexURL, wheelURL, expect, calcs, wasm} | {type: RUN, id, calc, inputs}
//        | {type: WASM, module}
//        (expect: the page believes this browser holds a snapshot of this build, see STORED;
//        calcs: the page's calculators, imported before a snapshot is made; wasm: the page is
//        compiling pyodide.asm.wasm and will post the module, or null, as WASM)
//   out: {type: PROGRESS, stage} | {type: READY, bootMs, stages} (stages: ms per boot step, and
//        `snapshot`: "restored" | "made (<why none was restored>)" | "fallback: <why>")
//        | {type: ERROR, message, cause} | {type: RESULT, id, out, ms} | {type: CSP, text}
//        | {type: STORED} (a snapshot of this build is now kept in this browser)
import { MSG } from "./contracts.js";

let runJson = null;
// The page's record of problems (assets/errors.js) cannot see this worker's CSP violations: send them.
self.addEventListener("securitypolicyviolation", (e) => postMessage({
  type: MSG.CSP, text: `${e.effectiveDirective} blocked ${e.blockedURI || "inline"}` }));
let failed = false;
const queue = [];

// Fail fast: Pyodide's loader never settles when the wasm cannot be fetched or compiled, and only
// logs when the standard library cannot be fetched. Watch every fetch and wasm compile in this
// worker and report the first failure at once, with its cause, instead of waiting for a timeout.
function failure(message, cause) {
  if (failed || runJson) return;   // only the boot can fail this way
  failed = true;
  postMessage({ type: MSG.ERROR, message: String(message).slice(0, 300), cause });
}

function networkCause() {
  return self.navigator && navigator.onLine === false ? "offline" : "network";
}

function fileName(url) {
  try { return decodeURIComponent(new URL(url).pathname.split("/").pop()); } catch { return String(url); }
}

const urlOf = (input) => (typeof input === "string" ? input : input instanceof URL ? input.href : input.url);
const realFetch = self.fetch.bind(self);

// every request of this worker: a failure is reported at once
async function checkedFetch(input, init) {
  const url = urlOf(input);
  let r;
  try {
    r = await realFetch(input, init);
  } catch (err) {
    failure(`${fileName(url)}: ${err && err.message ? err.message : err}`, networkCause());
    throw err;
  }
  if (!r.ok) failure(`${fileName(url)}: HTTP ${r.status}`, "http");
  return r;
}

// Pyodide's own request for the wasm, once init() has it compiling (compileWasm, below): a
// stand-in it never reads
self.fetch = (input, init) => (compiled && urlOf(input) === compiled.url
  ? Promise.resolve(new Response(null, { headers: { "content-type": "application/wasm" } }))
  : checkedFetch(input, init));

// pyodide.asm.wasm is fetched and compiled from the start of init(), beside the loader's import and
// the snapshot's read (Pyodide itself compiles only after both, in WebKit 0.2-0.3 s in a row with
// them); Pyodide's instantiateStreaming of it then instantiates that module, as often as it boots.
let compiled = null;   // {url, module: Promise<WebAssembly.Module>, t, from: "page" | "worker"}
const compileWasm = (url) => WebAssembly.compileStreaming(checkedFetch(url));

// On a repeat visit the page itself (assets/calc/early.js) fetches and compiles the wasm while it
// is still being parsed (in WebKit a worker's own requests wait for the page's parser), and posts
// the module here (MSG.WASM: {module}, or null if it could not: this worker compiles it then).
let gotPageWasm;
const pageWasm = new Promise((resolve) => { gotPageWasm = resolve; });
const realInstantiate = WebAssembly.instantiate;
for (const name of ["instantiateStreaming", "instantiate", "compileStreaming", "compile"]) {
  const real = WebAssembly[name];
  if (typeof real !== "function") continue;
  WebAssembly[name] = function (...args) {
    const t = performance.now();
    const own = compiled && name === "instantiateStreaming";
    const work = own ? compiled.module.then((module) => realInstantiate.call(WebAssembly, module, args[1])
      .then((instance) => ({ instance, module }))) : real.apply(this, args);
    return work.then((out) => {
      if (!compiled && !(args[0] instanceof Uint8Array && args[0].byteLength < 4096)) wasmMs = performance.now() - t;
      return out;
    }, (err) => {
      // Pyodide probes one optional wasm feature with compile() and expects a CompileError on
      // browsers without it; only a failure of the big module is fatal.
      const small = args[0] instanceof Uint8Array && args[0].byteLength < 4096;
      // while a snapshot is restored, a failure falls back to the normal boot (snapshotAbort)
      if (!small && snapshotAbort) snapshotAbort(err);
      else if (!small) failure(`pyodide.asm.wasm: ${err && err.message ? err.message : err}`, "wasm");
      throw err;
    });
  };
}

// ---- memory snapshot: repeat visits skip the interpreter's start ------------------------------
// The first boot in a browser is made with Pyodide's private `_makeSnapshot` option; once calc.api
// is imported, and BEFORE any reader's input is computed (the snapshot never holds what a reader
// typed), the wasm memory is copied (`makeMemorySnapshot`, ~30 ms) and, when the worker is idle,
// kept in this browser's IndexedDB under the Pyodide + calc build it belongs to.
// Later visits restore it (`_loadSnapshot`) instead of starting Python (seconds on a phone). The
// snapshot holds wasm memory only, so calc's archive is kept beside it and written back (lazily
// imported calculators are read from it). Any doubt — another build, a checksum or length error,
// storage refused or full, a restore that throws or never finished last time — drops the snapshot
// and boots as before. Private API: tests/test_bytecode.py fails if the Pyodide pin changes it.
const SNAPSHOT_DB = "calc-engine";
const SNAPSHOT_FORMAT = 2;   // bump when what the snapshot holds changes
let snapshotAbort = null;
let wasmMs = 0;   // fetch + compile of pyodide.asm.wasm (streamed), for the stages

function idb(mode, fn) {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open(SNAPSHOT_DB, SNAPSHOT_FORMAT);
    open.onupgradeneeded = () => {
      for (const name of Array.from(open.result.objectStoreNames)) open.result.deleteObjectStore(name);
      open.result.createObjectStore("snapshot");
    };
    open.onblocked = () => reject(new Error("blocked"));
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      let out;
      try {
        const tx = db.transaction("snapshot", mode);
        out = fn(tx.objectStore("snapshot"));
        tx.oncomplete = () => { db.close(); resolve(out ? out.result : undefined); };
        tx.onabort = tx.onerror = () => { db.close(); reject(tx.error || new Error("aborted")); };
      } catch (err) { db.close(); reject(err); }
    };
  });
}

const dropSnapshot = () => idb("readwrite", (s) => s.clear()).catch(() => {});
const markRestoring = (on) => idb("readwrite", (s) => (on ? s.put(true, "restoring") : s.delete("restoring")))
  .catch(() => {});

// {rec} to restore, or {why} not
async function readSnapshot(key) {
  const [rec, restoring] = await idb("readonly", (s) => {
    const a = s.get("engine"), b = s.get("restoring");
    return { get result() { return [a.result, b.result]; } };
  });
  if (!rec) return { why: "none stored" };
  if (rec.key !== key || restoring) {
    await dropSnapshot();
    return { why: rec.key !== key ? "another build's dropped" : "unfinished restore's dropped" };
  }
  markRestoring(true);   // if this restore hangs or crashes the tab, the next visit boots normally
  return { rec };
}

// A Fletcher-style sum over 32-bit words: any truncated, zeroed or altered part of the stored
// bytes changes it (storage faults, not an adversary: the snapshot never leaves this browser).
function checksum(bytes) {
  const w = new Int32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength >> 2);
  let a = 1, b = 0;
  for (let i = 0; i < w.length; i++) { a = (a + w[i]) | 0; b = (b + a) | 0; }
  for (let i = w.length * 4; i < bytes.byteLength; i++) { a = (a + bytes[i]) | 0; b = (b + a) | 0; }
  return `${bytes.byteLength}:${a >>> 0}:${b >>> 0}`;
}

// Two thirds of the wasm memory are zero pages: only the others are kept (13 of 31 MB; a gzip
// copy is smaller but its inflate costs more than reading these), with their page numbers.
const PAGE = 4096;

// The calc archive in the file system (the snapshot holds wasm memory, not the file system):
// written back from JS on restore, for the calculators calc.api imports lazily.
const archiveFiles = (pyodide) => [[CALC_ARCHIVE, pyodide.FS.readFile(CALC_ARCHIVE)]];

const filesSum = (files) => files.map(([path, bytes]) => `${path}=${checksum(bytes)}`).join(",");

// Byte for byte the archive the snapshot's zipimport read its directory from (the key names the
// build), so nothing in Python needs to know it was written again.
function writeFiles(pyodide, files) {
  for (const [path, bytes] of files) pyodide.FS.writeFile(path, new Uint8Array(bytes));
}

function sparse(bytes) {
  const n = Math.ceil(bytes.byteLength / PAGE);
  const words = new Int32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength >> 2);
  const pages = [];
  for (let p = 0; p < n; p++) {
    for (let i = p * (PAGE >> 2), end = Math.min(words.length, i + (PAGE >> 2)); i < end; i++) {
      if (words[i] !== 0) { pages.push(p); break; }
    }
  }
  const data = new Uint8Array(pages.length * PAGE);
  pages.forEach((p, k) => data.set(bytes.subarray(p * PAGE, Math.min(bytes.byteLength, (p + 1) * PAGE)), k * PAGE));
  const index = Uint32Array.from(pages);
  return { size: bytes.byteLength, index: index.buffer, data: data.buffer,
           sum: checksum(data) + checksum(new Uint8Array(index.buffer)) };
}

function restored(rec) {
  const data = new Uint8Array(rec.data), index = new Uint32Array(rec.index);
  if (checksum(data) + checksum(new Uint8Array(rec.index)) !== rec.sum || data.byteLength !== index.length * PAGE
      || filesSum(rec.files) !== rec.filesSum) {
    throw new Error("snapshot: checksum mismatch");
  }
  const bytes = new Uint8Array(rec.size);
  index.forEach((p, k) => {
    if ((p + 1) * PAGE > rec.size + PAGE) throw new Error("snapshot: page out of range");
    bytes.set(data.subarray(k * PAGE, k * PAGE + Math.min(PAGE, rec.size - p * PAGE)), p * PAGE);
  });
  return bytes;
}

async function storeSnapshot(key, bytes, files) {
  const rec = { key, made: Date.now(), files, filesSum: filesSum(files), ...sparse(bytes) };
  await idb("readwrite", (s) => { s.delete("restoring"); s.put(rec, "engine"); });
}

const canSnapshot = () => typeof indexedDB !== "undefined";

async function init({ indexURL, wheelURL, expect, calcs, wasm }) {
  const t0 = performance.now();
  try {
    postMessage({ type: MSG.PROGRESS, stage: "Python を読み込み中・初回は約6MB" });
    // The calc wheel (a few tens of KB) downloads while Pyodide boots.
    const wheel = fetch(wheelURL).then((r) => {
      if (!r.ok) throw new Error(`calc wheel: HTTP ${r.status}`);
      return r.arrayBuffer();
    });
    wheel.catch(() => {});  // reported at once by the fetch wrapper, and below
    if (typeof WebAssembly.compileStreaming === "function") {
      const url = `${indexURL}pyodide.asm.wasm`;
      compiled = { url, from: "worker", t: performance.now(), module: null };
      const fromPage = (m) => {
        if (!m) return compileWasm(url);
        compiled.from = "page";
        return m;
      };
      compiled.module = wasm ? pageWasm.then(fromPage) : compileWasm(url);
      compiled.module.then(() => { wasmMs = performance.now() - compiled.t; }, () => {});   // failures: the wrappers
    }
    const key = `${SNAPSHOT_FORMAT} ${indexURL} ${wheelURL}`;
    const stages = {};
    const stored = canSnapshot() ? readSnapshot(key).catch((err) => ({ why: `storage: ${err && err.name}` }))
      : Promise.resolve({ why: "no IndexedDB" });
    stored.then(() => { stages.read = performance.now() - t0; });
    const { loadPyodide } = await import(`${indexURL}pyodide.mjs`);
    stages.loader = performance.now() - t0;
    // The standard library as bytecode, built for this calc (overrides/hooks/bytecode.py), beside the wheel.
    const stdLibURL = new URL("python_stdlib.zip", wheelURL).href;
    const options = { indexURL, stdLibURL, stdout: () => {}, stderr: () => {} };
    // When the page expects a snapshot, Pyodide starts loading its script and wasm while the
    // snapshot is read and checked (a promise for `_loadSnapshot`); otherwise the read comes first,
    // so a first visit never starts Pyodide twice.
    const bytes = stored.then(({ rec, why }) => {
      if (!rec) throw Object.assign(new Error(why), { why });
      const t = performance.now();
      const out = restored(rec);
      stages.verify = performance.now() - t;
      return out;
    });
    bytes.catch(() => {});
    if (!expect) await stored;
    let pyodide = null;
    let snapshot = "restored";
    let t = performance.now();
    try {
      const aborted = new Promise((resolve, reject) => { snapshotAbort = reject; });
      if (!expect) await bytes;
      pyodide = await Promise.race([loadPyodide({ ...options, _loadSnapshot: bytes }), aborted]);
      snapshotAbort = null;
      if (failed) return;
      stages.restore = performance.now() - t;
      t = performance.now();
      writeFiles(pyodide, (await stored).rec.files);
      pyodide.pyimport("calc.api");
      markRestoring(false);
    } catch (err) {
      if (failed) return;
      snapshotAbort = null;
      pyodide = null;
      if (err && err.why) snapshot = canSnapshot() ? `made (${err.why})` : "unsupported";
      else {
        snapshot = `fallback: ${String(err && err.message ? err.message : err).slice(0, 120)}`;
        dropSnapshot();
      }
      t = performance.now();
    }
    let made = null, make = false;
    if (!pyodide) {
      // after a failed restore too: the new snapshot replaces the bad one
      make = canSnapshot();
      pyodide = await loadPyodide({ ...options, _makeSnapshot: make });
      if (failed) return;
      stages.pyodide = performance.now() - t;
      postMessage({ type: MSG.PROGRESS, stage: "計算式を読み込み中" });
      t = performance.now();
      mountWheel(pyodide, await wheel);
    }
    stages.wheel = performance.now() - t;
    t = performance.now();
    runJson = pyodide.pyimport("calc.api").run_json;
    stages.importCalc = performance.now() - t;
    if (make) {
      t = performance.now();
      try {
        importCalculators(pyodide, calcs);
        stages.importPage = performance.now() - t;
        t = performance.now();
        made = pyodide.makeMemorySnapshot();
      } catch (err) { made = null; snapshot += `, not made: ${err && err.message}`; }
      stages.makeSnapshot = performance.now() - t;
    }
    stages.snapshot = snapshot;
    stages.wasm = wasmMs;
    stages.wasmFrom = compiled ? compiled.from : "pyodide";
    if (stages.read === undefined) stages.read = performance.now() - t0;
    postMessage({ type: MSG.READY, bootMs: performance.now() - t0, stages });
    while (queue.length) run(queue.shift());
    if (made) {
      // after the first results are out
      setTimeout(() => {
        Promise.resolve().then(() => storeSnapshot(key, made, archiveFiles(pyodide)))
          .then(() => postMessage({ type: MSG.STORED }), () => dropSnapshot())
          .finally(() => { made = null; });
      }, 50);
    }
  } catch (err) {
    const message = String(err && err.message ? err.message : err);
    // a module that could not be downloaded (import() has no response to look at)
    failure(message, /Failed to fetch|NetworkError|Importing a module script failed|error loading dynamically imported module/i.test(message) ? networkCause() : "boot");
  }
}

// calc is imported straight from its wheel (a zip of .pyc) on sys.path, by Python's zipimport:
// nothing is unpacked (unpacking it with Pyodide's unpackArchive cost 0.3-0.4 s in WebKit, and
// pulled shutil and zipfile into the standard library the site ships). The same steps run in the
// build's trace (scripts/pyodide_py_compile.mjs) and in tests/pyodide_shipped.mjs.
const CALC_ARCHIVE = "/lib/calc.whl";

function mountWheel(pyodide, wheel) {
  pyodide.FS.writeFile(CALC_ARCHIVE, new Uint8Array(wheel));
  pyodide.runPython(`import sys\nsys.path.insert(0, "${CALC_ARCHIVE}")`);
}

// The page's own calculators, imported into the snapshot: calc.api imports each calculator when
// it is first asked for, and after a restore that first import ran in cold wasm on the reader's
// first result (in WebKit 0.15-0.2 s of it). A first visit pays the same import here, before READY,
// instead of in its first result. Names only (never an input); an unknown one is left to run().
const CALC_ID = /^[a-z0-9_]{1,40}$/;

function importCalculators(pyodide, calcs) {
  const ids = (Array.isArray(calcs) ? calcs : []).filter((c) => typeof c === "string" && CALC_ID.test(c)).slice(0, 20);
  if (!ids.length) return;
  pyodide.runPython(`def _page(ids):
    from calc.calculators import get
    for c in ids:
        try:
            get(c)
        except Exception:
            pass
_page(${JSON.stringify(ids)})
del _page`);
}

function run(m) {
  if (!runJson) { queue.push(m); return; }
  const t0 = performance.now();
  let out;
  try {
    out = JSON.parse(runJson(m.calc, JSON.stringify(m.inputs)));
  } catch (err) {
    out = { ok: false, errors: { _: "計算できませんでした。ページを再読み込みしてください。" } };
    console.warn(err);
  }
  postMessage({ type: MSG.RESULT, id: m.id, out, ms: performance.now() - t0 });
}

self.onmessage = (e) => {
  const m = e.data;
  if (m.type === MSG.INIT) init(m);
  else if (m.type === MSG.RUN) run(m);
  else if (m.type === MSG.WASM) gotPageWasm(m.module instanceof WebAssembly.Module ? m.module : null);
};
