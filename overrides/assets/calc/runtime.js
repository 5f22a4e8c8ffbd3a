// Calculator runtime: loaded only on pages that embed a calculator.
//
// - One engine per browser tab: Pyodide runs in a module Web Worker started from a blob: module,
//   so the page's Content-Security-Policy governs it. The worker is started as soon as this module
//   runs (the page loads it from <head>), and it survives moving between pages when the site swaps
//   pages in place (Material's instant navigation re-runs nothing; we re-bind forms on `document$`,
//   or once on DOMContentLoaded where that observable does not exist).
// - Inputs live in the URL fragment (#<calc>.<field>=…), which browsers never send to a server, and
//   in this tab's sessionStorage so an anchor click or a reload never loses them. Every fragment is
//   read against the calculator's own declaration (the form): unknown keys are ignored, row indexes
//   are clipped to the table's maximum, and no selector is ever built from the fragment's text.
// - Every computation has a watchdog: a result that does not come back in time greys the result,
//   says so, and offers a restart that keeps the inputs. Engine download failures arrive at once
//   (the worker watches its own fetches), not after a timeout.
import { MSG, fieldId } from "./contracts.js";

const MODULE_URL = new URL(import.meta.url);
const VERSION = MODULE_URL.searchParams.get("v") || "";
const SITE_ROOT = new URL("../../", import.meta.url);
const PYODIDE_VERSION = MODULE_URL.searchParams.get("pyodide") || "";   // the build's pin (package-lock.json)
const LOAD_TIMEOUT_MS = 45000;   // a slow connection is not an error until this long
const RUN_TIMEOUT_MS = 3000;     // one computation; raised automatically for slow devices
const DEBOUNCE_MS = 200;     // typing; a choice or a checkbox recomputes at once
const MAX_VALUE_CHARS = 2000;    // a single field value read from a link
const START_AT_LATEST_MS = 3000; // the engine waits for the page's first render, at most this long
const STORE_PREFIX = "calc-inputs:";
// Set once the engine's worker has kept a snapshot of this build (worker.js): a page that finds it
// starts the engine at once instead of after its first render. Restoring is a few hundred ms of
// the worker's own time, not the seconds of a first start, and it is what the reader waits for.
// Holds the build's engine URLs, nothing typed; a stale value costs nothing but the early start.
const SNAPSHOT_FLAG = "calc-engine:snapshot";

// ---- the engine (one per tab) -------------------------------------------------------------------
class Engine {
  constructor() {
    this.worker = null;
    this.state = "idle";          // idle | loading | ready | failed | stalled
    this.seq = 0;
    this.pending = new Map();
    this.listeners = new Set();
    this.wheel = null;
    this.waiting = false;         // start() called, spawn after the first render
    this.slowestMs = 0;
  }

  on(fn) { this.listeners.add(fn); }

  notify(state, detail = {}) {
    this.state = state;
    for (const fn of this.listeners) fn(state, detail);
  }

  // The worker is spawned once the page has loaded and painted its first content: its module
  // fetches and the WebAssembly compile would otherwise compete with the page's first render and
  // the theme's start-up for the CPU (phones have few cores), so the reader sees the guide and
  // the worked example first; the engine's files download while they read.
  start(wheel) {
    if (this.worker || this.waiting || !wheel) return;
    this.wheel = wheel;
    if (snapshotFlag() === this.urls().key) { this.spawn(); return; }
    this.waiting = true;
    afterFirstRender(() => {
      this.waiting = false;
      if (!this.worker && this.state === "idle") this.spawn();
    });
  }

  urls() {
    const indexURL = new URL(`assets/pyodide/${PYODIDE_VERSION}/`, SITE_ROOT).href;
    const wheelURL = new URL(this.wheel, SITE_ROOT).href;
    return { indexURL, wheelURL, key: `${indexURL} ${wheelURL}` };
  }

  spawn() {
    let started = performance.now();
    const workerURL = new URL(`./worker.js?v=${VERSION}`, import.meta.url).href;
    const urls = this.urls();
    // started already by the page's inline early start (assets/calc/early.js), for this engine
    const early = window.__calcEarly && window.__calcEarly.key === urls.key ? window.__calcEarly : null;
    window.__calcEarly = null;
    let worker;
    if (early) ({ worker, started } = early);
    else try {
      // A worker loaded from a URL gets no policy from a <meta> CSP; a blob: worker inherits the
      // page's policy (CSP3), so the engine cannot reach another origin or eval strings.
      const blobURL = URL.createObjectURL(new Blob([`import ${JSON.stringify(workerURL)};\n`],
                                                   { type: "text/javascript" }));
      worker = new Worker(blobURL, { type: "module", name: "calc-engine" });
      setTimeout(() => URL.revokeObjectURL(blobURL), 10000);
    } catch (err) {
      this.fail(`この端末のブラウザでは計算エンジンを起動できませんでした（${err}）。`, "unsupported");
      return;
    }
    this.worker = worker;
    this.notify("loading", { stage: "起動中" });
    this.bootTimer = setTimeout(() => {
      if (this.worker === worker && this.state === "loading") {
        this.fail("計算エンジンの読み込みに時間がかかりすぎています。通信状況を確かめてください。", "timeout");
      }
    }, LOAD_TIMEOUT_MS);
    let heard = false;
    worker.onmessage = (e) => {
      if (this.worker !== worker) return;
      heard = true;
      const m = e.data;
      if (m.type === MSG.PROGRESS) this.notify("loading", m);
      else if (m.type === MSG.CSP) window.__siteErrors?.push(`CSP violation in the engine: ${m.text}`);
      else if (m.type === MSG.STORED) snapshotFlag(urls.key);
      else if (m.type === MSG.READY) {
        clearTimeout(this.bootTimer);
        window.__calcEngine = { readyMs: performance.now() - started, spawnedAt: started, early: !!early,
                                bootMs: m.bootMs, stages: m.stages };
        snapshotFlag(m.stages && m.stages.snapshot === "restored" ? urls.key : null);   // else until STORED
        this.notify("ready", m);
      } else if (m.type === MSG.ERROR) {
        this.fail(engineMessage(m), m.cause || "boot");
      } else if (m.type === MSG.RESULT) {
        const p = this.pending.get(m.id);
        if (!p) return;
        clearTimeout(p.timer);
        this.pending.delete(m.id);
        if (typeof m.ms === "number") this.slowestMs = Math.max(this.slowestMs, m.ms);
        p.resolve(m);
      }
    };
    worker.onerror = (e) => {
      if (this.worker !== worker) return;
      e.preventDefault?.();
      const fail = (message, cause) => { if (this.worker === worker) this.fail(message, cause); };
      const failed = () => fail(`計算エンジンを起動できませんでした（${e.message || "worker error"}）。`, "worker");
      if (heard) { failed(); return; }
      // A worker that never spoke could not load its own script. Firefox does not route a blob:
      // worker's requests through the service worker, so offline it cannot start at all: say why.
      if (navigator.onLine === false) { fail(engineMessage({ cause: "offline" }), "offline"); return; }
      fetch(workerURL, { cache: "no-store" }).then(failed, (err) =>
        fail(engineMessage({ cause: "network", message: `worker.js: ${err.message || err}` }), "network"));
    };
    if (early) {
      for (const [kind, e] of early.heard) (kind === "message" ? worker.onmessage : worker.onerror)(e);
      return;
    }
    // calcs: the calculators on this page, imported before a snapshot is made (worker.js)
    const calcs = [...document.querySelectorAll("section.calc[data-calc]")].map((r) => r.dataset.calc);
    worker.postMessage({ type: MSG.INIT, indexURL: urls.indexURL, wheelURL: urls.wheelURL,
                         expect: snapshotFlag() === urls.key, calcs });
  }

  // Any failure: stop the worker, answer every waiting computation, tell the calculators.
  fail(message, cause) {
    if (this.state === "failed" || this.state === "stalled") return;
    window.__siteErrors?.push(`calculator engine (${cause}): ${message}`);   // assets/errors.js
    clearTimeout(this.bootTimer);
    this.stop();
    this.notify(cause === "stalled" ? "stalled" : "failed", { message, cause });
  }

  stop() {
    if (this.worker) this.worker.terminate();
    this.worker = null;
    for (const p of this.pending.values()) { clearTimeout(p.timer); p.resolve({ type: MSG.RESULT, out: null }); }
    this.pending.clear();
  }

  restart() {
    this.stop();
    this.state = "idle";
    this.spawn();
  }

  run(calcId, inputs) {
    return new Promise((resolve) => {
      if (this.state !== "ready" || !this.worker) { resolve({ type: MSG.RESULT, out: null }); return; }
      const id = ++this.seq;
      const limit = Math.max(RUN_TIMEOUT_MS, this.slowestMs * 5);
      const timer = setTimeout(() => {
        if (this.pending.has(id)) this.fail("計算が止まりました。", "stalled");
      }, limit);
      this.pending.set(id, { resolve, timer });
      try {
        this.worker.postMessage({ type: MSG.RUN, id, calc: calcId, inputs });
      } catch (err) {
        this.fail(`計算エンジンに入力を渡せませんでした（${err}）。`, "worker");
      }
    });
  }
}

// Run `fn` once the page has loaded (the theme's scripts have run) and rendered a frame. A
// background tab renders nothing, and no reader waits on a page that is not shown: then load alone
// is enough. Never later than START_AT_LATEST_MS after this module runs. (Waiting for the reported
// first-contentful-paint instead was tried: headless Chromium reports it in ~1.2 s steps on a
// quiet page, which only delayed the engine.)
function afterFirstRender(fn) {
  let done = false;
  const go = () => { if (!done) { done = true; clearTimeout(cap); fn(); } };
  const cap = setTimeout(go, START_AT_LATEST_MS);
  const frame = () => {
    if (document.visibilityState === "hidden") go();
    else requestAnimationFrame(() => setTimeout(go, 0));
  };
  if (document.readyState === "complete") frame();
  else window.addEventListener("load", frame, { once: true });
}

// The snapshot flag in localStorage: read (no argument), set (a key) or cleared (null). Storage
// may be refused (private modes, blocked cookies): then there is no flag and no early start.
function snapshotFlag(value) {
  try {
    if (value === undefined) return localStorage.getItem(SNAPSHOT_FLAG);
    if (value === null) localStorage.removeItem(SNAPSHOT_FLAG);
    else localStorage.setItem(SNAPSHOT_FLAG, value);
  } catch { /* storage refused */ }
  return null;
}

function engineMessage(m) {
  if (m.cause === "offline") return "インターネットに接続されていないため、計算エンジンを読み込めませんでした。";
  if (m.cause === "network") return `通信エラーのため、計算エンジンを読み込めませんでした（${m.message}）。`;
  if (m.cause === "http") return `計算エンジンのファイルを読み込めませんでした（${m.message}）。`;
  if (m.cause === "wasm") return `この端末のブラウザで計算エンジンを準備できませんでした（${m.message}）。`;
  return `計算エンジンを読み込めませんでした（${m.message}）。`;
}

const engine = window.__calcEngineInstance || new Engine();
window.__calcEngineInstance = engine;

// ---- URL fragment: "#<calc>.<field>=value&<calc>.<rows>.<i>.<col>=value" -------------------------
// Other parts of the fragment (another calculator's inputs) are kept; a bare heading anchor
// ("#_3", left by a table-of-contents click) is dropped when inputs are written back.
function hashParams() {
  const raw = location.hash.replace(/^#/, "");
  const out = [];
  if (!raw) return out;
  for (const part of raw.split("&")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;                     // an anchor, not an input
    try {
      out.push([decodeURIComponent(part.slice(0, eq).replace(/\+/g, " ")),
                decodeURIComponent(part.slice(eq + 1).replace(/\+/g, " "))]);
    } catch { /* malformed escape: ignore that part */ }
  }
  return out;
}

function writeHash(calcId, values) {
  const params = new URLSearchParams();
  for (const [k, v] of hashParams()) if (!k.startsWith(`${calcId}.`)) params.append(k, v);
  if (values) for (const [k, v] of flatten(values)) params.append(`${calcId}.${k}`, v);
  const s = params.toString();
  const url = s ? `#${s}` : location.pathname + location.search;
  if (url === location.hash) return;
  // keep history.state: Material stores the scroll position there for back/forward
  history.replaceState(history.state, "", url);
}

function flatten(values) {
  const out = [];
  for (const [k, v] of Object.entries(values)) {
    if (Array.isArray(v)) v.forEach((row, i) => { for (const [c, cv] of Object.entries(row)) if (cv !== "") out.push([`${k}.${i}.${c}`, cv]); });
    else if (v !== "") out.push([k, v]);
  }
  return out;
}

function storeKey(calcId) {
  return `${STORE_PREFIX}${location.pathname}#${calcId}`;
}

function saveInputs(calcId, values) {
  try {
    if (values) sessionStorage.setItem(storeKey(calcId), JSON.stringify(values));
    else sessionStorage.removeItem(storeKey(calcId));
  } catch { /* storage disabled or full: the URL still holds the inputs */ }
}

function loadInputs(calcId) {
  try {
    const s = sessionStorage.getItem(storeKey(calcId));
    const v = s ? JSON.parse(s) : null;
    return v && typeof v === "object" && !Array.isArray(v) ? v : null;
  } catch { return null; }
}

// ---- one calculator on the page ------------------------------------------------------------------
class CalculatorUI {
  constructor(root) {
    this.root = root;
    this.id = root.dataset.calc;
    this.example = JSON.parse(root.querySelector("template.calc-example").content.textContent);
    this.status = root.querySelector(".calc-status");
    this.result = root.querySelector(".calc-result");
    this.body = root.querySelector(".calc-result-body");
    this.actions = root.querySelector(".calc-actions");
    this.exampleHTML = this.body.innerHTML;
    this.schema = this.readSchema();
    this.timer = null;
    this.lastSeq = 0;
    this.dirty = false;
    this.composing = false;
    this.touched = new Set();      // inputs the reader has typed in or left: their errors show
    this.undo = null;              // values before 「例に戻す」
    root.addEventListener("input", (e) => this.onInput(e));
    root.addEventListener("change", (e) => this.onInput(e));
    root.addEventListener("compositionstart", () => { this.composing = true; });
    root.addEventListener("compositionend", (e) => { this.composing = false; this.onInput(e); });
    root.addEventListener("focusout", (e) => this.onLeave(e));
    root.addEventListener("click", (e) => this.click(e));
    this.restore();
    this.applyShowIf();
  }

  // The calculator's declaration as rendered in the form: field names, row tables, their columns
  // and maximum rows. Fragments and stored inputs are read against this, never the other way round.
  readSchema() {
    const schema = new Map();
    for (const el of this.root.querySelectorAll(".calc-field[data-field]")) {
      const name = el.dataset.field;
      if (el.classList.contains("calc-rows")) {
        const tpl = el.querySelector("template.calc-row-template");
        const columns = new Set([...tpl.content.querySelectorAll("[name]")].map((i) => i.name.split(".").pop()));
        schema.set(name, { name, el, rows: true, columns, tbody: el.querySelector("tbody"),
                           max: Math.max(1, Number(el.dataset.maxRows) || 50) });
      } else {
        schema.set(name, { name, el, rows: false, input: el.querySelector("[name]") });
      }
    }
    return schema;
  }

  emptyValues() {
    const values = {};
    for (const f of this.schema.values()) values[f.name] = f.rows ? [] : "";
    return values;
  }

  // Inputs from the link first, else from this tab's storage (anchor clicks and reloads), else
  // the worked example already in the form.
  restore() {
    const fromHash = this.valuesFromPairs(hashParams());
    if (fromHash.clipped.size) {
      const n = Math.min(...fromHash.clipped.values());
      this.notice(`リンクの行数が多すぎるため、先頭の${n}行だけを読み込みました。`);
    }
    let values = fromHash.values;
    let source = "link";
    if (!values) {
      const stored = loadInputs(this.id);
      const checked = stored && this.valuesFromPairs(flatten(stored).map(([k, v]) => [`${this.id}.${k}`, String(v)]));
      if (checked && checked.values) { values = checked.values; source = "storage"; }
    }
    if (!values) return;
    this.setValues(values);
    // restored inputs are the reader's own: their problems show at once
    for (const inp of this.root.querySelectorAll(".calc-form [id][name]")) this.touched.add(inp.id);
    this.dirty = true;
    this.result.dataset.state = "stale";
    this.setStatus("wait", source === "link"
      ? "共有された入力を読み込みました。計算エンジンを準備しています…"
      : "前に入力した数字を戻しました。計算エンジンを準備しています…");
  }

  valuesFromPairs(pairs) {
    const prefix = `${this.id}.`;
    const values = this.emptyValues();
    const rows = new Map();
    const clipped = new Map();
    let any = false;
    for (const [key, raw] of pairs) {
      if (typeof key !== "string" || !key.startsWith(prefix)) continue;
      const v = String(raw);
      if (v.length > MAX_VALUE_CHARS) continue;
      const parts = key.slice(prefix.length).split(".");
      const f = this.schema.get(parts[0]);
      if (!f) continue;
      if (f.rows) {
        if (parts.length !== 3 || !f.columns.has(parts[2]) || !/^\d{1,7}$/.test(parts[1])) continue;
        const i = Number(parts[1]);
        if (i >= f.max) { clipped.set(f.name, f.max); continue; }
        if (!rows.has(f.name)) rows.set(f.name, new Map());
        const byIndex = rows.get(f.name);
        if (!byIndex.has(i)) byIndex.set(i, {});
        byIndex.get(i)[parts[2]] = v;
        any = true;
      } else if (parts.length === 1) {
        values[f.name] = v;
        any = true;
      }
    }
    for (const [name, byIndex] of rows) {
      const n = Math.max(...byIndex.keys()) + 1;
      values[name] = Array.from({ length: n }, (_, i) => byIndex.get(i) || {});
    }
    return { values: any ? values : null, clipped };
  }

  values() {
    const out = {};
    for (const f of this.schema.values()) {
      if (f.rows) {
        out[f.name] = [...f.tbody.rows].map((tr) => {
          const row = {};
          for (const inp of tr.querySelectorAll("[name]")) row[inp.name.split(".").pop()] = readInput(inp);
          return row;
        });
      } else {
        out[f.name] = readInput(f.input);
      }
    }
    return out;
  }

  setValues(values) {
    for (const f of this.schema.values()) {
      const v = values[f.name];
      if (f.rows) {
        const rows = Array.isArray(v) ? v.slice(0, f.max) : [];
        const tbody = f.tbody;
        while (tbody.rows.length > rows.length) tbody.rows[tbody.rows.length - 1].remove();
        if (tbody.rows.length < rows.length) this.addRows(f, rows.length - tbody.rows.length);
        rows.forEach((row, i) => {
          if (!tbody.rows[i]) return;
          const r = row && typeof row === "object" ? row : {};
          for (const inp of tbody.rows[i].querySelectorAll("[name]")) {
            const col = inp.name.split(".").pop();
            writeInput(inp, Object.prototype.hasOwnProperty.call(r, col) ? String(r[col]) : "");
          }
        });
      } else if (f.input) {
        writeInput(f.input, typeof v === "string" ? v : "");
      }
    }
    this.applyShowIf();
  }

  // Append up to `count` rows (never beyond the table's maximum) in one DOM update: a shared
  // 1,000-row ledger must not cost 1,000 separate insertions. Returns how many were added.
  addRows(f, count) {
    const tbody = f.tbody;
    const from = tbody.rows.length;
    const to = Math.min(f.max, from + count);
    if (to <= from) return 0;
    const tpl = f.el.querySelector("template.calc-row-template").innerHTML;
    const parts = [];
    for (let i = from; i < to; i++) parts.push(tpl.replaceAll("__i__", String(i)).replaceAll("__n__", String(i + 1)));
    tbody.insertAdjacentHTML("beforeend", parts.join(""));
    return to - from;
  }

  addRow(f) {
    return this.addRows(f, 1) ? f.tbody.rows[f.tbody.rows.length - 1] : null;
  }

  renumber(f) {
    [...f.tbody.rows].forEach((tr, i) => {
      const n = i + 1;
      tr.dataset.row = String(i);
      const num = tr.querySelector(".calc-rownum");
      if (num) num.textContent = String(n);
      tr.querySelector("[data-action=remove-row]")?.setAttribute("aria-label", `${n}行目を削除`);
      for (const el of tr.querySelectorAll("[aria-label]")) {
        const label = el.getAttribute("aria-label");
        if (/^\d+行目/.test(label)) el.setAttribute("aria-label", label.replace(/^\d+行目/, `${n}行目`));
      }
      for (const inp of tr.querySelectorAll("[name]")) {
        const col = inp.name.split(".").pop();
        inp.name = `${f.name}.${i}.${col}`;
        const err = document.getElementById(`${inp.id}-err`);
        const wasTouched = this.touched.delete(inp.id);
        inp.id = fieldId(this.id, f.name, i, col);
        if (wasTouched) this.touched.add(inp.id);
        if (err) err.id = `${inp.id}-err`;
        const described = (inp.getAttribute("aria-describedby") || "").split(/\s+/)
          .filter((t) => t && !t.endsWith("-err")).concat(`${inp.id}-err`);
        inp.setAttribute("aria-describedby", described.join(" "));
      }
    });
  }

  click(e) {
    const btn = e.target.closest("button[data-action]");
    if (!btn || !this.root.contains(btn)) return;
    const action = btn.dataset.action;
    if (action === "reset") this.reset();
    else if (action === "undo-reset") this.undoReset();
    else if (action === "share") this.share();
    else if (action === "print") printAlone(this.root);
    else if (action === "restart-engine") { this.setStatus("wait", "計算エンジンを起動し直しています…"); engine.restart(); }
    else if (action === "add-row") {
      const f = this.schema.get(btn.closest(".calc-rows")?.dataset.field);
      if (!f) return;
      const tr = this.addRow(f);
      if (tr) tr.querySelector("input, select")?.focus();
      else this.setStatus("error", `行は${f.max}行までです。`);
    } else if (action === "remove-row") {
      const f = this.schema.get(btn.closest(".calc-rows")?.dataset.field);
      if (!f) return;
      btn.closest("tr").remove();
      this.renumber(f);
      f.el.querySelector("[data-action=add-row]")?.focus();
      this.changed();
    }
  }

  reset() {
    this.undo = this.dirty ? this.values() : null;
    this.setValues(this.example);
    writeHash(this.id, null);
    saveInputs(this.id, null);
    this.clearErrors();
    this.touched.clear();
    this.dirty = false;
    clearTimeout(this.timer);
    this.lastSeq = engine.seq;     // a computation still on its way belongs to the old inputs
    this.body.innerHTML = this.exampleHTML;
    this.result.dataset.state = "example";
    this.showUndo(!!this.undo);
    this.setStatus("example", this.undo
      ? "入力例に戻しました。下は入力例の計算結果です。「入力を元に戻す」で直前の入力に戻せます。"
      : "入力例に戻しました。下は入力例の計算結果です。");
  }

  undoReset() {
    if (!this.undo) return;
    const values = this.undo;
    this.undo = null;
    this.showUndo(false);
    this.setValues(values);
    this.changed();
    this.setStatus("wait", "直前の入力に戻しました。計算し直しています…");
    this.actions?.querySelector("[data-action=reset]")?.focus();
  }

  showUndo(on) {
    let btn = this.actions?.querySelector("[data-action=undo-reset]");
    if (on && !btn && this.actions) {
      btn = document.createElement("button");
      btn.type = "button";
      btn.className = "calc-button";
      btn.dataset.action = "undo-reset";
      btn.textContent = "入力を元に戻す";
      this.actions.querySelector("[data-action=reset]")?.insertAdjacentElement("afterend", btn);
    }
    if (btn) btn.hidden = !on;
  }

  async share() {
    writeHash(this.id, this.values());
    const url = location.href;
    try {
      await navigator.clipboard.writeText(url);
      this.setStatus(this.status.dataset.state, "この計算のリンクをコピーしました。リンクには入力した数字が含まれます（サーバーには送られません）。");
    } catch {
      window.prompt("このリンクをコピーしてください", url);
    }
  }

  onInput(e) {
    // A Japanese IME sends input events while the reader is still converting 「3000まん」:
    // wait for compositionend, which sends the finished text.
    if (e.isComposing || this.composing) return;
    const t = e.target;
    if (t && t.id && t.closest?.(".calc-form")) this.touched.add(t.id);
    const discrete = t && (t.tagName === "SELECT" || t.type === "checkbox");
    if (e.type === "change" && !discrete) return;   // text fields: their input events already count
    this.changed(discrete ? 0 : DEBOUNCE_MS);
  }

  onLeave(e) {
    const t = e.target;
    if (!t || !t.id || !t.matches?.("input, select")) return;
    if (this.touched.has(t.id)) return;
    this.touched.add(t.id);
    if (this.lastErrors && Object.keys(this.lastErrors).length) this.showErrors(this.lastErrors);
  }

  changed(delay = DEBOUNCE_MS) {
    this.applyShowIf();
    this.dirty = true;
    this.showUndo(false);
    this.undo = null;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.recompute(), delay);
  }

  applyShowIf() {
    for (const el of this.root.querySelectorAll("[data-show-if]")) {
      const [name, want] = el.dataset.showIf.split("=");
      const f = this.schema.get(name);
      const shown = !f || !f.input || readInput(f.input) === want;
      if (el.hidden === !shown) continue;
      // Keep what the reader is looking at in place: revealing a field above the viewport must not
      // scroll the page (scroll anchoring can jump hundreds of pixels).
      const anchor = document.activeElement && this.root.contains(document.activeElement) ? document.activeElement : null;
      const before = anchor ? anchor.getBoundingClientRect().top : 0;
      el.hidden = !shown;
      if (shown) {
        for (const inp of el.querySelectorAll("input, select")) {
          this.touched.delete(inp.id);   // a field just revealed is not scolded before it is used
          if (!el.querySelector(".calc-optional")) inp.setAttribute("aria-required", "true");
        }
      }
      if (anchor) {
        const shift = anchor.getBoundingClientRect().top - before;
        if (Math.abs(shift) > 1) window.scrollBy(0, shift);
      }
    }
  }

  async recompute() {
    if (!this.dirty || !this.root.isConnected) return;
    const values = this.values();
    writeHash(this.id, values);
    saveInputs(this.id, values);
    if (engine.state === "failed" || engine.state === "stalled") return;
    if (engine.state !== "ready") {
      this.result.dataset.state = "stale";
      this.setStatus("wait", "計算エンジンを準備しています。準備ができしだい計算します…");
      return;
    }
    this.result.setAttribute("aria-busy", "true");
    const t0 = performance.now();
    const msg = await engine.run(this.id, values);
    this.result.removeAttribute("aria-busy");
    if (!msg.out) return;                      // the engine failed or stalled: engineState says so
    if (msg.id && msg.id <= this.lastSeq) return; // a newer input already answered (or a reset)
    if (msg.id) this.lastSeq = msg.id;
    const out = msg.out;
    this.lastErrors = out.errors || {};
    const shown = this.showErrors(this.lastErrors);
    if (out.ok) {
      this.body.innerHTML = out.html;
      this.result.dataset.state = "live";
      this.setStatus("live", `計算しました。${this.keySummary()}`);
      window.__calcLast = { calc: this.id, ms: msg.ms, roundTripMs: performance.now() - t0 };
    } else {
      this.result.dataset.state = "stale";
      const total = Object.keys(this.lastErrors).filter((k) => k !== "_").length;
      if (this.lastErrors._) this.setStatus("error", this.lastErrors._);
      else if (shown === 0) this.setStatus("wait", `入力を待っています（あと${total}か所）。下の結果は最後に計算できたときのものです。`);
      else this.setStatus("error", `入力を確認してください（${total}か所）。下の結果は最後に計算できたときのものです。`);
    }
    this.root.dispatchEvent(new CustomEvent("calc:result", { bubbles: true, detail: out }));
  }

  // The figure that answers the question, as a sentence: 「計算しました。残る借金：1,234円。」
  keySummary() {
    const key = this.body.querySelector(".calc-key");
    if (!key) return "";
    const clean = (s) => s.replace(/\s+/g, " ").trim();
    const sentence = (s) => (s && !/[。．.！？]$/.test(s) ? `${s}。` : s);
    const dt = key.querySelector("dt");
    const dd = key.querySelector("dd");
    if (!dt || !dd) return sentence(clean(key.textContent));
    // a note inside the figure's cell (e.g. 「任意売却のほうが…」) is its own sentence
    const figure = dd.cloneNode(true);
    const notes = [...figure.querySelectorAll(".calc-note")].map((n) => { n.remove(); return sentence(clean(n.textContent)); });
    return [sentence(`${clean(dt.textContent)}：${clean(figure.textContent)}`), ...notes].join("");
  }

  clearErrors() {
    for (const p of this.root.querySelectorAll(".calc-error")) { p.hidden = true; p.textContent = ""; }
    for (const inp of this.root.querySelectorAll("[aria-invalid]")) inp.removeAttribute("aria-invalid");
  }

  // Errors appear at their field once the reader has typed there or left it, or when the field
  // holds something (e.g. from a link); a blank field just revealed waits. Returns how many show.
  showErrors(errors) {
    this.clearErrors();
    let shown = 0;
    for (const [key, message] of Object.entries(errors)) {
      if (key === "_") continue;
      const parts = key.split(".");
      const inputId = parts.length === 3 ? fieldId(this.id, parts[0], parts[1], parts[2]) : fieldId(this.id, parts[0]);
      const inp = document.getElementById(inputId);
      const visible = inp && !inp.closest("[hidden]");
      if (inp && !(this.touched.has(inputId) || readInput(inp) !== "") ) continue;
      if (inp && !visible) continue;
      const p = document.getElementById(`${inputId}-err`) || document.getElementById(`${fieldId(this.id, parts[0])}-err`);
      if (p && this.root.contains(p)) { p.textContent = message; p.hidden = false; shown++; }
      if (inp && this.root.contains(inp)) inp.setAttribute("aria-invalid", "true");
    }
    return shown;
  }

  setStatus(state, text) {
    this.status.dataset.state = state;
    this.status.textContent = text;
    const restart = state === "error" && (engine.state === "stalled" || engine.state === "failed");
    if (restart) {
      const b = document.createElement("button");
      b.type = "button";
      b.className = "calc-button calc-restart";
      b.dataset.action = "restart-engine";
      b.textContent = engine.state === "stalled" ? "計算エンジンを再起動する" : "もう一度読み込む";
      this.status.append(" ", b);
    }
  }

  notice(text) {
    let p = this.root.querySelector(".calc-notice");
    if (!p) {
      p = document.createElement("p");
      p.className = "calc-notice";
      p.setAttribute("role", "note");
      this.root.querySelector(".calc-form")?.insertAdjacentElement("beforebegin", p);
    }
    p.textContent = text;
  }

  engineState(state, detail) {
    if (state === "loading") {
      if (this.status.dataset.state === "wait" || (this.dirty && this.status.dataset.state !== "error")) {
        this.setStatus("wait", `計算エンジンを準備しています（${detail.stage}）…`);
      }
    } else if (state === "ready") {
      this.root.classList.remove("calc-engine-failed");
      if (this.dirty) this.recompute();
      else this.setStatus("ready", "計算エンジンの準備ができました。数字を変えるとすぐに計算し直します。");
    } else if (state === "stalled") {
      this.result.dataset.state = this.dirty ? "stale" : "example";
      this.result.removeAttribute("aria-busy");
      this.dirty = true;   // recompute the current inputs once the engine is back
      this.setStatus("error", "計算が止まりました。下の結果はいまの入力のものではありません。入力はそのまま残っています。");
    } else if (state === "failed") {
      this.result.dataset.state = this.dirty ? "stale" : "example";
      this.result.removeAttribute("aria-busy");
      this.setStatus("error", `${detail.message}${this.dirty ? "下の結果はいまの入力のものではありません。入力はそのまま残っています。" : "下の入力例の結果はそのまま読めます。"}`);
      this.root.classList.add("calc-engine-failed");
    }
  }
}

// Print this one calculator without the guide around it (calc.css: html.calc-print-one and
// .calc-print-target), with the date of printing in its .calc-print-note; the page goes back to
// normal after printing. Self-contained: it needs only the calculator's root element.
function printDate(root) {
  const note = root.querySelector(".calc-print-note");
  if (!note) return;
  const today = new Date().toLocaleDateString("ja-JP", { year: "numeric", month: "long", day: "numeric" });
  const state = root.querySelector(".calc-result")?.dataset.state;
  const which = state === "live" ? "結果は、上の入力で計算したものです。"
    : state === "example" ? "結果は入力例の計算です。"
    : "結果は、最後に計算できた入力のものです（いまの入力では計算できていません）。";
  note.textContent = `印刷日：${today}。${which}`;
}

function printAlone(root) {
  const html = document.documentElement;
  printDate(root);
  for (const el of document.querySelectorAll(".calc-print-target")) el.classList.remove("calc-print-target");
  root.classList.add("calc-print-target");
  html.classList.add("calc-print-one");
  const done = () => {
    html.classList.remove("calc-print-one");
    root.classList.remove("calc-print-target");
  };
  window.addEventListener("afterprint", done, { once: true });
  window.print();
}

function readInput(inp) {
  if (inp.type === "checkbox") return inp.checked ? "1" : "";
  return inp.value;
}

function writeInput(inp, v) {
  if (inp.type === "checkbox") inp.checked = v === "1" || v === true;
  else inp.value = v;
}

// ---- binding: once per page, again after each in-place page swap -------------------------------
const bound = new WeakMap();
let uis = [];

function bind() {
  uis = uis.filter((ui) => ui.root.isConnected);
  for (const root of document.querySelectorAll("section.calc[data-calc]")) {
    if (bound.has(root)) continue;
    bound.set(root, null);
    let ui;
    try {
      ui = new CalculatorUI(root);
    } catch (err) {
      // one broken calculator must not stop the others
      console.warn("calculator", root.dataset.calc, err);
      const s = root.querySelector(".calc-status");
      if (s) { s.dataset.state = "error"; s.textContent = "この計算機を準備できませんでした。ページを再読み込みしてください。下の入力例の結果はそのまま読めます。"; }
      continue;
    }
    bound.set(root, ui);
    uis.push(ui);
    const ext = root.dataset.ext;
    if (ext && /^[a-z0-9_-]+$/.test(ext)) {
      import(`./${ext}.js?v=${VERSION}`).then((m) => m.attach(ui)).catch((err) => console.warn(`calc extension ${ext}:`, err));
    }
    if (engine.state !== "idle") ui.engineState(engine.state, { stage: "", message: "" });
  }
  window.__calcUIs = uis;
  const first = uis[0];
  if (first) engine.start(first.root.dataset.wheel);
}

engine.on((state, detail) => { for (const ui of uis) if (ui.root.isConnected) ui.engineState(state, detail); });

// Start the engine at once when the page names its wheel in <head>: Pyodide boots while the rest
// of the page is still parsing.
const early = document.querySelector("script[data-calc-wheel]");
if (early) engine.start(early.dataset.calcWheel);

function whenReady() {
  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(() => bind());
  else bind();
}

// Printing a consultation copy: folded details (schedules, per-procedure tables) print open.
window.addEventListener("beforeprint", () => {
  for (const d of document.querySelectorAll(".calc details")) d.open = true;
  for (const root of document.querySelectorAll("section.calc")) printDate(root);
});

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", whenReady);
else whenReady();
