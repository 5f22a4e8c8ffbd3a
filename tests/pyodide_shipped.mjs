// Runs calculators the way the browser worker does, on the archives the site ships: Pyodide from
// node_modules, the standard library from the shipped bytecode zip (stdLibURL), the calc archive
// unpacked into site-packages. Used by tests/test_bytecode.py.
//
//   node tests/pyodide_shipped.mjs JOB.json   with {"pyodide", "stdlib", "wheel", "requests": [[id, raw], …]}
// Prints one JSON line: {"outputs": [...], "origins": {...}}.
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const job = JSON.parse(readFileSync(process.argv[2], "utf8"));
const indexURL = resolve(job.pyodide) + "/";
const { loadPyodide } = await import(pathToFileURL(join(indexURL, "pyodide.mjs")).href);
const py = await loadPyodide({ indexURL, stdLibURL: resolve(job.stdlib), stdout: () => {},
                               stderr: (s) => process.stderr.write(s + "\n") });
const sitePackages = py.runPython("import sysconfig; sysconfig.get_paths()['purelib']");
py.unpackArchive(new Uint8Array(readFileSync(job.wheel)), "wheel", { extractDir: sitePackages });
py.runPython("import importlib; importlib.invalidate_caches()");
const runJson = py.pyimport("calc.api").run_json;
const outputs = job.requests.map(([calcId, raw]) => JSON.parse(runJson(calcId, JSON.stringify(raw))));
// Where every loaded module came from: the bytecode must be what ran.
const origins = JSON.parse(py.runPython(`
import json, sys
json.dumps({name: getattr(m.__spec__, "origin", None) for name, m in list(sys.modules.items())
            if getattr(m, "__spec__", None) is not None})`));
console.log(JSON.stringify({ outputs, origins }));
