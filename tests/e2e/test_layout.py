"""Phone-first layout of every built page: nothing wider than the screen at 360, 390 and 1280 px;
rows (input) tables become labelled cards below 600 px with their 削除 buttons on screen; result
tables keep their row labels and their answer column (.calc-keycol) in view, and say when they
scroll sideways. Pages are read as they first appear (the calculator engine is not started)."""
from __future__ import annotations

import pytest

from tests.e2e.helpers import calculator_pages, hold_engine, site_pages


@pytest.fixture(scope="module")
def calc_paths(site_dir):
    return sorted(set(calculator_pages(site_dir).values()))


def open_context(browser, width):
    context = browser.new_context(viewport={"width": width, "height": 800})
    hold_engine(context)
    return context, context.new_page()


@pytest.mark.parametrize("width", [360, 390, 1280])
def test_no_page_wider_than_the_screen(browser, base_url, site_dir, width):
    context, page = open_context(browser, width)
    wide = {}
    try:
        for path in site_pages(site_dir):
            page.goto(base_url + path)
            sw = page.evaluate("Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)")
            if sw > width:
                wide[path] = sw
    finally:
        context.close()
    assert not wide, f"pages wider than {width}px: {wide}"


@pytest.mark.parametrize("width", [360, 390])
def test_rows_tables_are_labelled_cards_on_a_phone(browser, base_url, calc_paths, width):
    context, page = open_context(browser, width)
    try:
        n = 0
        for path in calc_paths:
            page.goto(base_url + path)
            for row in page.locator(".calc-rows tbody tr").all():
                n += 1
                assert row.evaluate("tr => getComputedStyle(tr).display") == "grid", path
                info = row.evaluate("""tr => {
                    const f = tr.closest('.calc-rows');
                    return [...tr.querySelectorAll('td[data-col]')].map(td => {
                        const head = f.querySelector(`thead th[id$="-col-${td.dataset.col}"]`).textContent.trim();
                        const lab = td.querySelector('.calc-cell-label');
                        const inp = td.querySelector('[name]').getBoundingClientRect();
                        return {head, label: lab.innerText.trim(), shown: lab.getBoundingClientRect().width > 0,
                                right: inp.right};
                    });
                }""")
                for cell in info:
                    assert cell["shown"] and cell["label"] == cell["head"], (path, cell)
                    assert cell["right"] <= width, (path, cell)
                remove = row.locator("[data-action=remove-row]").bounding_box()
                assert remove and remove["x"] >= 0 and remove["x"] + remove["width"] <= width, (path, remove)
        assert n >= 10
    finally:
        context.close()


def test_rows_tables_stay_tables_on_a_desktop(browser, base_url, calc_paths):
    context, page = open_context(browser, 1280)
    try:
        for path in calc_paths:
            page.goto(base_url + path)
            for table in page.locator(".calc-rows-table").all():
                assert table.evaluate("t => getComputedStyle(t).display") == "table", path
                assert table.evaluate("t => [...t.querySelectorAll('.calc-cell-label')]"
                                      ".every(l => l.getBoundingClientRect().width === 0)"), path
    finally:
        context.close()


@pytest.mark.parametrize("width", [360, 390])
def test_result_tables_keep_the_answer_in_view_and_say_they_scroll(browser, base_url, calc_paths, width):
    context, page = open_context(browser, width)
    try:
        scrolling = keyed = 0
        for path in calc_paths:
            page.goto(base_url + path)
            page.evaluate("() => document.querySelectorAll('.calc details').forEach(d => { d.open = true; })")
            page.wait_for_timeout(50)
            tables = page.evaluate("""() => [...document.querySelectorAll('.calc-result .calc-table-wrap')].map(w => {
                const box = w.getBoundingClientRect();
                const inView = el => { const r = el.getBoundingClientRect();
                                       return r.left >= box.left - 0.5 && r.right <= box.right + 0.5; };
                const hint = getComputedStyle(w, '::before');
                return {
                    name: w.getAttribute('aria-label'), role: w.getAttribute('role'), tab: w.tabIndex,
                    overflows: w.scrollWidth > w.clientWidth + 1,
                    hint: hint.content.includes('横にスクロールできます') && hint.visibility === 'visible',
                    rowHeads: [...w.querySelectorAll('tbody th[scope=row]')].every(inView),
                    keys: [...w.querySelectorAll('.calc-keycol')].length,
                    keysInView: [...w.querySelectorAll('.calc-keycol')].every(inView),
                };
            })""")
            for t in tables:
                assert t["role"] == "region" and t["tab"] == 0 and t["name"], (path, t)
                assert t["hint"] == t["overflows"], (path, t)
                if t["overflows"]:
                    scrolling += 1
                    assert t["rowHeads"], (path, t)
                    assert t["keysInView"], (path, t)
                    keyed += t["keys"] > 0
        assert scrolling >= 3 and keyed >= 1, (scrolling, keyed)
    finally:
        context.close()
