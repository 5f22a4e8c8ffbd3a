"""可処分所得（給与所得者等再生）— expectations from the arithmetic of 民事再生法241条2項7号:
(収入 − 所得税等) を1年当たりに換算した A から最低生活費 L を引き、2倍する. The procedure matches the
practitioner's description at saimuseiri-aichi.com/blog/detail/20210521113903 (2年分の支払金額 − 所得税・
住民税・社会保険料 → ÷2 → − 5項目 → ×2). No 政令 table value is used anywhere: the 最低生活費 here are
arbitrary round figures."""
from hypothesis import given, settings, strategies as st

from calc import api
from calc.calculators.kashobun import EXAMPLE_LIVING, disposable_income
from tests.conftest import computed

LIVING = {"kojin": "", "setai": "", "toki": "", "jukyo": "", "kinro": ""}
BASE = {"kubun": "ha", "months": "24", "income": "", "income_tax": "", "resident_tax": "", "social": "",
        **LIVING}


def run(**changes):
    return computed("kashobun", BASE, changes)["result"]


def errors(**changes):
    out = api.run("kashobun", {**BASE, **changes})
    assert not out["ok"] and "internal_error" not in out
    return out["errors"]


def test_worked_example_uses_illustrative_figures():
    r = api.run("kashobun")["result"]
    # (8,000,000 − 300,000 − 500,000 − 1,200,000) ÷ 2 = 3,000,000
    assert (r["net"], r["annual"]) == (6_000_000, 3_000_000)
    # L = 500,000 + 400,000 + 50,000 + 500,000 + 150,000 = 1,600,000 (illustrative, not the 政令's)
    assert r["living_total"] == 1_600_000
    # (3,000,000 − 1,600,000) × 2 = 2,800,000
    assert r["disposable_2y"] == 2_800_000
    assert r["illustrative"] is True
    html = api.run("kashobun")["html"]
    assert "説明のための仮の数字" in html


def test_example_fields_match_the_declared_illustrative_values():
    d = api.describe("kashobun")
    ex = {f["name"]: f["example"] for f in d["fields"]}
    from calc.parse import parse_yen
    assert {k: parse_yen(ex[k]) for k in EXAMPLE_LIVING} == EXAMPLE_LIVING


def test_own_figures_are_not_called_illustrative():
    r = run(income="700万", kojin="60万")
    assert r["illustrative"] is False


def test_ha_blank_months_means_24():
    # ハ: 7,000,001 ÷ 2 = 3,500,000.5 → rounded up 3,500,001; L = 1,000,000 → (2,500,001) × 2 = 5,000,002
    r = run(months="", income="7,000,001", kojin="100万")
    assert (r["months"], r["annual"], r["disposable_2y"]) == (24, 3_500_001, 5_000_002)


def test_i_annualises_from_the_event():
    # イ: 10か月で収入300万、所得税等50万 → 250万 × 12 ÷ 10 = 300万; L = 200万 → (100万) × 2 = 200万
    r = run(kubun="i", months="10か月", income="300万", income_tax="10万", resident_tax="15万", social="25万",
            kojin="120万", setai="80万")
    assert (r["net"], r["annual"], r["living_total"], r["disposable_2y"]) == (2_500_000, 3_000_000, 2_000_000, 2_000_000)


def test_guide_example_i():
    # docs/kojin-saisei/kashobun.md: 転職から8か月・手取り200万円 → 200万 ÷ 8 × 12 = 300万
    r = run(kubun="i", months="8", income="200万")
    assert r["annual"] == 3_000_000


def test_ro_rounds_the_annual_amount_up():
    # ロ: 手取り1,000,000 × 12 ÷ 7 = 1,714,285.714… → 1,714,286; L = 1,200,000 → 514,286 × 2 = 1,028,572
    r = run(kubun="ro", months="7", income="1,000,000", jukyo="120万")
    assert (r["annual"], r["disposable_2y"]) == (1_714_286, 1_028_572)


def test_negative_becomes_zero():
    # A = 200万, L = 250万 → (−50万) × 2 → 0 (our reading: never negative)
    r = run(income="400万", kojin="150万", setai="100万")
    assert (r["diff"], r["disposable_2y"], r["clamped"]) == (-500_000, 0, True)


def test_guide_example_ha():
    # docs/kojin-saisei/kashobun.md: (900万 − 160万) ÷ 2 = 370万
    r = run(income="900万", income_tax="20万", resident_tax="40万", social="100万")
    assert r["annual"] == 3_700_000 and r["disposable_2y"] == 7_400_000   # no L entered: 2 × 370万
    assert r["warnings"]                                                   # …and it says L is missing


def test_field_errors():
    assert "months" in errors(months="12", income="400万")            # ハ is 24 months
    assert "months" in errors(kubun="i", months="", income="400万")   # イ needs the months
    assert "months" in errors(kubun="ro", months="24", income="400万")  # 24 months is ハ
    assert "months" in errors(kubun="i", months="2年", income="400万")   # 年 in a か月 field is refused
    assert "social" in errors(income="100万", social="200万")
    assert "income" in errors(income="")


@settings(max_examples=300, deadline=None)
@given(months=st.integers(min_value=1, max_value=24), net=st.integers(min_value=-10**7, max_value=10**9),
       living=st.integers(min_value=0, max_value=10**7))
def test_result_is_never_below_the_statute_and_never_negative(months, net, living):
    r = disposable_income("ha" if months == 24 else "i", months, max(net, 0), max(-net, 0), 0, 0,
                          {"kojin": living})
    exact = (r["annual_exact"] - living) * 2
    assert r["disposable_2y"] >= 0
    assert r["disposable_2y"] >= exact                 # the plan built on it is never below the statute
    assert r["disposable_2y"] < max(exact, 0) + 2      # and never more than the rounding of A (×2)
