"""Fuzzing the entry points with arbitrary JSON, for every calculator: `run` and `run_json` never
raise and never report `internal_error`; when the input is refused, every message is Japanese text.

Inputs are the worked example with a few fields replaced (so that compute and render are reached
too), or anything at all: nested lists and objects, null, booleans, huge integers (5,000 digits),
floats including ±inf and NaN, long strings, bidi controls, absurd but well-formed amounts and dates.
Sized to run in well under a minute (see the settings below: 13 calculators × 2 entry points).
"""
from __future__ import annotations

import json
import sys

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from calc import api

IDS = api.calculator_ids()

absurd_text = st.sampled_from([
    "", " ", "0", "-0", "1", "-1", "9" * 13, "9" * 14, "9" * 200, "9" * 201, "9" * 5000, "1e400", "-1e400",
    "NaN", "Infinity", "0.0000001", "1/3", "100%", "1000%", "-100%", "1割", "99割", "令和1年1月1日",
    "1900/1/1", "1899/12/31", "2200/12/31", "2201/1/1", "明治1年1月1日", "令和999年12月31日", "2024/2/30",
    "9999万9999億", "1兆", "10兆", "1億2,000万", "三千万", "金壱萬円", "▲5,000", "(5,000)", "１２３",
    "X\u202eY", "\u2066\u2067\u2068\u2069", "\ud7ff", "\U000e0100", "<script>alert(1)</script>",
    "x" * 100, "x" * 101, "\u0000", "\n\t", "12か月", "600か月", "0回", "-5回",
]) | st.integers(1000, 200_000).map(lambda n: "9" * n)
scalars = st.one_of(
    st.none(), st.booleans(),
    st.integers(), st.sampled_from([10**13, 10**13 - 1, 0, -1, 1]),
    # up to 5,000 digits, made by a function so that no strategy's repr holds one (str() would raise)
    st.tuples(st.integers(14, 5000), st.booleans()).map(lambda t: (-1) ** t[1] * (10 ** t[0] - 7)),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30), st.text(min_size=190, max_size=260), absurd_text,
)
json_values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)


@st.composite
def inputs(draw, calc_id):
    """The worked example with some fields (or row cells) replaced, or an arbitrary value altogether."""
    if draw(st.integers(0, 9)) == 0:
        return draw(json_values)
    raw = api.example_inputs(calc_id)
    names = list(raw) + ["_extra"]
    for name in draw(st.lists(st.sampled_from(names), max_size=4)):
        value = raw.get(name)
        if isinstance(value, list) and value and draw(st.booleans()):
            # one cell of one row, or a whole row, or many rows
            how = draw(st.integers(0, 2))
            i = draw(st.integers(0, len(value) - 1))
            if how == 0 and isinstance(value[i], dict) and value[i]:
                col = draw(st.sampled_from(sorted(value[i])))
                value[i][col] = draw(absurd_text | json_values)
            elif how == 1:
                value[i] = draw(json_values)
            else:
                raw[name] = value * draw(st.integers(2, 120))
        else:
            raw[name] = draw(absurd_text | json_values)     # often well-formed: compute is reached too
    return raw


def check(out):
    assert isinstance(out, dict)
    assert "internal_error" not in out, out.get("internal_error")
    assert out["ok"] or (out["errors"] and all(isinstance(v, str) and v for v in out["errors"].values())), out
    json.dumps(out)


def to_json(raw) -> str:
    """JSON text of `raw`, big integers included (json.dumps needs str() of them)."""
    old = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(0)
    try:
        return json.dumps(raw, allow_nan=True)
    finally:
        sys.set_int_max_str_digits(old)


FUZZ = settings(max_examples=100, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@pytest.mark.parametrize("calc_id", IDS)
@FUZZ
@given(data=st.data())
def test_run_with_arbitrary_json(calc_id, data):
    check(api.run(calc_id, data.draw(inputs(calc_id))))


@pytest.mark.parametrize("calc_id", IDS)
@FUZZ
@given(data=st.data())
def test_run_json_with_arbitrary_json(calc_id, data):
    raw = data.draw(inputs(calc_id))
    text = to_json(raw)
    if data.draw(st.integers(0, 9)) == 0:            # and truncated or deeply nested documents
        text = data.draw(st.sampled_from([text[: len(text) // 2], "[" * 5000 + text + "]" * 5000,
                                          '{"x":' * 3000 + text + "}" * 3000]))
    out = json.loads(api.run_json(calc_id, text))
    check(out)
