// Module Web Worker: runs Pyodide and the calc package off the main thread.
// It is started from a blob: module (see runtime.js) so that the page's Content-Security-Policy
// governs it: it may fetch and import only from this site and compile only wasm, never eval.
// Messages in:  {type:"init", indexURL, wheelURL} | {type:"run", id, calc, inputs}
// Messages out: {type:"progress", stage} | {type:"ready", bootMs, stages}
//               | {type:"error", message, cause} | {type:"result", id, out, ms} | {type:"csp", text}
let runJson = null;
// The page's record of problems (assets/errors.js) cannot see this worker's CSP violations: send them.
self.addEventListener("securitypolicyviolation", (e) => postMessage({
  type: "csp", text: `${e.effectiveDirective} blocked ${e.blockedURI || "inline"}` }));
let failed = false;
const queue = [];

// Fail fast: Pyodide's loader never settles when the wasm cannot be fetched or compiled, and only
// logs when the standard library cannot be fetched. Watch every fetch and wasm compile in this
// worker and report the first failure at once, with its cause, instead of waiting for a timeout.
function failure(message, cause) {
  if (failed || runJson) return;   // only the boot can fail this way
  failed = true;
  postMessage({ type: "error", message: String(message).slice(0, 300), cause });
}

function networkCause() {
  return self.navigator && navigator.onLine === false ? "offline" : "network";
}

function fileName(url) {
  try { return decodeURIComponent(new URL(url).pathname.split("/").pop()); } catch { return String(url); }
}

const realFetch = self.fetch.bind(self);
self.fetch = async (input, init) => {
  const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
  let r;
  try {
    r = await realFetch(input, init);
  } catch (err) {
    failure(`${fileName(url)}: ${err && err.message ? err.message : err}`, networkCause());
    throw err;
  }
  if (!r.ok) failure(`${fileName(url)}: HTTP ${r.status}`, "http");
  return r;
};

for (const name of ["instantiateStreaming", "instantiate", "compileStreaming", "compile"]) {
  const real = WebAssembly[name];
  if (typeof real !== "function") continue;
  WebAssembly[name] = function (...args) {
    return real.apply(this, args).catch((err) => {
      // Pyodide probes one optional wasm feature with compile() and expects a CompileError on
      // browsers without it; only a failure of the big module is fatal.
      const small = args[0] instanceof Uint8Array && args[0].byteLength < 4096;
      if (!small) failure(`pyodide.asm.wasm: ${err && err.message ? err.message : err}`, "wasm");
      throw err;
    });
  };
}

async function init({ indexURL, wheelURL }) {
  const t0 = performance.now();
  try {
    postMessage({ type: "progress", stage: "Python を読み込み中・初回は約6MB" });
    // The calc wheel (a few tens of KB) downloads while Pyodide boots.
    const wheel = fetch(wheelURL).then((r) => {
      if (!r.ok) throw new Error(`calc wheel: HTTP ${r.status}`);
      return r.arrayBuffer();
    });
    wheel.catch(() => {});  // reported at once by the fetch wrapper, and below
    const { loadPyodide } = await import(`${indexURL}pyodide.mjs`);
    const t1 = performance.now();
    // The standard library as bytecode, built for this calc (overrides/hooks/bytecode.py), beside the wheel.
    const stdLibURL = new URL("python_stdlib.zip", wheelURL).href;
    const pyodide = await loadPyodide({ indexURL, stdLibURL, stdout: () => {}, stderr: () => {} });
    const t2 = performance.now();
    if (failed) return;
    postMessage({ type: "progress", stage: "計算式を読み込み中" });
    const sitePackages = pyodide.runPython("import sysconfig; sysconfig.get_paths()['purelib']");
    pyodide.unpackArchive(await wheel, "wheel", { extractDir: sitePackages });
    pyodide.runPython("import importlib; importlib.invalidate_caches()");
    const t3 = performance.now();
    runJson = pyodide.pyimport("calc.api").run_json;
    const t4 = performance.now();
    postMessage({ type: "ready", bootMs: t4 - t0,
                  stages: { loader: t1 - t0, pyodide: t2 - t1, wheel: t3 - t2, importCalc: t4 - t3 } });
    while (queue.length) run(queue.shift());
  } catch (err) {
    const message = String(err && err.message ? err.message : err);
    // a module that could not be downloaded (import() has no response to look at)
    failure(message, /Failed to fetch|NetworkError|Importing a module script failed|error loading dynamically imported module/i.test(message) ? networkCause() : "boot");
  }
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
  postMessage({ type: "result", id: m.id, out, ms: performance.now() - t0 });
}

self.onmessage = (e) => {
  const m = e.data;
  if (m.type === "init") init(m);
  else if (m.type === "run") run(m);
};
