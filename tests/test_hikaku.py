"""債務整理の比較 — each column must be exactly what the calculator owning the rule computes for the same
inputs (任意整理 → ninni, 個人再生 → saitei/saisei with seisan's 清算価値, 自己破産 → hasan), checked here
through calc.api.run of those calculators, plus figures worked out by hand."""
from hypothesis import HealthCheck, given, settings, strategies as st

from calc import api
from tests.conftest import computed

ASSETS = {"cash": "", "deposits": "", "insurance": "", "car": "", "retirement": "", "other": "",
          "home_value": "", "liquidation": ""}
BASE = {**ASSETS, "debts": [], "income": "", "disposable_2y": "", "court": "tokyo", "keep_home": "",
        "ninni_count": "60", "years": "3"}
SEISAN_BLANK = {k: "" for k in ("cash", "deposits", "insurance", "insurance_loan", "securities", "car", "car_loan",
                                "retirement", "shikikin", "receivables", "overpayment", "valuables", "other")}
SAISEI_BASE = {"total": "", "housing_loan": "", "secured": "", "post_commencement": "", "housing_clause": "",
               "housing_secured": "", "liquidation": "", "disposable_2y": "", "years": "3", "interval": "1",
               "housing_monthly": "", "subrogation_date": "", "reference_date": ""}


def run(calc_id="hikaku", **changes):
    return computed(calc_id, BASE if calc_id == "hikaku" else {}, changes)["result"]


def procs(r):
    return {p["key"]: p for p in r["procedures"]}


def debt(name, balance, kind="", rate="", payment=""):
    return {"name": name, "balance": balance, "rate": rate, "payment": payment, "kind": kind}


EXAMPLE = api.example_inputs("hikaku")


def test_worked_example_by_hand():
    out = api.run("hikaku")
    assert out["ok"]
    p = procs(out["result"])
    # 任意整理 60回: Aカード 1,200,000/60 = 20,000; B社 800,000/60 = 13,333.3… → 13,334 → 33,334 a month;
    # total = 一般 2,000,000 + 住民税 200,000; monthly + 住宅ローン 80,000 paid on as agreed = 113,334
    assert (p["ninni"]["own_monthly"], p["ninni"]["total"], p["ninni"]["monthly"]) == (33_334, 2_200_000, 113_334)
    # per creditor: 13,334 × 59 = 786,706 → last 800,000 − 786,706 = 13,294
    assert p["ninni"]["per_creditor"] == "Aカード 月20,000円×60回、B社 月13,334円×60回（最終回13,294円）"
    assert (p["chotei"]["total"], p["chotei"]["monthly"]) == (2_200_000, 113_334)
    # 特定調停 fee: 500円 × 2社 = 1,000円
    assert p["chotei"]["cost_amount"] == 1_000
    # 個人再生: T = K = 2,000万 − 住宅ローン1,800万（特別条項）= 200万 → 最低弁済額 100万;
    # 清算価値 (東京地裁): 現金10万 → 0, 預貯金30万 → 30万, 自宅 1,900万 − 1,800万 = 100万 → 130万
    # plan = max(100万, 130万) = 130万; 1,300,000/36 = 36,111.1… → 36,112; + 住宅ローン 80,000 = 116,112
    s = p["shokibo"]
    assert (s["own_total"], s["decisive"], s["own_monthly"], s["monthly"]) == (1_300_000, "清算価値", 36_112, 116_112)
    assert s["total"] == 1_300_000 + 200_000
    # 自己破産: 預貯金30万 ≥ 20万 and 自宅の余剰100万 ≥ 20万 → 管財; 財団 130万, kept 現金10万; 住民税20万 remains
    bk = p["hasan"]["outlook"]
    assert (bk["track"], bk["estate_total"], bk["free_total"], bk["remaining_total"], bk["deposit"]) == \
        ("kanzai", 1_300_000, 100_000, 200_000, 200_000)
    assert p["hasan"]["total"] == 200_000
    html = out["html"]
    assert html.count("<svg") == 2            # total and monthly charts
    assert "官報" in html and "信用情報機関に登録されます" in html
    assert "どれを選ぶべきかを示すものではありません" in html


def test_ninni_column_is_the_ninni_calculator():
    r = run(**{**EXAMPLE})
    general = [d for d in EXAMPLE["debts"] if not d["kind"]]
    n = run("ninni", creditors=[{k: d[k] for k in ("name", "balance", "rate", "payment")} for d in general],
            count="60", count_custom="", start="")
    p = procs(r)["ninni"]
    assert p["own_total"] == n["plan_total"] == n["total_balance"]
    assert p["own_monthly"] == n["first_monthly"]
    assert p["months"] == n["last_payment_no"]
    # 今のまま (reference) = the ninni comparison's 約定どおり total + the tax that no procedure reduces
    assert r["contract_total"] == n["comparison"]["contract_total"] + 200_000


def test_saisei_column_is_saitei_saisei_and_seisan():
    r = run(**{**EXAMPLE})
    lv = run("seisan", **{**SEISAN_BLANK, "preset": "tokyo", "retirement_fraction": "", "cash": "10万円",
                          "deposits": "30万円",
                          "properties": [{"name": "自宅", "value": "1,900万円", "secured": "1,800万円"}]})
    assert r["liquidation"] == lv["total"] == 1_300_000
    s = run("saisei", **{**SAISEI_BASE, "total": "2,000万円", "housing_loan": "1,800万円", "housing_clause": "1",
                         "liquidation": str(lv["total"]), "housing_monthly": "8万円"})
    sp = {x["key"]: x for x in s["procedures"]}["shokibo"]
    p = procs(r)["shokibo"]
    assert (p["own_total"], p["own_monthly"], p["last"]) == (sp["total"], sp["payment"], sp["last"])
    assert p["monthly"] == sp["burden"]                     # plan + 住宅ローン (no tax monthly entered)
    assert p["K"] == s["mp"]["K"]


def test_hasan_column_is_the_hasan_calculator():
    r = run(**{**EXAMPLE})
    h = run("hasan", **{**SEISAN_BLANK, "court": "tokyo", "cash_limit": "", "retirement_fraction": "",
                        "cash": "10万円", "deposits": "30万円",
                        "properties": [{"name": "自宅", "value": "1,900万円", "secured": "1,800万円"}],
                        "debts": [{"name": d["name"], "balance": d["balance"],
                                   "kind": "tax" if d["kind"] == "tax" else ""} for d in EXAMPLE["debts"]]})
    bk = procs(r)["hasan"]["outlook"]
    for key in ("track", "free_total", "estate_total", "discharged_total", "remaining_total", "deposit"):
        assert bk[key] == h[key], key


def test_kyuyo_column_with_disposable_income():
    r = run(**{**EXAMPLE, "disposable_2y": "250万円"})
    p = procs(r)
    # 給与所得者等再生: max(100万, 130万, 250万) = 250万 > K 200万 → capped at K = 200万 (no reduction)
    assert (p["kyuyo"]["own_total"], p["kyuyo"]["capped"]) == (2_000_000, True)
    s = run("saisei", **{**SAISEI_BASE, "total": "2,000万円", "housing_loan": "1,800万円", "housing_clause": "1",
                         "liquidation": "130万円", "disposable_2y": "250万円"})
    assert p["kyuyo"]["own_total"] == {x["key"]: x for x in s["procedures"]}["kyuyo"]["total"]
    assert any("基準債権の全額" in w for w in r["warnings"])
    # without the input only 小規模 is shown
    assert "kyuyo" not in procs(run(**{**EXAMPLE}))


def test_over_50_million_no_kojin_saisei():
    # T = 6,000万 > 5,000万 → 個人再生 is not available; the others still compute
    r = run(debts=[debt("A", "6,000万円")], cash="5万")
    p = procs(r)
    assert p["shokibo"]["total"] is None and p["shokibo"]["na"] == "利用できません"
    assert "5,000万円" in p["shokibo"]["eligibility"]
    assert any(w.startswith("個人再生は利用できません") for w in r["warnings"])
    assert p["ninni"]["total"] == 60_000_000
    assert p["hasan"]["outlook"]["discharged_total"] == 60_000_000
    # exactly 5,000万 is available: 3,000万 < T ≤ 5,000万 → T/10 = 500万
    p = procs(run(debts=[debt("A", "5,000万円")]))
    assert p["shokibo"]["own_total"] == 5_000_000


def test_housing_loan_keep_home_or_not():
    debts = [debt("カード", "300万円", payment="6万"), debt("住宅ローン", "2,000万円", "housing", payment="9万")]
    # keep: 特別条項 → T = K = 300万 → 100万 (100万 ≤ K ≤ 500万); house worth 1,500万 < loan → 清算価値 0
    r = run(debts=debts, home_value="1,500万円", keep_home="1")
    s = procs(r)["shokibo"]
    assert (r["clause"], s["K"], s["own_total"]) == (True, 3_000_000, 1_000_000)
    # 1,000,000/36 = 27,777.7… → 27,778; + 住宅ローン 90,000 paid on unreduced
    assert (s["own_monthly"], s["monthly"]) == (27_778, 117_778)
    assert "減額なし" in s["continuing"]
    same = run("saitei", total="2,300万円", housing_loan="2,000万円", secured="", post_commencement="",
               housing_clause="1", housing_secured="")
    assert same["minimum"] == s["own_total"]
    # 任意整理 keeps the home by paying the loan on: 3,000,000/60 = 50,000 + 90,000
    assert procs(r)["ninni"]["monthly"] == 140_000
    assert any("自宅は原則として手放す" in w for w in r["warnings"])      # said for 自己破産
    # not keeping it: T = 300万 (the 住宅ローン is always outside T); K = 300万 + (2,000万 − 1,500万) = 800万
    # → 800万/5 = 160万; the home is given up, nothing continues
    r = run(debts=debts, home_value="1,500万円", keep_home="")
    s = procs(r)["shokibo"]
    assert (r["clause"], s["K"], s["own_total"], s["continuing"]) == (False, 8_000_000, 1_600_000, "なし")
    same = run("saitei", total="2,300万円", housing_loan="2,000万円", secured="", post_commencement="",
               housing_clause="", housing_secured="1,500万円")
    assert same["minimum"] == s["own_total"]
    assert "自宅" in s["loses"]


def test_home_value_needed_with_a_housing_loan():
    out = api.run("hikaku", {**BASE, "debts": [debt("住宅ローン", "2,000万", "housing")], "keep_home": "1"})
    assert not out["ok"] and "home_value" in out["errors"]


def test_only_taxes():
    r = run(debts=[debt("市役所", "50万円", "tax")])
    p = procs(r)
    assert p["ninni"]["total"] is None and p["chotei"]["total"] is None and p["shokibo"]["total"] is None
    # 自己破産: 税金 is not discharged (253条1項1号)
    assert (p["hasan"]["total"], p["hasan"]["outlook"]["discharged_total"]) == (500_000, 0)


def test_secured_loan_kept_out_of_ninni_but_in_saisei():
    debts = [debt("カード", "200万円"), debt("車のローン", "100万円", "secured", payment="3万")]
    p = procs(run(debts=debts))
    assert p["ninni"]["own_total"] == 2_000_000                    # the car loan continues as agreed
    assert p["ninni"]["monthly"] == 2_000_000 // 60 + 1 + 30_000   # 33,333.3… → 33,334 + 30,000
    assert p["shokibo"]["K"] == 3_000_000                           # in full (collateral not deducted: stated)


junk = st.one_of(st.text(max_size=12), st.sampled_from(["", "0", "1", "-1", "50万", "1億", "18%", "1e9", "9" * 30]))


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_no_internal_error_on_any_string(data):
    raw = {k: data.draw(junk) for k in BASE if k != "debts"}
    raw["court"] = data.draw(st.sampled_from(["tokyo", "none", "x"]))
    raw["debts"] = [{"name": data.draw(junk), "balance": data.draw(junk), "rate": data.draw(junk),
                     "payment": data.draw(junk), "kind": data.draw(st.sampled_from(["", "housing", "secured", "tax",
                                                                                   "zzz"]))}
                    for _ in range(data.draw(st.integers(0, 4)))]
    out = api.run("hikaku", raw)
    assert "internal_error" not in out, out
    if not out["ok"]:
        assert out["errors"]


money = st.integers(min_value=1, max_value=80_000_000)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(debts=st.lists(st.tuples(money, st.sampled_from(["", "housing", "secured", "tax"]),
                                st.one_of(st.none(), st.integers(0, 500_000))), min_size=1, max_size=5),
       cash=st.integers(0, 3_000_000), deposits=st.integers(0, 3_000_000), home=st.integers(0, 80_000_000),
       liquidation=st.one_of(st.none(), st.integers(0, 30_000_000)),
       disposable=st.one_of(st.none(), st.integers(0, 30_000_000)),
       keep=st.booleans(), count=st.sampled_from(["36", "48", "60"]), years=st.sampled_from(["3", "5"]),
       court=st.sampled_from(["tokyo", "none"]))
def test_properties(debts, cash, deposits, home, liquidation, disposable, keep, count, years, court):
    raw = {**BASE, "cash": str(cash), "deposits": str(deposits), "home_value": str(home),
           "liquidation": "" if liquidation is None else str(liquidation),
           "disposable_2y": "" if disposable is None else str(disposable), "keep_home": "1" if keep else "",
           "ninni_count": count, "years": years, "court": court,
           "debts": [debt(f"D{i}", str(b), k, payment="" if m is None else str(m)) for i, (b, k, m) in enumerate(debts)]}
    out = api.run("hikaku", raw)
    assert out["ok"], out["errors"]
    r = out["result"]
    for p in r["procedures"]:
        for key in ("total", "own_total", "monthly", "own_monthly"):
            if p.get(key) is not None:
                assert p[key] >= 0, (p["key"], key)
        if p.get("family") == "saisei" and p.get("own_total") is not None:
            mp = r["mp"]
            criteria = [mp["minimum"], r["liquidation"]] + ([disposable] if p["key"] == "kyuyo" else [])
            # never below its criteria unless that would exceed everything owed (K), and never above K
            assert p["own_total"] == min(max(criteria), mp["K"])
            assert p["own_total"] >= min(mp["minimum"], mp["K"])
    t = r["totals"]
    assert t["all"] == sum(b for b, _, _ in debts)
    bk = r["bankruptcy"]
    assert bk["discharged_total"] + bk["remaining_total"] == t["all"]
    assert bk["remaining_total"] == t["tax"]
