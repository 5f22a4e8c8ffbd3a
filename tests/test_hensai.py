"""Tests for the 残債の返済シミュレーション calculator.

Expected figures are worked out by hand in the comments (not by calling the code under test).
"""

import re
import sys
from datetime import date
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

ROOT = str(Path(__file__).resolve().parents[1])
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

from calc import api  # noqa: E402
from calc.calculators.hensai import add_months, period_text  # noqa: E402

FIELDS = ["principal", "mode", "monthly", "count", "rate", "first_date"]


def inputs(**kw):
    raw = api.example_inputs("hensai")
    raw.update(kw)
    return raw


def ok(**kw):
    out = api.run("hensai", inputs(**kw))
    assert out["ok"], out
    assert "internal_error" not in out
    return out


def text(html):
    return re.sub(r"<[^>]+>", " ", html)


def key_item(html):
    m = re.search(r'<div class="calc-key"><dt>(.*?)</dt><dd><span class="calc-value">(.*?)</span>', html)
    return m.group(1), m.group(2)


# -- worked example -------------------------------------------------------------------------------

def test_worked_example():
    out = api.run("hensai")
    assert out["ok"], out
    r = out["result"]
    # 500万 ÷ 2万 = 250回 ちょうど; 250か月 = 20年10か月; 利息なし
    assert r["count"] == 250
    assert r["payment"] == 20_000 and r["last_payment"] == 20_000
    assert r["total_paid"] == 5_000_000 and r["total_interest"] == 0
    assert key_item(out["html"]) == ("返済回数", "250回（20年10か月）")
    assert out["html"].count('class="calc-key"') == 1
    # yearly table: 21 rows (20 full years + 10 payments); year 1 ends at 5,000,000 − 240,000
    assert len(r["years"]) == 21
    assert r["years"][0]["paid"] == 240_000 and r["years"][0]["balance"] == 4_760_000
    assert r["years"][-1]["paid"] == 200_000 and r["years"][-1]["balance"] == 0
    html = out["html"]
    assert '<details class="calc-details"><summary>最初の12回の内訳</summary>' in html
    assert '<polyline' in html


def test_guide_example_300man_30000():
    # docs/nini-baikyaku/zansai.md: 300万円を月3万円 → 100回（8年4か月）
    out = ok(principal="300万円", monthly="3万円")
    assert key_item(out["html"]) == ("返済回数", "100回（8年4か月）")


def test_period_text():
    assert period_text(100) == "8年4か月"
    assert period_text(12) == "1年"
    assert period_text(5) == "5か月"
    assert period_text(1200) == "100年"


# -- monthly mode ---------------------------------------------------------------------------------

def test_monthly_mode_last_payment_adjusts():
    # 100万 ÷ 3万 = 33.33… → 34回; 最終回 1,000,000 − 33×30,000 = 10,000
    r = ok(principal="100万", monthly="3万")["result"]
    assert (r["count"], r["last_payment"], r["total_paid"]) == (34, 10_000, 1_000_000)


def test_monthly_mode_with_interest_by_hand():
    # 30万, 年12% (月1%), 月10万:
    # 1: 利息 3,000; 残高 300,000 + 3,000 − 100,000 = 203,000
    # 2: 利息 2,030; 残高 203,000 + 2,030 − 100,000 = 105,030
    # 3: 利息 1,050.3 → 1,050; 残高 105,030 + 1,050 − 100,000 = 6,080
    # 4: 利息 60.8 → 60; 最終回 6,080 + 60 = 6,140
    r = ok(principal="30万", monthly="10万", rate="12%")["result"]
    sched = [(x["interest"], x["payment"], x["balance"]) for x in r["schedule"]]
    assert sched == [(3_000, 100_000, 203_000), (2_030, 100_000, 105_030),
                     (1_050, 100_000, 6_080), (60, 6_140, 0)]
    # 利息計 3,000 + 2,030 + 1,050 + 60 = 6,140; 総支払 300,000 + 6,140 = 306,140
    assert (r["count"], r["total_interest"], r["total_paid"], r["last_payment"]) == (4, 6_140, 306_140, 6_140)


def test_payment_must_exceed_first_interest():
    # 100万 × 12% ÷ 12 = 10,000円 → 月10,000円では減らない
    out = api.run("hensai", inputs(principal="100万", monthly="1万", rate="12%"))
    assert not out["ok"] and "10,000円" in out["errors"]["monthly"]
    assert "10,001円以上" in out["errors"]["monthly"]


def test_cap_at_1200_payments():
    # 120万 ÷ 1,000 = 1,200回 ちょうど → OK (100年)
    out = ok(principal="120万", monthly="1000")
    assert key_item(out["html"]) == ("返済回数", "1,200回（100年）")
    # 1,200,001 ÷ 1,000 → 1,201回 → error
    out = api.run("hensai", inputs(principal="1200001", monthly="1000"))
    assert "1,200回" in out["errors"]["monthly"] and "internal_error" not in out
    # with interest: 100万, 年1.2% → 1回目の利息 1,000,000 × 0.012 ÷ 12 = 1,000; 月1,001円 repays ~1円 more
    # each month growing 0.1%/month: (1.001^n − 1) / 0.001 = 1,000,000 → n = ln 1001 / ln 1.001 ≈ 6,911 > 1,200
    out = api.run("hensai", inputs(principal="100万", monthly="1001", rate="1.2%"))
    assert "1,200回" in out["errors"]["monthly"]


def test_monthly_required_in_monthly_mode_only():
    out = api.run("hensai", inputs(monthly=""))
    assert out["errors"] == {"monthly": "月々の返済額を入力してください"}
    # in months mode the monthly field is not needed
    assert ok(mode="months", monthly="", count="10")["result"]["payment"] == 500_000


# -- months mode ----------------------------------------------------------------------------------

def test_months_mode_zero_rate_ceil_and_last_adjusts():
    # 100万 ÷ 3 = 333,333.33 → 333,334; 最終回 1,000,000 − 2×333,334 = 333,332
    out = ok(principal="100万", mode="months", count="3")
    r = out["result"]
    assert (r["payment"], r["count"], r["last_payment"]) == (333_334, 3, 333_332)
    assert key_item(out["html"]) == ("月々の返済額", "333,334円")


def test_months_mode_zero_rate_exact():
    # 500万 ÷ 60 = 83,333.33 → 83,334; 最終回 5,000,000 − 59×83,334 = 83,294
    r = ok(mode="months", count="60")["result"]
    assert (r["payment"], r["count"], r["last_payment"]) == (83_334, 60, 83_294)


def test_months_mode_finishing_early_is_explained():
    # 100円 ÷ 60回 = 1.67 → 2円; 2円 × 50回 = 100円 → 50回で終わる
    out = ok(principal="100", mode="months", count="60")
    assert out["result"]["count"] == 50
    assert "50回で返し終わり" in text(out["html"])


def test_months_mode_annuity_two_payments_by_hand():
    # 2万, 年12% (月1%), 2回: P = 20,000 × 0.01 × 1.01² / (1.01² − 1) = 204.02 / 0.0201 = 10,150.25 → 10,151
    # 1: 利息 200; 残高 20,000 + 200 − 10,151 = 10,049
    # 2: 利息 100.49 → 100; 最終回 10,049 + 100 = 10,149
    r = ok(principal="2万", mode="months", count="2", rate="12%")["result"]
    assert r["payment"] == 10_151
    assert [(x["interest"], x["payment"]) for x in r["schedule"]] == [(200, 10_151), (100, 10_149)]
    assert (r["total_paid"], r["total_interest"]) == (20_300, 300)


def test_months_mode_annuity_standard_figure():
    # 500万, 年3% (月0.25%), 60回: 1.0025^60 ≈ 1.1616168;
    # P ≈ 5,000,000 × 0.0025 × 1.1616168 / 0.1616168 ≈ 89,843.69 → 89,844
    r = ok(mode="months", count="60", rate="3%")["result"]
    assert r["payment"] == 89_844
    assert r["count"] == 60
    assert r["last_payment"] <= 89_844
    assert r["total_paid"] == 5_000_000 + r["total_interest"]


def test_count_required_in_months_mode():
    out = api.run("hensai", inputs(mode="months", count=""))
    assert out["errors"] == {"count": "返済回数を入力してください"}


# -- dates ----------------------------------------------------------------------------------------

def test_add_months_clamps_to_month_end():
    assert add_months(date(2025, 1, 31), 1) == date(2025, 2, 28)
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2025, 1, 31), 2) == date(2025, 3, 31)   # back to the 31st
    assert add_months(date(2025, 11, 30), 3) == date(2026, 2, 28)
    assert add_months(date(2025, 12, 15), 1) == date(2026, 1, 15)


def test_schedule_dates():
    # 30万 ÷ 10万 = 3回: 1月31日, 2月28日, 3月31日
    out = ok(principal="30万", monthly="10万", first_date="令和7年1月31日")
    r = out["result"]
    assert [x["date"] for x in r["schedule"]] == ["2025-01-31", "2025-02-28", "2025-03-31"]
    assert r["last_date"] == "2025-03-31"
    t = text(out["html"])
    assert "2025年2月28日" in t and "最終回 2025年3月31日（令和7年）" in t


def test_no_dates_without_first_date():
    r = ok()["result"]
    assert r["first_date"] is None and r["schedule"][0]["date"] is None
    assert "支払日" not in text(ok()["html"])


# -- other errors ---------------------------------------------------------------------------------

@pytest.mark.parametrize("field,value", [
    ("principal", ""), ("principal", "0"), ("principal", "-5万"), ("mode", "yearly"),
    ("monthly", "0"), ("monthly", "abc"), ("count", "0"), ("count", "1201"), ("count", "2.5"),
    ("rate", "-1%"), ("rate", "101%"), ("rate", "1.23456%"), ("first_date", "2025/2/30"),
])
def test_errors_are_reported_on_the_field(field, value):
    mode = "months" if field == "count" else "monthly"
    out = api.run("hensai", inputs(**{"mode": mode, field: value}))
    assert not out["ok"]
    assert "internal_error" not in out
    assert field in out["errors"], out["errors"]


def test_rate_with_four_decimals_is_accepted():
    assert ok(rate="1.2345%")["ok"]


# -- properties -----------------------------------------------------------------------------------

@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.fixed_dictionaries({f: st.text(max_size=12) for f in FIELDS}))
def test_arbitrary_text_never_crashes(raw):
    out = api.run("hensai", raw)
    assert "internal_error" not in out, out
    assert out["ok"] or out["errors"]


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.sampled_from(FIELDS), st.text(max_size=8)),
       st.sampled_from(["monthly", "months"]))
def test_arbitrary_text_over_the_example_never_crashes(changes, mode):
    raw = inputs(mode=mode)
    raw.update(changes)
    out = api.run("hensai", raw)
    assert "internal_error" not in out, out


def check_schedule(r):
    sched = r["schedule"]
    assert r["count"] == len(sched) <= 1200
    assert r["total_paid"] == sum(x["payment"] for x in sched)
    assert r["total_interest"] == sum(x["interest"] for x in sched)
    assert r["total_paid"] == r["principal"] + r["total_interest"]
    previous = r["principal"]
    for x in sched:
        assert x["balance"] <= previous              # never increases
        assert x["payment"] == x["interest"] + x["principal"]
        assert 0 < x["payment"] <= r["payment"]
        previous = x["balance"]
    assert sched[-1]["balance"] == 0
    assert all(x["balance"] > 0 for x in sched[:-1])
    assert r["last_payment"] == sched[-1]["payment"]


@settings(max_examples=120, deadline=None)
@given(principal=st.integers(1, 10**9), monthly=st.integers(1, 10**8), rate_bp=st.integers(0, 2000))
def test_monthly_mode_properties(principal, monthly, rate_bp):
    out = api.run("hensai", {"principal": str(principal), "mode": "monthly", "monthly": str(monthly),
                             "rate": f"{rate_bp / 100}%"})
    assert "internal_error" not in out, out
    if not out["ok"]:
        assert set(out["errors"]) == {"monthly"}
        first_interest = principal * rate_bp // 120000      # floor(B × bp/10000 / 12)
        if rate_bp == 0:
            assert -(-principal // monthly) > 1200
        else:
            assert monthly <= first_interest or "1,200回" in out["errors"]["monthly"]
        return
    r = out["result"]
    check_schedule(r)
    assert r["payment"] == monthly
    if rate_bp == 0:
        # 0%: count = ceil(B / P), count × P ≥ B
        assert r["count"] == -(-principal // monthly)
        assert r["count"] * monthly >= principal
        assert r["total_interest"] == 0


@settings(max_examples=120, deadline=None)
@given(principal=st.integers(1, 10**9), count=st.integers(1, 1200), rate_bp=st.integers(0, 2000))
def test_months_mode_properties(principal, count, rate_bp):
    out = api.run("hensai", {"principal": str(principal), "mode": "months", "count": str(count),
                             "rate": f"{rate_bp / 100}%"})
    assert out["ok"], out
    r = out["result"]
    check_schedule(r)
    assert r["count"] <= count
    if rate_bp == 0:
        assert r["payment"] == -(-principal // count)       # ceil(B / n)
        assert r["count"] * r["payment"] >= principal
    else:
        # the payment is the smallest whole yen not below the exact annuity payment
        i = Fraction(rate_bp, 10000) / 12
        exact = principal * i / (1 - (1 + i) ** -count)
        assert r["payment"] - 1 < exact <= r["payment"]
