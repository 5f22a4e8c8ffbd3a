// Inlined into the <head> of every calculator page (overrides/hooks/calculators.py), the same text
// on every page (its CSP hash is one), its parameters on its own tag. A classic script, so it runs
// while the page is still being parsed, long before the runtime's module (Chromium ran that module
// 0.3-0.6 s after navigation on a repeat visit, behind the page's own parsing and layout).
//
// Only when this browser keeps a snapshot of this very engine (runtime.js marks that in
// localStorage once the worker says STORED) does it start the worker here, told to expect the
// snapshot; runtime.js adopts it, with whatever it said meanwhile (window.__calcEarly). Otherwise
// it does nothing, and a first visit starts the engine after its first render, as before.
// The worker is made as runtime.js makes it (a blob: module importing worker.js, so the page's
// CSP governs it); tests/test_js.py checks the message type and the mark against runtime.js, and
// tests/e2e/test_snapshot.py that a marked page is served by this worker.
(() => {
  const me = document.currentScript;
  try {
    const abs = (path) => new URL(path, document.baseURI).href;
    const indexURL = abs(me.dataset.index), wheelURL = abs(me.dataset.wheel);
    const key = `${indexURL} ${wheelURL}`;
    if (localStorage.getItem("calc-engine:snapshot") !== key) return;
    const started = performance.now();
    const blobURL = URL.createObjectURL(new Blob([`import ${JSON.stringify(abs(me.dataset.worker))};\n`],
                                                 { type: "text/javascript" }));
    const worker = new Worker(blobURL, { type: "module", name: "calc-engine" });
    setTimeout(() => URL.revokeObjectURL(blobURL), 10000);
    const heard = [];   // [kind, event] until runtime.js takes over
    worker.onmessage = (e) => heard.push(["message", e]);
    worker.onerror = (e) => { e.preventDefault(); heard.push(["error", e]); };
    // the wasm, fetched and compiled here at once: a worker's own requests wait for the page's
    // parser in WebKit (0.2-0.4 s); the module is posted to it (MSG.WASM), or null on any failure
    const wasm = typeof WebAssembly.compileStreaming === "function"
      ? WebAssembly.compileStreaming(fetch(`${indexURL}pyodide.asm.wasm`)) : null;
    worker.postMessage({ type: "init", indexURL, wheelURL, expect: true,   // MSG.INIT (contracts.js)
                         calcs: (me.dataset.calcs || "").split(" ").filter(Boolean), wasm: !!wasm });
    const post = (module) => {
      try { worker.postMessage({ type: "wasm", module }); }   // MSG.WASM
      catch { worker.postMessage({ type: "wasm", module: null }); }   // a module that cannot be posted
    };
    if (wasm) wasm.then(post, () => post(null));
    window.__calcEarly = { key, worker, started, heard };
  } catch { /* storage refused, no Worker: runtime.js starts the engine itself */ }
})();
