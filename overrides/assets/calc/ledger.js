// Ledger widget for the 引き直し計算 (calc extension "ledger"): richer ways to enter a transaction
// history — paste from a spreadsheet, import a CSV file (the shapes of lenders' exports it reads are
// listed in ledger-reader.js, and in the help text 「読み込める形式」), export the 計算書 as CSV,
// move rows up and down. It only changes how inputs are entered: dates and amounts stay the
// raw strings the reader's file holds, and every figure is computed by calc (Python) as usual.
// Nothing is sent anywhere: files are read in the page, the CSV is made as a Blob in the page.
// Reading bytes and text is ledger-reader.js (pure, tested under Node); the styles are in calc.css.

const {
  MAX_CELL, MAX_TEXT, GIVE_UP, cleanCell, decode, parseLedgerSliced, skippedText, splitTable,
} = await import(`./ledger-reader.js${new URL(import.meta.url).search}`);

const FIELD = "transactions";
const COLS = ["date", "borrow", "repay"];
const MAX_FILE_BYTES = 5 * 1024 * 1024;

let buttons = null;

function moveButtons() {
  if (!buttons) {
    const t = document.createElement("template");
    t.innerHTML =
      '<button type="button" class="calc-row-remove ledger-move" data-ledger="up" aria-keyshortcuts="Alt+ArrowUp">↑</button>' +
      '<button type="button" class="calc-row-remove ledger-move" data-ledger="down" aria-keyshortcuts="Alt+ArrowDown">↓</button>';
    buttons = t.content;
  }
  return buttons;
}

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
    this.importSeq = 0;               // the latest import; an older one still parsing is dropped
    fieldEl.querySelector(".calc-table-wrap")?.classList.add("ledger-scroll");
    this.buildToolbar();
    this.decorateAll();
    new MutationObserver(() => this.decorateAll()).observe(this.tbody, { childList: true });
    this.tbody.addEventListener("click", (e) => this.onRowClick(e));
    this.tbody.addEventListener("keydown", (e) => this.onRowKey(e));
    this.tbody.addEventListener("paste", (e) => this.onCellPaste(e));
    ui.root.addEventListener("calc:result", (e) => this.onResult(e.detail));
    for (const type of ["input", "change"]) ui.root.addEventListener(type, () => { this.pending = true; });
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
        <textarea id="${id}-paste" rows="6" spellcheck="false" autocomplete="off" aria-describedby="${id}-formats"></textarea>
        <button type="button" class="calc-button" data-ledger="paste">表に読み込む</button>
      </details>
      <details class="ledger-paste ledger-formats">
        <summary>読み込める形式</summary>
        <ul id="${id}-formats">
          <li>表計算ソフトからコピーした表（タブ区切り）、カンマ区切りのCSV（「"」で囲んだ欄の中のカンマ・改行も可）、
            空白で区切ったテキスト（PDFからのコピーなど）。</li>
          <li>ファイルの文字コードは UTF-8・Shift_JIS（Excelの「CSV」）・UTF-16（Excelの「Unicode テキスト」）・EUC-JP。
            5MBまで。Excel（.xlsx）やPDFのファイルは、CSVで保存するか表をコピーして貼り付けてください。</li>
          <li>貸金業者の取引履歴によくある形に対応しています: 表の上の表題・会社名・作成日などの行、空行、
            「合計」「小計」「繰越」の行、ページごとに繰り返す見出し、利率・利息・残高・摘要などの余分な列、
            使わない欄の「0」や「-」。これらは読み飛ばし、読み飛ばした行の数を表示します。</li>
          <li>見出し行があれば列名で「取引日」「借入額」「返済額」の列を選びます（「ご利用日・ご利用金額・ご返済金額」
            「年月日・貸付金額・弁済金額」なども可）。「取引区分」と1つの「金額」の列の形も、区分の「融資」「返済」などで読み分けます。
            見出しがなければ、取引日・借入額・返済額の順とみなします。</li>
          <li>1つの欄は${MAX_CELL}文字まで。表は${this.max}行までです。</li>
        </ul>
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
      else if (what === "paste") this.importText(this.pasteArea.value, "貼り付けた内容");
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
        cell.prepend(moveButtons().cloneNode(true));      // a clone: no HTML parsing per row
        up = cell.firstElementChild;
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
    let text = e.clipboardData.getData("text/plain");
    let end = text.length;
    while (end > 0 && (text[end - 1] === "\n" || text[end - 1] === "\r")) end--;
    text = text.slice(0, end);
    if (!/[\t\r\n]/.test(text)) return;                   // one value: the browser pastes it as usual
    e.preventDefault();
    const t0 = performance.now();
    const at = [...this.tbody.rows].indexOf(inp.closest("tr"));
    const col = inp.name.split(".").pop();
    if (text.length > MAX_TEXT) { this.refuse("貼り付けた内容", "文字が多すぎます。", t0); return; }
    if (text.length <= 200_000) {
      const records = splitTable(text).all();
      if (records.every((r) => r.cells.length === 1)) {   // one column: fill that column downwards
        const parsed = { rows: [], header: false, layout: "1列", lines: records.length, skipped: {}, skippedAt: [],
                         cutAt: 0, cutLines: 0, gaveUpAt: 0 };
        for (const r of records) {
          if (r.tooLong) {
            parsed.skipped.tooLong = (parsed.skipped.tooLong || 0) + 1;
            if (parsed.skippedAt.length < 5) parsed.skippedAt.push(r.line);
          } else parsed.rows.push({ [col]: cleanCell(r.cells[0]) });
        }
        if (!parsed.rows.length) { this.refuse("貼り付けた内容", "", t0, parsed); return; }
        this.importSeq++;
        this.applyRows(parsed, "貼り付けた内容", { at }, t0);
        return;
      }
    }
    this.importText(text, "貼り付けた内容", t0, "", at);
  }

  // ---- import --------------------------------------------------------------------------------------
  // A file or paste that cannot be read leaves the table as it is and says why.
  async importFile() {
    const f = this.file.files && this.file.files[0];
    this.file.value = "";
    if (!f) return;
    const t0 = performance.now();
    // the name is shown as text only; bidi controls could still reorder the message around it
    const name = `ファイル「${String(f.name).replace(/[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, "").slice(0, 80)}」`;
    if (f.size > MAX_FILE_BYTES) { this.refuse(name, "ファイルが大きすぎます（5MBまで）。", t0); return; }
    const seq = ++this.importSeq;
    let buf;
    try { buf = await f.arrayBuffer(); } catch { this.refuse(name, "ファイルを開けませんでした。", t0); return; }
    if (seq !== this.importSeq) return;                   // another import started meanwhile
    const d = decode(buf);
    if (d.error) { this.refuse(name, d.error, t0); return; }
    await this.importText(d.text, `${name}（${d.encoding}）`, t0, d.encoding);
  }

  // Parsing runs in slices (the page stays responsive with a 5 MB file); the table changes once, at
  // the end, and only if something was read. `at`: a paste into the table at that row.
  async importText(text, source, t0 = performance.now(), encoding = "", at = null) {
    text = String(text ?? "");
    if (text.length > MAX_TEXT) { this.refuse(source, "文字が多すぎます。", t0); return; }
    const seq = ++this.importSeq;
    const append = at === null && this.mode.value === "append";
    let room = this.max;
    if (at !== null) room = this.max - Math.max(0, at);
    else if (append) room = this.max - this.filledRows().length;
    if (text.length > 100_000) {                          // a big text: say so, and let the page paint it
      this.say(`${source}を読み込んでいます…`);
      await new Promise((resolve) => setTimeout(resolve, 0));
      if (seq !== this.importSeq) return;
    }
    const parsed = await parseLedgerSliced(text, Math.max(1, room));
    if (seq !== this.importSeq) return;                   // another import started meanwhile
    if (!parsed.rows.length) { this.refuse(source, "", t0, parsed, encoding); return; }
    if (source === "貼り付けた内容" && at === null) this.pasteArea.value = "";
    this.applyRows(parsed, source, { at, append }, t0, encoding);
  }

  filledRows() {
    return (this.ui.values()[FIELD] || []).filter((r) => COLS.some((c) => String(r[c] ?? "").trim() !== ""));
  }

  refuse(source, why, t0, parsed = null, encoding = "") {
    let msg = `${source}を読み込めませんでした。${why}`;
    if (parsed) {
      msg = `${source}に取引として読み込める行がありませんでした（${parsed.lines - parsed.cutLines}行を調べました）。` +
        skippedText(parsed);
      if (parsed.gaveUpAt) msg += `${GIVE_UP}行調べても取引の行がなかったため、${parsed.gaveUpAt}行目から後は調べていません。`;
      msg += "取引日・借入額・返済額の列があるか確かめてください。";
    }
    msg += "表は変えていません。";
    window.__ledgerLast = { op: "import", ok: false, ms: performance.now() - t0, rows: 0, encoding, message: msg,
                            at: performance.now() };
    this.say(msg);
  }

  // Rows into the table: one bulk update of the DOM and one recompute. Missing rows are made from the
  // row template in one go (runtime's addRow parses the template once per row, ~1 ms each: a second
  // or more for 1,000 rows) and the values are written in the same task, so the browser lays the
  // table out once. An import started meanwhile takes over.
  applyRows(parsed, source, { at = null, append = false } = {}, t0 = performance.now(), encoding = "") {
    const incoming = parsed.rows;
    const values = this.ui.values();
    let rows;
    if (at !== null) {                                    // paste into the table at a row
      rows = (values[FIELD] || []).map((r) => ({ ...r }));
      incoming.forEach((r, k) => { rows[at + k] = { ...(rows[at + k] || { date: "", borrow: "", repay: "" }), ...r }; });
    } else if (append) {
      rows = this.filledRows().concat(incoming);
    } else {
      rows = incoming;
    }
    let cut = 0;
    if (rows.length > this.max) { cut = rows.length - this.max; rows = rows.slice(0, this.max); }
    values[FIELD] = rows.map((r) => ({ date: r.date ?? "", borrow: r.borrow ?? "", repay: r.repay ?? "" }));
    this.ui.setValues(values);                            // one bulk update of the DOM …
    this.recompute();                                     // … and one recompute
    const ms = performance.now() - t0;
    window.__ledgerLast = { op: "import", ok: true, ms, rows: incoming.length, total: rows.length, encoding,
                            lines: parsed.lines, skipped: { ...parsed.skipped }, at: performance.now() };
    const nb = incoming.filter((r) => r.borrow).length;
    const nr = incoming.filter((r) => r.repay).length;
    let msg = `${source}の${parsed.lines}行のうち${incoming.length}行を読み込みました（借入${nb}件・返済${nr}件`;
    if (parsed.header) msg += "・見出し行を除きました";
    if (parsed.layout === "2列") msg += "・2列を「取引日・金額」として読みました";
    if (parsed.layout === "区分") msg += "・「区分」の列で借入と返済を読み分けました";
    msg += "）。" + skippedText(parsed);
    if (parsed.cutAt) msg += `表は${this.max}行までのため、${parsed.cutAt}行目から後の${parsed.cutLines}行は読み込んでいません。`;
    msg += `表は全部で${rows.length}行です。`;
    if (cut) msg += `${this.max}行を超えた${cut}行は読み込んでいません。`;
    msg += "計算し直しています。";
    this.say(msg);
  }

  // The same markup as runtime's addRow (the form's <template class="calc-row-template"> with __i__
  // and __n__ for the row index and number), for many rows at once; setValues then adds none.
  clearRows() {
    const values = this.ui.values();
    values[FIELD] = [{ date: "", borrow: "", repay: "" }];
    this.ui.setValues(values);
    this.recompute();
    this.tbody.querySelector("input")?.focus();
    this.say("表を空にしました。1行目から入力してください。");
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

// ---- helpers ---------------------------------------------------------------------------------------
function rowValues(tr) {
  const out = {};
  for (const inp of tr.querySelectorAll("[name]")) out[inp.name.split(".").pop()] = inp.value;
  return out;
}

function writeRow(tr, values) {
  for (const inp of tr.querySelectorAll("[name]")) inp.value = values[inp.name.split(".").pop()] ?? "";
}
