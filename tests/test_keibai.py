"""Tests for the 競売との比較 calculator and the 競売 law data.

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
from calc.law import PRACTICE, STATUTE, OutOfRange, schedule  # noqa: E402

FIELDS = ["market", "nin_price", "nin_costs", "date", "balance", "late_rate", "nin_months",
          "keibai_months", "adjust", "keibai_costs"]


def inputs(**kw):
    raw = api.example_inputs("keibai")
    raw.update({k: v for k, v in kw.items()})
    return raw


def ok(**kw):
    out = api.run("keibai", inputs(**kw))
    assert out["ok"], out
    assert "internal_error" not in out
    return out


def by_key(result):
    return {s["key"]: s for s in result["scenarios"]}


def text(html):
    return re.sub(r"<[^>]+>", " ", html)


# -- law data -------------------------------------------------------------------------------------

def test_kaiuke_ratio_is_eight_tenths_with_statute_citation():
    p = schedule("keibai.kaiuke_ratio").at(date(2025, 4, 1))
    assert p.value == Fraction(8, 10)
    assert "民事執行法60条" in p.citation and "3項" in p.citation
    assert p.confidence == STATUTE
    assert p.end is None


def test_kaiuke_ratio_not_claimed_for_the_old_minimum_price_regime():
    # Before the 平成16年改正 the rule was 最低売却価額 (no 2/10 discount); not covered.
    with pytest.raises(OutOfRange):
        schedule("keibai.kaiuke_ratio").at(date(2000, 1, 1))
    # 平成16年12月3日公布・公布から1年以内に施行 → surely in force on 2005-12-02.
    assert schedule("keibai.kaiuke_ratio").value_at(date(2005, 12, 2)) == Fraction(8, 10)


def test_market_adjustment_is_a_practice_value():
    p = schedule("keibai.market_adjustment").at(date(2025, 4, 1))
    assert p.value == Fraction(7, 10)
    assert p.confidence == PRACTICE
    assert p.citation == "評価実務（競売市場修正、0.7前後とする例が多い）"


# -- worked example -------------------------------------------------------------------------------

def test_worked_example_figures():
    out = api.run("keibai")
    assert out["ok"], out
    r = out["result"]
    s = by_key(r)
    # 売却基準価額 = 2,000万 × 0.7 = 1,400万; 買受可能価額 = 1,400万 × 0.8 = 1,120万
    assert r["kijun"] == 14_000_000
    assert r["kanou"] == 11_200_000
    # 仲介手数料の上限 (2025-04-01, 消費税10%): (2,000万×3% + 6万) × 1.1 = 660,000 × 1.1 = 726,000
    assert r["brokerage"] == 726_000
    # 任意売却: 控除 726,000 + 300,000 = 1,026,000; 返済に充てる額 20,000,000 − 1,026,000 = 18,974,000
    assert s["nin"]["price"] == 20_000_000
    assert s["nin"]["costs"] == 1_026_000
    assert s["nin"]["proceeds"] == 18_974_000
    # 遅延損害金 4か月: 2,500万 × 14% × 4/12 = 1,166,666.67 → 1,166,666
    assert s["nin"]["late_fee"] == 1_166_666
    # 残債: 25,000,000 + 1,166,666 − 18,974,000 = 7,192,666
    assert s["nin"]["remaining"] == 7_192_666
    # 遅延損害金 10か月: 2,500万 × 14% × 10/12 = 2,916,666.67 → 2,916,666
    assert s["kijun"]["late_fee"] == s["kanou"]["late_fee"] == 2_916_666
    # 競売（売却基準価額）: 25,000,000 + 2,916,666 − 14,000,000 = 13,916,666
    assert s["kijun"]["remaining"] == 13_916_666
    # 競売（買受可能価額）: 25,000,000 + 2,916,666 − 11,200,000 = 16,716,666
    assert s["kanou"]["remaining"] == 16_716_666
    # 差: 13,916,666 − 7,192,666 = 6,724,000
    assert r["difference_vs_kijun"] == 6_724_000
    # 16,716,666 − 7,192,666 = 9,524,000
    assert r["difference_vs_kanou"] == 9_524_000
    assert all(x["surplus"] == 0 for x in r["scenarios"])


def test_worked_example_key_figure_is_first_strong_summary_item():
    html = api.run("keibai")["html"]
    first_key = re.search(r'<div class="calc-key"><dt>(.*?)</dt><dd><span class="calc-value">(.*?)</span>', html)
    assert first_key.group(1) == "競売（売却基準価額）との残債の差"
    assert first_key.group(2) == "6,724,000円"
    assert html.count('class="calc-key"') == 1


def test_worked_example_html_has_table_chart_notes_citations():
    out = api.run("keibai")
    html = out["html"]
    t = text(html)
    for label in ("売却価格", "差し引かれる費用", "返済に充てられる額", "ローンの残高", "遅延損害金", "残債"):
        assert label in t
    assert "1,166,666円（4か月分）" in t and "2,916,666円（10か月分）" in t
    assert '<figure class="calc-chart"' in html and 'class="bar s0"' in html
    assert "民事執行法60条1項（売却基準価額）・3項（買受可能価額）" in t
    assert "評価実務（競売市場修正、0.7前後とする例が多い）" in t
    assert "宅地建物取引業法46条1項" in t
    # rounding rules are named in the notes
    assert "円未満切上げ" in t and "円未満切捨て" in t
    assert "売却基準価額を上回って売れることもあります" in t
    assert "予測するものではありません" in t
    # worked example is consistent: no warnings
    assert "calc-warnings" not in html


# -- rounding and boundaries ----------------------------------------------------------------------

def test_kijun_floor_and_kanou_ceil():
    # 1,234,567 × 0.7 = 864,196.9 → 864,196 (切捨て); × 0.8 = 691,356.8 → 691,357 (切上げ)
    r = ok(market="1234567")["result"]
    assert r["kijun"] == 864_196
    assert r["kanou"] == 691_357


def test_kanou_exact_when_divisible():
    # adjust 1 → 売却基準価額 = 1,000,005; × 0.8 = 800,004 exactly
    r = ok(market="1000005", adjust="1")["result"]
    assert (r["kijun"], r["kanou"]) == (1_000_005, 800_004)
    # 1,000,001 × 0.8 = 800,000.8 → 800,001 (a bid of 800,000円 would be below 買受可能価額)
    r = ok(market="1000001", adjust="1")["result"]
    assert r["kanou"] == 800_001


def test_adjust_accepts_percent_and_wari_forms():
    # 75% = 7割5分 = 0.75: 2,000万 × 0.75 = 1,500万; × 0.8 = 1,200万
    for form in ("0.75", "75%", "7割5分"):
        r = ok(adjust=form)["result"]
        assert (r["kijun"], r["kanou"]) == (15_000_000, 12_000_000)


def test_blank_nin_price_means_market_and_explicit_price_is_used():
    assert by_key(ok(nin_price="")["result"])["nin"]["price"] == 20_000_000
    r = ok(nin_price="1,800万円")["result"]
    # (1,800万×3%+6万)×1.1 = 600,000×1.1 = 660,000; 控除 960,000; 充当 17,040,000
    # 残債 25,000,000 + 1,166,666 − 17,040,000 = 9,126,666
    n = by_key(r)["nin"]
    assert (n["costs"], n["proceeds"], n["remaining"]) == (960_000, 17_040_000, 9_126_666)
    assert r["difference_vs_kijun"] == 13_916_666 - 9_126_666


def test_zero_rate_and_zero_months():
    r = ok(late_rate="0%", nin_months="0", keibai_months="0")["result"]
    assert all(s["late_fee"] == 0 for s in r["scenarios"])
    # 25,000,000 − 18,974,000 = 6,026,000
    assert by_key(r)["nin"]["remaining"] == 6_026_000


def test_surplus_when_sale_covers_the_loan():
    # 残高1,000万, 0%: 任意売却 18,974,000 − 10,000,000 = 8,974,000 の余剰; 競売1,400万 → 4,000,000 の余剰
    out = ok(balance="1,000万円", late_rate="0")
    s = by_key(out["result"])
    assert (s["nin"]["remaining"], s["nin"]["surplus"]) == (0, 8_974_000)
    assert (s["kijun"]["remaining"], s["kijun"]["surplus"]) == (0, 4_000_000)
    # 1,120万 − 1,000万 = 1,200,000
    assert s["kanou"]["surplus"] == 1_200_000
    # difference of net positions: (−4,000,000) − (−8,974,000) = 4,974,000
    assert out["result"]["difference_vs_kijun"] == 4_974_000
    assert "余剰 8,974,000円" in text(out["html"])
    assert "余剰を含めた差" in text(out["html"])


def test_keibai_costs_are_deducted_first():
    # 手続費用 100万: 14,000,000 − 1,000,000 = 13,000,000; 残債 27,916,666 − 13,000,000 = 14,916,666
    s = by_key(ok(keibai_costs="100万円")["result"])
    assert (s["kijun"]["costs"], s["kijun"]["proceeds"], s["kijun"]["remaining"]) == (1_000_000, 13_000_000, 14_916_666)
    assert s["kanou"]["proceeds"] == 10_200_000


def test_costs_above_price_never_make_negative_proceeds():
    out = ok(keibai_costs="1,300万円")  # > 買受可能価額 1,120万, < 売却基準価額 1,400万
    s = by_key(out["result"])
    assert s["kanou"]["proceeds"] == 0 and s["kanou"]["costs_exceed_price"]
    assert s["kijun"]["proceeds"] == 1_000_000
    assert "買受可能価額で売れた場合、競売の手続費用が売却価格を上回る" in text(out["html"])
    out = ok(nin_price="50万円", nin_costs="100万円")
    assert by_key(out["result"])["nin"]["proceeds"] == 0
    assert "任意売却で差し引かれる費用が売却価格を上回る" in text(out["html"])


def test_warning_when_nin_months_not_before_keibai():
    t = text(ok(nin_months="10", keibai_months="10")["html"])
    assert "開札より前に決済" in t
    assert "開札より前に決済" not in text(ok(nin_months="9", keibai_months="10")["html"])


def test_warning_when_nin_price_below_kijun():
    # 1,300万 < 売却基準価額 1,400万
    t = text(ok(nin_price="1,300万円")["html"])
    assert "同意しないことがあります" in t and "1,300万円" in t
    # 1,400万 is not below; but 1,400万 − 仲介 528,000 − 30万 < 1,400万 → 回収額 warning
    t = text(ok(nin_price="1,400万円")["html"])
    # 仲介 (1,400万×3%+6万)×1.1 = 528,000; 14,000,000 − 528,000 − 300,000 = 13,172,000 < 14,000,000
    assert "任意売却で返済に充てられる額（13,172,000円）" in t and "同意しないことがあります" in t


def test_key_figure_when_keibai_is_better():
    out = ok(nin_price="1,000万円")
    r = out["result"]
    assert r["difference_vs_kijun"] < 0
    html = out["html"]
    assert "競売（売却基準価額）のほうが残債が少なくなる" in text(html)
    # the value is shown without a sign; the note says which is smaller
    assert f'{abs(r["difference_vs_kijun"]):,}円' in html


# -- errors ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("field,value", [
    ("market", ""), ("market", "abc"), ("market", "0"), ("balance", ""), ("late_rate", ""),
    ("late_rate", "-1%"), ("late_rate", "101%"), ("nin_months", "-1"), ("nin_months", "1.5"),
    ("keibai_months", "5年"), ("adjust", "2"), ("adjust", "0"), ("date", "2013/4/1"),
    ("date", "きのう"), ("nin_price", "0"), ("keibai_costs", "-5万"),
])
def test_errors_are_reported_on_the_field(field, value):
    out = api.run("keibai", inputs(**{field: value}))
    assert not out["ok"]
    assert "internal_error" not in out
    assert field in out["errors"], out["errors"]
    assert out["errors"][field]


def test_date_before_brokerage_table_is_refused_with_reason():
    out = api.run("keibai", inputs(date="2014/3/31"))
    assert "2014年4月1日以降" in out["errors"]["date"]
    assert api.run("keibai", inputs(date="2014/4/1"))["ok"]


# -- properties -----------------------------------------------------------------------------------

@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.fixed_dictionaries({f: st.text(max_size=12) for f in FIELDS}))
def test_arbitrary_text_never_crashes(raw):
    out = api.run("keibai", raw)
    assert "internal_error" not in out, out
    assert out["ok"] or out["errors"]


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.sampled_from(FIELDS), st.text(max_size=8)))
def test_arbitrary_text_over_the_example_never_crashes(changes):
    out = api.run("keibai", inputs(**changes))
    assert "internal_error" not in out, out


@settings(max_examples=150, deadline=None)
@given(
    market=st.integers(1, 10**10), nin_price=st.one_of(st.none(), st.integers(1, 10**10)),
    nin_costs=st.integers(0, 10**8), balance=st.integers(1, 10**10),
    rate_bp=st.integers(0, 3000), nin_months=st.integers(0, 120), keibai_months=st.integers(0, 120),
    adjust_pct=st.integers(10, 100), keibai_costs=st.integers(0, 10**8),
)
def test_invariants(market, nin_price, nin_costs, balance, rate_bp, nin_months, keibai_months,
                    adjust_pct, keibai_costs):
    raw = {"market": str(market), "nin_price": "" if nin_price is None else str(nin_price),
           "nin_costs": str(nin_costs), "date": "2025-04-01", "balance": str(balance),
           "late_rate": f"{rate_bp / 100}%", "nin_months": str(nin_months),
           "keibai_months": str(keibai_months), "adjust": f"{adjust_pct}%", "keibai_costs": str(keibai_costs)}
    out = api.run("keibai", raw)
    assert out["ok"], out
    r = out["result"]
    assert 0 <= r["kanou"] <= r["kijun"] <= market
    # 買受可能価額 is the smallest whole yen not below 8/10 of 売却基準価額
    assert r["kanou"] * 10 >= r["kijun"] * 8 > (r["kanou"] - 1) * 10
    for s in r["scenarios"]:
        assert s["remaining"] >= 0 and s["surplus"] >= 0 and s["proceeds"] >= 0
        assert s["remaining"] == 0 or s["surplus"] == 0
        assert s["remaining"] - s["surplus"] == s["balance"] + s["late_fee"] - s["proceeds"]
        assert s["proceeds"] == max(0, s["price"] - s["costs"])
    s = by_key(r)
    assert s["kijun"]["remaining"] <= s["kanou"]["remaining"]
    # late fee: floor(balance × rate × months / 12)
    exact = Fraction(balance) * Fraction(rate_bp, 10000) * keibai_months / 12
    assert s["kijun"]["late_fee"] == int(exact)
