// ESLint (flat config) over every JS file the site ships and the Node scripts and tests:
//   node_modules/.bin/eslint .      (tests/test_js.py runs it, with `node --check` and `node --test`)
// eslint:recommended only: it finds mistakes (undefined names, unused variables, unreachable code),
// not style. Each file gets the globals of where it runs.
import js from "@eslint/js";
import globals from "globals";

export default [
  { ignores: ["node_modules/", ".venv/", ".cache/", "site/", "build/", "dist/", "bench-results/", "test-results/"] },
  js.configs.recommended,
  { linterOptions: { reportUnusedDisableDirectives: "error" } },
  {   // the page's modules: runtime.js, its extensions, contracts.js
    files: ["overrides/assets/calc/*.js"],
    languageOptions: { sourceType: "module", globals: globals.browser },
  },
  {   // the calculators' engine: a module Web Worker
    files: ["overrides/assets/calc/worker.js"],
    languageOptions: { sourceType: "module", globals: globals.worker },
  },
  {   // site search: a classic Web Worker started by Material; MiniSearch comes from importScripts,
      // and its own `escape` (HTML) deliberately replaces the deprecated global one
    files: ["overrides/assets/search/worker.js"],
    languageOptions: { sourceType: "script", globals: { ...globals.worker, MiniSearch: "readonly" } },
    rules: { "no-redeclare": ["error", { builtinGlobals: false }] },
  },
  {   // the offline service worker, and the classic script that registers it
    files: ["overrides/sw.js"],
    languageOptions: { sourceType: "script", globals: globals.serviceworker },
  },
  {   // ...the page's own record of its problems (errors.js, first in <head>), and the engine's
      // early start (inlined into calculator pages' <head> by overrides/hooks/calculators.py)
    files: ["overrides/assets/sw/register.js", "overrides/assets/errors.js", "overrides/assets/calc/early.js"],
    languageOptions: { sourceType: "script", globals: globals.browser },
  },
  {   // Node: the build's scripts and the tests' helpers and tests
    files: ["**/*.mjs"],
    languageOptions: { sourceType: "module", globals: globals.node },
  },
];
