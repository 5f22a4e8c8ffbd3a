"""仲介手数料の上限 — expectations from the 報酬告示 arithmetic and published examples."""
import pytest

from calc import api


def cap(price, date, akiya="none", side="seller"):
    out = api.run("chukai", {"price": price, "date": date, "akiya": akiya, "side": side})
    assert out["ok"], out["errors"]
    return out["result"]["cap"]


def test_worked_example_3000man():
    # (30,000,000×3% + 60,000) × 1.1 = 1,056,000 — guides-outline corrects the circulating "105万円".
    assert cap("3,000万円", "令和7年4月1日") == 1_056_000


@pytest.mark.parametrize("date, expected", [
    # yuzawacorp.jp: 1,000万円 → 税込396,000円 (11万+8.8万+19.8万)
    ("2025-04-01", 396_000),
    # yamashirofudousan.com: 税8%期 388,800円
    ("2019-09-30", 388_800),
])
def test_published_1000man(date, expected):
    assert cap("1000万", date) == expected


@pytest.mark.parametrize("price, expected", [
    (1, 0),                      # 1円×5.5% = 0.055 → 0
    (2_000_000, 110_000),        # 200万×5%=10万 → ×1.1
    (2_000_001, 110_000),        # 10万 + 1×4% = 100,000.04 → ×1.1 = 110,000.044 → 110,000
    (4_000_000, 198_000),        # 10万+8万 = 18万 → 198,000
    (4_000_001, 198_000),        # 180,000.03 × 1.1 = 198,000.033
    (8_000_000, 330_000),        # 10万+8万+12万 = 30万
    (100_000_000, 3_366_000),    # 1億×3%+6万 = 306万 → ×1.1
])
def test_tier_boundaries_10pct(price, expected):
    assert cap(str(price), "2025-04-01") == expected


def test_tax_era_boundary():
    # 960,000 × 1.08 = 1,036,800 on 2019-09-30; × 1.10 = 1,056,000 from 2019-10-01
    assert cap("3000万", "2019-09-30") == 1_036_800
    assert cap("3000万", "R1.10.1") == 1_056_000
    assert cap("3000万", "2014-04-01") == 1_036_800


def test_before_2014_is_refused_at_the_field():
    out = api.run("chukai", {"price": "3000万", "date": "2014-03-31", "akiya": "none", "side": "seller"})
    assert not out["ok"] and "date" in out["errors"]


@pytest.mark.parametrize("price, date, side, expected", [
    ("800万", "2024-07-01", "seller", 330_000),   # 30万×1.1 (2024 rule)
    ("500万", "2024-07-01", "buyer", 330_000),    # 2024 rule covers the buyer too
    ("500万", "2024-06-30", "seller", 231_000),   # 2018 rule: over 400万 → normal (10+8+3万)×1.1
    ("300万", "2024-06-30", "seller", 198_000),   # 2018 rule: 18万×1.1
    ("300万", "2019-09-30", "seller", 194_400),   # 2018 rule at 8%: 18万×1.08
    ("300万", "2024-06-30", "buyer", 154_000),    # 2018 rule is seller-only: (10+4万)×1.1
    ("300万", "2017-12-31", "seller", 151_200),   # no special rule yet: 14万×1.08
    ("8000001", "2024-07-01", "seller", 330_000), # over 800万: normal 300,000.03×1.1 → 330,000
])
def test_akiya_special(price, date, side, expected):
    assert cap(price, date, akiya="apply", side=side) == expected


def test_breakdown_sums_to_cap():
    r = api.run("chukai", {"price": "12,345,678", "date": "2025-04-01", "akiya": "none", "side": "seller"})["result"]
    # 10万 + 8万 + 8,345,678×3% = 250,370.34 → 430,370.34 ×1.1 = 473,407.374 → 473,407
    assert r["cap"] == 473_407
    assert r["cap_ex_tax"] == 430_370
