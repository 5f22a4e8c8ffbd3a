"""The ledger widget of the 引き直し計算 (overrides/assets/calc/ledger.js) in the built site:
paste, Shift_JIS CSV import, 計算書 CSV export, row moves — each time the page shows exactly what
`calc.api.run` computes natively for the rows the widget put into the form."""
from __future__ import annotations

import pytest

from calc import api
from tests.e2e.helpers import calculator_pages, expect_native, merged, wait_engine

CALC = "hikinaoshi"
ROWS = f"#calc-{CALC} .calc-rows[data-field=transactions]"


@pytest.fixture(scope="session")
def pages(site_dir):
    return calculator_pages(site_dir)


def open_calc(page, base_url, pages):
    page.goto(base_url + pages[CALC])
    wait_engine(page)
    page.wait_for_selector(f"{ROWS} [data-ledger=up]")          # the extension is attached


def rows_on_page(page):
    return page.evaluate("() => window.__calcUIs.find(u => u.id === 'hikinaoshi').values().transactions")


def count_results(page):
    page.evaluate("""() => { window.__hkResults = 0; document.querySelector('#calc-hikinaoshi')
                      .addEventListener('calc:result', () => { window.__hkResults++; }); }""")


TSV = "取引日\t借入額\t返済額\nH13.1.10\t200,000\t\nH13.1.27\t\t10,000\nH13.2.26\t\t10,000\n"
TSV_ROWS = [{"date": "H13.1.10", "borrow": "200,000", "repay": ""},
            {"date": "H13.1.27", "borrow": "", "repay": "10,000"},
            {"date": "H13.2.26", "borrow": "", "repay": "10,000"}]


def test_paste_tsv_into_the_paste_box(page, watch, base_url, pages):
    open_calc(page, base_url, pages)
    page.click(f"{ROWS} .ledger-paste summary")
    page.fill(f"#calc-{CALC}-transactions-paste", TSV)
    page.click(f"{ROWS} [data-ledger=paste]")
    assert rows_on_page(page) == TSV_ROWS
    expect_native(page, CALC, merged(CALC, {"transactions": TSV_ROWS}))
    assert "3行を読み込みました" in page.inner_text(f"{ROWS} .ledger-status")


def test_paste_into_a_cell_two_columns_signed_and_one_recompute(page, watch, base_url, pages):
    open_calc(page, base_url, pages)
    count_results(page)
    text = "2001/1/10\t200000\n2001/1/27\t-10000\n2001/2/26\t▲10,000\n2001/3/1\t5万\n"
    page.evaluate("""([sel, text]) => { const el = document.querySelector(sel); el.focus();
        const dt = new DataTransfer(); dt.setData('text/plain', text);
        el.dispatchEvent(new ClipboardEvent('paste', {clipboardData: dt, bubbles: true, cancelable: true})); }""",
                  [f"#calc-{CALC}-transactions-2-date", text])
    want = api.example_inputs(CALC)["transactions"]
    want[2:6] = [{"date": "2001/1/10", "borrow": "200000", "repay": ""},
                 {"date": "2001/1/27", "borrow": "", "repay": "10000"},
                 {"date": "2001/2/26", "borrow": "", "repay": "10,000"},
                 {"date": "2001/3/1", "borrow": "5万", "repay": ""}]
    assert rows_on_page(page) == want
    expect_native(page, CALC, merged(CALC, {"transactions": want}))
    page.wait_for_timeout(600)
    assert page.evaluate("window.__hkResults") == 1             # one bulk update, one recompute


def test_import_shift_jis_csv(page, watch, base_url, pages):
    open_calc(page, base_url, pages)
    lines = ["取引日,借入額,返済額", "平成13年1月15日,\"50,000\",", "H13.1.29,,\"5,000\"", "H13.4.25,,5000",
             "H13.4.25,166000,", "H13.10.25,,\"150,000\""]
    data = ("\r\n".join(lines) + "\r\n").encode("cp932")
    page.set_input_files(f"#calc-{CALC}-transactions-file",
                         files=[{"name": "取引履歴.csv", "mimeType": "text/csv", "buffer": data}])
    want = [{"date": "平成13年1月15日", "borrow": "50,000", "repay": ""},
            {"date": "H13.1.29", "borrow": "", "repay": "5,000"},
            {"date": "H13.4.25", "borrow": "", "repay": "5000"},
            {"date": "H13.4.25", "borrow": "166000", "repay": ""},
            {"date": "H13.10.25", "borrow": "", "repay": "150,000"}]
    page.wait_for_function("() => window.__ledgerLast && window.__ledgerLast.op === 'import'")
    assert page.evaluate("window.__ledgerLast.encoding") == "Shift_JIS"
    assert rows_on_page(page) == want
    expect_native(page, CALC, merged(CALC, {"transactions": want}))
    assert "Shift_JIS" in page.inner_text(f"{ROWS} .ledger-status")
    # a UTF-8 file with a BOM, appended after the rows already there
    page.select_option(f"#calc-{CALC}-transactions-mode", "append")
    data = "\ufeff日付,ご利用額,ご返済額\n2002/1/10,,\"10,000\"\n".encode("utf-8")
    page.set_input_files(f"#calc-{CALC}-transactions-file",
                         files=[{"name": "more.csv", "mimeType": "text/csv", "buffer": data}])
    want2 = want + [{"date": "2002/1/10", "borrow": "", "repay": "10,000"}]
    page.wait_for_function("() => window.__ledgerLast.encoding === 'UTF-8'")
    assert rows_on_page(page) == want2
    expect_native(page, CALC, merged(CALC, {"transactions": want2}))


def test_export_csv_of_the_worked_example_and_of_live_inputs(page, watch, base_url, pages):
    open_calc(page, base_url, pages)
    # before any recompute the page shows the pre-computed example; saving computes it first
    with page.expect_download() as dl:
        page.click(f"{ROWS} [data-ledger=export]")
    body = open(dl.value.path(), "rb").read()
    assert body.startswith(b"\xef\xbb\xbf")                      # BOM for Excel
    assert body.decode("utf-8-sig") == api.run(CALC)["result"]["csv"]
    assert dl.value.suggested_filename.endswith(".csv")
    changes = {"transactions": TSV_ROWS, "end_date": "R2.4.1"}
    page.evaluate("(rows) => { const ui = window.__calcUIs[0]; const v = ui.values(); v.transactions = rows;"
                  " v.end_date = 'R2.4.1'; ui.setValues(v); ui.changed(); }", TSV_ROWS)
    out = expect_native(page, CALC, merged(CALC, changes))
    page.focus(f"{ROWS} [data-ledger=export]")                  # keyboard: focus and Enter
    with page.expect_download() as dl:
        page.keyboard.press("Enter")
    assert open(dl.value.path(), "rb").read().decode("utf-8-sig") == out["result"]["csv"]
    # saving right after an edit (inside the input debounce) saves the edited figures, not the old ones
    page.fill(f"#calc-{CALC}-transactions-2-repay", "20,000")
    with page.expect_download() as dl:
        page.click(f"{ROWS} [data-ledger=export]")
    edited = [*TSV_ROWS[:2], {"date": "H13.2.26", "borrow": "", "repay": "20,000"}]
    want = api.run(CALC, merged(CALC, {"transactions": edited, "end_date": "R2.4.1"}))["result"]["csv"]
    assert open(dl.value.path(), "rb").read().decode("utf-8-sig") == want


def test_move_rows_with_buttons_and_keyboard(page, watch, base_url, pages):
    open_calc(page, base_url, pages)
    example = api.example_inputs(CALC)["transactions"]
    assert page.get_attribute(f"#calc-{CALC}-transactions-0-date >> xpath=ancestor::tr//button[@data-ledger='down']",
                              "aria-label") == "1行目を下へ移動"
    # the 2nd row (a payment) moved above the 1st (the borrowing)
    page.click(f"{ROWS} tbody tr:nth-child(2) [data-ledger=up]")
    want = [example[1], example[0]] + example[2:]
    assert rows_on_page(page) == want
    expect_native(page, CALC, merged(CALC, {"transactions": want}))
    assert "2行目を1行目に移動しました" in page.inner_text(f"{ROWS} .ledger-status")
    # focus followed the row: Enter on the focused ↑ now says the 1st row cannot go higher
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "1行目を上へ移動"
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelector('#calc-hikinaoshi .ledger-status').textContent"
                           ".includes('1行目より上へは動かせません')")
    assert rows_on_page(page) == want
    # keyboard: Alt+↓ in a cell moves its row down and keeps the caret in the same column
    page.focus(f"#calc-{CALC}-transactions-0-date")
    page.keyboard.press("Alt+ArrowDown")
    assert rows_on_page(page) == example
    assert page.evaluate("document.activeElement.id") == f"calc-{CALC}-transactions-1-date"
    expect_native(page, CALC, merged(CALC, {"transactions": example}))


def test_clear_then_type_and_remove_keeps_labels(page, watch, base_url, pages):
    open_calc(page, base_url, pages)
    page.click(f"{ROWS} [data-ledger=clear]")
    assert rows_on_page(page) == [{"date": "", "borrow": "", "repay": ""}]
    page.fill(f"#calc-{CALC}-transactions-0-date", "H13.1.10")
    page.fill(f"#calc-{CALC}-transactions-0-borrow", "20万")
    page.click(f"{ROWS} [data-action=add-row]")
    page.fill(f"#calc-{CALC}-transactions-1-date", "H13.1.27")
    page.fill(f"#calc-{CALC}-transactions-1-repay", "1万")
    page.click(f"{ROWS} [data-action=add-row]")
    page.click(f"{ROWS} tbody tr:nth-child(3) [data-action=remove-row]")
    assert page.get_attribute(f"{ROWS} tbody tr:nth-child(2) [data-ledger=up]", "aria-label") == "2行目を上へ移動"
    want = [{"date": "H13.1.10", "borrow": "20万", "repay": ""}, {"date": "H13.1.27", "borrow": "", "repay": "1万"}]
    expect_native(page, CALC, merged(CALC, {"transactions": want}))


def long_history(n):
    from datetime import date, timedelta
    rows = [{"date": "H7.1.5", "borrow": "50万", "repay": ""}]
    for k in range(1, n):
        d = date(1995, 1, 5) + timedelta(days=7 * k)
        rows.append({"date": f"{d.year}/{d.month}/{d.day}", "borrow": "", "repay": "3千"})
    return rows


def test_folded_ledger_opens_for_print(page, watch, base_url, pages):
    open_calc(page, base_url, pages)
    rows = long_history(30)
    page.evaluate("(rows) => { const ui = window.__calcUIs[0]; const v = ui.values(); v.transactions = rows;"
                  " ui.setValues(v); ui.changed(); }", rows)
    expect_native(page, CALC, merged(CALC, {"transactions": rows}))
    details = f"#calc-{CALC} .calc-result details"
    assert page.evaluate(f"document.querySelector('{details}').open") is False
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")     # the runtime opens it for print
    assert page.evaluate(f"document.querySelector('{details}').open") is True


def test_shared_link_with_more_than_500_rows(page, watch, base_url, pages):
    from urllib.parse import quote
    raw = merged(CALC, {"transactions": long_history(520), "end_date": "R7.4.1"})
    parts = []                                   # the fragment the runtime writes for a shared link
    for k, v in raw.items():
        if isinstance(v, list):
            parts += [f"{CALC}.{k}.{i}.{c}={quote(cv)}" for i, r in enumerate(v) for c, cv in r.items() if cv]
        elif v:
            parts.append(f"{CALC}.{k}={quote(v)}")
    page.goto(base_url + pages[CALC] + "#" + "&".join(parts))
    wait_engine(page)
    page.wait_for_function(f"() => document.querySelectorAll('{ROWS} tbody tr').length === 520")
    assert rows_on_page(page) == raw["transactions"]
    expect_native(page, CALC, raw)
