"""遅延損害金 — expectations worked out by hand (day counts and arithmetic in the comments)."""
from datetime import date, timedelta

import pytest
from hypothesis import given, settings, strategies as st

from calc import api
from tests.conftest import computed

BASE = {"principal": "100万円", "rate_kind": "146", "rate": "", "start": "2022-12-31", "end": "2023-12-31",
        "first_day": "exclude", "method": "nen_hi", "rounding": "total", "debt_kind": "unknown"}


def run(**changes):
    return computed("chien", BASE, changes)["result"]


def amount(**changes):
    return run(**changes)["amount"]


def segs(r):
    return [(s["years"], s["days"], s["den"]) for s in r["segments"]]


def test_worked_example():
    r = api.run("chien")["result"]
    # 起算日 2022-10-31（初日不算入）→ 2022-11-01〜2024-03-15
    # 丸1年 2022-11-01〜2023-10-31; 残り 2023-11-01〜12-31 = 30+31 = 61日（平年）, 2024-01-01〜03-15 = 31+29+15 = 75日（閏年）
    # 1,000,000×14.6% = 146,000; 146,000×61/365 = 24,400; 146,000×75/366 = 29,918.03…
    # 146,000 + 24,400 + 29,918.03… = 200,318.03… → 200,318
    assert segs(r) == [(1, 365, None), (0, 61, 365), (0, 75, 366)]
    assert r["days"] == 501
    assert r["amount"] == 200_318
    assert r["total"] == 1_200_318
    assert "1年 ＋ 61日/365 ＋ 75日/366" in r["formula"]


@pytest.mark.parametrize("method", ["nen_hi", "all365", "kakunen"])
def test_365_days_in_a_common_year(method):
    # 2023-01-01〜2023-12-31 = 365日: 1,000,000 × 14.6% × 365/365 = 146,000
    assert amount(method=method) == 146_000
    assert amount(method=method, start="2023-01-01", first_day="include") == 146_000


@pytest.mark.parametrize("method", ["nen_hi", "kakunen"])
def test_period_across_new_year_into_a_leap_year(method):
    # 起算日 2023-12-01, 終了日 2024-03-01
    # 初日不算入: 12/2〜12/31 = 30日（平年）, 1/1〜3/1 = 31+29+1 = 61日（閏年） → 合計91日
    #   146,000×30/365 = 12,000; 146,000×61/366 = 24,333.33… → 36,333.33… → 36,333
    r = run(method=method, start="2023-12-01", end="2024-03-01")
    assert segs(r) == [(0, 30, 365), (0, 61, 366)]
    assert r["amount"] == 36_333
    # 初日算入: 12/1〜12/31 = 31日, 61日 → 92日: 12,400 + 24,333.33… = 36,733.33… → 36,733
    r = run(method=method, start="2023-12-01", end="2024-03-01", first_day="include")
    assert segs(r) == [(0, 31, 365), (0, 61, 366)]
    assert r["amount"] == 36_733
    # 31日/365 + 60日/366 は、初日算入で終了日 2024-02-29 の場合: 12,400 + 146,000×60/366 (23,934.42…)
    # = 36,334.42… → 36,334
    r = run(method=method, start="2023-12-01", end="2024-02-29", first_day="include")
    assert segs(r) == [(0, 31, 365), (0, 60, 366)]
    assert r["amount"] == 36_334


def test_all365_across_new_year():
    # 91日 × 400円（146,000÷365）= 36,400; 初日算入 92日 = 36,800
    assert amount(method="all365", start="2023-12-01", end="2024-03-01") == 36_400
    assert amount(method="all365", start="2023-12-01", end="2024-03-01", first_day="include") == 36_800


def test_exactly_one_year_across_a_leap_day():
    # 2023-06-01〜2024-05-31（初日算入）は丸1年（2024-02-29を含む366日）
    kw = dict(start="2023-06-01", end="2024-05-31", first_day="include")
    # 年＋日: 1年 → 146,000
    assert segs(run(method="nen_hi", **kw)) == [(1, 366, None)]
    assert amount(method="nen_hi", **kw) == 146_000
    # 各年計算: 2023-06-01〜12-31 = 30+31+31+30+31+30+31 = 214日/365 → 85,600
    #          2024-01-01〜05-31 = 31+29+31+30+31 = 152日/366 → 60,633.87…  合計 146,233.87… → 146,233
    assert amount(method="kakunen", **kw) == 146_233
    # 全期間365日: 366 × 400 = 146,400
    assert amount(method="all365", **kw) == 146_400
    # 同じ期間を初日不算入で（起算日 2023-05-31）
    assert amount(method="nen_hi", start="2023-05-31", end="2024-05-31") == 146_000


def test_year_starting_on_feb_29_ends_on_feb_28():
    # 民法143条ただし書: 2024-02-29 から1年は 2025-02-28 に満了
    kw = dict(start="2024-02-29", first_day="include")
    assert segs(run(end="2025-02-28", **kw)) == [(1, 366, None)]
    assert amount(end="2025-02-28", **kw) == 146_000
    # 1日短いと丸1年にならない: 2024-02-29〜12-31 = 1+306 = 307日/366, 2025-01-01〜02-27 = 58日/365
    # 146,000×307/366 = 122,464.48…; 146,000×58/365 = 23,200 → 145,664.48… → 145,664
    r = run(end="2025-02-27", **kw)
    assert segs(r) == [(0, 307, 366), (0, 58, 365)]
    assert r["amount"] == 145_664


def test_several_whole_years():
    # 2020-01-01〜2024-12-31 = 5年: 年＋日 = 各年計算 = 146,000×5 = 730,000
    kw = dict(start="2019-12-31", end="2024-12-31")
    assert amount(method="nen_hi", **kw) == 730_000
    assert amount(method="kakunen", **kw) == 730_000
    # 全期間365日: 366+365+365+365+366 = 1,827日 × 400 = 730,800
    assert amount(method="all365", **kw) == 730_800


def test_rounding_total_vs_per_segment():
    # 年5%, 初日算入 2023-12-01〜2024-02-29: 1,000,000×5% = 50,000
    # 50,000×31/365 = 4,246.57…; 50,000×60/366 = 8,196.72…; 合計 12,443.29… → 12,443
    # 区間ごと: 4,246 + 8,196 = 12,442
    kw = dict(rate_kind="custom", rate="5%", start="2023-12-01", end="2024-02-29", first_day="include")
    assert amount(rounding="total", **kw) == 12_443
    assert amount(rounding="segment", **kw) == 12_442


def test_legal_rate_depends_on_the_first_day_of_delay():
    # 初日算入 2020-03-31〜2020-04-30 = 31日（2020年は閏年）: 5% → 50,000×31/366 = 4,234.97… → 4,234
    r = run(rate_kind="hotei", start="2020-03-31", end="2020-04-30", first_day="include")
    assert r["rate"] == "1/20" and r["amount"] == 4_234
    # 初日算入 2020-04-01〜04-30 = 30日: 3% → 30,000×30/366 = 2,459.01… → 2,459
    r = run(rate_kind="hotei", start="2020-04-01", end="2020-04-30", first_day="include")
    assert r["rate"] == "3/100" and r["amount"] == 2_459
    # 支払期日 2020-03-31（初日不算入）: 遅延は 4/1 から → 3%
    r = run(rate_kind="hotei", start="2020-03-31", end="2020-04-30")
    assert r["rate"] == "3/100" and r["amount"] == 2_459
    # 支払期日 2020-03-30: 遅延は 3/31 から → 5%、その後も 5% のまま（附則17条3項）
    r = run(rate_kind="hotei", start="2020-03-30", end="2020-04-30")
    assert r["rate"] == "1/20" and r["amount"] == 4_234
    assert any("年5%のまま" in n for n in r["notes"])


def test_legal_rate_not_yet_fixed():
    out = api.run("chien", {**BASE, "rate_kind": "hotei", "start": "2029-04-01", "end": "2029-12-31"})
    assert list(out["errors"]) == ["rate_kind"]


@pytest.mark.parametrize("principal, rate", [
    ("99,999", "73/250"),      # 20% × 1.46 = 29.2%
    ("10万", "657/2500"),      # 18% × 1.46 = 26.28%
    ("999,999", "657/2500"),
    ("100万", "219/1000"),     # 15% × 1.46 = 21.9%
])
def test_risoku4_cap_by_principal(principal, rate):
    assert run(rate_kind="risoku4", principal=principal)["rate"] == rate


def test_risoku4_amount_and_start_date():
    # 1,000,000 × 21.9% × 365/365 = 219,000
    assert amount(rate_kind="risoku4") == 219_000
    # 1.46倍は 2000-06-01 から: 遅延の初日 2000-05-31 は扱えない, 2000-06-01 は扱える
    out = api.run("chien", {**BASE, "rate_kind": "risoku4", "start": "2000-05-30", "end": "2000-12-31"})
    assert list(out["errors"]) == ["rate_kind"]
    assert run(rate_kind="risoku4", start="2000-05-31", end="2000-12-31")["rate"] == "219/1000"


def test_eigyo7_from_2010_06_18():
    # 1,000,000 × 20% = 200,000 for a common year
    assert amount(rate_kind="eigyo7") == 200_000
    out = api.run("chien", {**BASE, "rate_kind": "eigyo7", "start": "2010-06-16", "end": "2010-12-31"})
    assert list(out["errors"]) == ["rate_kind"]
    assert run(rate_kind="eigyo7", start="2010-06-17", end="2010-12-31")["rate"] == "1/5"


def test_cap_warnings():
    # 個人間の借金 50万円: 上限 18%×1.46 = 26.28%; 30% は超える。上限で1年: 500,000×26.28% = 131,400
    r = run(principal="50万", rate_kind="custom", rate="30%", debt_kind="loan")
    assert r["capped"] == {"rate": "657/2500", "amount": 131_400}
    assert r["warnings"] and "26.28%" in r["warnings"][0]
    # 貸金業者 2010-06-18 以降: 上限 20%; 4条の 21.9% を選ぶと警告、上限で 200,000
    r = run(rate_kind="risoku4", debt_kind="business")
    assert r["capped"] == {"rate": "1/5", "amount": 200_000}
    # 貸金業者でも 2010-06-17 以前の遅延なら 4条（100万円は 21.9%）
    r = run(rate_kind="custom", rate="25%", debt_kind="business", start="2004-12-31", end="2005-12-31")
    assert r["capped"] == {"rate": "219/1000", "amount": 219_000}
    # 上限以下なら警告なし
    assert run(rate_kind="custom", rate="20%", debt_kind="business")["warnings"] == []
    assert run(rate_kind="custom", rate="30%", debt_kind="other")["capped"] is None


def test_one_day_and_bad_periods():
    # 初日算入で起算日 = 終了日: 1日 → 146,000/365 = 400
    assert amount(start="2023-05-01", end="2023-05-01", first_day="include") == 400
    out = api.run("chien", {**BASE, "start": "2023-05-01", "end": "2023-05-01"})
    assert list(out["errors"]) == ["end"]
    out = api.run("chien", {**BASE, "start": "2023-05-02", "end": "2023-05-01", "first_day": "include"})
    assert list(out["errors"]) == ["end"]
    out = api.run("chien", {**BASE, "rate_kind": "custom", "rate": ""})
    assert list(out["errors"]) == ["rate"]


def test_blank_choices_use_defaults():
    # a shared link that carries only some fields: blank choices fall back to their defaults
    r = run(rate_kind="", first_day="", method="", rounding="", debt_kind="", start="2022-12-31", end="2023-12-31")
    assert r["rate_kind"] == "hotei" and r["rate"] == "3/100" and r["amount"] == 30_000


def test_wareki_and_zenkaku_inputs():
    r = run(principal="１００万円", start="令和4年12月31日", end="R5.12.31", rate_kind="custom", rate="年１４．６％")
    assert r["amount"] == 146_000


start_dates = st.dates(min_value=date(1990, 1, 1), max_value=date(2150, 12, 31))
methods = st.sampled_from(["nen_hi", "all365", "kakunen"])
roundings = st.sampled_from(["total", "segment", "tokyo21"])
firsts = st.sampled_from(["exclude", "include"])


def raw_for(principal, rate_milli, start, end, method, rounding, first):
    return {**BASE, "principal": str(principal), "rate_kind": "custom", "rate": f"{rate_milli / 1000}%",
            "start": start.isoformat(), "end": end.isoformat(), "method": method, "rounding": rounding,
            "first_day": first}


@settings(max_examples=200, deadline=None)
@given(principal=st.integers(min_value=1, max_value=10**10), rate=st.integers(min_value=0, max_value=100_000),
       start=start_dates, d1=st.integers(min_value=1, max_value=3000), d2=st.integers(min_value=0, max_value=800),
       method=methods, rounding=roundings, first=firsts)
def test_monotone_in_end_date(principal, rate, start, d1, d2, method, rounding, first):
    e1 = start + timedelta(days=d1)
    e2 = e1 + timedelta(days=d2)
    a = api.run("chien", raw_for(principal, rate, start, e1, method, rounding, first))
    b = api.run("chien", raw_for(principal, rate, start, e2, method, rounding, first))
    assert a["ok"] and b["ok"], (a["errors"], b["errors"])
    assert 0 <= a["result"]["amount"] <= b["result"]["amount"]


@settings(max_examples=200, deadline=None)
@given(principal=st.integers(min_value=1, max_value=10**10), r1=st.integers(min_value=0, max_value=100_000),
       r2=st.integers(min_value=0, max_value=100_000), start=start_dates,
       d=st.integers(min_value=1, max_value=5000), method=methods, rounding=roundings, first=firsts)
def test_monotone_in_rate(principal, r1, r2, start, d, method, rounding, first):
    lo, hi = sorted((r1, r2))
    end = start + timedelta(days=d)
    a = api.run("chien", raw_for(principal, lo, start, end, method, rounding, first))
    b = api.run("chien", raw_for(principal, hi, start, end, method, rounding, first))
    assert a["ok"] and b["ok"], (a["errors"], b["errors"])
    assert 0 <= a["result"]["amount"] <= b["result"]["amount"]
    # days add up, and whole years are whole
    r = b["result"]
    assert sum(s["days"] for s in r["segments"]) == r["days"]


junk = st.one_of(st.text(max_size=30), st.sampled_from(
    ["", "0", "-1", "５０万円", "1億", "hotei", "146", "risoku4", "eigyo7", "custom", "include", "exclude",
     "nen_hi", "all365", "kakunen", "segment", "total", "tokyo21", "shoji", "loan", "business", "other", "令和2年3月31日",
     "2029-04-01", "R6.2.29", "1900-01-01", "2200-12-31", "14.6%", "100%"]))


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_no_internal_error_on_any_string(data):
    raw = {k: data.draw(junk) for k in BASE}
    out = api.run("chien", raw)
    assert "internal_error" not in out, out
    assert out["ok"] or all(isinstance(v, str) and v for v in out["errors"].values())


# --- court rounding methods (issue 11) -------------------------------------------------------------------
OKAYAMA = dict(principal="10万円", rate_kind="custom", rate="18%", start="平成18年8月2日", end="平成20年2月15日",
               first_day="include", method="nen_hi")
TOKYO21 = dict(principal="10万円", rate_kind="custom", rate="18%", start="令和3年8月2日", end="令和7年7月15日",
               first_day="include", method="nen_hi")


def test_okayama_district_court_example_is_the_default_rounding():
    """岡山地裁「利息・損害金の計算について」(courts.go.jp/okayama/saiban/tetuzuki/s11_2/) 計算例(2): 元本10万円・
    年18%、起算日 H18.8.2〜申立日 H20.2.15: 1年 (H18.8.2〜H19.8.1) 18,000円 + 152日/365 (H19.8.2〜12.31)
    7,495.89…→7,495円 + 46日/366 (H20.1.1〜2.15, 閏年) 2,262.29…→2,262円 = 27,757円 — each part floored."""
    r = run(**OKAYAMA, rounding="")
    assert segs(r) == [(1, 365, None), (0, 152, 365), (0, 46, 366)]
    assert r["amount"] == 18_000 + 7_495 + 2_262 == 27_757
    assert "岡山地方裁判所" in " ".join(r["citations"])
    # the other methods: summed exactly 27,758.19… → 27,758; 0.1円: 18,000.0 + 7,495.8 + 2,262.2 = 27,758.0
    assert amount(**OKAYAMA, rounding="total") == 27_758
    assert amount(**OKAYAMA, rounding="tokyo21") == 27_758


def test_tokyo_21bu_example_tenths_then_floor():
    """東京地裁民事第21部「利息・損害金の計算について」の計算例イ (quoted in the Risokkey manual): 元本10万円・
    年18%、起算日 R3.8.2〜申立日 R7.7.15: 3年 54,000.0 + 152日/366 (R6.8.2〜12.31) 7,475.4 + 196日/365
    (R7.1.1〜7.15) 9,665.7 = 71,141.1 → 71,141円. Flooring each part instead: 54,000 + 7,475 + 9,665 = 71,140."""
    r = run(**TOKYO21, rounding="tokyo21")
    # 3年 = 2021-08-02〜2024-08-01 = 365 + 365 + 366日 (2024-02-29 included) = 1,096日
    assert segs(r) == [(3, 1_096, None), (0, 152, 366), (0, 196, 365)]
    assert [s["tenths"] for s in r["segments"]] == [540_000, 74_754, 96_657]
    assert r["amount"] == 71_141
    assert "71,141.1円" in r["formula"] and "民事第21部" in " ".join(r["citations"])
    assert amount(**TOKYO21, rounding="segment") == 71_140
    assert amount(**TOKYO21, rounding="total") == 71_141


# --- 商事法定利率 (改正前商法514条) ------------------------------------------------------------------------------
def test_commercial_rate_6_percent_before_2020_04_01():
    """改正前商法514条: 商行為によって生じた債務の法定利率は年6分. 支払期日 2019-09-30 (初日不算入 → 遅延は
    2019-10-01から), 終了日 2020-09-30: 年＋日で丸1年 → 1,000,000 × 6% × 1 = 60,000円 (2020-04-01以後も6%)."""
    r = run(rate_kind="shoji", start="2019-09-30", end="2020-09-30")
    assert r["rate"] == "3/50" and r["amount"] == 60_000
    assert any("商法" in c and "514条" in c for c in r["citations"])


def test_commercial_rate_refused_or_warned_where_it_does_not_apply():
    """Deleted by 平成29年法律第45号 from 2020-04-01: a delay beginning on/after that day needs a 商行為 dated
    2020-03-31 or earlier (the 整備法's transitional rule); otherwise the calculator refuses."""
    out = api.run("chien", {**BASE, "rate_kind": "shoji", "start": "2020-03-31", "end": "2020-12-31"})
    assert list(out["errors"]) == ["rate_kind"]
    out = api.run("chien", {**BASE, "rate_kind": "shoji", "start": "2020-06-30", "end": "2020-12-31",
                            "obligation_date": "2020-04-01"})
    assert list(out["errors"]) == ["obligation_date"]
    out = api.run("chien", {**BASE, "rate_kind": "shoji", "start": "2020-06-30", "end": "2020-12-31",
                            "obligation_date": "2020-07-15"})
    assert list(out["errors"]) == ["obligation_date"]
    # a sale on 2020-03-15 paid late from 2020-07-01: still 6%, with a warning naming the transitional rule
    # 2020-07-01〜2020-12-31 = 184日 (閏年): 60,000 × 184/366 = 30,163.93… → 30,163
    r = run(rate_kind="shoji", start="2020-06-30", end="2020-12-31", obligation_date="2020-03-15")
    assert r["rate"] == "3/50" and r["amount"] == 30_163
    assert any("経過措置" in w for w in r["warnings"])
    # the date field only counts when 商事法定利率 is chosen
    r = run(rate_kind="hotei", start="2020-06-30", end="2020-12-31", obligation_date="2020-07-15")
    assert r["rate"] == "3/100"
