"""最低弁済額 — expectations written from the arithmetic of 民事再生法231条2項2〜4号 and from
published examples (each source named). T = the total that decides the tier (住宅ローン・担保で回収
される分・84条2項を除く); K = 基準債権 (担保で回収される分・84条2項を除く; with the 住宅資金特別条項
the 住宅ローン is outside too)."""
from fractions import Fraction

import pytest
from hypothesis import given, settings, strategies as st

from calc import api
from calc.calculators.saitei import minimum_payment
from tests.conftest import computed

BASE = {"total": "", "housing_loan": "", "secured": "", "post_commencement": "",
        "housing_clause": "1", "housing_secured": ""}


def run(**changes):
    return computed("saitei", BASE, changes)["result"]


def errors(**changes):
    out = api.run("saitei", {**BASE, **changes})
    assert not out["ok"] and "internal_error" not in out
    return out["errors"]


def test_worked_example():
    r = api.run("saitei")["result"]
    # 1,800万 − 住宅ローン1,200万（特別条項で別に払う）= T = K = 600万 → K/5 = 1,200,000
    assert (r["T"], r["K"], r["minimum"], r["tier"]) == (6_000_000, 6_000_000, 1_200_000, "fifth")
    # reduction 4,800,000 = 80% of K
    assert r["reduction"] == 4_800_000 and r["reduction_rate"] == "4/5"


@pytest.mark.parametrize("k, expected, tier", [
    (999_999, 999_999, "all"),           # K < 100万 → 基準債権の総額 (4号かっこ書)
    (1_000_000, 1_000_000, "floor"),     # max(20万, 100万) = 100万
    (5_000_000, 1_000_000, "floor"),     # K/5 = 100万 exactly: max(100万, 100万)
    (5_000_001, 1_000_001, "fifth"),     # K/5 = 1,000,000.2 → rounded up 1,000,001
    (15_000_000, 3_000_000, "fifth"),    # K/5 = 300万 exactly (not over 300万)
    (15_000_001, 3_000_000, "cap"),      # K/5 = 3,000,000.2 > 300万 → 300万
    (30_000_000, 3_000_000, "cap"),      # T = 3,000万 is still 4号 (以下): K/5 = 600万 → 300万
    (30_000_001, 3_000_001, "high"),     # 3号: T/10 = 3,000,000.1 → rounded up 3,000,001
    (50_000_000, 5_000_000, "high"),     # T/10 = 500万 (5,000万以下)
])
def test_tier_boundaries_t_equals_k(k, expected, tier):
    r = run(total=str(k), housing_loan="", housing_clause="")
    assert r["T"] == r["K"] == k
    assert (r["minimum"], r["tier"], r["available"]) == (expected, tier, True)


def test_over_5000man_is_not_available():
    # 50,000,001 > 5,000万 → 231条2項2号 / 221条1項
    r = run(total="50,000,001", housing_clause="")
    assert r["available"] is False and r["minimum"] is None and r["tier"] == "over_limit"
    html = api.run("saitei", {**BASE, "total": "50,000,001", "housing_clause": ""})["html"]
    assert "個人再生は利用できません" in html and "自己破産" in html


@pytest.mark.parametrize("total, expected", [
    # overpaymentclaim.com（小規模個人再生の返済額の表）
    ("600万", 1_200_000), ("1000万", 2_000_000), ("3200万", 3_200_000), ("5000万", 5_000_000),
    ("100万", 1_000_000), ("300万", 1_000_000), ("500万", 1_000_000),
    # kojinsaiseisoudan.com: 債務総額2,000万円 → 最低弁済基準額300万円
    ("2,000万円", 3_000_000),
    # shinginza.com/db/00835.html: 債務約600万円 → 120万円（20%）
    ("６００万円", 1_200_000),
])
def test_source_examples(total, expected):
    assert run(total=total, housing_clause="")["minimum"] == expected


def test_housing_loan_with_clause_is_outside_t_and_k():
    # 特別条項あり: 住宅ローン3,500万は T からも K からも除く → T = K = 4,500万 → 3号: 4,500万/10
    r = run(total="8,000万", housing_loan="3,500万", housing_clause="1")
    assert (r["T"], r["K"], r["minimum"], r["tier"]) == (45_000_000, 45_000_000, 4_500_000, "high")


def test_without_clause_shortfall_goes_into_k_only():
    # 住宅ローン2,000万（自宅で1,500万回収見込み）＋その他800万、特別条項なし:
    # T = 2,800万 − 2,000万 = 800万; K = 800万 + 担保不足500万 = 1,300万 → K/5 = 260万
    r = run(total="2,800万", housing_loan="2,000万", housing_clause="", housing_secured="1,500万")
    assert (r["T"], r["K"], r["housing_shortfall"]) == (8_000_000, 13_000_000, 5_000_000)
    assert (r["minimum"], r["tier"]) == (2_600_000, "fifth")
    # the same debts with the 特別条項: K = 800万 → 160万
    assert run(total="2,800万", housing_loan="2,000万", housing_clause="1")["minimum"] == 1_600_000


def test_tier_is_decided_by_t_not_k():
    # 住宅ローン3,000万（自宅で1,000万回収見込み）＋その他3,000万、特別条項なし:
    # T = 3,000万 (≤ 3,000万 → 4号) although K = 3,000万 + 2,000万 = 5,000万; K/5 = 1,000万 > 300万 → 300万.
    # Counting the 住宅ローン in T would give 6,000万 → not available; the statute excludes it.
    r = run(total="6,000万", housing_loan="3,000万", housing_clause="", housing_secured="1,000万")
    assert (r["T"], r["K"], r["minimum"], r["tier"]) == (30_000_000, 50_000_000, 3_000_000, "cap")


def test_high_tier_base_is_t():
    # その他4,000万 + 住宅ローン1,500万（回収見込1,000万）、特別条項なし: T = 4,000万, K = 4,500万.
    # 3号 takes 1/10 of T (「当該無異議債権の額及び評価済債権の額の総額の十分の一」) = 400万, not K/10 = 450万
    r = run(total="5,500万", housing_loan="1,500万", housing_clause="", housing_secured="1,000万")
    assert (r["T"], r["K"], r["minimum"]) == (40_000_000, 45_000_000, 4_000_000)


def test_secured_portion_is_excluded_from_both():
    # 1,000万のうち自動車ローンの担保で回収される200万 → T = K = 800万 → 160万
    r = run(total="1,000万", secured="200万", housing_clause="")
    assert (r["T"], r["K"], r["minimum"]) == (8_000_000, 8_000_000, 1_600_000)
    # secured portion can bring T under the limit: 5,200万 − 300万 = 4,900万 → 490万
    r = run(total="5,200万", secured="300万", housing_clause="")
    assert (r["available"], r["minimum"]) == (True, 4_900_000)


def test_post_commencement_claims_are_excluded():
    # 620万 − 84条2項の20万 = 600万 → 120万
    r = run(total="620万", post_commencement="20万", housing_clause="")
    assert (r["T"], r["K"], r["minimum"]) == (6_000_000, 6_000_000, 1_200_000)


def test_up_to_90_percent_reduction():
    # guides-outline: 「最大で80%」 is wrong — 3,000万 → 300万 is a 90% reduction
    r = run(total="3,000万", housing_clause="")
    assert r["reduction_rate"] == "9/10"


def test_field_errors():
    assert "housing_loan" in errors(total="1,000万", housing_loan="1,200万")
    assert "secured" in errors(total="1,000万", housing_loan="800万", secured="300万")
    assert "post_commencement" in errors(total="1,000万", secured="900万", post_commencement="200万")
    # without the 特別条項 the home's recovery is needed to find the 担保不足 part
    assert "housing_secured" in errors(total="2,800万", housing_loan="2,000万", housing_clause="")
    assert "housing_secured" in errors(total="2,800万", housing_loan="2,000万", housing_clause="",
                                       housing_secured="2,100万")
    assert "total" in errors(total="")


def test_pure_function():
    r = minimum_payment(18_000_000, 12_000_000, 0, 0, True)
    assert r["minimum"] == 1_200_000 and r["exact"] == Fraction(1_200_000)
    with pytest.raises(ValueError):
        minimum_payment(1_000, 2_000, 0, 0, True)


@settings(max_examples=300, deadline=None)
@given(k=st.integers(min_value=0, max_value=50_000_000))
def test_minimum_never_below_the_statute_and_never_above_k(k):
    r = minimum_payment(k, 0, 0, 0, False)
    assert r["exact"] <= r["minimum"] < r["exact"] + 1        # rounded up, less than one yen
    assert r["minimum"] <= k
    if k >= 1_000_000 and k <= 30_000_000:
        assert 1_000_000 <= r["minimum"] <= 3_000_000


@settings(max_examples=200, deadline=None)
@given(a=st.integers(min_value=0, max_value=50_000_000), b=st.integers(min_value=0, max_value=50_000_000))
def test_minimum_is_monotonic_when_t_equals_k(a, b):
    lo, hi = sorted((a, b))
    assert minimum_payment(lo, 0, 0, 0, False)["minimum"] <= minimum_payment(hi, 0, 0, 0, False)["minimum"]
