// Ledger widget for the 引き直し計算 (calc extension "ledger"): richer ways to enter a transaction
// history — paste from a spreadsheet, import a CSV file (UTF-8 or Shift_JIS), export the 計算書 as
// CSV, move rows up and down. It only changes how inputs are entered: dates and amounts stay the
// raw strings the reader's file holds, and every figure is computed by calc (Python) as usual.
// Nothing is sent anywhere: files are read in the page, the CSV is made as a Blob in the page.

const FIELD = "transactions";
const COLS = ["date", "borrow", "repay"];
const MAX_FILE_BYTES = 5 * 1024 * 1024;
const HEADER_WORDS = /日付|年月日|取引日|借入|借り入れ|貸付|融資|返済|弁済|入金|出金|金額|摘要|利率|残高/;
const BORROW_WORDS = /借入|借り入れ|貸付|貸出|融資|出金|キャッシング|利用額/;
const REPAY_WORDS = /返済|弁済|入金|支払|返金/;
const NOT_BORROW = /残|利息|利率|手数料|損害金|日|返|弁/;
const NOT_REPAY = /残|利息|利率|手数料|損害金|日|借|貸|融資/;          // 「借入金額」 contains 「入金」

let styled = false;

export function attach(ui) {
  const fieldEl = ui.root.querySelector(`.calc-rows[data-field="${FIELD}"]`);
  if (!fieldEl) return null;
  const ledger = new Ledger(ui, fieldEl);
  ui.ledger = ledger;
  return ledger;
}

class Ledger {
  constructor(ui, fieldEl) {
    this.ui = ui;
    this.fieldEl = fieldEl;
    this.tbody = fieldEl.querySelector("tbody");
    this.max = Number(fieldEl.dataset.maxRows || 1000);
    this.uid = `calc-${ui.id}-${FIELD}`;
    this.lastResult = null;
    this.waitingExport = false;
    this.pending = false;             // inputs changed since the last result (a recompute is due)
    addStyle();
    fieldEl.querySelector(".calc-table-wrap")?.classList.add("ledger-scroll");
    this.buildToolbar();
    this.decorateAll();
    new MutationObserver(() => this.decorateAll()).observe(this.tbody, { childList: true });
    this.tbody.addEventListener("click", (e) => this.onRowClick(e));
    this.tbody.addEventListener("keydown", (e) => this.onRowKey(e));
    this.tbody.addEventListener("paste", (e) => this.onCellPaste(e));
    ui.root.addEventListener("calc:result", (e) => this.onResult(e.detail));
    for (const type of ["input", "change"]) ui.root.addEventListener(type, () => { this.pending = true; });
    this.restoreLongHash();
  }

  // ---- toolbar -------------------------------------------------------------------------------------
  buildToolbar() {
    const id = this.uid;
    const box = document.createElement("div");
    box.className = "calc-actions ledger-tools";
    box.setAttribute("role", "group");
    box.setAttribute("aria-label", "取引履歴の読み込みと書き出し");
    box.innerHTML = `
      <button type="button" class="calc-button" data-ledger="import">CSVファイルを読み込む</button>
      <input type="file" id="${id}-file" class="visually-hidden" tabindex="-1" aria-hidden="true"
        accept=".csv,.tsv,.txt,text/csv,text/plain,text/tab-separated-values">
      <button type="button" class="calc-button" data-ledger="export">計算書をCSVで保存</button>
      <button type="button" class="calc-button" data-ledger="clear">表を空にする</button>
      <label class="ledger-mode" for="${id}-mode">読み込んだ行を
        <select id="${id}-mode"><option value="replace">今の表と置き換える</option>
          <option value="append">今の表の後ろに足す</option></select></label>
      <details class="ledger-paste">
        <summary>表計算ソフトやテキストからまとめて貼り付ける</summary>
        <label for="${id}-paste">取引履歴をコピーしてここに貼り付け、「表に読み込む」を押してください。
          列は「取引日・借入額・返済額」の3列（見出し行があれば列名で判断します）。2列のときは「取引日・金額」とみなし、
          金額にマイナス（-、△、▲）が付いた行を返済、付かない行を借入として読みます。
          日付は西暦でも和暦（H17.4.1 など）でもかまいません。各行の表の中に直接貼り付けることもできます。</label>
        <textarea id="${id}-paste" rows="6" spellcheck="false" autocomplete="off"></textarea>
        <button type="button" class="calc-button" data-ledger="paste">表に読み込む</button>
      </details>
      <p class="ledger-status" id="${id}-ledger-status" role="status" aria-live="polite"></p>`;
    const add = this.fieldEl.querySelector("[data-action=add-row]");
    add.insertAdjacentElement("afterend", box);
    this.box = box;
    this.file = box.querySelector("input[type=file]");
    this.mode = box.querySelector("select");
    this.pasteArea = box.querySelector("textarea");
    this.statusEl = box.querySelector(".ledger-status");
    // The runtime recomputes on any input/change inside the calculator; these controls are not
    // inputs of the calculation, so their events stop here.
    for (const type of ["input", "change"]) box.addEventListener(type, (e) => e.stopPropagation());
    box.addEventListener("click", (e) => {
      const b = e.target.closest("button[data-ledger]");
      if (!b) return;
      const what = b.dataset.ledger;
      if (what === "import") this.file.click();
      else if (what === "export") this.exportCsv();
      else if (what === "clear") this.clearRows();
      else if (what === "paste") this.importText(this.pasteArea.value, "貼り付け");
    });
    this.file.addEventListener("change", () => this.importFile());
  }

  say(text) {
    this.statusEl.textContent = "";
    // a fresh text node each time so screen readers announce a repeated message too
    clearTimeout(this.sayTimer);
    this.sayTimer = setTimeout(() => { this.statusEl.textContent = text; }, 30);
  }

  // ---- rows: move buttons --------------------------------------------------------------------------
  decorateAll() {
    const rows = this.tbody.rows;
    for (let i = 0; i < rows.length; i++) {
      const tr = rows[i];
      let up = tr.querySelector("[data-ledger=up]");
      if (!up) {
        const cell = tr.querySelector("[data-action=remove-row]")?.parentElement;
        if (!cell) continue;
        cell.classList.add("ledger-ops");
        cell.insertAdjacentHTML("afterbegin",
          '<button type="button" class="calc-row-remove ledger-move" data-ledger="up" aria-keyshortcuts="Alt+ArrowUp">↑</button>' +
          '<button type="button" class="calc-row-remove ledger-move" data-ledger="down" aria-keyshortcuts="Alt+ArrowDown">↓</button>');
        up = cell.querySelector("[data-ledger=up]");
      }
      const n = i + 1;
      if (up.dataset.n !== String(n)) {
        up.dataset.n = String(n);
        up.setAttribute("aria-label", `${n}行目を上へ移動`);
        tr.querySelector("[data-ledger=down]").setAttribute("aria-label", `${n}行目を下へ移動`);
      }
    }
  }

  onRowClick(e) {
    const b = e.target.closest("button[data-ledger]");
    if (!b) return;
    const tr = b.closest("tr");
    const dir = b.dataset.ledger === "up" ? -1 : 1;
    this.move(tr, dir, `[data-ledger=${b.dataset.ledger}]`);
  }

  onRowKey(e) {
    if (!e.altKey || (e.key !== "ArrowUp" && e.key !== "ArrowDown")) return;
    const tr = e.target.closest("tr");
    if (!tr) return;
    e.preventDefault();
    const sel = e.target.name ? `[name$=".${e.target.name.split(".").pop()}"]` : `[data-ledger=${e.key === "ArrowUp" ? "up" : "down"}]`;
    this.move(tr, e.key === "ArrowUp" ? -1 : 1, sel);
  }

  move(tr, dir, focusSel) {
    const rows = [...this.tbody.rows];
    const i = rows.indexOf(tr);
    const j = i + dir;
    if (i < 0) return;
    if (j < 0 || j >= rows.length) {
      this.say(dir < 0 ? "1行目より上へは動かせません。" : "最後の行より下へは動かせません。");
      return;
    }
    const a = rowValues(rows[i]);
    writeRow(rows[i], rowValues(rows[j]));
    writeRow(rows[j], a);
    rows[j].querySelector(focusSel)?.focus();
    this.say(`${i + 1}行目を${j + 1}行目に移動しました。`);
    this.recompute();
  }

  // ---- paste into a cell ---------------------------------------------------------------------------
  onCellPaste(e) {
    const inp = e.target.closest("input[name]");
    if (!inp || !e.clipboardData) return;
    const text = e.clipboardData.getData("text/plain").replace(/[\r\n]+$/, "");
    if (!/[\t\r\n]/.test(text)) return;                   // one value: the browser pastes it as usual
    e.preventDefault();
    const rows = [...this.tbody.rows];
    const at = rows.indexOf(inp.closest("tr"));
    const col = inp.name.split(".").pop();
    const table = splitTable(text);
    let parsed;
    if (Math.max(...table.map((r) => r.length)) === 1) {
      parsed = { rows: table.map((r) => ({ [col]: cleanCell(r[0]) })), header: false, layout: "1列" };
    } else {
      parsed = readRows(table);
    }
    this.applyRows(parsed, "貼り付け", { at });
  }

  // ---- import --------------------------------------------------------------------------------------
  async importFile() {
    const f = this.file.files && this.file.files[0];
    this.file.value = "";
    if (!f) return;
    const t0 = performance.now();
    if (f.size > MAX_FILE_BYTES) { this.say("ファイルが大きすぎます（5MBまで）。"); return; }
    const buf = await f.arrayBuffer();
    const { text, encoding } = decode(buf);
    this.importText(text, `ファイル「${f.name}」（${encoding}）`, t0, encoding);
  }

  importText(text, source, t0 = performance.now(), encoding = "") {
    const table = splitTable(String(text || "").replace(/^\uFEFF/, ""));
    const parsed = readRows(table);
    if (!parsed.rows.length) {
      this.say(`${source}に読み込める行がありませんでした。取引日・借入額・返済額の列があるか確かめてください。`);
      return;
    }
    this.applyRows(parsed, source, { append: this.mode.value === "append" }, t0, encoding);
    if (source === "貼り付け") this.pasteArea.value = "";
  }

  applyRows(parsed, source, { at = null, append = false } = {}, t0 = performance.now(), encoding = "") {
    const values = this.ui.values();
    let current = (values[FIELD] || []).map((r) => ({ ...r }));
    let incoming = parsed.rows;
    let rows;
    if (at !== null) {                                    // paste into the table at a row
      rows = current;
      incoming.forEach((r, k) => { rows[at + k] = { ...(rows[at + k] || { date: "", borrow: "", repay: "" }), ...r }; });
    } else if (append) {
      rows = current.filter((r) => COLS.some((c) => String(r[c] ?? "").trim() !== "")).concat(incoming);
    } else {
      rows = incoming;
    }
    let cut = 0;
    if (rows.length > this.max) { cut = rows.length - this.max; rows = rows.slice(0, this.max); }
    values[FIELD] = rows.map((r) => ({ date: r.date ?? "", borrow: r.borrow ?? "", repay: r.repay ?? "" }));
    this.ui.setValues(values);                            // one bulk update of the DOM …
    this.recompute();                                     // … and one recompute
    const ms = performance.now() - t0;
    window.__ledgerLast = { op: "import", ms, rows: incoming.length, total: rows.length, encoding };
    const nb = incoming.filter((r) => r.borrow).length;
    const nr = incoming.filter((r) => r.repay).length;
    let msg = `${source}から${incoming.length}行を読み込みました（借入${nb}件・返済${nr}件`;
    if (parsed.header) msg += "・見出し行を除きました";
    if (parsed.layout === "2列") msg += "・2列を「取引日・金額」として読みました";
    msg += `）。表は全部で${rows.length}行です。`;
    if (cut) msg += `${this.max}行を超えた${cut}行は読み込んでいません。`;
    msg += "計算し直しています。";
    this.say(msg);
  }

  clearRows() {
    const values = this.ui.values();
    values[FIELD] = [{ date: "", borrow: "", repay: "" }];
    this.ui.setValues(values);
    this.recompute();
    this.tbody.querySelector("input")?.focus();
    this.say("表を空にしました。1行目から入力してください。");
  }

  // A shared link with more rows than the runtime reads back from the URL (it stops at 500):
  // read the rest here, so a long ledger survives a reload.
  restoreLongHash() {
    const params = new URLSearchParams(location.hash.replace(/^#/, ""));
    const prefix = `${this.ui.id}.${FIELD}.`;
    let maxIndex = -1;
    const rows = [];
    for (const [key, v] of params) {
      if (!key.startsWith(prefix)) continue;
      const [i, col] = key.slice(prefix.length).split(".");
      const n = Number(i);
      if (!Number.isInteger(n) || n < 0 || n >= this.max || !COLS.includes(col)) continue;
      while (rows.length <= n) rows.push({ date: "", borrow: "", repay: "" });
      rows[n][col] = v;
      maxIndex = Math.max(maxIndex, n);
    }
    if (maxIndex < 501 || this.tbody.rows.length > maxIndex) return;
    const values = this.ui.values();
    values[FIELD] = rows;
    this.ui.setValues(values);
    this.recompute();
  }

  // ---- recompute and export ---------------------------------------------------------------------------
  recompute() {
    this.pending = true;
    this.ui.changed();
  }

  onResult(out) {
    this.pending = false;
    if (out && out.ok && out.result && typeof out.result.csv === "string") {
      this.lastResult = out.result;
      if (this.waitingExport) { this.waitingExport = false; this.download(out.result); }
    } else if (this.waitingExport) {
      this.waitingExport = false;
      this.say("入力に誤りがあるため計算書を保存できません。赤字の欄を直してください。");
    }
  }

  exportCsv() {
    if (this.lastResult && !this.pending && this.ui.result.dataset.state === "live") {
      this.download(this.lastResult);
      return;
    }
    // The worked example is shown pre-computed; compute it (or the current inputs) once, then save.
    this.waitingExport = true;
    this.say("計算書を作っています…");
    this.recompute();
  }

  download(result) {
    const blob = new Blob(["\uFEFF", result.csv], { type: "text/csv;charset=utf-8" });
    const url = URL.createObjectURL(blob);
    const a = document.createElement("a");
    a.href = url;
    a.download = `引き直し計算書_${String(result.end_date || "").replaceAll("-", "")}.csv`;
    a.hidden = true;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 30000);
    const n = (result.ledger || []).length;
    this.say(`計算書（${n}行）をCSVファイルとして保存しました。Excelでそのまま開けます。`);
  }
}

// ---- helpers (pure) --------------------------------------------------------------------------------
function rowValues(tr) {
  const out = {};
  for (const inp of tr.querySelectorAll("[name]")) out[inp.name.split(".").pop()] = inp.value;
  return out;
}

function writeRow(tr, values) {
  for (const inp of tr.querySelectorAll("[name]")) inp.value = values[inp.name.split(".").pop()] ?? "";
}

export function decode(buf) {
  const bytes = new Uint8Array(buf);
  try {
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(bytes), encoding: "UTF-8" };
  } catch {
    return { text: new TextDecoder("shift_jis").decode(bytes), encoding: "Shift_JIS" };
  }
}

const DATE_RE = new RegExp(
  "^(?:(?:西暦)?\\d{4}\\s*[/.年-]\\s*\\d{1,2}\\s*[/.月-]\\s*\\d{1,2}\\s*日?" +
  "|\\d{8}" +
  "|(?:明治|大正|昭和|平成|令和|[明大昭平令MTSHRmtshr])\\s*(?:元|\\d{1,2})\\s*[/.年-]\\s*\\d{1,2}\\s*[/.月-]\\s*\\d{1,2}\\s*日?" +
  "|\\d{1,2}[/.-]\\d{1,2}[/.-]\\d{1,2})" +
  "(?:\\s*[(（].[)）])?(?:\\s+\\d{1,2}:\\d{2}(?::\\d{2})?)?$");

function looksLikeDate(s) {
  return DATE_RE.test(String(s || "").normalize("NFKC").trim());
}

// Text → rows of cells. Tab-separated if any tab; otherwise CSV (RFC 4180 quotes) when the data
// lines hold a date and a comma-separated field; otherwise cells separated by spaces.
export function splitTable(text) {
  const t = String(text || "").replace(/\r\n?/g, "\n");
  let rows;
  if (t.includes("\t")) rows = parseDelimited(t, "\t");
  else {
    const csv = parseDelimited(t, ",");
    const data = csv.filter((r) => r.some((c) => c.trim() !== ""));
    const dated = data.filter((r) => r.some(looksLikeDate)).length;
    if (data.length && dated >= Math.max(1, data.length - 1) && data.some((r) => r.length > 1)) rows = csv;
    else rows = t.split("\n").map((line) => line.trim().split(/[ \u3000]+/));
  }
  return rows.map((r) => r.map((c) => c.trim())).filter((r) => r.some((c) => c !== ""));
}

function parseDelimited(t, sep) {
  const rows = [];
  let row = [], cell = "", quoted = false;
  for (let i = 0; i < t.length; i++) {
    const ch = t[i];
    if (quoted) {
      if (ch === '"') {
        if (t[i + 1] === '"') { cell += '"'; i++; } else quoted = false;
      } else cell += ch;
    } else if (ch === '"' && cell.trim() === "") { quoted = true; cell = ""; }
    else if (ch === sep) { row.push(cell); cell = ""; }
    else if (ch === "\n") { row.push(cell); rows.push(row); row = []; cell = ""; }
    else cell += ch;
  }
  if (cell !== "" || row.length) { row.push(cell); rows.push(row); }
  return rows;
}

function cleanCell(s) {
  let t = String(s ?? "").trim();
  if (/^[-‐－—―ー−\s]*$/.test(t)) return "";             // "-" for "none", as many histories print
  return t;
}

function cleanDate(s) {
  // a time of day from a spreadsheet export ("2005/4/1 0:00:00") is not part of the date
  return cleanCell(s).replace(/\s+\d{1,2}:\d{2}(?::\d{2})?$/, "");
}

const SIGN = /^\s*(?:[-−－▲△]|\()/;

// Rows of cells → {rows: [{date, borrow, repay}], header, layout}. Values stay raw strings.
export function readRows(table) {
  if (!table.length) return { rows: [], header: false, layout: "" };
  let header = null;
  const first = table[0];
  if (!looksLikeDate(first[0]) && (first.some((c) => HEADER_WORDS.test(c)) || !first.some((c) => /\d/.test(c.normalize("NFKC"))))) {
    header = first;
    table = table.slice(1);
  }
  const width = Math.max(0, ...table.map((r) => r.length));
  let di = 0, bi = -1, ri = -1, ai = -1;
  if (header) {
    const find = (re, avoid) => header.findIndex((h) => re.test(h) && !(avoid && avoid.test(h)));
    const d = header.findIndex((h) => /日付|年月日|取引日|日$/.test(h));
    if (d >= 0) di = d;
    bi = find(BORROW_WORDS, NOT_BORROW);
    ri = find(REPAY_WORDS, NOT_REPAY);
    if (bi < 0 && ri < 0) ai = find(/金額/, /残/);
  }
  let layout = "3列";
  if (bi < 0 && ri < 0 && ai < 0) {                       // no usable header: by position
    const others = [...Array(width).keys()].filter((k) => k !== di);
    if (width >= 3) { bi = others[0]; ri = others[1]; }
    else if (width === 2) ai = others[0];
  }
  if (ai >= 0) layout = "2列";
  const rows = [];
  for (const r of table) {
    const date = cleanDate(r[di]);
    let borrow = "", repay = "";
    if (ai >= 0) {
      const a = cleanCell(r[ai]);
      if (SIGN.test(a)) repay = a.replace(SIGN, "").replace(/\)\s*$/, "").trim();
      else borrow = a;
    } else {
      borrow = bi >= 0 ? cleanCell(r[bi]) : "";
      repay = ri >= 0 ? cleanCell(r[ri]) : "";
    }
    if (!date && !borrow && !repay) continue;
    rows.push({ date, borrow, repay });
  }
  return { rows, header: !!header, layout };
}

function addStyle() {
  if (styled) return;
  styled = true;
  const s = document.createElement("style");
  s.textContent = `
  .ledger-tools { align-items: center; }
  .ledger-tools .ledger-mode { font-weight: 400; display: flex; align-items: center; gap: .4rem; margin: 0; }
  .ledger-tools .ledger-mode select { width: auto; }
  .ledger-paste { flex-basis: 100%; }
  .ledger-paste summary { cursor: pointer; font-weight: 700; min-height: 2.75rem; display: flex; align-items: center; }
  .ledger-paste label { display: block; font-weight: 400; font-size: .8rem; margin: .3rem 0; }
  .ledger-paste textarea { width: 100%; font: inherit; font-size: 1rem; padding: .4rem; box-sizing: border-box;
    border: 1px solid var(--md-default-fg-color--light); border-radius: .3rem;
    background: var(--md-default-bg-color); color: var(--md-default-fg-color); }
  .ledger-paste textarea:focus-visible, .ledger-paste summary:focus-visible { outline: 3px solid var(--md-accent-fg-color); outline-offset: 2px; }
  .ledger-status { flex-basis: 100%; margin: 0; font-size: .85rem; }
  .ledger-status:empty { display: none; }
  .ledger-ops { white-space: nowrap; }
  .ledger-move { min-width: 2.2rem; margin-right: .2rem; }
  .ledger-scroll { max-height: 70vh; overflow-y: auto; }
  .ledger-scroll thead th { position: sticky; top: 0; z-index: 1; background: var(--md-default-bg-color); }
  .calc[data-ext=ledger] .calc-result .calc-table th, .calc[data-ext=ledger] .calc-result .calc-table td { padding: .25em .55em; }
  .calc[data-ext=ledger] .calc-result .calc-table td:nth-child(4) { white-space: nowrap; }
  .calc[data-ext=ledger] .calc-result .calc-table td:nth-child(11) { min-width: 16em; }
  @media print { .ledger-tools, .ledger-move { display: none !important; } .ledger-scroll { max-height: none; overflow: visible; } }
  `;
  document.head.append(s);
}
