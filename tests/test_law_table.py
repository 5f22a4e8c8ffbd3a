"""The 根拠 page (docs/konkyo.md) lists every provision with its value, then its note.

A note explains a figure; it must never replace it. Expected strings are written by hand from the
provisions' sources (消費税法29条 10%, 民法404条 3%, 利息制限法1条 20/18/15%, 破産法34条3項1号
66万円×3/2), not produced by the function under test.
"""
from calc.law.table import law_table_markdown

TABLE = law_table_markdown()
ROWS = [line for line in TABLE.splitlines() if line.startswith("| ") and not line.startswith("| 期間")]


def row(period_start: str, heading: str) -> str:
    section = TABLE.split(f"## {heading}\n", 1)[1].split("\n## ", 1)[0]
    hits = [line for line in section.splitlines() if line.startswith(f"| {period_start}")]
    assert len(hits) == 1, (heading, period_start, hits)
    return hits[0]


def test_consumption_tax_row_with_note_shows_ten_percent_then_the_note():
    r = row("2019年10月1日", "消費税率（地方消費税を含む）")
    value_cell = r.split(" | ")[1]
    assert value_cell.startswith("**10%**")
    assert "軽減税率8%は飲食料品等のみ" in value_cell
    assert value_cell.index("10%") < value_cell.index("軽減税率")


def test_legal_rate_row_with_note_shows_three_percent_then_the_note():
    r = row("2020年4月1日", "法定利率")
    value_cell = r.split(" | ")[1]
    assert value_cell.startswith("**3%**")
    assert "3年ごとに見直し" in value_cell


def test_rows_without_note_still_show_the_value():
    assert row("1997年4月1日", "消費税率（地方消費税を含む）").split(" | ")[1] == "**5%**"


def test_structured_values_are_readable():
    jogen = row("1954年6月15日", "利息制限法の上限利率（1条）").split(" | ")[1]
    assert jogen.startswith("**10万円未満 20%、10万円以上100万円未満 18%、100万円以上 15%**")
    free_cash = row("2005年1月1日", "破産財団に属しない金銭（自由財産の現金）の上限").split(" | ")[1]
    assert free_cash.startswith("**660,000円 × 3/2 ＝ 990,000円**")


def test_every_row_has_a_bold_value_and_no_python_repr():
    assert ROWS
    for r in ROWS:
        cells = r.split(" | ")
        assert len(cells) == 4, r
        assert cells[1].startswith("**") and cells[1].count("**") >= 2, r
        value = cells[1].split("**")[1]
        assert value.strip(), r
        for leak in ("Fraction(", "{'", "('", "None", "[", "_"):
            assert leak not in value, r
