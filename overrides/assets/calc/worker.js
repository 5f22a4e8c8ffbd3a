// Module Web Worker: runs Pyodide and the calc package off the main thread.
// Messages in:  {type:"init", indexURL, wheelURL} | {type:"run", id, calc, inputs}
// Messages out: {type:"progress", stage} | {type:"ready", bootMs} | {type:"error", message}
//               | {type:"result", id, out, ms}
let runJson = null;
const queue = [];

async function init({ indexURL, wheelURL }) {
  const t0 = performance.now();
  try {
    postMessage({ type: "progress", stage: "Python を読み込み中・初回は約6MB" });
    // The calc wheel (a few tens of KB) downloads while Pyodide boots.
    const wheel = fetch(wheelURL).then((r) => {
      if (!r.ok) throw new Error(`calc wheel: HTTP ${r.status}`);
      return r.arrayBuffer();
    });
    wheel.catch(() => {});  // reported below, once Pyodide is up
    const { loadPyodide } = await import(`${indexURL}pyodide.mjs`);
    const t1 = performance.now();
    // The standard library as bytecode, built for this calc (overrides/hooks/bytecode.py), beside the wheel.
    const stdLibURL = new URL("python_stdlib.zip", wheelURL).href;
    const pyodide = await loadPyodide({ indexURL, stdLibURL, stdout: () => {}, stderr: () => {} });
    const t2 = performance.now();
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
    postMessage({ type: "error", message: String(err && err.message ? err.message : err).slice(0, 300) });
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
