// The ledger reader of the 引き直し計算 (used by ledger.js, the widget): file bytes → text
// (encodings), text → lines of cells (separators, quotes), lines → transactions (the shapes of
// lenders' exports). Pure functions: no DOM, nothing but the language and TextDecoder, so it runs
// the same in the page and under Node (tests/js/ledger-reader.test.mjs reads tests/data/ledger/).
// Dates and amounts stay the raw strings of the source; calc (Python) parses them.

// ---- reading text and files (linear time) -----------------------------------------------------------
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

export const MAX_CELL = 200;              // calc refuses longer inputs too
const MAX_COLS = 300;                     // a line with more cells is not a transaction
export const MAX_TEXT = 6 * 1024 * 1024;  // characters: a 5 MB file decodes to at most this many
const HEADER_SCAN = 60;                   // the header is looked for in the first lines only
export const GIVE_UP = 5000;              // lines without a single transaction before reading stops
const SAMPLE = 65536;                     // characters used to choose the separator

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
  let text, encoding;
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
  // eslint-disable-next-line no-control-regex -- "any character outside ASCII"
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

export function cleanCell(s) {
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
