"""Printing: the 引き直し計算's 計算書 on A4 with every column (its calculator prints on landscape
pages of its own, `@page calc-wide` in calc.css), and 「この計算を印刷する」 printing one calculator —
inputs, result, basis, the date of printing and the site's disclaimer — without the guide around it.
Read back from Chromium's PDF with pdftotext/pdfinfo (Debian poppler-utils, scripts/setup.sh)."""
from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from tests.e2e.helpers import hold_engine

TOOL = "kabarai/hikinaoshi-tool/"       # the 計算書 page: one calculator, a short lead
GUIDE = "kabarai/hikinaoshi/"           # a guide with the same calculator in the middle
PORTRAIT_PX = (210 - 2 * 12) / 25.4 * 96      # printable width of A4 inside the 12 mm margins
LANDSCAPE_PX = (297 - 2 * 12) / 25.4 * 96

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler-utils (scripts/setup.sh --browser)")


def ledger_table(page):
    """The 計算書: the result table whose caption starts with 計算書."""
    return page.locator(".calc-result .calc-table",
                        has=page.locator("caption", has_text=re.compile(r"^\s*計算書"))).first


def pdf_text(path) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout


def pdf_page_sizes(path) -> list[tuple[float, float]]:
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "999", str(path)], check=True,
                          capture_output=True, text=True).stdout
    return [tuple(float(x) for x in m) for m in re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", info)]


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def columns_fit(page, width_px: float):
    """Under print media at the printable width: the 計算書 has no scroll box and no column past the edge."""
    page.set_viewport_size({"width": round(width_px), "height": 900})
    page.emulate_media(media="print")
    edges = ledger_table(page).evaluate("""t => ({
        heads: Math.max(...[...t.querySelectorAll('thead th')].map(th => th.getBoundingClientRect().right)),
        cells: Math.max(...[...t.querySelectorAll('th, td')].map(c => c.getBoundingClientRect().right)),
        overflow: getComputedStyle(t.parentElement).overflowX,
        clipped: t.parentElement.scrollWidth > t.parentElement.clientWidth + 1})""")
    assert edges["overflow"] == "visible" and not edges["clipped"], edges
    assert edges["heads"] <= width_px + 0.5 and edges["cells"] <= width_px + 0.5, edges


def assert_ledger_in(pdf, page):
    """Every column header and every cell of the 計算書's last row are in the PDF's text."""
    table = ledger_table(page)
    heads = [t.strip() for t in table.locator("thead th").all_inner_texts()]
    assert len(heads) >= 10 and "過払利息" in heads and "過払利息累計" in heads, heads
    text = squash(pdf_text(pdf))
    for head in heads:
        assert squash(head) in text, (head, text[:400])
    last = [c.strip() for c in table.locator("tbody tr").last.locator("th, td").all_inner_texts()]
    for cell in last:
        if cell:
            assert squash(cell) in text, cell
    return text


def test_ledger_prints_every_column_on_a4(page, watch, base_url, tmp_path):
    """The 計算書 page printed whole (Ctrl+P): portrait A4, every column on paper."""
    hold_engine(page)
    page.goto(base_url + TOOL)
    columns_fit(page, PORTRAIT_PX)
    pdf = tmp_path / "page.pdf"
    page.pdf(path=str(pdf), format="A4", prefer_css_page_size=True)
    sizes = pdf_page_sizes(pdf)
    assert sizes and all(round(w) == 595 and round(h) == 842 for w, h in sizes), sizes
    text = assert_ledger_in(pdf, page)
    assert "個別の法律相談ではありません" in text              # the site's disclaimer (footer)


def test_print_button_prints_the_calculator_alone_in_landscape(page, watch, base_url, tmp_path):
    """「この計算を印刷する」 in a guide: only that calculator — inputs, result, basis, the date of
    printing and the disclaimer — on landscape A4 with every column of the 計算書."""
    hold_engine(page)
    page.goto(base_url + GUIDE)
    calc = page.locator("section.calc[data-calc=hikinaoshi]")
    # window.print() is what the button ends with: record the page's state at that moment
    page.evaluate("""() => { window.__printed = [];
        window.print = () => window.__printed.push({
            one: document.documentElement.classList.contains('calc-print-one'),
            target: document.querySelector('section.calc').classList.contains('calc-print-target'),
            note: document.querySelector('section.calc .calc-print-note').textContent}); }""")
    guide_h1 = page.locator(".md-content__inner h1").first.inner_text().strip()
    guide_lead = page.locator(".md-content__inner > p").first.inner_text().strip()
    calc.locator("[data-action=print]").click()
    printed = page.evaluate("window.__printed")
    assert len(printed) == 1 and printed[0]["one"] and printed[0]["target"], printed
    # the date, and which inputs the printed result belongs to (here the worked example)
    assert re.fullmatch(r"印刷日：\d{4}年\d{1,2}月\d{1,2}日。結果は入力例の計算です。", printed[0]["note"]), printed

    # what the printer gets while the classes are set
    columns_fit(page, LANDSCAPE_PX)
    pdf = tmp_path / "alone.pdf"
    page.pdf(path=str(pdf), format="A4", prefer_css_page_size=True)
    sizes = pdf_page_sizes(pdf)
    assert sizes and all(round(w) == 842 and round(h) == 595 for w, h in sizes), sizes
    text = assert_ledger_in(pdf, page)
    title = squash(calc.locator(".calc-title").inner_text())
    assert text.startswith(title), text[:80]                  # nothing of the guide before it
    labels = [squash(t) for t in calc.locator(".calc-field:not([hidden]) > label").all_inner_texts()[:3]]
    assert labels and all(lab in text for lab in labels), labels   # the inputs
    assert "根拠" in text                                      # the basis
    assert squash(printed[0]["note"]) in text                  # the date of printing
    assert "個別の法律相談ではありません" in text              # the site's disclaimer (footer)
    assert squash(guide_lead)[:40] not in text and squash(guide_h1) not in text

    # after printing the page is back to normal
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    assert not page.evaluate("document.documentElement.classList.contains('calc-print-one')"
                             " || !!document.querySelector('.calc-print-target')")
