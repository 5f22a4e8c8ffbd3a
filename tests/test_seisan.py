"""清算価値 — expectations from kojinsaiseisoudan.com『清算価値の算出（東京地裁の場合）』's worked example
and from the preset rules written out by hand (20万円 per item, 1/8 or 1/4 of 退職金, equity per property)."""
from fractions import Fraction

from hypothesis import given, settings, strategies as st

from calc import api
from calc.calculators.seisan import ORDER, liquidation_value
from calc.law.seisan import PRESETS, preset
from tests.conftest import computed

BLANK = {k: "" for k in (*ORDER, "insurance_loan", "car_loan")}
BASE = {**BLANK, "preset": "tokyo", "retirement_fraction": "", "properties": []}


def run(**changes):
    return computed("seisan", BASE, changes)["result"]


def line(r, key):
    return next(x for x in r["lines"] if x["key"] == key)


def test_source_example_tokyo():
    # kojinsaiseisoudan.com (東京地裁): 現金20,000・預貯金58,966・過払金128,382 → each 0 (each ≤ 20万,
    # not added together); 有価証券356,890 → 356,890 (in full, not the excess over 20万);
    # 退職金7,568,900 × 1/8 = 946,112.5 → 946,113.
    r = run(cash="20,000", deposits="58,966", overpayment="128,382", securities="356,890",
            retirement="7,568,900")
    assert [line(r, k)["value"] for k in ("cash", "deposits", "overpayment")] == [0, 0, 0]
    assert line(r, "securities")["value"] == 356_890
    assert line(r, "retirement")["value"] == 946_113
    assert r["total"] == 356_890 + 946_113 == 1_303_003
    # the three small items add up to 207,348 > 20万 — still 0: the test is per item, not combined
    assert 20_000 + 58_966 + 128_382 > 200_000


def test_worked_example_of_the_form_is_the_source_example():
    out = api.run("seisan")
    assert out["ok"]
    assert out["result"]["total"] == 1_303_003
    assert "1,303,003円" in out["html"]


def test_threshold_boundary():
    """kojinsaiseisoudan.com『清算価値の算出（東京地裁の場合）』: 「20万円以下の場合は清算価値に含まれません」 —
    exactly 20万円 counts 0 (the same 「以下」 as the 東京地裁 破産 換価基準); 200,001 counts in full."""
    assert run(deposits="199,999")["total"] == 0
    assert run(deposits="200,000")["total"] == 0
    assert run(deposits="200,001")["total"] == 200_001
    assert run(cash="20万円", valuables="20万円", other="20万円")["total"] == 0
    # under 'all' every yen counts
    assert run(preset="all", deposits="200,000")["total"] == 200_000
    assert run(preset="all", cash="1")["total"] == 1


def test_retirement_threshold_applies_to_the_fraction():
    # 1,600,000/8 = 200,000 → 0; 1,600,008/8 = 200,001 → counted in full
    assert run(retirement="1,600,000")["total"] == 0
    assert run(retirement="1,600,008")["total"] == 200_001
    # 1,600,001/8 = 200,000.125: above 20万, rounded up → 200,001
    assert run(retirement="1,600,001")["total"] == 200_001


def test_retirement_fractions_by_preset_and_override():
    assert run(retirement="800万")["total"] == 1_000_000                               # 1/8
    assert run(preset="tokyo_retire_soon", retirement="800万")["total"] == 2_000_000   # 1/4
    assert run(preset="all", retirement="800万")["total"] == 2_000_000                 # default 1/4
    assert run(preset="all", retirement="800万", retirement_fraction="eighth")["total"] == 1_000_000
    assert run(retirement="800万", retirement_fraction="full")["total"] == 8_000_000
    assert run(retirement="800万", retirement_fraction="quarter")["total"] == 2_000_000
    # rounding: 7,568,901/4 = 1,892,225.25 → 1,892,226 (円未満切上げ)
    assert run(preset="all", retirement="7,568,901")["total"] == 1_892_226


def test_property_rows_never_netted():
    props = [{"name": "自宅", "value": "2,000万円", "secured": "2,500万円"},   # −500万 → 0
             {"name": "土地", "value": "1,000万円", "secured": "300万円"}]     # +700万
    r = run(properties=props, securities="50万")
    assert [p["value"] for p in r["properties"]] == [0, 7_000_000]
    assert r["property_total"] == 7_000_000
    assert r["total"] == 7_500_000           # the underwater home does not reduce other assets
    assert any("住宅資金特別条項" in w for w in r["warnings"])
    # no threshold for 不動産 (equity 150,000 counts under 'tokyo' too)
    r = run(properties=[{"name": "山林", "value": "15万", "secured": ""}])
    assert r["total"] == 150_000


def test_home_equity_warning_only_when_equity():
    r = run(properties=[{"name": "自宅", "value": "2,000万", "secured": "2,000万"}])
    assert r["total"] == 0 and r["warnings"] == []
    r = run(properties=[{"name": "自宅", "value": "3,000万", "secured": "2,000万"}])
    assert r["total"] == 10_000_000
    assert "10,000,000円" in r["warnings"][0]


def test_insurance_net_of_policy_loan():
    assert run(insurance="50万", insurance_loan="20万")["total"] == 300_000
    assert run(insurance="50万", insurance_loan="35万")["total"] == 0        # 15万 ≤ 20万
    assert run(preset="all", insurance="50万", insurance_loan="35万")["total"] == 150_000
    assert run(preset="all", insurance="10万", insurance_loan="30万")["total"] == 0   # never negative


def test_car_net_of_retention_loan():
    assert run(car="120万", car_loan="80万")["total"] == 400_000
    assert run(car="120万", car_loan="150万")["total"] == 0
    assert run(preset="all", car="120万", car_loan="150万", cash="10万")["total"] == 100_000


def test_presets_documented():
    t, s, a = (preset(k).value for k in ("tokyo", "tokyo_retire_soon", "all"))
    assert (t["threshold"], t["retirement"]) == (200_000, Fraction(1, 8))
    assert (s["threshold"], s["retirement"]) == (200_000, Fraction(1, 4))
    assert (a["threshold"], a["retirement"]) == (None, Fraction(1, 4))
    assert preset("tokyo").confidence == preset("tokyo_retire_soon").confidence == "実務の運用"
    assert "kojinsaiseisoudan.com" in preset("tokyo").citation
    assert "152条2項" in preset("all").citation and "推論" in preset("all").confidence
    # one inventory, three answers
    raw = dict(cash="15万", deposits="30万", retirement="1,000万")
    assert run(**raw)["total"] == 300_000 + 1_250_000
    assert run(preset="tokyo_retire_soon", **raw)["total"] == 300_000 + 2_500_000
    assert run(preset="all", **raw)["total"] == 150_000 + 300_000 + 2_500_000


def test_every_line_is_in_the_table():
    out = api.run("seisan", {**BASE, "cash": "1万"})
    assert out["ok"]
    for label in ("現金", "預貯金", "保険の解約返戻金", "退職金", "過払金", "高価品", "その他の財産"):
        assert label in out["html"]
    assert "20万円以下のため0円（東京地裁の運用）" in out["html"]


def test_reader_typing():
    r = run(deposits="３５万円", properties=[{"name": "", "value": "１，５００万円", "secured": "1000万"}])
    assert r["total"] == 350_000 + 5_000_000


def test_bad_inputs_are_field_errors():
    out = api.run("seisan", {**BASE, "cash": "たくさん"})
    assert list(out["errors"]) == ["cash"]
    out = api.run("seisan", {**BASE, "properties": [{"name": "自宅", "value": "", "secured": "100万"}]})
    assert list(out["errors"]) == ["properties.0.value"]
    out = api.run("seisan", {**BASE, "preset": "osaka"})
    assert list(out["errors"]) == ["preset"]


# ---- properties --------------------------------------------------------------------------------
amount = st.integers(min_value=0, max_value=10**9)
ASSET_KEYS = (*ORDER, "insurance_loan", "car_loan")
ASSETS = ("cash", "deposits", "insurance", "securities", "car", "retirement", "shikikin",
          "receivables", "overpayment", "valuables", "other")
DEBTS = ("insurance_loan", "car_loan")
fractions = st.sampled_from([None, Fraction(1, 8), Fraction(1, 4), Fraction(1)])
prop = st.fixed_dictionaries({"name": st.just(""), "value": amount, "secured": amount})
inventory = st.fixed_dictionaries({
    **{k: amount for k in ASSET_KEYS}, "properties": st.lists(prop, max_size=4),
    "shikikin_use": st.sampled_from(["home", "other"])})


@settings(max_examples=300, deadline=None)
@given(assets=inventory, key=st.sampled_from(ASSETS + ("property",)), more=st.integers(1, 10**8),
       p=st.sampled_from(PRESETS), frac=fractions)
def test_more_assets_never_lower_the_value(assets, key, more, p, frac):
    before = liquidation_value(assets, p, frac)
    bigger = {**assets, "properties": list(assets["properties"])}
    if key == "property":
        bigger["properties"].append({"name": "", "value": more, "secured": 0})
    else:
        bigger[key] += more
    after = liquidation_value(bigger, p, frac)
    assert after["total"] >= before["total"] >= 0
    assert all(x["value"] >= 0 for x in after["lines"] + after["properties"])


@settings(max_examples=200, deadline=None)
@given(assets=inventory, key=st.sampled_from(DEBTS), more=st.integers(1, 10**8),
       p=st.sampled_from(PRESETS), frac=fractions)
def test_more_secured_debt_never_raises_the_value(assets, key, more, p, frac):
    before = liquidation_value(assets, p, frac)
    after = liquidation_value({**assets, key: assets[key] + more}, p, frac)
    assert 0 <= after["total"] <= before["total"]


@settings(max_examples=200, deadline=None)
@given(assets=inventory, frac=fractions.filter(lambda f: f is not None))
def test_presets_order_and_tokyo_lines(assets, frac):
    tokyo = liquidation_value(assets, "tokyo", frac)
    full = liquidation_value(assets, "all", frac)
    # same 退職金 fraction (the presets' own fractions differ): the 20万円 threshold can only lower a line
    assert tokyo["total"] <= full["total"]
    for t, f in zip(tokyo["lines"], full["lines"]):
        assert t["value"] in (0, f["value"])
        if t["key"] == "shikikin" and assets["shikikin_use"] == "home":
            assert t["value"] == 0
        else:
            assert (t["value"] == 0) == (f["value"] <= 200_000)
    # properties: each counted alone, never below 0, never set off
    for p, raw in zip(tokyo["properties"], assets["properties"]):
        assert p["value"] == max(0, raw["value"] - raw["secured"])
    assert tokyo["total"] == sum(x["value"] for x in tokyo["lines"] + tokyo["properties"])


@settings(max_examples=150, deadline=None)
@given(raw=st.fixed_dictionaries({k: st.text(max_size=12) for k in ("preset", "retirement_fraction",
                                                                       *ASSET_KEYS)}),
       rows=st.lists(st.fixed_dictionaries({"name": st.text(max_size=8), "value": st.text(max_size=12),
                                            "secured": st.text(max_size=12)}), max_size=3))
def test_no_internal_error_on_any_string(raw, rows):
    out = api.run("seisan", {**raw, "properties": rows})
    assert "internal_error" not in out, out
    if out["ok"]:
        assert out["result"]["total"] >= 0


def test_home_deposit_counts_0_under_the_tokyo_presets_and_in_full_under_all():
    """居住用の賃貸住宅の敷金: not sold in a bankruptcy (東京地裁の換価基準「居住用家屋の敷金債権」, no amount), so not
    counted in 清算価値 (kojinsaisei.kokoro.la; hiromori-suita.com: 居住用の敷金は財産に計上しないのが実務の運用).
    A business deposit follows the 20万円 rule; 「全額で見積もる」 counts everything."""
    assert run(shikikin="50万円", shikikin_use="home")["total"] == 0
    assert run(shikikin="50万円", shikikin_use="home", preset="tokyo_retire_soon")["total"] == 0
    assert run(shikikin="50万円", shikikin_use="other")["total"] == 500_000
    assert run(shikikin="20万円", shikikin_use="other")["total"] == 0
    assert run(shikikin="50万円", shikikin_use="home", preset="all")["total"] == 500_000
    out = api.run("seisan", {**BASE, "shikikin": "50万円", "shikikin_use": "home"})
    assert "居住用の賃貸住宅の敷金" in out["html"] and "kojinsaisei.kokoro.la" in out["html"]
    # the pure function counts a deposit whose use is not given, like any other item
    assert liquidation_value({"shikikin": 500_000}, "tokyo")["total"] == 500_000
