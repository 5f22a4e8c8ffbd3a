"""任意整理の返済シミュレーション — expectations worked out by hand (arithmetic in the comments)."""
from hypothesis import given, settings, strategies as st

from calc import api
from tests.conftest import computed

BASE = {"creditors": [], "count": "60", "count_custom": "", "start": ""}


def row(balance, rate="", payment="", name=""):
    return {"name": name, "balance": balance, "rate": rate, "payment": payment}


def run(creditors, **changes):
    return computed("ninni", BASE, {"creditors": creditors, **changes})


def result(creditors, **changes):
    return run(creditors, **changes)["result"]


def test_one_million_in_36():
    # 1,000,000 ÷ 36 = 27,777.77… → 円未満切上げ 27,778; 27,778 × 35 = 972,230;
    # 最終回 = 1,000,000 − 972,230 = 27,770
    c = result([row("100万円")], count="36")["creditors"][0]
    assert (c["monthly"], c["payments"], c["last"]) == (27_778, 36, 27_770)
    assert c["monthly"] * 35 + c["last"] == 1_000_000


def test_worked_example():
    r = api.run("ninni")["result"]
    a, b = r["creditors"]
    # A: 800,000 ÷ 60 = 13,333.33… → 13,334; 13,334 × 59 = 786,706; 最終回 800,000 − 786,706 = 13,294
    assert (a["monthly"], a["payments"], a["last"]) == (13_334, 60, 13_294)
    # B: 450,000 ÷ 60 = 7,500 ちょうど
    assert (b["monthly"], b["payments"], b["last"]) == (7_500, 60, 7_500)
    assert r["first_monthly"] == 20_834
    assert r["total_balance"] == r["plan_total"] == 1_250_000
    # plan: 1〜59回 13,334 + 7,500 = 20,834; 60回 13,294 + 7,500 = 20,794
    assert [(p["from"], p["to"], p["total"]) for p in r["plan"]] == [(1, 59, 20_834), (60, 60, 20_794)]
    assert r["current_monthly"] == 33_000
    cmp_ = r["comparison"]
    assert cmp_["all"] and cmp_["ninni_total"] == 1_250_000
    assert cmp_["difference"] == cmp_["contract_total"] - 1_250_000 > 0


def test_contract_small_case_by_hand():
    # 残高 100,000円, 年12%, 毎月 50,000円:
    # 1回目 利息 100,000×12%÷12 = 1,000 → 払う 50,000 → 残高 51,000
    # 2回目 利息 51,000×1% = 510 → 払う 50,000 → 残高 1,510
    # 3回目 利息 1,510×1% = 15.1 → 15 (切捨て) → 払う 1,525 → 0
    # 3回、総額 50,000 + 50,000 + 1,525 = 101,525
    r = result([row("10万", "12%", "5万")], count="36")
    k = r["creditors"][0]["contract"]
    assert (k["status"], k["months"], k["total"], k["interest"]) == ("ok", 3, 101_525, 1_525)
    cmp_ = r["comparison"]
    # 任意整理: 100,000 ÷ 36 = 2,777.7… → 2,778 × 35 = 97,230, 最終回 2,770
    assert (cmp_["ninni_total"], cmp_["contract_total"], cmp_["difference"]) == (100_000, 101_525, 1_525)
    assert (cmp_["ninni_months"], cmp_["contract_months"]) == (36, 3)


def test_contract_interest_floored_each_month():
    # 残高 10,000円, 年15%, 毎月 5,000円:
    # 利息 10,000×15%÷12 = 125 → 残高 5,125; 利息 5,125×1.25% = 64.06… → 64 → 残高 189;
    # 利息 189×1.25% = 2.36… → 2 → 払う 191 → 0.  3回、総額 10,191
    k = result([row("1万", "15%", "5000")])["creditors"][0]["contract"]
    assert (k["months"], k["total"]) == (3, 10_191)


def test_payment_not_above_interest_never_ends():
    # 1,000,000 × 18% ÷ 12 = 15,000: 15,000円払っても利息だけで、残高は減らない
    out = run([row("100万", "18%", "15,000", name="C社")])
    k = out["result"]["creditors"][0]["contract"]
    assert k["status"] == "never" and k["first_interest"] == 15_000
    assert any("C社" in w and "終わりません" in w for w in out["result"]["warnings"])
    assert "終わらない" in out["html"]
    assert out["result"]["comparison"] is None
    # 1円でも利息を上回れば、いつかは終わる（約 ln(15,000)/ln(1.015) ≈ 650回）
    k = result([row("100万", "18%", "15,001")])["creditors"][0]["contract"]
    assert k["status"] == "ok" and 600 < k["months"] < 700
    # 利息より少ない・0円
    assert result([row("100万", "18%", "1万")])["creditors"][0]["contract"]["status"] == "never"
    assert result([row("100万", "18%", "0")])["creditors"][0]["contract"]["status"] == "never"


def test_rounding_up_can_shorten_the_plan():
    # 100 ÷ 60 = 1.66… → 2円; 2円ずつ 50回で 100円
    c = result([row("100")])["creditors"][0]
    assert (c["monthly"], c["payments"], c["last"]) == (2, 50, 2)
    # 10 ÷ 36 → 1円 × 10回
    c = result([row("10")], count="36")["creditors"][0]
    assert (c["monthly"], c["payments"], c["last"]) == (1, 10, 1)


def test_plan_merges_equal_months():
    # A: 100 → 2円×50回; B: 1,000,000 ÷ 60 = 16,666.6… → 16,667; 16,667×59 = 983,353, 最終回 16,647
    # 1〜50回 2 + 16,667 = 16,669; 51〜59回 16,667; 60回 16,647
    r = result([row("100"), row("100万")])
    assert [(p["from"], p["to"], p["total"]) for p in r["plan"]] == [
        (1, 50, 16_669), (51, 59, 16_667), (60, 60, 16_647)]
    # 50×16,669 + 9×16,667 + 16,647 = 833,450 + 150,003 + 16,647 = 1,000,100
    assert r["plan_total"] == 1_000_100


def test_custom_count_and_dates():
    r = result([row("48万")], count="custom", count_custom="４８回", start="令和7年1月31日")
    c = r["creditors"][0]
    assert (c["monthly"], c["payments"]) == (10_000, 48)
    # 2025-01-31 から 47か月後 = 2028-12-31; 2回目は 2月末 (2025-02-28)
    assert c["end_date"] == "2028-12-31"
    assert r["plan"][0]["date_from"] == "2025-01-31"
    out = api.run("ninni", {**BASE, "creditors": [row("48万")], "count": "custom", "count_custom": ""})
    assert list(out["errors"]) == ["count_custom"]
    out = api.run("ninni", {**BASE, "creditors": [row("48万")], "count": "custom", "count_custom": "121"})
    assert list(out["errors"]) == ["count_custom"]


def test_hand_off_fragment_with_only_a_balance():
    # #ninni.creditors.0.balance=500000 — every other field arrives blank
    out = api.run("ninni", {"creditors": [{"balance": "500000"}], "count": "", "count_custom": "", "start": ""})
    assert out["ok"], out["errors"]
    c = out["result"]["creditors"][0]
    # 60回: 500,000 ÷ 60 = 8,333.3… → 8,334; × 59 = 491,706; 最終回 8,294
    assert (c["monthly"], c["payments"], c["last"]) == (8_334, 60, 8_294)
    assert out["result"]["comparison"] is None
    assert "約定の年利と今の月々の返済額を入れると" in out["html"]


def test_monthly_higher_than_now_is_said():
    # 1,000,000 ÷ 36 → 27,778 > 今の 16,000
    r = result([row("100万", "15%", "16,000")], count="36")
    assert any("多くなります" in w for w in r["warnings"])


def test_rate_above_interest_cap_suggests_recalculation():
    # 残高 50万円の区分（10万円以上100万円未満）の上限は年18%; 年20%は超える
    r = result([row("50万", "20%", "2万")])
    assert any("引き直し計算" in w for w in r["warnings"])
    assert not any("引き直し計算" in w for w in result([row("50万", "18%", "2万")])["warnings"])


def test_partial_comparison_and_messages_in_japanese():
    r = result([row("30万", "15%", "1万", name="A"), row("20万", name="B")])
    assert r["comparison"]["creditors"] == 1 and not r["comparison"]["all"]
    assert any("Bは約定の年利" in n for n in r["notes"])
    out = api.run("ninni", {**BASE, "creditors": [row("たくさん")]})
    assert out["errors"] == {"creditors.0.balance": "金額は数字で入力してください（例: 3,000万円）"}
    assert api.run("ninni", {**BASE, "creditors": []})["errors"] == {"creditors": "少なくとも1行入力してください"}


def test_no_percentage_promise():
    html = api.run("ninni")["html"]
    assert "%カット" not in html and "割減" not in html and "％" not in html


@settings(max_examples=200, deadline=None)
@given(balances=st.lists(st.integers(min_value=1, max_value=10**9), min_size=1, max_size=5),
       count=st.integers(min_value=1, max_value=120))
def test_installments_add_up_to_the_balance(balances, count):
    r = result([row(str(b)) for b in balances], count="custom", count_custom=str(count))
    for b, c in zip(balances, r["creditors"]):
        assert c["monthly"] * (c["payments"] - 1) + c["last"] == b
        assert 0 < c["last"] <= c["monthly"]
        assert c["payments"] <= count
    assert r["plan_total"] == sum(balances) == sum(p["times"] * p["total"] for p in r["plan"])


@settings(max_examples=150, deadline=None)
@given(balance=st.integers(min_value=1, max_value=10**8), rate=st.integers(min_value=0, max_value=300),
       payment=st.integers(min_value=0, max_value=10**7))
def test_contract_ends_iff_payment_exceeds_first_interest(balance, rate, payment):
    # rate in 0.1% steps: interest = floor(balance × rate/1000 ÷ 12)
    c = result([row(str(balance), f"{rate / 10}%", str(payment))])["creditors"][0]
    first_interest = balance * rate // 12_000
    k = c["contract"]
    if payment <= first_interest:
        assert k["status"] == "never"
    else:
        assert k["status"] in ("ok", "too_long")
        if k["status"] == "ok":
            assert k["total"] >= balance and k["months"] >= 1


junk = st.one_of(st.text(max_size=30), st.sampled_from(
    ["", "0", "-1", "５０万円", "1億", "36", "60", "custom", "121", "令和7年2月29日", "R7.1.31", "100%", "1割8分"]))


@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_no_internal_error_on_any_string(data):
    rows = [{c: data.draw(junk) for c in ("name", "balance", "rate", "payment")}
            for _ in range(data.draw(st.integers(min_value=0, max_value=3)))]
    raw = {"creditors": rows, "count": data.draw(junk), "count_custom": data.draw(junk), "start": data.draw(junk)}
    out = api.run("ninni", raw)
    assert "internal_error" not in out, out
    assert out["ok"] or all(isinstance(v, str) and v for v in out["errors"].values())
