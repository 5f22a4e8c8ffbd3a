"""配分表 — expectations computed by hand from the 機構 standard and the statute arithmetic."""
from hypothesis import given, settings, strategies as st

from calc import api
from tests.conftest import computed

BASE = {
    "price": "2,000万円", "date": "2025-04-01", "property_count": "2", "brokerage_mode": "cap",
    "brokerage_manual": "", "shihoshoshi": "2万円", "kanri": "36万円", "kanri_monthly": "2万円",
    "priority_tax": "", "tax_release": "", "kotei_annual": "", "moving": "", "other": "",
    "kiko_caps": "1", "hanko_rule": "kiko", "zaidan": "",
    "creditors": [
        {"name": "A銀行", "balance": "2,400万円", "principal": "", "hanko": ""},
        {"name": "Bファイナンス", "balance": "300万円", "principal": "280万円", "hanko": ""},
    ],
}


def run(**changes):
    return computed("haibun", BASE, changes)["result"]


def test_worked_example():
    r = run()
    # 仲介手数料 (2,000万×3%+6万)×1.1 = 726,000; 登録免許税 1,000×2個×2件 = 4,000;
    # 司法書士 20,000; 管理費 360,000 (≤ 2万×60) → 控除 1,110,000
    assert r["total_costs"] == 1_110_000
    assert r["available"] == 18_890_000
    # 2番のハンコ代 = min(30万, 280万×1/10 = 28万) = 280,000; 1番 = 18,890,000 − 280,000
    assert [a["pay"] for a in r["allocations"]] == [18_610_000, 280_000]
    assert [a["residual"] for a in r["allocations"]] == [5_390_000, 2_720_000]
    assert r["residual_total"] == 8_110_000
    assert r["table_total"] == 20_000_000


def test_third_and_fourth_rank_standard():
    creditors = [
        {"name": "1", "balance": "5000万", "principal": "", "hanko": ""},
        {"name": "2", "balance": "500万", "principal": "", "hanko": ""},   # min(30万, 50万) = 30万
        {"name": "3", "balance": "500万", "principal": "", "hanko": ""},   # min(20万, 50万) = 20万
        {"name": "4", "balance": "500万", "principal": "", "hanko": ""},   # min(10万, 50万) = 10万
        {"name": "5", "balance": "50万", "principal": "", "hanko": ""},    # min(10万, 5万) = 5万
    ]
    r = run(creditors=creditors, kanri="", property_count="1")
    pays = [a["pay"] for a in r["allocations"]]
    assert pays[1:] == [300_000, 200_000, 100_000, 50_000]
    # 控除: 726,000 + 1,000×1×5 + 20,000 = 751,000; 1番 = 20,000,000 − 751,000 − 650,000
    assert pays[0] == 18_599_000
    assert sum(pays) + r["total_costs"] == 20_000_000


def test_underloan_surplus_goes_to_seller():
    r = run(creditors=[{"name": "A", "balance": "1000万", "principal": "", "hanko": ""},
                       {"name": "B", "balance": "100万", "principal": "", "hanko": ""}])
    assert [a["pay"] for a in r["allocations"]] == [10_000_000, 1_000_000]
    assert r["surplus"] == 18_890_000 - 11_000_000
    assert r["residual_total"] == 0
    assert r["table_total"] == 20_000_000


def test_senior_fully_paid_junior_gets_more_than_hanko():
    r = run(creditors=[{"name": "A", "balance": "1500万", "principal": "", "hanko": ""},
                       {"name": "B", "balance": "800万", "principal": "", "hanko": ""}])
    assert [a["pay"] for a in r["allocations"]] == [15_000_000, 3_890_000]


def test_kanri_cap_five_years():
    # 150万 owed, 月額2万 → cap 2万×60 = 120万; 30万 is not deductible
    r = run(kanri="150万")
    kanri = [c for c in r["costs"] if c["key"] == "kanri"][0]
    assert kanri["amount"] == 1_200_000
    assert any("300,000円" in w for w in r["warnings"])
    # without the 機構 caps the full amount is deducted
    r2 = run(kanri="150万", kiko_caps="")
    assert [c for c in r2["costs"] if c["key"] == "kanri"][0]["amount"] == 1_500_000


def test_tax_release_cap():
    # min(10万, 年税額 8万) = 8万
    r = run(tax_release="25万", kotei_annual="8万")
    assert [c for c in r["costs"] if c["key"] == "tax_release"][0]["amount"] == 80_000
    r = run(tax_release="25万")
    assert [c for c in r["costs"] if c["key"] == "tax_release"][0]["amount"] == 100_000


def test_costs_exceed_price():
    # 仲介手数料 30万×5%×1.1 = 16,500; +4,000 +20,000 +360,000 = 400,500 > 300,000
    r = run(price="30万")
    assert not r["feasible"]
    assert r["total_costs"] == 400_500
    assert r["shortfall"] == 100_500
    assert all(a["pay"] == 0 for a in r["allocations"])
    assert r["table_total"] == 300_000
    assert "上回っています" in r["warnings"][0]


def test_principal_above_balance_is_a_field_error():
    out = api.run("haibun", {**BASE, "creditors": [
        {"name": "A", "balance": "100万", "principal": "200万", "hanko": ""}]})
    assert out["errors"] == {"creditors.0.principal": "残元金は債権額（残高）以下で入力してください"}


def test_bad_row_cell_reports_its_position():
    out = api.run("haibun", {**BASE, "creditors": [
        {"name": "A", "balance": "2400万", "principal": "", "hanko": ""},
        {"name": "B", "balance": "たくさん", "principal": "", "hanko": ""}]})
    assert list(out["errors"]) == ["creditors.1.balance"]


yen = st.integers(min_value=0, max_value=10**9)


@settings(max_examples=150, deadline=None)
@given(price=st.integers(min_value=1, max_value=10**9),
       balances=st.lists(st.integers(min_value=1, max_value=10**9), min_size=1, max_size=6),
       principals=st.lists(st.one_of(st.none(), st.integers(min_value=0, max_value=10**9)), min_size=6, max_size=6),
       kanri=yen, shihoshoshi=st.integers(min_value=0, max_value=10**6), moving=yen, other=yen,
       kiko=st.booleans(), rule=st.sampled_from(["kiko", "none"]))
def test_properties(price, balances, principals, kanri, shihoshoshi, moving, other, kiko, rule):
    creditors = []
    for b, p in zip(balances, principals):
        creditors.append({"name": "", "balance": str(b), "principal": "" if p is None else str(min(p, b)),
                          "hanko": ""})
    out = api.run("haibun", {**BASE, "price": str(price), "creditors": creditors, "kanri": str(kanri),
                             "shihoshoshi": str(shihoshoshi), "moving": str(moving), "other": str(other),
                             "kiko_caps": "1" if kiko else "", "hanko_rule": rule})
    assert out["ok"], out
    r = out["result"]
    allocs = r["allocations"]
    # 配分合計 = 売却価格 (with any shortfall shown as a negative line)
    assert r["table_total"] == price
    assert all(a["pay"] >= 0 and a["residual"] >= 0 for a in allocs)
    assert all(a["pay"] <= a["balance"] for a in allocs)
    # 順位: a creditor gets more than its ハンコ代 only when every senior is paid in full
    for i, a in enumerate(allocs):
        if a["pay"] > a["hanko"]:
            assert all(s["residual"] == 0 for s in allocs[:i])
    # surplus only when everyone is paid
    if r["surplus"]:
        assert all(a["residual"] == 0 for a in allocs)


def test_bankruptcy_estate_share():
    # 管財人による売却: 2,000万円 × 3% = 600,000円 が控除に加わる → 控除 1,710,000
    r = run(zaidan="1")
    assert [c for c in r["costs"] if c["key"] == "zaidan"][0]["amount"] == 600_000
    assert r["total_costs"] == 1_710_000
    assert r["allocations"][0]["pay"] == 20_000_000 - 1_710_000 - 280_000
