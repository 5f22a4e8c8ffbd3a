// Calculator runtime: loaded only on pages that embed a calculator.
// Starts Pyodide in a module Web Worker, loads the calc wheel, and recomputes on input.
// Inputs live in the URL fragment (#...), which browsers never send to a server.
const VERSION = new URL(import.meta.url).searchParams.get("v") || "";
const SITE_ROOT = new URL("../../", import.meta.url);
const PYODIDE_VERSION = "314.0.7";
const LOAD_TIMEOUT_MS = 45000;
const DEBOUNCE_MS = 250;

const engine = {
  worker: null, ready: false, failed: false, seq: 0, pending: new Map(), listeners: new Set(),
};

function notify(state, detail) {
  for (const fn of engine.listeners) fn(state, detail);
}

function startEngine(wheel) {
  if (engine.worker) return;
  const started = performance.now();
  try {
    engine.worker = new Worker(new URL(`./worker.js?v=${VERSION}`, import.meta.url), { type: "module" });
  } catch (err) {
    fail(`この端末のブラウザでは計算エンジンを起動できませんでした（${err}）。`);
    return;
  }
  const timer = setTimeout(() => {
    if (!engine.ready) fail("計算エンジンの読み込みに時間がかかりすぎています。通信状況を確かめて、ページを再読み込みしてください。");
  }, LOAD_TIMEOUT_MS);
  engine.worker.onmessage = (e) => {
    const m = e.data;
    if (m.type === "progress") notify("loading", m);
    else if (m.type === "ready") {
      clearTimeout(timer);
      if (engine.failed) return;
      engine.ready = true;
      window.__calcEngine = { readyMs: performance.now() - started, bootMs: m.bootMs, stages: m.stages };
      notify("ready", m);
    } else if (m.type === "error") {
      clearTimeout(timer);
      fail(`計算エンジンを読み込めませんでした（${m.message}）。`);
    } else if (m.type === "result") {
      const p = engine.pending.get(m.id);
      if (p) { engine.pending.delete(m.id); p(m); }
    }
  };
  engine.worker.onerror = (e) => {
    clearTimeout(timer);
    fail(`計算エンジンでエラーが起きました（${e.message || "worker error"}）。`);
  };
  engine.worker.postMessage({
    type: "init",
    indexURL: new URL(`assets/pyodide/${PYODIDE_VERSION}/`, SITE_ROOT).href,
    wheelURL: new URL(wheel, SITE_ROOT).href,
  });
}

function fail(message) {
  if (engine.failed) return;
  engine.failed = true;
  for (const p of engine.pending.values()) p({ type: "result", out: null, error: message });
  engine.pending.clear();
  notify("failed", { message });
}

function compute(calcId, inputs) {
  return new Promise((resolve) => {
    const id = ++engine.seq;
    engine.pending.set(id, resolve);
    engine.worker.postMessage({ type: "run", id, calc: calcId, inputs });
  });
}

// ---- URL fragment: "#<calc>.<field>=value&<calc>.<rows>.<i>.<col>=value" -------------------------
function readHash() {
  return new URLSearchParams(location.hash.replace(/^#/, ""));
}

function writeHash(calcId, values) {
  const params = readHash();
  for (const key of [...params.keys()]) if (key.startsWith(`${calcId}.`)) params.delete(key);
  if (values) for (const [k, v] of flatten(values)) params.set(`${calcId}.${k}`, v);
  const s = params.toString();
  history.replaceState(null, "", s ? `#${s}` : location.pathname + location.search);
}

function flatten(values) {
  const out = [];
  for (const [k, v] of Object.entries(values)) {
    if (Array.isArray(v)) v.forEach((row, i) => { for (const [c, cv] of Object.entries(row)) if (cv !== "") out.push([`${k}.${i}.${c}`, cv]); });
    else if (v !== "") out.push([k, v]);
  }
  return out;
}

// ---- one calculator on the page ------------------------------------------------------------------
class CalculatorUI {
  constructor(root) {
    this.root = root;
    this.id = root.dataset.calc;
    this.example = JSON.parse(root.querySelector("script.calc-example").textContent);
    this.status = root.querySelector(".calc-status");
    this.result = root.querySelector(".calc-result");
    this.body = root.querySelector(".calc-result-body");
    this.exampleHTML = this.body.innerHTML;
    this.timer = null;
    this.lastSeq = 0;
    this.dirty = false;
    root.addEventListener("input", () => this.changed());
    root.addEventListener("change", () => this.changed());
    root.addEventListener("click", (e) => this.click(e));
    const fromHash = this.valuesFromHash();
    if (fromHash) { this.setValues(fromHash); this.dirty = true; this.setStatus("wait", "共有された入力を読み込みました。計算エンジンを準備しています…"); this.result.dataset.state = "stale"; }
    this.applyShowIf();
  }

  fieldNames() {
    return [...this.root.querySelectorAll(".calc-field[data-field]")].map((el) => el.dataset.field);
  }

  values() {
    const out = {};
    for (const el of this.root.querySelectorAll(".calc-field[data-field]")) {
      const name = el.dataset.field;
      if (el.classList.contains("calc-rows")) {
        out[name] = [...el.querySelectorAll("tbody tr")].map((tr) => {
          const row = {};
          for (const inp of tr.querySelectorAll("[name]")) row[inp.name.split(".").pop()] = readInput(inp);
          return row;
        });
      } else {
        const inp = el.querySelector("[name]");
        out[name] = readInput(inp);
      }
    }
    return out;
  }

  setValues(values) {
    for (const el of this.root.querySelectorAll(".calc-field[data-field]")) {
      const name = el.dataset.field;
      const v = values[name];
      if (el.classList.contains("calc-rows")) {
        const rows = Array.isArray(v) ? v : [];
        const tbody = el.querySelector("tbody");
        while (tbody.rows.length > rows.length) tbody.rows[tbody.rows.length - 1].remove();
        while (tbody.rows.length < rows.length) this.addRow(el);
        rows.forEach((row, i) => {
          for (const inp of tbody.rows[i].querySelectorAll("[name]")) writeInput(inp, row[inp.name.split(".").pop()] ?? "");
        });
      } else {
        writeInput(el.querySelector("[name]"), v ?? "");
      }
    }
    this.applyShowIf();
  }

  valuesFromHash() {
    const params = readHash();
    const prefix = `${this.id}.`;
    let any = false;
    const values = {};
    for (const name of this.fieldNames()) values[name] = this.isRows(name) ? [] : "";
    for (const [key, v] of params) {
      if (!key.startsWith(prefix)) continue;
      any = true;
      const parts = key.slice(prefix.length).split(".");
      if (parts.length === 3 && this.isRows(parts[0])) {
        const i = Number(parts[1]);
        if (!Number.isInteger(i) || i < 0 || i > 500) continue;
        const rows = values[parts[0]];
        while (rows.length <= i) rows.push({});
        rows[i][parts[2]] = v;
      } else if (parts.length === 1 && parts[0] in values) values[parts[0]] = v;
    }
    return any ? values : null;
  }

  isRows(name) {
    const el = this.root.querySelector(`.calc-field[data-field="${name}"]`);
    return !!el && el.classList.contains("calc-rows");
  }

  addRow(fieldEl) {
    const tbody = fieldEl.querySelector("tbody");
    const max = Number(fieldEl.dataset.maxRows || 50);
    if (tbody.rows.length >= max) return null;
    const i = tbody.rows.length;
    const html = fieldEl.querySelector("template.calc-row-template").innerHTML
      .replaceAll("__i__", String(i)).replaceAll("__n__", String(i + 1));
    tbody.insertAdjacentHTML("beforeend", html);
    return tbody.rows[i];
  }

  renumber(fieldEl) {
    const name = fieldEl.dataset.field;
    [...fieldEl.querySelectorAll("tbody tr")].forEach((tr, i) => {
      tr.dataset.row = String(i);
      tr.querySelector(".calc-rownum").textContent = String(i + 1);
      tr.querySelector("[data-action=remove-row]").setAttribute("aria-label", `${i + 1}行目を削除`);
      for (const inp of tr.querySelectorAll("[name]")) {
        const col = inp.name.split(".").pop();
        inp.name = `${name}.${i}.${col}`;
        const oldId = inp.id;
        inp.id = `calc-${this.id}-${name}-${i}-${col}`;
        const err = tr.querySelector(`[id="${oldId}-err"]`);
        if (err) err.id = `${inp.id}-err`;
        inp.setAttribute("aria-describedby", `calc-${this.id}-${name}-col-${col} ${inp.id}-err`);
      }
    });
  }

  click(e) {
    const btn = e.target.closest("button[data-action]");
    if (!btn) return;
    const action = btn.dataset.action;
    if (action === "reset") this.reset();
    else if (action === "share") this.share(btn);
    else if (action === "print") printAlone(this.root);
    else if (action === "add-row") {
      const fieldEl = btn.closest(".calc-rows");
      const tr = this.addRow(fieldEl);
      if (tr) tr.querySelector("input, select")?.focus();
      else this.setStatus("error", `行は${fieldEl.dataset.maxRows}行までです。`);
    } else if (action === "remove-row") {
      const fieldEl = btn.closest(".calc-rows");
      btn.closest("tr").remove();
      this.renumber(fieldEl);
      fieldEl.querySelector("[data-action=add-row]").focus();
      this.changed();
    }
  }

  reset() {
    this.setValues(this.example);
    writeHash(this.id, null);
    this.clearErrors();
    this.dirty = false;
    this.body.innerHTML = this.exampleHTML;
    this.result.dataset.state = "example";
    this.setStatus("example", "入力例に戻しました。下は入力例の計算結果です。");
  }

  async share(btn) {
    writeHash(this.id, this.values());
    const url = location.href;
    try {
      await navigator.clipboard.writeText(url);
      this.setStatus(this.status.dataset.state, "この計算のリンクをコピーしました。リンクには入力した数字が含まれます（サーバーには送られません）。");
    } catch {
      window.prompt("このリンクをコピーしてください", url);
    }
  }

  changed() {
    this.applyShowIf();
    this.dirty = true;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.recompute(), DEBOUNCE_MS);
  }

  applyShowIf() {
    for (const el of this.root.querySelectorAll("[data-show-if]")) {
      const [name, want] = el.dataset.showIf.split("=");
      const ctl = this.root.querySelector(`.calc-field[data-field="${name}"] [name]`);
      el.hidden = !!ctl && readInput(ctl) !== want;
    }
  }

  async recompute() {
    if (!this.dirty) return;
    const values = this.values();
    writeHash(this.id, values);
    if (engine.failed) return;
    if (!engine.ready) {
      this.result.dataset.state = "stale";
      this.setStatus("wait", "計算エンジンを準備しています。準備ができしだい計算します…");
      return;
    }
    this.result.setAttribute("aria-busy", "true");
    const t0 = performance.now();
    const msg = await compute(this.id, values);
    if (msg.id && msg.id < this.lastSeq) return; // a newer input already answered
    if (msg.id) this.lastSeq = msg.id;
    this.result.removeAttribute("aria-busy");
    if (!msg.out) { this.setStatus("error", msg.error || "計算できませんでした。"); return; }
    const out = msg.out;
    this.showErrors(out.errors || {});
    if (out.ok) {
      this.body.innerHTML = out.html;
      this.result.dataset.state = "live";
      const key = this.body.querySelector(".calc-key");
      const summary = key ? key.textContent.replace(/\s+/g, " ").trim() : "";
      this.setStatus("live", `計算しました。${summary}`);
      window.__calcLast = { calc: this.id, ms: msg.ms, roundTripMs: performance.now() - t0 };
    } else {
      this.result.dataset.state = "stale";
      const n = Object.keys(out.errors || {}).length;
      this.setStatus("error", out.errors?._ || `入力を確認してください（${n}か所）。下の結果は最後に計算できたときのものです。`);
    }
    this.root.dispatchEvent(new CustomEvent("calc:result", { bubbles: true, detail: out }));
  }

  clearErrors() {
    for (const p of this.root.querySelectorAll(".calc-error")) { p.hidden = true; p.textContent = ""; }
    for (const inp of this.root.querySelectorAll("[aria-invalid]")) inp.removeAttribute("aria-invalid");
  }

  showErrors(errors) {
    this.clearErrors();
    for (const [key, message] of Object.entries(errors)) {
      if (key === "_") continue;
      const parts = key.split(".");
      let inputId;
      if (parts.length === 3) inputId = `calc-${this.id}-${parts[0]}-${parts[1]}-${parts[2]}`;
      else inputId = `calc-${this.id}-${parts[0]}`;
      const p = this.root.querySelector(`[id="${inputId}-err"]`) || this.root.querySelector(`[id="calc-${this.id}-${parts[0]}-err"]`);
      if (p) { p.textContent = message; p.hidden = false; }
      const inp = this.root.querySelector(`[id="${inputId}"]`);
      if (inp) inp.setAttribute("aria-invalid", "true");
    }
  }

  setStatus(state, text) {
    this.status.dataset.state = state;
    this.status.textContent = text;
  }

  engineState(state, detail) {
    if (state === "loading" && this.status.dataset.state !== "error") {
      if (this.dirty || this.status.dataset.state === "wait") this.setStatus("wait", `計算エンジンを準備しています（${detail.stage}）…`);
    } else if (state === "ready") {
      if (this.dirty) this.recompute();
      else this.setStatus("ready", "計算エンジンの準備ができました。数字を変えるとすぐに計算し直します。");
    } else if (state === "failed") {
      this.result.dataset.state = this.dirty ? "stale" : "example";
      this.setStatus("error", `${detail.message} 下の入力例の結果はそのまま読めます。`);
      this.root.classList.add("calc-engine-failed");
    }
  }
}

// Print this one calculator without the guide around it (calc.css: html.calc-print-one and
// .calc-print-target), with the date of printing in its .calc-print-note; the page goes back to
// normal after printing. Self-contained: it needs only the calculator's root element.
function printAlone(root) {
  const html = document.documentElement;
  const note = root.querySelector(".calc-print-note");
  if (note) {
    const today = new Date().toLocaleDateString("ja-JP", { year: "numeric", month: "long", day: "numeric" });
    note.textContent = `印刷日：${today}`;
  }
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

function init() {
  const roots = [...document.querySelectorAll("section.calc[data-calc]")];
  if (!roots.length) return;
  const uis = roots.map((r) => new CalculatorUI(r));
  // Optional per-calculator input widgets (e.g. the ledger): ./<name>.js exporting attach(ui).
  for (const ui of uis) {
    const ext = ui.root.dataset.ext;
    if (ext && /^[a-z0-9_-]+$/.test(ext)) {
      import(`./${ext}.js?v=${VERSION}`).then((m) => m.attach(ui)).catch((err) => console.warn(`calc extension ${ext}:`, err));
    }
  }
  engine.listeners.add((state, detail) => uis.forEach((ui) => ui.engineState(state, detail)));
  startEngine(roots[0].dataset.wheel);
  window.__calcUIs = uis;
}

// Printing a consultation copy: folded details (schedules, per-procedure tables) print open.
window.addEventListener("beforeprint", () => {
  for (const d of document.querySelectorAll(".calc details")) d.open = true;
});

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
else init();
