// Names the page (runtime.js), the engine's worker (worker.js) and the tests share. A module with
// no side effects: both the page and the worker import it (the worker from its blob: start module,
// under the page's CSP: script-src 'self'), and tests/test_js.py runs it under Node.

// The messages between runtime.js and worker.js. In: INIT {indexURL, wheelURL, expect, calcs, wasm},
// RUN {id, calc, inputs}, WASM {module} (from early.js: the wasm it compiled, or null).
// Out: PROGRESS {stage}, READY {bootMs, stages} (stages: ms per boot step, and `snapshot`:
// "restored" | "made (<why none was restored>)" | "fallback: <why>"), ERROR {message, cause},
// RESULT {id, out, ms}, CSP {text} (a CSP violation inside the worker, for the page's record),
// STORED {} (a snapshot of this build is now kept in this browser: the next page starts at once).
export const MSG = Object.freeze({
  INIT: "init",
  RUN: "run",
  PROGRESS: "progress",
  READY: "ready",
  ERROR: "error",
  RESULT: "result",
  CSP: "csp",
  STORED: "stored",
  WASM: "wasm",
});

// The id of a calculator's input: calc-<calc>-<field>, or calc-<calc>-<field>-<row>-<col> for a cell
// of a rows table (its error paragraph is the same id + "-err"). The form is rendered with the same
// function in Python (field_id in overrides/hooks/calculators.py); tests/test_js.py checks they agree.
export function fieldId(calcId, field, row, col) {
  return row === undefined ? `calc-${calcId}-${field}` : `calc-${calcId}-${field}-${row}-${col}`;
}
