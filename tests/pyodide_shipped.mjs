// Runs calculators the way the browser worker does, on the archives the site ships: Pyodide from
// node_modules, the standard library from the shipped bytecode zip (stdLibURL), the calc archive
// written to /lib/calc.whl and imported from there (zipimport, sys.path). Used by tests/test_bytecode.py.
//
//   node tests/pyodide_shipped.mjs JOB.json   with {"pyodide", "stdlib", "wheel", "requests": [[id, raw], …]}
//   optional "snapshot": true (see below)
// Prints one JSON line: {"outputs": [...], "origins": {...}, "snapshotBytes"}.
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const job = JSON.parse(readFileSync(process.argv[2], "utf8"));
const indexURL = resolve(job.pyodide) + "/";
const { loadPyodide } = await import(pathToFileURL(join(indexURL, "pyodide.mjs")).href);
// "snapshot": true — the worker's repeat-visit path: a boot with the private `_makeSnapshot` option,
// calc.api imported, `makeMemorySnapshot()`, then a second interpreter restored from it with
// `_loadSnapshot` and the calc archive written back from JS (as worker.js does); the requests run
// in the restored one.
const options = { indexURL, stdLibURL: resolve(job.stdlib), stdout: () => {},
                  stderr: (s) => process.stderr.write(s + "\n") };
const CALC_ARCHIVE = "/lib/calc.whl";   // worker.js
const wheel = new Uint8Array(readFileSync(job.wheel));
let py = await loadPyodide({ ...options, _makeSnapshot: !!job.snapshot });
py.FS.writeFile(CALC_ARCHIVE, wheel);
py.runPython(`import sys\nsys.path.insert(0, "${CALC_ARCHIVE}")`);
py.pyimport("calc.api");
let snapshotBytes = 0;
if (job.snapshot) {
  const bytes = py.makeMemorySnapshot();
  snapshotBytes = bytes.byteLength;
  // the archive, read back from the file system and written into the restored one from JS
  const files = [[CALC_ARCHIVE, py.FS.readFile(CALC_ARCHIVE)]];
  py = await loadPyodide({ ...options, _loadSnapshot: bytes });
  for (const [path, data] of files) py.FS.writeFile(path, data);
}
const runJson = py.pyimport("calc.api").run_json;
const outputs = job.requests.map(([calcId, raw]) => JSON.parse(runJson(calcId, JSON.stringify(raw))));
// Where every loaded module came from: the bytecode must be what ran.
const origins = JSON.parse(py.runPython(`
import json, sys
json.dumps({name: getattr(m.__spec__, "origin", None) for name, m in list(sys.modules.items())
            if getattr(m, "__spec__", None) is not None})`));
console.log(JSON.stringify({ outputs, origins, snapshotBytes }));
