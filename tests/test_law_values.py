"""Law values say what they are: each schedule declares its unit, arrangement and labels (its Shape),
register() refuses a value that does not fit, and the 根拠 table is written from the declaration alone.

Expected strings are written by hand from the figures (500円, 3/4 = 75%, 6か月, ...), not produced by
the code under test. The statute dates are those of the laws themselves (民法 改正 平成29年法律第44号:
2020年4月1日; 平成18年法律第115号 完全施行: 2010年6月18日; 利息制限法 施行: 1954年6月15日).
"""
from datetime import date
from fractions import Fraction

import pytest

from calc.law import (
    STATUTE,
    Kind,
    NotInForce,
    OutOfRange,
    Provision,
    Schedule,
    Term,
    Terms,
    Unit,
    all_schedules,
    check_value,
    minpo,
    risoku,
    schedule,
    shoho,
    takken,
)
from calc.law.table import law_table_markdown, written

DAY = date(2001, 4, 1)


def throwaway(shape, *provisions: Provision) -> Schedule:
    """A schedule that is not registered (the registry stays as the site has it)."""
    for p in provisions:
        check_value("test.throwaway", shape, p.value)
    return Schedule("test.throwaway", "試しの規定", list(provisions), shape)


def test_every_registered_value_fits_its_declared_shape():
    for sch in all_schedules():
        for p in sch.provisions:
            check_value(sch.key, sch.shape, p.value)


@pytest.mark.parametrize("shape, value", [
    (Term(Unit.YEN), Fraction(1, 2)),                                     # a rate where yen is declared
    (Term(Unit.YEN), True),                                               # a flag is not an amount
    (Term(Unit.RATE), 3),                                                 # 3 is not a rate
    (Term(Unit.YEN), None),                                               # None only when optional
    (Term(Unit.SHARE), (1, 0)),
    (Term(Unit.CODE, names={"seller": "売主"}, kind=Kind.LIST), ("buyer",)),  # a code with no name
    (Term(Unit.RATE, kind=Kind.BANDS), ((0, 100_000, 20),)),
    (Terms({"cap": Term(Unit.YEN, "上限")}), {"cap": 1, "extra": 2}),     # an undeclared part
    (Terms({"cap": Term(Unit.YEN, "上限")}), {}),                         # a missing part
    (Terms({"cap": Term(Unit.YEN, "上限")}, heading="label"), {"cap": 1}),  # heading not declared
])
def test_a_value_that_does_not_fit_is_refused(shape, value):
    with pytest.raises(TypeError):
        check_value("test.bad", shape, value)


def test_a_new_schedule_is_written_from_its_terms_alone():
    shape = Terms({
        "label": Term(Unit.TEXT),
        "per_creditor": Term(Unit.YEN, "1社あたり"),
        "share": Term(Unit.RATE, "割合"),
        "window": Term(Unit.MONTHS, "期間"),
        "sides": Term(Unit.CODE, "相手", Kind.LIST, {"seller": "売主", "buyer": "買主"}),
        "limit": Term(Unit.YEN, "上限", optional=True),
        "counted": Term(Unit.FLAG, "算入"),
    }, heading="label")
    value = {"label": "試しの運用", "per_creditor": 500, "share": Fraction(3, 4), "window": 6,
             "sides": ("seller", "buyer"), "limit": None, "counted": False}
    assert written(shape, value) == ("試しの運用。1社あたり 500円、割合 75%（3/4）、期間 6か月、相手 売主・買主、"
                                     "上限 なし、算入 なし")
    sch = throwaway(shape, Provision(value, DAY, None, "試しの根拠", STATUTE, "試しの説明"))
    table = law_table_markdown([sch])
    assert table == ("\n## 試しの規定\n\n| 期間（施行日〜） | 値と説明 | 根拠 | 確度 |\n|---|---|---|---|\n"
                     "| 2001年4月1日〜現在 | **試しの運用。1社あたり 500円、割合 75%（3/4）、期間 6か月、相手 売主・買主、"
                     "上限 なし、算入 なし**　試しの説明 | 試しの根拠 | 条文確認 |\n")


def test_scalar_and_arranged_values_are_written_with_their_unit():
    assert written(Term(Unit.YEN), 50_000_000) == "50,000,000円"
    assert written(Term(Unit.YEARS), 7) == "7年"
    assert written(Term(Unit.AGE), 70) == "70歳"
    assert written(Term(Unit.MULTIPLIER), Fraction(146, 100)) == "1.46倍"
    assert written(Term(Unit.SHARE), (1, 10)) == "10%"
    assert written(Term(Unit.YEN, kind=Kind.BY_RANK), {2: 300_000, 3: 200_000}) == "2番 300,000円・3番 200,000円"
    assert written(Term(Unit.RATE, kind=Kind.BANDS),
                   ((0, 100_000, Fraction(1, 5)), (100_000, None, Fraction(3, 20)))) == "10万円未満 20%、10万円以上 15%"
    assert written(Term(Unit.RATE, kind=Kind.TIERS),
                   ((2_000_000, Fraction(1, 20)), (None, Fraction(3, 100)))) == "200万円以下の部分 5%、200万円を超える部分 3%"
    assert written(Term(Unit.TEXT, kind=Kind.ITEMS), (("tax", 1, "税金"), ("fine", 7, "罰金"))) == "1号 税金、7号 罰金"
    product = Terms({"base": Term(Unit.YEN), "multiplier": Term(Unit.MULTIPLIER)}, product=("base", "multiplier"))
    assert written(product, {"base": 660_000, "multiplier": Fraction(3, 2)}) == "660,000円 × 3/2 ＝ 990,000円"


def test_current_is_the_open_ended_last_provision_or_the_one_on_a_date():
    jogen = schedule("risoku.jogen")
    assert jogen.current() is jogen.provisions[-1]
    assert jogen.current(date(2024, 1, 1)) is jogen.at(date(2024, 1, 1))
    with pytest.raises(OutOfRange):
        jogen.current(date(1954, 6, 14))
    # 商事法定利率 was abolished on 2020-04-01: nothing is in force now, but a past date still answers
    shoji = schedule("shoho.shoji_hotei_riritsu")
    with pytest.raises(NotInForce):
        shoji.current()
    assert shoji.current(date(2020, 3, 31)).value == Fraction(6, 100)


def test_statute_dates_live_in_calc_law_and_start_their_schedules():
    assert minpo.REFORM_DAY == date(2020, 4, 1) == shoho.REPEAL_DAY
    assert schedule("minpo.hotei_riritsu").at(minpo.REFORM_DAY).value == Fraction(3, 100)
    assert schedule("minpo.hotei_riritsu").at(date(2020, 3, 31)).value == Fraction(5, 100)
    assert risoku.KASHIKIN_REFORM_DAY == date(2010, 6, 18) == schedule("risoku.eigyo_baisho").provisions[0].start
    assert risoku.RISOKU_START == date(1954, 6, 15) == schedule("risoku.jogen").provisions[0].start
    assert takken.TIERS_FROM == date(2014, 4, 1) == schedule("takken.brokerage_tiers").provisions[0].start
