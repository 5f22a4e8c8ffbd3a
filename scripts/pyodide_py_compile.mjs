// Compile zips/wheels of Python sources to sourceless .pyc with Pyodide's own interpreter, under
// Node (what `pyodide py-compile` does with a host CPython of the same version, which a build
// machine rarely has). Offline: Pyodide loads from the local npm package.
//
//   node scripts/pyodide_py_compile.mjs JOB.json
//
// JOB.json: {"pyodide": "<dir of the npm package>",
//            "trace": null | {"wheel": "calc-….whl", "requests": [[calc_id, raw_inputs], …]},
//            "jobs": [{"in": "a.zip", "out": "b.zip", "keep": null | "trace" | ["name.py", …]}, …]}
// trace: repeat the browser worker's loading steps (wheel written to /lib/calc.whl and put on
//   sys.path, calc.api imported), run every request, and record which files of the standard-library zip were
//   loaded; a job with keep "trace" then keeps only those files.
// Prints one JSON line: {"python", "magic", "traced": [...], "requests", "jobs": [{"out", "entries"}]}.
import { readFileSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const job = JSON.parse(readFileSync(process.argv[2], "utf8"));
const indexURL = resolve(job.pyodide) + "/";
const { loadPyodide } = await import(pathToFileURL(join(indexURL, "pyodide.mjs")).href);
const py = await loadPyodide({ indexURL, stdout: () => {}, stderr: (s) => process.stderr.write(s + "\n") });
const report = { python: "", magic: "", traced: null, requests: 0, jobs: [] };

if (job.trace) {
  // The worker's steps (overrides/assets/calc/worker.js), then every calculator.
  py.FS.writeFile("/lib/calc.whl", new Uint8Array(readFileSync(job.trace.wheel)));
  py.runPython('import sys\nsys.path.insert(0, "/lib/calc.whl")');
  const runJson = py.pyimport("calc.api").run_json;
  for (const [calcId, raw] of job.trace.requests) {
    const out = JSON.parse(runJson(calcId, JSON.stringify(raw)));
    if (out.internal_error) throw new Error(`${calcId}: ${out.internal_error}`);
    report.requests++;
  }
  report.traced = py.runPython(`
import sys
_zip = "/lib/python%d%d.zip/" % sys.version_info[:2]
sorted({m.__spec__.origin[len(_zip):] for m in list(sys.modules.values())
        if getattr(m, "__spec__", None) is not None and (m.__spec__.origin or "").startswith(_zip)})
`).toJs();
}

py.FS.writeFile("/tmp/py_compile_archive.py", readFileSync(join(here, "py_compile_archive.py")));
py.runPython("import sys; sys.path.insert(0, '/tmp')");
for (const j of job.jobs) {
  py.FS.writeFile("/tmp/in.zip", readFileSync(j.in));
  const keep = j.keep === "trace" ? report.traced : j.keep;
  if (j.keep === "trace" && !keep) throw new Error("keep: 'trace' needs a trace");
  py.globals.set("keep", keep ? py.toPy(keep) : undefined);  // undefined -> None: keep everything
  const entries = py.runPython(`
import py_compile_archive, zipfile
with open('/tmp/in.zip', 'rb') as f:
    data = py_compile_archive.compile_archive(f.read(), keep)
with open('/tmp/out.zip', 'wb') as f:
    f.write(data)
len(zipfile.ZipFile('/tmp/out.zip').namelist())`);
  writeFileSync(j.out, py.FS.readFile("/tmp/out.zip"));
  report.jobs.push({ out: basename(j.out), entries });
}
[report.python, report.magic] = py.runPython(
  "import platform, importlib.util; [platform.python_version(), importlib.util.MAGIC_NUMBER.hex()]").toJs();
console.log(JSON.stringify(report));
