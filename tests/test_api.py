"""The entry point shared by the browser and the tests: every calculator, any input."""
import json

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
