"""The entry point shared by the browser and the tests: every calculator, any input."""
import json
import re

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from calc import api

IDS = api.calculator_ids()


@pytest.mark.parametrize("calc_id", IDS)
def test_worked_example_computes(calc_id):
    out = api.run(calc_id)
    assert out["ok"], out["errors"]
    assert out["html"]
    json.dumps(out)  # JSON-able


@pytest.mark.parametrize("calc_id", IDS)
def test_declaration_is_complete(calc_id):
    d = api.describe(calc_id)
    assert d["title"] and d["summary"]
    for f in d["fields"]:
        assert f["label"], f
        if f["kind"] == "choice":
            assert f["example"] in {o["value"] for o in f["options"]}


def test_unknown_calculator():
    assert api.run("nope", {})["errors"] == {"_": "この計算機は見つかりません"}


def test_run_json_survives_garbage():
    assert json.loads(api.run_json("chukai", "{not json"))["ok"] is False
    assert json.loads(api.run_json("chukai", "[1,2]"))["ok"] is False


junk = st.one_of(st.text(max_size=40), st.sampled_from(
    ["", " ", "-1", "３，０００万円", "1億2,000万", "1e9", "NaN", "∞", "令和99年99月99日", "R6.2.30",
     "9" * 60, "0", "0.5", "%", "万", "1/3", "<script>", "１２３４５６７８９０１２３４５"]))


@pytest.mark.parametrize("calc_id", IDS)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_no_internal_error_on_any_string(calc_id, data):
    d = api.describe(calc_id)
    raw = {}
    for f in d["fields"]:
        if f["kind"] == "rows":
            n = data.draw(st.integers(min_value=0, max_value=3))
            raw[f["name"]] = [{c["name"]: data.draw(junk) for c in f["columns"]} for _ in range(n)]
        else:
            raw[f["name"]] = data.draw(junk)
    out = api.run(calc_id, raw)
    assert "internal_error" not in out, out
    if not out["ok"]:
        assert out["errors"] and all(isinstance(v, str) and v for v in out["errors"].values())


def test_hidden_field_is_ignored():
    # 月々の返済額 is shown only in "monthly" mode; junk left in it must not block "months" mode.
    raw = api.example_inputs("hensai")
    raw.update({"mode": "months", "monthly": "abc", "months": "60"})
    out = api.run("hensai", raw)
    assert out["ok"], out["errors"]


# ---- hostile and absurd input: a field error in Japanese, never an exception or internal_error ----

def run_json(calc_id, text):
    out = json.loads(api.run_json(calc_id, text))
    assert "internal_error" not in out, out
    return out


def test_run_json_input_that_is_not_an_object():
    for text in ["[" * 100_000 + "]" * 100_000, "{\"a\":" * 50_000 + "1" + "}" * 50_000, "[1,2]", "null",
                 "5", "\"price\"", "{not json", "\ud800"]:
        out = run_json("chukai", text)
        assert out["ok"] is False and out["errors"] == {"_": api.BAD_INPUT_MESSAGE}, text[:20]
    assert run_json("chukai", "")["errors"]["price"] == "入力してください"


def test_absurd_numbers_are_field_errors():
    too_large = "数が大きすぎます。桁数を確かめてください"
    for text in ["9" * 5000, "-" + "9" * 5000, "1e400", "-1e400", "Infinity"]:
        assert run_json("chukai", f'{{"price": {text}}}')["errors"]["price"] == too_large, text
    assert run_json("chukai", '{"price": NaN}')["errors"]["price"] == "数字で入力してください"
    assert run_json("chukai", '{"price": [[[1]]]}')["errors"]["price"].startswith("入力の形式が正しくありません")
    assert api.run("chukai", {"price": 10**5000})["errors"]["price"] == too_large
    assert api.run("chukai", {"price": float("inf")})["errors"]["price"] == too_large
    assert api.run("chukai", {"price": "9" * 5000})["errors"]["price"] == "入力が長すぎます（200文字以内で入力してください）"
    # numbers that JSON carries as numbers read like the same digits typed
    raw = api.example_inputs("chukai")
    assert json.loads(api.run_json("chukai", json.dumps({**raw, "price": 30000000})))["result"]["price"] == 30000000
    assert json.loads(api.run_json("chukai", json.dumps({**raw, "price": 3e7})))["result"]["price"] == 30000000


def test_yen_bounds_say_the_same_whatever_was_typed():
    # 売買代金 must be at least 1円: a negative amount and 0 get one message, not two different ones
    for typed in ["-100万", "-1", "0", "０円", "▲5,000"]:
        assert api.run("chukai", {"price": typed})["errors"]["price"] == "1円以上で入力してください", typed
    # a field that allows 0 but no negative amount
    raw = api.example_inputs("hasan")
    for typed in ["-100万", "-1"]:
        assert api.run("hasan", {**raw, "cash": typed})["errors"] == {"cash": "0円以上で入力してください"}
    assert api.run("hasan", {**raw, "cash": "0"})["ok"]
    assert api.run("chukai", {"price": "1兆"})["errors"]["price"] == "1,000億円以下で入力してください"


def test_unknown_or_odd_calculator_ids():
    for calc_id in ["nope", "", None, 5, ["chukai"], {"a": 1}]:
        out = api.run(calc_id, {})
        assert out["errors"] == {"_": "この計算機は見つかりません"}
        json.dumps(out)
        assert json.loads(api.run_json(calc_id, "{}"))["errors"] == {"_": "この計算機は見つかりません"}


# ---- names: invisible format characters dropped, right-to-left names isolated ---------------------
NAME_FIELDS = {"haibun": "creditors", "hasan": "debts", "hikaku": "debts", "ninni": "creditors",
               "seisan": "properties"}
FSI, PDI = "\u2068", "\u2069"


@pytest.mark.parametrize("calc_id", sorted(NAME_FIELDS))
def test_names_cannot_reorder_the_figures(calc_id):
    field = NAME_FIELDS[calc_id]
    raw = api.example_inputs(calc_id)
    names = ["X\u202eY銀行", "\u2067Aクレジット\u2069", "שלום", "B\u200b\u2060\ufeff\u00adローン"]
    rows = raw[field] = [{**raw[field][i % len(raw[field])], "name": n} for i, n in enumerate(names)]
    out = api.run(calc_id, raw)
    assert out["ok"], out["errors"]
    html = out["html"]
    for control in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u200b\u2060\ufeff\u00ad\u200e\u200f":
        assert control not in html, hex(ord(control))
    assert "XY銀行" in html
    # every isolate is closed inside the same piece of text: the name alone is isolated
    assert html.count(FSI) == html.count(PDI)
    assert all(re.fullmatch(f"{FSI}[^{FSI}{PDI}<>]*{PDI}", m) for m in re.findall(f"{FSI}[^{PDI}]*{PDI}", html))
    assert "שלום" not in html.replace(f"{FSI}שלום{PDI}", "")
    assert f"{FSI}שלום{PDI}" in json.dumps(out["result"], ensure_ascii=False)
    js = json.dumps(out["result"], ensure_ascii=False)
    assert "\u202e" not in js and "\u200b" not in js


def test_names_keep_joiners_and_variation_selectors():
    raw = api.example_inputs("haibun")
    raw["creditors"][0]["name"] = "葛\U000e0100飾信用金庫\u200d"       # IVS (異体字) and ZWJ stay
    out = api.run("haibun", raw)
    assert "葛\U000e0100飾信用金庫\u200d" in out["html"]
    raw["creditors"][0]["name"] = "あ" * 101
    assert api.run("haibun", raw)["errors"] == {"creditors.0.name": "100文字以内で入力してください"}
    raw["creditors"][0]["name"] = "あ" * 100 + "\u200b" * 50           # invisible characters do not count
    assert api.run("haibun", raw)["ok"]
