// The ledger reader (overrides/assets/calc/ledger-reader.js) under Node, without a browser: each file
// of tests/data/ledger/ (see its README) decoded and read into transactions. Expected rows, line
// counts and skipped lines are read off the files by hand (the same rows tests/e2e/test_ledger.py
// expects the widget to put into the table): which lines are transactions, their raw date and amount
// cells, which lines are titles, totals, repeated headers or notes, and the line numbers of the
// skipped lines that are not titles, headers or totals.
//   node --test tests/js/
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

import {
  decode, looksLikeDate, parseLedger, parseLedgerSliced, skippedText, splitTable,
} from "../../overrides/assets/calc/ledger-reader.js";

const CORPUS = new URL("../data/ledger/", import.meta.url);
const R = (date, borrow = "", repay = "") => ({ date, borrow, repay });

function readFixture(name) {
  const d = decode(readFileSync(new URL(name, CORPUS)));
  assert.equal(d.error, undefined, `${name}: ${d.error}`);
  return { encoding: d.encoding, parsed: parseLedger(d.text) };
}

// file → what it must give: encoding, rows, lines read (non-blank lines, a quoted cell's line breaks
// inside one record), header, layout, skipped lines by reason and where, and the status text's parts
// (tests/e2e/test_ledger.py checks the same parts on the page).
const EXPORTS = {
  // 5 title lines (会社名 … 作成日) above the header on line 7; line 11 (利率変更) has no amount;
  // line 14 is 合計; 0 in the unused column.
  "01_title_total_sjis.csv": {
    encoding: "Shift_JIS", lines: 13, header: true, layout: "3列",
    rows: [R("2001/01/10", "300,000"), R("2001/02/10", "", "15,000"), R("2001/03/12", "", "15,000"),
           R("2001/04/10", "50,000"), R("2001/05/10", "", "20,000")],
    skipped: { title: 5, noAmount: 1, total: 1 }, skippedAt: [11],
    says: ["見出しより上の表題など5行", "金額のない行（注記や利率の変更など）1行", "合計・小計・繰越の行1行", "11行目"],
  },
  // 3 title lines, header on line 4 (No.・取引年月日・取引区分・取引金額 …); 小計 (line 8) and 合計
  // (line 13); 手数料 on line 11 is neither a borrowing nor a repayment; 入金 and 口座振替 are repayments.
  "02_kubun_subtotal_utf8bom.csv": {
    encoding: "UTF-8", lines: 13, header: true, layout: "区分",
    rows: [R("H13.06.01", "200,000"), R("H13.06.27", "", "10,000"), R("H13.07.27", "", "10,000"),
           R("H13.08.27", "", "10,000"), R("H13.09.10", "30,000"), R("H13.10.29", "", "12,000")],
    skipped: { title: 3, total: 2, kind: 1 }, skippedAt: [11],
    says: ["見出しより上の表題など3行", "合計・小計・繰越の行2行", "借入か返済か分からない行1行", "11行目"],
  },
  // page 1: title (line 1), header (2), 3 transactions, 次頁繰越 (6); page 2: its title (8, one cell
  // without an amount), the header again (9), 前頁繰越 (10), 3 transactions, 「－ 以上 －」 (14).
  "03_pages_carry_sjis.csv": {
    encoding: "Shift_JIS", lines: 13, header: true, layout: "3列",
    rows: [R("平成13年1月10日", "500,000円"), R("平成13年2月13日", "", "20,000円"),
           R("平成13年3月13日", "", "20,000円"), R("平成13年4月12日", "", "20,000円"),
           R("平成13年5月14日", "100,000円"), R("平成13年6月13日", "", "25,000円")],
    skipped: { title: 1, total: 2, noAmount: 2, header: 1 }, skippedAt: [8, 14],
    says: ["見出しの繰り返し1行", "合計・小計・繰越の行2行", "8・14行目"],
  },
  // header + 4 records (the first one's 摘要 holds a line break inside quotes); the time of day
  // 「0:00」 is not part of the date.
  "04_excel_unicode_text.txt": {
    encoding: "UTF-16", lines: 5, header: true, layout: "3列",
    rows: [R("2002/4/1", "100000"), R("2002/4/25", "", "5000"), R("2002/5/27", "", "5000"),
           R("2002/6/25", "", "5000")],
    skipped: {}, skippedAt: [], says: [],
  },
  // no header, 2 columns; △, ▲ and (…) mark repayments.
  "05_pdf_copy_signed.txt": {
    encoding: "UTF-8", lines: 5, header: false, layout: "2列",
    rows: [R("2003/7/1", "300,000"), R("2003/7/28", "", "12,000"), R("2003/8/28", "", "12,000"),
           R("2003/9/1", "", "50,000"), R("2003/9/29", "", "12,000")],
    skipped: {}, skippedAt: [], says: [],
  },
  // CR line ends; header 年月日・貸付金額・弁済金額・損害金・備考.
  "06_eucjp_cr.csv": {
    encoding: "EUC-JP", lines: 5, header: true, layout: "3列",
    rows: [R("1999/10/05", "400,000"), R("1999/11/05", "", "16,000"), R("1999/12/06", "", "16,000"),
           R("2000/01/11", "", "16,000")],
    skipped: {}, skippedAt: [], says: [],
  },
};

for (const [name, want] of Object.entries(EXPORTS)) {
  test(`lender export ${name}`, () => {
    const { encoding, parsed } = readFixture(name);
    assert.equal(encoding, want.encoding);
    assert.deepEqual(parsed.rows, want.rows);
    assert.equal(parsed.lines, want.lines);
    assert.equal(parsed.header, want.header);
    assert.equal(parsed.layout, want.layout);
    assert.deepEqual(parsed.skipped, want.skipped);
    assert.deepEqual(parsed.skippedAt, want.skippedAt);
    assert.equal(parsed.cutAt, 0);
    assert.equal(parsed.gaveUpAt, 0);
    const text = skippedText(parsed);
    for (const s of want.says) assert.ok(text.includes(s), `${s} in ${text}`);
    if (!want.says.length) assert.equal(text, "");
  });
}

const UNREADABLE = {
  "bad_binary.csv": "表のファイル（CSV・テキスト）ではないようです",
  "bad_excel.xlsx": "Excelのファイル（.xlsx・.xls）は直接は読み込めません",
  "bad_encoding.csv": "文字コードを読み取れませんでした",
  "bad_empty.csv": "ファイルが空です",
};

for (const [name, says] of Object.entries(UNREADABLE)) {
  test(`unreadable file ${name}`, () => {
    const d = decode(readFileSync(new URL(name, CORPUS)));
    assert.equal(d.text, undefined);
    assert.ok(d.error.includes(says), d.error);
  });
}

test("a letter, not a ledger: its 3 lines are read and none is a transaction", () => {
  const { encoding, parsed } = readFixture("bad_no_transactions.txt");
  assert.equal(encoding, "UTF-8");
  assert.deepEqual(parsed.rows, []);
  assert.equal(parsed.lines - parsed.cutLines, 3);                 // 「3行を調べました」
  assert.deepEqual(parsed.skipped, { noAmount: 3 });
  assert.deepEqual(parsed.skippedAt, [1, 3, 4]);
});

// ---- pastes (the same texts as tests/e2e/test_ledger.py) ---------------------------------------------
test("a spreadsheet copy (tabs) with a header", () => {
  const parsed = parseLedger("取引日\t借入額\t返済額\nH13.1.10\t200,000\t\nH13.1.27\t\t10,000\nH13.2.26\t\t10,000\n");
  assert.deepEqual(parsed.rows, [R("H13.1.10", "200,000"), R("H13.1.27", "", "10,000"), R("H13.2.26", "", "10,000")]);
  assert.equal(parsed.lines, 4);
  assert.equal(parsed.header, true);
});

test("two columns, signed amounts, no header", () => {
  const parsed = parseLedger("2001/1/10\t200000\n2001/1/27\t-10000\n2001/2/26\t▲10,000\n2001/3/1\t5万\n");
  assert.deepEqual(parsed.rows, [R("2001/1/10", "200000"), R("2001/1/27", "", "10000"),
                                 R("2001/2/26", "", "10,000"), R("2001/3/1", "5万")]);
  assert.equal(parsed.layout, "2列");
});

test("a cell over 200 characters: that line is refused and counted, the others read", () => {
  const parsed = parseLedger(`取引日\t借入額\t返済額\nH13.1.10\t200,000\t\nH13.1.20\t${"9".repeat(201)}\t\nH13.1.27\t\t10,000\n`);
  assert.deepEqual(parsed.rows, [R("H13.1.10", "200,000"), R("H13.1.27", "", "10,000")]);
  assert.deepEqual(parsed.skipped, { tooLong: 1 });
  assert.deepEqual(parsed.skippedAt, [3]);
  assert.ok(skippedText(parsed).includes("長すぎる行（200文字を超える欄か、300を超える列）1行"));
});

test("a date followed by 80,000 spaces reads in linear time (the old date pattern took 9 s)", () => {
  const t0 = performance.now();
  const parsed = parseLedger(`2001/1/1${" ".repeat(80_000)}x\n2001/1/2\t1000\t`);
  const ms = performance.now() - t0;
  assert.deepEqual(parsed.rows, [R("2001/1/2", "1000")]);
  assert.deepEqual(parsed.skipped, { tooLong: 1 });
  assert.ok(ms < 1000, `${ms} ms`);
});

test("a quoted CSV cell holds separators, doubled quotes and line breaks", () => {
  const records = splitTable('取引日,借入額,返済額,摘要\n2001/1/10,"1,000",,"a ""b"",\nc"\n2001/1/11,,500,x\n').all();
  assert.deepEqual(records.map((r) => [r.line, r.cells]), [
    [1, ["取引日", "借入額", "返済額", "摘要"]],
    [2, ["2001/1/10", "1,000", "", 'a "b",\nc']],
    [4, ["2001/1/11", "", "500", "x"]],
  ]);
});

test("the row limit: reading stops there and says how many lines were left", () => {
  const lines = ["取引日\t借入額\t返済額", "2000/12/1\t3,000,000\t"];
  for (let k = 0; k < 20; k++) lines.push(`2001/1/${k + 1}\t\t${10_000 + k}`);
  const parsed = parseLedger(lines.join("\n"), 10);
  assert.equal(parsed.rows.length, 10);
  assert.equal(parsed.cutAt, 12);                                  // the 11th transaction's line
  assert.equal(parsed.cutLines, 11);                               // it and the 10 after it
  assert.equal(parsed.lines, 22);
});

test("read in slices, the result is the same", async () => {
  const d = decode(readFileSync(new URL("03_pages_carry_sjis.csv", CORPUS)));
  assert.deepEqual(await parseLedgerSliced(d.text, Infinity, 0), parseLedger(d.text));
});

test("dates: Western, era, era initial, kanji numerals; not amounts", () => {
  for (const s of ["2001/1/10", "2001-01-10", "2001年1月10日", "20010110", "H13.1.10", "平成13年1月10日",
                   "令和元年5月1日", "Ｈ１３．１．１０", "平成十三年一月十日", "2005/4/1 0:00:00"]) {
    assert.ok(looksLikeDate(s), s);
  }
  for (const s of ["", "300,000", "合計", "取引日", "2001/1/1 x"]) assert.ok(!looksLikeDate(s), s);
});
