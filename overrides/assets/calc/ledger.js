// Ledger widget for the 引き直し計算 (calc extension "ledger"): richer ways to enter a transaction
// history — paste from a spreadsheet, import a CSV file (the shapes of lenders' exports it reads are
// listed above `decode` below, and in the help text 「読み込める形式」), export the 計算書 as CSV,
// move rows up and down. It only changes how inputs are entered: dates and amounts stay the
// raw strings the reader's file holds, and every figure is computed by calc (Python) as usual.
// Nothing is sent anywhere: files are read in the page, the CSV is made as a Blob in the page.

const FIELD = "transactions";
const COLS = ["date", "borrow", "repay"];
const MAX_FILE_BYTES = 5 * 1024 * 1024;

let styled = false;
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

// ---- helpers (pure) --------------------------------------------------------------------------------
function rowValues(tr) {
  const out = {};
  for (const inp of tr.querySelectorAll("[name]")) out[inp.name.split(".").pop()] = inp.value;
  return out;
}

function writeRow(tr, values) {
  for (const inp of tr.querySelectorAll("[name]")) inp.value = values[inp.name.split(".").pop()] ?? "";
}

// ---- reading text and files (pure functions; linear time) ---------------------------------------
//
// What the paste box and the CSV import read (the help text 「読み込める形式」 says the same):
//  * separators: tabs (a copy from Excel, Numbers or Google スプレッドシート), commas (CSV as in
//    RFC 4180: a quoted cell may hold commas, doubled quotes and line breaks) or runs of spaces
//    (text copied from a PDF); the one that finds the most dated lines wins;
//  * files in UTF-8 (with or without BOM), Shift_JIS (Windows-31J, what Excel in Japan saves),
//    UTF-16 with BOM (Excel's 「Unicode テキスト」) or EUC-JP; line ends CRLF, LF or CR;
//  * shapes of lenders' exports: title lines above the header (会社名, お客様番号, 作成日 …), blank
//    lines, 合計・小計・総計・累計・繰越 lines, the header repeated on every page, extra columns
//    before or after (No., 利率, 利息, 元金, 残高, 摘要 …), columns in any order when there is a
//    header, one 金額 column with a 区分/摘要 column that says 借入 or 返済, one signed 金額
//    column (-, △, ▲ or (…) = 返済), 0 printed in the unused column;
//  * no header: 取引日・借入額・返済額 in that order (extra columns after them are ignored), or
//    取引日・金額 with signed amounts.
// A line that is not read is counted by reason, and the status says how many and which.
// Refused, changing nothing: files over 5 MB, Excel/PDF files, text that is not a table (control
// characters), bytes that are no supported encoding. A cell over MAX_CELL characters is never a
// date or an amount: its line is refused (and counted).
// Linear time: every loop visits each character a bounded number of times, and regular expressions
// run only on single cells (at most MAX_CELL characters, date tests at most 40) and have no nested
// or adjacent quantifiers over the same characters. (The former date pattern backtracked
// quadratically on a date followed by many spaces: 80,000 characters took 9 s.)

const MAX_CELL = 200;              // calc refuses longer inputs too
const MAX_COLS = 300;              // a line with more cells is not a transaction
const MAX_TEXT = 6 * 1024 * 1024;  // characters: a 5 MB file decodes to at most this many
const HEADER_SCAN = 60;            // the header is looked for in the first lines only
const GIVE_UP = 5000;              // lines without a single transaction before reading stops
const SAMPLE = 65536;              // characters used to choose the separator

const NOT_A_TABLE = "表のファイル（CSV・テキスト）ではないようです。取引履歴をCSV形式で保存したファイルを選んでください。";

export function decode(buf) {
  const bytes = new Uint8Array(buf);
  if (!bytes.length) return { error: "ファイルが空です。" };
  const starts = (...sig) => sig.every((b, i) => bytes[i] === b);
  if (starts(0x50, 0x4b, 0x03, 0x04) || starts(0xd0, 0xcf, 0x11, 0xe0)) {
    return { error: "Excelのファイル（.xlsx・.xls）は直接は読み込めません。Excelで「CSV」形式で保存してから読み込むか、表をコピーして貼り付けてください。" };
  }
  if (starts(0x25, 0x50, 0x44, 0x46)) {
    return { error: "PDFのファイルは読み込めません。PDFの表を選んでコピーし、「まとめて貼り付ける」の欄に貼り付けてください。" };
  }
  const utf16 = starts(0xff, 0xfe) || starts(0xfe, 0xff);
  if (!utf16 && bytes.subarray(0, SAMPLE).includes(0)) return { error: NOT_A_TABLE };
  let text = null, encoding = "";
  if (utf16) {
    text = tryDecode(bytes[0] === 0xff ? "utf-16le" : "utf-16be", bytes);
    encoding = "UTF-16";
  } else {
    text = tryDecode("utf-8", bytes);                        // a BOM is dropped by the decoder
    encoding = "UTF-8";
    if (text === null) {
      const sjis = tryDecode("shift_jis", bytes);
      const euc = tryDecode("euc-jp", bytes);
      if (sjis !== null && (euc === null || japaneseScore(sjis) >= japaneseScore(euc))) {
        text = sjis; encoding = "Shift_JIS";
      } else if (euc !== null) {
        text = euc; encoding = "EUC-JP";
      }
    }
  }
  if (text === null) {
    return { error: "文字コードを読み取れませんでした。UTF-8 か Shift_JIS のCSVファイルとして保存し直してください。" };
  }
  if (binaryLike(text)) return { error: NOT_A_TABLE };
  return { text, encoding };
}

function tryDecode(label, bytes) {
  try { return new TextDecoder(label, { fatal: true }).decode(bytes); } catch { return null; }
}

// Kana and kanji count for, half-width katakana against: EUC-JP read as Shift_JIS (or the reverse)
// turns into runs of half-width katakana and rare kanji.
function japaneseScore(t) {
  let score = 0;
  const n = Math.min(t.length, SAMPLE);
  for (let i = 0; i < n; i++) {
    const c = t.charCodeAt(i);
    if ((c >= 0x3040 && c <= 0x30ff) || (c >= 0x4e00 && c <= 0x9fff)) score++;
    else if (c >= 0xff61 && c <= 0xff9f) score -= 2;
  }
  return score;
}

function binaryLike(t) {
  let bad = 0;
  const n = Math.min(t.length, SAMPLE);
  for (let i = 0; i < n; i++) {
    const c = t.charCodeAt(i);
    if (c === 0) return true;
    if ((c < 0x20 && c !== 9 && c !== 10 && c !== 13 && c !== 12) || c === 0x7f) bad++;
  }
  return bad > 8 && bad * 100 > n;
}

// ---- dates ------------------------------------------------------------------------------------------
const DATE_RE = new RegExp(
  "^(?:(?:西暦)?\\d{4} ?[/.年-] ?\\d{1,2} ?[/.月-] ?\\d{1,2} ?日?" +
  "|\\d{8}" +
  "|(?:明治|大正|昭和|平成|令和|[明大昭平令MTSHR]) ?(?:元|\\d{1,2}) ?[/.年-] ?\\d{1,2} ?[/.月-] ?\\d{1,2} ?日?" +
  "|\\d{1,2}[/.-]\\d{1,2}[/.-]\\d{1,2})" +
  "(?: ?\\([^()]{1,3}\\))?(?: \\d{1,2}:\\d{2}(?::\\d{2})?)?$", "i");
const DATE_START = /^(?:西暦|明治|大正|昭和|平成|令和|[明大昭平令MTSHR〇一二三四五六七八九十元]|\d)/i;
const KANJI_DIGITS = "〇一二三四五六七八九";

function kanjiNumber(m) {                    // 〇 一 … 九 十 in a date: 十二 → 12, 二十三 → 23, 二〇二四 → 2024
  const t = m.indexOf("十");
  if (t < 0) return [...m].map((c) => KANJI_DIGITS.indexOf(c)).join("");
  if (m.length > 3 || m.indexOf("十", t + 1) >= 0) return m;
  const tens = t === 0 ? 1 : KANJI_DIGITS.indexOf(m[0]);
  const ones = t === m.length - 1 ? 0 : KANJI_DIGITS.indexOf(m[m.length - 1]);
  return String(tens * 10 + ones);
}

function dateText(s) {
  s = String(s || "");
  return (/[^\x00-\x7f]/.test(s) ? s.normalize("NFKC") : s).replace(/\s+/g, " ").trim().replace(/[〇一二三四五六七八九十]+/g, kanjiNumber);
}

// A cheap first look, so that lines of other text cost no normalisation: a date starts with a digit
// (also full-width), a Latin letter (H13.1.10, also full-width), an era name or ligature, 西暦 or a
// kanji numeral.
function mayBeDate(s) {
  const c = s.charCodeAt(0);
  return (c >= 48 && c <= 57) || (c >= 0xff10 && c <= 0xff19) ||
    "MTSHRmtshrＭＴＳＨＲｍｔｓｈｒ西明大昭平令〇一二三四五六七八九十元㍻㍼㍽㍾㋿".includes(s[0]);
}

export function looksLikeDate(s) {
  s = String(s || "");
  if (!s || s.length > 40 || !mayBeDate(s)) return false;
  return DATE_RE.test(dateText(s));
}

function dateLike(s) {                        // worth keeping as a date for calc to judge (令和六年…, 2024/2/30)
  return !!s && mayBeDate(s) && DATE_START.test(dateText(String(s).slice(0, 40)));
}

// ---- text → lines of cells --------------------------------------------------------------------------
// A record is {cells, line, tooLong}: the trimmed cells of one line (or of one CSV record, which may
// span lines inside quotes) and the 1-based line where it starts; blank lines give no record.
// `Lines` hands out records one at a time, so reading can stop at the table's row limit without
// splitting the rest of a big file.
export function splitTable(text) {
  let t = String(text ?? "");
  if (t.charCodeAt(0) === 0xfeff) t = t.slice(1);
  t = t.replace(/\r\n?/g, "\n");
  const sample = t.slice(0, SAMPLE);                         // the separator is chosen on the first lines
  let best = { sep: t.includes("\t") ? "\t" : " ", score: 0 };  // nothing dated: tabs, else spaces
  for (const sep of ["\t", ",", " "]) {                      // (a column of "10,000" is not CSV)
    if (sep !== " " && !t.includes(sep)) continue;
    const score = layoutScore(new Lines(sample, sep).all());
    if (score > best.score) best = { sep, score };
  }
  return new Lines(t, best.sep);
}

function layoutScore(records) {
  let score = 0;
  for (let k = 0; k < records.length; k++) {
    const c = records[k].cells;
    if (k < HEADER_SCAN && isHeader(c)) score += 3;
    if (c.length < 2) continue;
    for (let j = 0; j < c.length && j < 6; j++) {
      if (looksLikeDate(c[j])) { score++; break; }
    }
  }
  return score;
}

class Lines {
  constructor(t, sep) {
    this.t = t;
    this.sep = sep;
    this.pos = 0;                               // where the next record starts
    this.line = 1;
  }

  all() {
    const out = [];
    for (let r = this.next(); r; r = this.next()) if (!r.blank) out.push(r);
    return out;
  }

  next() {                                      // the next record (maybe blank), or null at the end
    const t = this.t;
    while (t.charCodeAt(this.pos) === 10) { this.pos++; this.line++; }
    if (this.pos >= t.length) return null;
    const start = this.line;
    const cells = this.sep === " " ? this.spaced() : this.delimited();
    let tooLong = cells.length > MAX_COLS, blank = true;
    if (tooLong) cells.length = MAX_COLS;
    for (let j = 0; j < cells.length; j++) {
      const c = cells[j].trim();
      if (c.length > MAX_CELL) { tooLong = true; cells[j] = ""; } else cells[j] = c;
      if (c) blank = false;
    }
    return { cells, line: start, tooLong, blank: blank && !tooLong };
  }

  // non-blank lines from here on (records cut off by the row limit)
  restLines() {
    const t = this.t;
    let n = 0, filled = false;
    for (let i = this.pos; i < t.length; i++) {
      const c = t.charCodeAt(i);
      if (c === 10) { if (filled) n++; filled = false; } else if (c > 32 && c !== 0x3000) filled = true;
    }
    return n + (filled ? 1 : 0);
  }

  spaced() {
    const t = this.t;
    let e = t.indexOf("\n", this.pos);
    if (e < 0) e = t.length;
    const cells = t.slice(this.pos, e).trim().split(/[ \u3000]+/, MAX_COLS + 1);
    this.pos = e + 1;
    this.line++;
    return cells;
  }

  delimited() {                                 // one record of CSV (RFC 4180 quotes) or TSV
    const t = this.t, sep = this.sep, n = t.length;
    const cells = [];
    let i = this.pos;
    for (;;) {
      const keep = cells.length <= MAX_COLS;    // past that, the rest of the record is skipped unread
      let j = i;
      while (j < n && (t[j] === " " || t[j] === "\u3000")) j++;
      let e;
      if (j < n && t[j] === '"') {              // quoted: "" is a quote; separators and line breaks are text
        const parts = [];
        let k = j + 1;
        for (;;) {
          const q = t.indexOf('"', k);
          const stop = q < 0 ? n : q;
          if (keep) parts.push(t.slice(k, stop));
          for (let x = k; x < stop; x++) if (t.charCodeAt(x) === 10) this.line++;
          if (q < 0) { k = n; break; }
          if (t[q + 1] === '"') { if (keep) parts.push('"'); k = q + 2; } else { k = q + 1; break; }
        }
        e = k;
        while (e < n && t[e] !== sep && t[e] !== "\n") e++;
        if (keep) {
          parts.push(t.slice(k, e));            // anything after the closing quote, as Excel does
          cells.push(parts.join(""));
        }
      } else {
        e = i;
        while (e < n && t[e] !== sep && t[e] !== "\n") e++;
        if (keep) cells.push(t.slice(i, e));
      }
      i = e;
      if (i < n && t[i] === sep) { i++; continue; }
      if (i < n) i++;                           // the line break
      this.line++;
      break;
    }
    this.pos = i;
    return cells;
  }
}

// ---- lines of cells → transactions ------------------------------------------------------------------
const DATE_HEAD = /日付|年月日|取引日|日$/;
const BORROW_WORDS = /借入|借り入れ|貸付|貸出|融資|出金|キャッシング|利用額|利用金額|ご利用/;
const REPAY_WORDS = /返済|弁済|入金|支払|返金|振替/;
const NOT_BORROW = /残|利息|利率|手数料|損害金|日|返|弁|区分|種別|摘要|内容|ショッピング/;
const NOT_REPAY = /残|利息|利率|手数料|損害金|日|借|貸|融資|区分|種別|摘要|内容|予定|充当/;   // 「借入金額」 contains 「入金」
const AMOUNT_HEAD = /金額|取引額|額$/;
const NOT_AMOUNT = /残|利息|利率|元金|手数料|損害金|充当|予定/;
const KIND_HEAD = /区分|種別|種類|摘要|内容|取引名/;
const HEADER_WORDS = /日付|年月日|取引日|借入|借り入れ|貸付|融資|返済|弁済|入金|出金|金額/;
const TOTAL_RE = /^[【[(<＜〈《「]?(?:総?合計額?|小計|総計|累計|年計|月計|計|(?:前|次)(?:頁|ページ|月|回|期)?繰越(?:残高|額)?|繰越(?:残高|額)?)[】\])>＞〉》」]?[:：]?$/;
const SIGN = /^\s*(?:[-−－▲△]|\()/;
const ZERO = /^[¥\\]?0+(?:\.0+)?円?$/;

function headText(c) {
  return c.length > 30 ? "" : c.normalize("NFKC").replace(/\s+/g, "");
}

function isHeader(cells) {
  let date = false, amount = false;
  for (let j = 0; j < cells.length && j < 30; j++) {
    const c = cells[j];
    if (looksLikeDate(c)) return false;
    const h = headText(c);
    if (!h) continue;
    if (DATE_HEAD.test(h)) date = true;
    else if (BORROW_WORDS.test(h) || REPAY_WORDS.test(h) || (AMOUNT_HEAD.test(h) && !NOT_AMOUNT.test(h))) amount = true;
  }
  return date && amount;
}

function isTotal(cells) {
  for (let j = 0; j < cells.length && j < 12; j++) {
    const c = cells[j];
    if (c && c.length <= 16 && (c.includes("計") || c.includes("繰")) && TOTAL_RE.test(c.normalize("NFKC").replace(/\s+/g, ""))) return true;
  }
  return false;
}

function cleanCell(s) {
  const t = String(s ?? "").trim();
  if (/^[-‐－—―ー−\s]*$/.test(t)) return "";              // "-" for "none", as many histories print
  return t;
}

function cleanAmount(s) {
  const t = cleanCell(s);
  return ZERO.test(t.normalize("NFKC").replace(/[,\s]/g, "")) ? "" : t;   // 0 printed in the unused column
}

function cleanDate(s) {
  // a time of day from a spreadsheet export ("2005/4/1 0:00:00") is not part of the date
  const t = cleanCell(s);
  const sp = Math.max(t.lastIndexOf(" "), t.lastIndexOf("\u3000"));
  if (sp > 0 && /^\d{1,2}:\d{2}(?::\d{2})?$/.test(t.slice(sp + 1))) return t.slice(0, sp).trim();
  return t;
}

function kindOf(s) {
  const h = headText(s);
  const b = BORROW_WORDS.test(h) || /借/.test(h), r = REPAY_WORDS.test(h);
  if (b === r) return "";
  return b ? "borrow" : "repay";
}

// The column holding the most dates among the first lines.
function dateColumn(records) {
  const hits = [];
  for (let k = 0; k < records.length && k < 200; k++) {
    const c = records[k].cells;
    for (let j = 0; j < c.length && j < 8; j++) if (looksLikeDate(c[j])) hits[j] = (hits[j] || 0) + 1;
  }
  let best = 0;
  for (let j = 1; j < hits.length; j++) if ((hits[j] || 0) > (hits[best] || 0)) best = j;
  return best;
}

// Records (a `Lines` or an array) → {rows: [{date, borrow, repay}], header, layout, lines,
// skipped: {reason: n}, skippedAt: [line…], cutAt, cutLines}. Values stay the raw strings of the
// source; calc parses them. At most `limit` rows are read: `cutAt` is the line where reading stopped
// and `cutLines` how many non-blank lines were left unread from there.
function* readSteps(source, limit) {
  const lines = Array.isArray(source) ? null : source;
  const res = { rows: [], header: false, layout: "", lines: 0, skipped: {}, skippedAt: [], cutAt: 0, cutLines: 0,
                gaveUpAt: 0 };
  const head = [];                              // the first lines: header, date column, width
  let rest = 0;
  const pull = () => {
    if (!lines) return rest < source.length ? source[rest++] : null;
    return lines.next();
  };
  let pulled = 0;
  for (let r; head.length < 200 && (r = pull());) {
    if (!r.blank) head.push(r);
    if ((++pulled & 1023) === 0) yield;
  }
  if (!head.length) return res;
  const skip = (why, rec) => {
    res.skipped[why] = (res.skipped[why] || 0) + 1;
    if (!["title", "header", "total"].includes(why) && res.skippedAt.length < 5) res.skippedAt.push(rec.line);
  };
  let h = -1;
  for (let k = 0; k < head.length && k < HEADER_SCAN; k++) {
    if (!head[k].tooLong && isHeader(head[k].cells)) { h = k; break; }
  }
  if (h < 0 && !head[0].tooLong && !head[0].cells.slice(0, 30).some(looksLikeDate) &&
      head[0].cells.slice(0, 30).some((c) => HEADER_WORDS.test(headText(c)))) h = 0;
  for (let k = 0; k < h; k++) skip("title", head[k]);
  res.lines = h + 1;
  const first = head.slice(h + 1);
  const hc = h >= 0 ? head[h].cells.slice(0, 60).map(headText) : [];
  res.header = h >= 0;
  const find = (re, avoid) => hc.findIndex((c) => c && re.test(c) && !(avoid && avoid.test(c)));
  let di = find(DATE_HEAD);
  if (di < 0) di = dateColumn(first);
  let bi = find(BORROW_WORDS, NOT_BORROW), ri = find(REPAY_WORDS, NOT_REPAY), ai = -1, ki = -1;
  if (bi === di) bi = -1;
  if (ri === di) ri = -1;
  if (bi < 0 && ri < 0) {
    ai = find(AMOUNT_HEAD, NOT_AMOUNT);
    if (ai === di) ai = -1;
    if (ai >= 0) ki = find(KIND_HEAD);
  }
  if (bi < 0 && ri < 0 && ai < 0) {                       // no usable header: by position after the date
    let width = 0;
    for (const r of first) if (looksLikeDate(r.cells[di])) width = Math.max(width, r.cells.length);
    if (!width) for (const r of first) width = Math.max(width, r.cells.length);
    if (width >= di + 3) { bi = di + 1; ri = di + 2; }
    else if (width === di + 2) ai = di + 1;
  }
  res.layout = ai >= 0 ? (ki >= 0 ? "区分" : "2列") : "3列";
  const get = (c, j) => (j >= 0 && j < c.length ? c[j] : "");
  let k = 0, giveUp = null;
  for (let rec; (rec = k < first.length ? first[k++] : pull());) {
    if ((++pulled & 1023) === 0) yield;
    if (rec.blank) continue;
    const c = rec.cells;
    res.lines++;
    if (!res.rows.length && res.lines - h > GIVE_UP) { giveUp = rec; break; }
    if (rec.tooLong) { skip("tooLong", rec); continue; }
    if (isTotal(c)) { skip("total", rec); continue; }
    let borrow = "", repay = "", kind = "", signed = false;
    if (ai >= 0) {
      const a = cleanAmount(get(c, ai));
      signed = SIGN.test(a);
      const unsigned = signed ? a.replace(SIGN, "").replace(/\)\s*$/, "").trim() : a;
      kind = ki >= 0 && unsigned ? kindOf(get(c, ki)) : "";
      if (kind === "repay" || (!kind && signed)) repay = unsigned;
      else borrow = unsigned;
    } else {
      borrow = bi >= 0 ? cleanAmount(get(c, bi)) : "";
      repay = ri >= 0 ? cleanAmount(get(c, ri)) : "";
    }
    if (!borrow && !repay) { skip("noAmount", rec); continue; }   // notes, 利率変更 …: cheap to tell, so first
    const date = cleanDate(get(c, di));
    if (!looksLikeDate(date)) {
      if (res.header && isHeader(c)) { skip("header", rec); continue; }
      if (!date || !dateLike(date)) { skip("noDate", rec); continue; }
    }
    if (ki >= 0 && !kind && !signed) { skip("kind", rec); continue; }
    if (res.rows.length >= limit) {             // the table is full: count what is left, read no further
      res.cutAt = rec.line;
      res.cutLines = 1 + (first.length - k) + (lines ? lines.restLines() : source.length - rest);
      res.lines += res.cutLines - 1;
      break;
    }
    res.rows.push({ date, borrow, repay });
  }
  if (giveUp) {                                 // thousands of lines and not one transaction: not a ledger
    res.gaveUpAt = giveUp.line;
    res.cutLines = 1 + (first.length - k) + (lines ? lines.restLines() : source.length - rest);
    res.lines += res.cutLines - 1;
  }
  return res;
}

export function readRows(source, limit = Infinity) {
  const steps = readSteps(source, limit);
  for (;;) {
    const s = steps.next();
    if (s.done) return s.value;
  }
}

export function parseLedger(text, limit = Infinity) {
  return readRows(splitTable(text), limit);
}

// The same, giving the page back every `sliceMs` so that a big file never freezes it.
export async function parseLedgerSliced(text, limit = Infinity, sliceMs = 40) {
  let t = performance.now();
  const pause = async () => {
    if (performance.now() - t < sliceMs) return;
    await new Promise((resolve) => setTimeout(resolve, 0));
    t = performance.now();
  };
  const lines = splitTable(text);
  await pause();
  const steps = readSteps(lines, limit);
  for (;;) {
    const s = steps.next();
    if (s.done) return s.value;
    await pause();
  }
}

const SKIP_LABELS = {
  title: "見出しより上の表題など", header: "見出しの繰り返し", total: "合計・小計・繰越の行",
  tooLong: `長すぎる行（${MAX_CELL}文字を超える欄か、${MAX_COLS}を超える列）`, noDate: "取引日が読めない行",
  noAmount: "金額のない行（注記や利率の変更など）", kind: "借入か返済か分からない行",
};

// "…3行（12・30行目など）" for the status line.
export function skippedText(parsed) {
  const parts = Object.entries(parsed.skipped).map(([why, n]) => `${SKIP_LABELS[why] || why}${n}行`);
  if (!parts.length) return "";
  let s = `読み込まなかった行: ${parts.join("、")}`;
  if (parsed.skippedAt.length) s += `（取引として読めなかったのは${parsed.skippedAt.join("・")}行目${parsed.skippedAt.length >= 5 ? "など" : ""}）`;
  return s + "。";
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
