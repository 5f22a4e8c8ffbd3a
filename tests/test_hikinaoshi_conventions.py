"""引き直し計算 — the practitioner conventions (issue 11): 年＋日, 初日算入, the rate tier at a borrowing
while 過払金 exists, and the 計算の前提 list.

Expected values come from the courts' published examples (named in each test) or from the statute
arithmetic written out by hand with exact fractions; `fl(...)` floors an exact amount to the yen.
"""
from datetime import date
from fractions import Fraction as F

from calc import api
from calc.hikinaoshi import Settings, compare, period_weight, recalculate


from tests.test_hikinaoshi import B, R, fl  # noqa: E402  (the same ledger shorthands)


# --- 年＋日 (端数期間暦年) ------------------------------------------------------------------------------
def test_tokyo_21bu_example_year_plus_days_vs_each_year():
    """東京地裁民事第21部「利息・損害金の計算について」の計算例イ (as quoted in the Risokkey manual,
    ftp.vector.co.jp …/Risokkey7.zip): 元本10万円・年18%、起算日 令和3年8月2日 (counted), 申立日 令和7年7月15日.
    3年 (R3.8.2〜R6.8.1) + 152日/366 (R6.8.2〜R6.12.31, 2024 is a leap year) + 196日/365 (R7.1.1〜R7.7.15):
      100,000×18/100×3 = 54,000.0; ×152/366 = 7,475.4…; ×196/365 = 9,665.7… → 71,141.1 → 71,141円.
    As a ledger: a borrowing of 100,000円 on 2021-08-02 (利息制限法: 10万円以上 → 18%), 初日算入, to 2025-07-15.
    各年計算 gives another figure: 152/365 (2021) + 1 + 1 + 366/366 + 196/365 →
      18,000×(152/365 + 3 + 196/365) = 7,495.8… + 54,000 + 9,665.7… = 71,161.6… → 71,161円."""
    tx = [B(date(2021, 8, 2), 100_000)]
    base = dict(first_day="include", end_date=date(2025, 7, 15))
    assert fl(F(100_000) * F(18, 100) * (3 + F(152, 366) + F(196, 365))) == 71_141
    assert recalculate(tx, Settings(days_mode="nen_hi", **base)).unpaid == 71_141
    assert fl(F(18_000) * (F(152, 365) + 3 + F(196, 365))) == 71_161
    assert recalculate(tx, Settings(days_mode="kakunen", **base)).unpaid == 71_161
    led = recalculate(tx, Settings(days_mode="nen_hi", **base))
    assert led.rows[-1].days == (date(2025, 7, 15) - date(2021, 8, 2)).days + 1    # both ends counted


def test_okayama_example_counted_first_day_and_summed_parts():
    """岡山地裁「利息・損害金の計算について」 (courts.go.jp/okayama/saiban/tetuzuki/s11_2/) 計算例(2): 元本10万円・
    年18%、起算日 平成18年8月2日 (counted), 申立日 平成20年2月15日: 1年 (H18.8.2〜H19.8.1) + 152日/365
    (H19.8.2〜H19.12.31) + 46日/366 (H20.1.1〜H20.2.15; 2008 is a leap year). The court floors each part:
    18,000 + 7,495 + 2,262 = 27,757円. This engine adds the parts of one period before flooring (PERIOD_FLOOR):
    18,000 + 7,495.89… + 2,262.29… = 27,758.19… → 27,758円 — the documented difference of at most 1円."""
    tx = [B(date(2006, 8, 2), 100_000)]
    s = Settings(days_mode="nen_hi", first_day="include", end_date=date(2008, 2, 15))
    assert [fl(F(18_000) * x) for x in (1, F(152, 365), F(46, 366))] == [18_000, 7_495, 2_262]
    assert fl(F(18_000) * (1 + F(152, 365) + F(46, 366))) == 27_758
    assert recalculate(tx, s).unpaid == 27_758
    # 片端 (the borrowing day not counted): 1年 from H18.8.3, then H19.8.3〜12.31 = 151日/365 + 46日/366
    s = Settings(days_mode="nen_hi", end_date=date(2008, 2, 15))
    assert recalculate(tx, s).unpaid == fl(F(18_000) * (1 + F(151, 365) + F(46, 366))) == 27_708


def test_year_plus_days_counts_a_whole_year_over_29_february_as_one_year():
    """Hand-derived: 1,000,000円 at 15% (100万円以上), borrowed 2011-06-02, to 2012-06-02 (片端).
    年＋日: 2011-06-03〜2012-06-02 is one whole year → 150,000円 exactly.
    各年計算: 2011-06-03〜12-31 = 212日/365, 2012-01-01〜06-02 = 154日/366 →
      150,000×(212/365 + 154/366) = 87,123.28… + 63,114.75… = 150,238.03… → 150,238円.
    全期間365日: 366日/365 → 150,410.95… → 150,410円."""
    tx = [B(date(2011, 6, 2), 1_000_000)]
    end = date(2012, 6, 2)
    assert recalculate(tx, Settings(days_mode="nen_hi", end_date=end)).unpaid == 150_000
    assert recalculate(tx, Settings(days_mode="kakunen", end_date=end)).unpaid \
        == fl(F(150_000) * (F(212, 365) + F(154, 366))) == 150_238
    assert recalculate(tx, Settings(days_mode="365", end_date=end)).unpaid == fl(F(150_000) * F(366, 365)) == 150_410


def test_year_plus_days_equals_each_year_for_periods_under_a_year():
    """Under a year there is no whole year, so 年＋日 divides every day by its own year, as 各年計算 does."""
    for d1, d2 in [(date(2011, 12, 1), date(2012, 2, 1)), (date(2012, 2, 28), date(2013, 2, 27)),
                   (date(2019, 4, 1), date(2020, 3, 31))]:
        assert period_weight(d1, d2, "nen_hi") == period_weight(d1, d2, "kakunen")
    # a whole year starting on 29 February ends on 28 February of a common year (民法143条2項)
    assert period_weight(date(2012, 2, 28), date(2013, 2, 28), "nen_hi") == 365 * 366


# --- 初日算入 (両端入れ) -------------------------------------------------------------------------------
def test_first_day_included_for_the_borrowing_that_starts_the_debt():
    """Hand-derived ledger, 50,000円 at 20% (10万円未満):
    2005-01-10 借入 50,000; 2005-02-10 返済 10,000; 2005-03-10 返済 10,000.
    片端: 31日 → fl(50,000×.2×31/365) = 849 → 40,849; 28日 → fl(40,849×.2×28/365) = 626 → 31,475.
    初日算入: the borrowing day 1/10 is counted too: 32日 → fl(50,000×.2×32/365) = 876 → 40,876;
    then 2/11〜3/10 = 28日 (each later day once) → fl(40,876×.2×28/365) = 627 → 31,503."""
    tx = [B(date(2005, 1, 10), 50_000), R(date(2005, 2, 10), 10_000), R(date(2005, 3, 10), 10_000)]
    ex = recalculate(tx)
    assert [(r.days, r.interest, r.balance) for r in ex.rows] == [(0, 0, 50_000), (31, 849, 40_849), (28, 626, 31_475)]
    inc = recalculate(tx, Settings(first_day="include"))
    assert fl(F(50_000) * F(2, 10) * F(32, 365)) == 876 and fl(F(40_876) * F(2, 10) * F(28, 365)) == 627
    assert [(r.days, r.interest, r.balance) for r in inc.rows] == [(0, 0, 50_000), (32, 876, 40_876), (28, 627, 31_503)]


def test_first_day_included_for_an_overpayment_and_not_for_an_added_borrowing():
    """Hand-derived: 100,000円 at 18% borrowed 2019-01-10, 120,000円 repaid 2019-02-09, end 2019-03-11.
    片端: 30日 → fl(100,000×.18×30/365) = 1,479; 過払金 120,000 − 101,479 = 18,521 (5%, before 2020-04-01);
      2/10〜3/11 = 30日 → fl(18,521×.05×30/365) = 76.
    初日算入: 1/10〜2/9 = 31日 → 1,528; 過払金 18,472; it arose on 2/9, which is counted: 31日 →
      fl(18,472×.05×31/365) = 78."""
    tx = [B(date(2019, 1, 10), 100_000), R(date(2019, 2, 9), 120_000)]
    ex = recalculate(tx, Settings(end_date=date(2019, 3, 11)))
    assert (ex.rows[1].interest, ex.kabarai, ex.kabarai_interest) == (1_479, 18_521, 76)
    inc = recalculate(tx, Settings(end_date=date(2019, 3, 11), first_day="include"))
    assert fl(F(100_000) * F(18, 100) * F(31, 365)) == 1_528 and fl(F(18_472) * F(5, 100) * F(31, 365)) == 78
    assert (inc.rows[1].interest, inc.kabarai, inc.kabarai_interest) == (1_528, 18_472, 78)
    assert inc.rows[-1].days == 31
    # a borrowing on top of an existing debt adds no day: only the day the debt began is extra
    tx = [B(date(2019, 1, 10), 100_000), B(date(2019, 2, 9), 10_000), R(date(2019, 3, 11), 5_000)]
    inc = recalculate(tx, Settings(first_day="include"))
    # 1/10〜2/9 = 31日 on 100,000 → fl(100,000×.18×31/365) = 1,528 未払; 2/10〜3/11 = 30日 on 110,000 →
    # fl(110,000×.18×30/365) = 1,627; the 5,000 pays 未払 1,528 + 1,627 = 3,155 first, then 1,845 of 元本
    assert [(r.days, r.interest) for r in inc.rows] == [(0, 0), (31, 1_528), (30, 1_627)]
    assert inc.rows[-1].balance == 110_000 - (5_000 - 3_155)


# --- the rate tier at a borrowing while 過払金 exists ---------------------------------------------------------
TIER = [B(date(2008, 1, 10), 50_000), R(date(2008, 3, 10), 80_000), B(date(2008, 4, 9), 120_000)]
TIER_END = date(2009, 4, 9)


def test_borrowing_during_overpayment_gross_and_net_readings():
    """Hand-derived. 50,000円 at 20% on 2008-01-10; 2008-03-10 pays 80,000: 1/11〜3/10 = 60日 of 2008 (÷366)
    → fl(50,000×.2×60/366) = 1,639; 過払金 80,000 − 51,639 = 28,361 (5%). 2008-04-09 borrows 120,000:
    3/11〜4/9 = 30日 → 過払利息 fl(28,361×.05×30/366) = 116; 116 + 28,361 go to the borrowing (最判H25.4.11)
    → 元本 120,000 − 28,477 = 91,523.
    gross reading: tier by 120,000 (≥ 10万) → 18%; net reading: tier by 91,523 (< 10万) → stays 20%.
    To 2009-04-09: 4/10〜12/31 = 266日 (÷366) + 1/1〜4/9 = 99日 (÷365):
      gross: fl(91,523×.18×(266/366 + 99/365)); net: fl(91,523×.20×(266/366 + 99/365))."""
    assert fl(F(50_000) * F(2, 10) * F(60, 366)) == 1_639
    assert fl(F(28_361) * F(5, 100) * F(30, 366)) == 116
    part = F(266, 366) + F(99, 365)
    g = recalculate(TIER, Settings(end_date=TIER_END))
    assert g.principal == 91_523 and g.unpaid == fl(F(91_523) * F(18, 100) * part)
    assert [(d, r, b) for d, r, b in g.rate_changes] == [(date(2008, 1, 10), F(20, 100), 50_000),
                                                         (date(2008, 4, 9), F(18, 100), 120_000)]
    assert g.tier_alternatives == [(date(2008, 4, 9), 120_000, 91_523)]
    n = recalculate(TIER, Settings(end_date=TIER_END, tier_base="net"))
    assert n.principal == 91_523 and n.unpaid == fl(F(91_523) * F(20, 100) * part)
    assert [(d, r) for d, r, _ in n.rate_changes] == [(date(2008, 1, 10), F(20, 100))]
    assert n.tier_alternatives == [(date(2008, 4, 9), 120_000, 91_523)]


def test_both_readings_shown_only_where_they_differ():
    raw = {**api.example_inputs("hikinaoshi"),
           "transactions": [{"date": "2008/1/10", "borrow": "5万", "repay": ""},
                            {"date": "2008/3/10", "borrow": "", "repay": "8万"},
                            {"date": "2008/4/9", "borrow": "12万", "repay": ""}],
           "end_date": "2009/4/9"}
    out = api.run("hikinaoshi", raw)
    assert out["ok"], out["errors"]
    r = out["result"]
    net_debt = 91_523 + fl(F(91_523) * F(20, 100) * (F(266, 366) + F(99, 365)))
    assert r["tier_other"]["tier_base"] == "net" and r["tier_other"]["net"] == -net_debt
    assert r["tier_other"]["borrowings"] == [{"date": "2008-04-09", "gross": 120_000, "net": 91_523}]
    assert "充当した後に残る額で判定" in out["html"] and f"{net_debt:,}" in out["html"]
    # the net reading as the primary one shows the gross figure as the other
    out2 = api.run("hikinaoshi", {**raw, "tier_base": "net"})
    assert out2["result"]["ichiren"]["net"] == -net_debt
    assert out2["result"]["tier_other"]["net"] == r["ichiren"]["net"]
    # a borrowing during 過払金 whose tier is the same either way shows nothing more (the worked example)
    assert api.run("hikinaoshi")["result"]["tier_other"] is None
    # fixed rate: the tier question does not arise
    fixed = api.run("hikinaoshi", {**raw, "rate_mode": "fixed", "fixed_rate": "18%"})
    assert fixed["result"]["tier_other"] is None


# --- 計算の前提 -------------------------------------------------------------------------------------------
def test_assumptions_list_states_every_convention_and_its_default():
    out = api.run("hikinaoshi")
    items = {a["item"]: a for a in out["result"]["assumptions"]}
    assert set(items) >= {"利率", "過払い中の借入の利率判定", "日数の数え方", "1年の日数", "円未満の端数",
                          "返済の充当", "過払利息", "過払い中の借入", "同じ日の取引", "空白期間"}
    assert items["1年の日数"]["value"].startswith("各年計算") and "初期設定" in items["1年の日数"]["basis"]
    assert items["日数の数え方"]["value"].startswith("片端入れ") and "民法140条" in items["日数の数え方"]["basis"]
    assert "計算の方法の一覧" in out["html"]
    raw = {**api.example_inputs("hikinaoshi"), "days_mode": "nen_hi", "first_day": "include", "tier_base": "net"}
    out = api.run("hikinaoshi", raw)
    items = {a["item"]: a for a in out["result"]["assumptions"]}
    assert items["1年の日数"]["value"].startswith("年＋日") and "岡山地裁" in items["1年の日数"]["basis"]
    assert items["日数の数え方"]["value"].startswith("初日算入")
    assert items["過払い中の借入の利率判定"]["value"].startswith("過払利息・過払金を充当した後")
    assert out["result"]["settings"]["first_day"] == "include"


def test_old_links_without_the_new_fields_keep_todays_defaults():
    raw = {k: v for k, v in api.example_inputs("hikinaoshi").items() if k not in ("days_mode", "first_day", "tier_base")}
    out = api.run("hikinaoshi", raw)
    assert out["ok"] and out["result"]["ichiren"]["claim"] == 143_246
    s = out["result"]["settings"]
    assert (s["days_mode"], s["first_day"], s["tier_base"]) == ("kakunen", "exclude", "gross")


def test_compare_runs_segments_with_the_same_conventions():
    tx = [B(date(2006, 1, 10), 300_000), R(date(2007, 1, 10), 400_000), B(date(2009, 1, 10), 50_000),
          R(date(2009, 3, 10), 10_000)]
    for s in (Settings(days_mode="nen_hi"), Settings(first_day="include")):
        c = compare(tx, s)
        assert len(c.segments) == 2 and all(seg.settings == s for seg in c.segments)


# --- property: the divergence record is exact -----------------------------------------------------------
from hypothesis import given, settings, strategies as st  # noqa: E402


@settings(max_examples=80, deadline=None)
@given(steps=st.lists(st.tuples(st.integers(min_value=0, max_value=400), st.sampled_from("br"),
                                st.integers(min_value=1, max_value=1_500_000)), min_size=1, max_size=20),
       first=st.sampled_from(["exclude", "include"]))
def test_other_reading_differs_exactly_when_a_divergence_is_recorded(steps, first):
    """`tier_alternatives` empty ⇒ the other reading gives the same ledger, so the calculator, which
    recomputes only when a divergence is recorded, never misses a difference."""
    tx, d = [], date(2005, 1, 1)
    for gap, kind, a in steps:
        d = date.fromordinal(d.toordinal() + gap)
        tx.append(B(d, a) if kind == "b" else R(d, a))
    end = date.fromordinal(d.toordinal() + 30)
    g = recalculate(tx, Settings(end_date=end, first_day=first))
    n = recalculate(tx, Settings(end_date=end, first_day=first, tier_base="net"))
    same = [(r.interest, r.balance, r.kabarai_interest) for r in g.rows] == \
           [(r.interest, r.balance, r.kabarai_interest) for r in n.rows]
    if not g.tier_alternatives:
        assert same
    assert bool(g.tier_alternatives) == bool(n.tier_alternatives)
    assert g.tier_alternatives[:1] == n.tier_alternatives[:1]


# --- 両端入れ: the growth-day reading is named, not offered (issue 16) ----------------------------------
def test_growth_day_reading_is_explained_in_the_method_list_and_not_computed():
    """Two ledgers where only the growth-day reading of 両端入れ differs (年＋日, otherwise 片端).

    Ledger A: 2005-01-01 借 100,000; 2005-02-01 借 50,000; 2005-03-01 返 10,000 (18%: 10万円以上).
      片端: 31日 → fl(100,000×.18×31/365) = 1,528; 28日 → fl(150,000×.18×28/365) = 2,071;
        the 10,000 pays 未払 3,599 first → 元本 143,599.
      ours (初日算入): the day the debt began (1/1) counts → 32日 → 1,578; 2/1 (a borrowing while owing)
        does not → 28日 → 2,071; 元本 150,000 − (10,000 − 3,649) = 143,649.
      growth-day reading (not offered): 2/1 would count again on 150,000 → 29日 → fl(…×29/365) = 2,145,
        元本 143,723.
    Ledger B: 2005-01-01 借 100,000; 2005-02-01 返 120,000; 2005-03-01 返 100,000; end 2006-03-01 (5%).
      ours: 32日 → 1,578; 過払金 18,422 arose from nothing on 2/1 → counted: 29日 → fl(18,422×.05×29/365) = 73;
        3/1 (a repayment while in 過払) adds no day: 3/1〜2006-03-01 is exactly 1年 → fl(118,422×.05) = 5,921;
        過払利息 73 + 5,921 = 5,994.
      growth-day reading (not offered): 1年と1日 → fl(118,422×.05×(1 + 1/365)) = 5,937 → 6,010."""
    tx = [B(date(2005, 1, 1), 100_000), B(date(2005, 2, 1), 50_000), R(date(2005, 3, 1), 10_000)]
    assert fl(F(150_000) * F(18, 100) * F(28, 365)) == 2_071 and fl(F(100_000) * F(18, 100) * F(32, 365)) == 1_578
    ex = recalculate(tx, Settings(days_mode="nen_hi"))
    inc = recalculate(tx, Settings(days_mode="nen_hi", first_day="include"))
    assert [(r.days, r.interest) for r in ex.rows] == [(0, 0), (31, 1_528), (28, 2_071)]
    assert ex.rows[-1].balance == 143_599
    assert [(r.days, r.interest) for r in inc.rows] == [(0, 0), (32, 1_578), (28, 2_071)]
    growth = 150_000 - (10_000 - 1_578 - fl(F(150_000) * F(18, 100) * F(29, 365)))
    assert inc.rows[-1].balance == 143_649 != growth == 143_723

    tx = [B(date(2005, 1, 1), 100_000), R(date(2005, 2, 1), 120_000), R(date(2005, 3, 1), 100_000)]
    inc = recalculate(tx, Settings(days_mode="nen_hi", first_day="include", end_date=date(2006, 3, 1)))
    assert fl(F(18_422) * F(5, 100) * F(29, 365)) == 73 and fl(F(118_422) * F(5, 100)) == 5_921
    assert (inc.kabarai, inc.kabarai_interest) == (118_422, 5_994)
    assert [r.days for r in inc.rows] == [0, 32, 29, 365]
    assert 73 + fl(F(118_422) * F(5, 100) * (1 + F(1, 365))) == 6_010 != inc.kabarai_interest

    raw = {**api.example_inputs("hikinaoshi"), "first_day": "include"}
    items = {a["item"]: a for a in api.run("hikinaoshi", raw)["result"]["assumptions"]}
    assert "残高が増えた日" in items["日数の数え方"]["basis"] and "選べるようにしていません" in items["日数の数え方"]["basis"]
