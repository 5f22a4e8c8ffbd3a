"""Every recorded shared link (tests/data/links/) still gives the result it gave when recorded.

A failure names the link. If the change is deliberate, declare it (an alias for a rename, an entry
in the calculator's `changes` for a new default or method) and run `python -m tests.links --update`,
which rewrites the corpus and prints every link whose result changed.
"""
from __future__ import annotations

import pytest

from calc import api
from tests import links

ENTRIES = [(calc_id, e) for calc_id in api.calculator_ids() for e in links.load(calc_id)]


def test_every_calculator_has_recorded_links():
    recorded = {calc_id for calc_id, _ in ENTRIES}
    assert recorded == set(api.calculator_ids()), "run: python -m tests.links --update"


@pytest.mark.parametrize("calc_id,entry", ENTRIES, ids=[f"{c}[{e['name']}]" for c, e in ENTRIES])
def test_recorded_link_gives_the_recorded_result(calc_id, entry):
    got = links.replay(calc_id, entry["link"][1:])
    assert got["internal_error"] is None, got["internal_error"]
    assert got == entry["outcome"], f"{calc_id} link changed its result: {entry['link']}"


def test_corpus_covers_every_choice_value_and_flag():
    for calc_id in api.calculator_ids():
        names = {e["name"] for e in links.load(calc_id)}
        assert "example" in names
        for f in api.describe(calc_id)["fields"]:
            if f["kind"] == "choice":
                assert all(any(n in (f"{f['name']}={o['value']}", "example") for n in names)
                           for o in f["options"]), (calc_id, f["name"])
            if f["kind"] == "flag":
                assert any(n.startswith(f"{f['name']}=") for n in names), (calc_id, f["name"])


@pytest.mark.parametrize("calc_id", api.calculator_ids())
def test_the_worked_example_link_sends_the_worked_example(calc_id):
    """The example link decodes to the inputs the page's form holds for the worked example, which
    give the worked example's result (the decoder agrees with the encoder and with the page)."""
    example = next(e for e in links.load(calc_id) if e["name"] == "example")
    values, clipped = links.decode(calc_id, example["link"])
    assert not clipped
    assert values == links.form_values(calc_id, api.example_inputs(calc_id))
    assert api.run(calc_id, values)["html"] == api.run(calc_id)["html"]


# ---- the decoder follows runtime.js's reading rules ----------------------------------------------
def test_fragment_reading_rules():
    # '+' is a space; a part without '=' is an anchor; a malformed escape drops only that part;
    # another calculator's inputs and unknown fields are ignored
    assert links.hash_params("#_3&a.b=%E5%86%86+x&bad=%E5&c=%ZZ&d.e=1") == [("a.b", "円 x"), ("d.e", "1")]
    values, _ = links.decode("chukai", "#haibun.sale_price=1&chukai.nope=1&chukai.price.0.x=1")
    assert values is None
    values, _ = links.decode("chukai", "#chukai.price=3000%E4%B8%87&chukai.side=nobody")
    assert values is not None and values["price"] == "3000万" and values["side"] == ""   # no such option
    assert values["akiya"] == ""                                                           # absent: blank


def test_rows_from_a_link_are_clipped_gaps_filled_and_long_values_ignored():
    frag = "haibun.creditors.2.name=C&haibun.creditors.10.name=X&haibun.creditors.0.nope=1" \
           "&haibun.creditors.x.name=1&haibun.creditors.1.balance=" + "9" * 2001
    values, clipped = links.decode("haibun", frag)
    assert clipped == {"creditors": 10}
    assert [r["name"] for r in values["creditors"]] == ["", "", "C"]
    assert values["creditors"][1]["balance"] == ""


def test_text_inputs_drop_line_breaks_and_flags_need_1():
    values, _ = links.decode("haibun", "haibun.creditors.0.name=A%0AB&haibun.zaidan=true&haibun.kiko_caps=1")
    assert values["creditors"][0]["name"] == "AB"
    assert values["zaidan"] == "" and values["kiko_caps"] == "1"


def test_links_are_written_as_urlsearchparams_writes_them():
    assert links.encode("x", {"a": "3,000万 円~*", "r": [{"c": "1", "d": ""}], "e": ""}) == \
        "x.a=3%2C000%E4%B8%87+%E5%86%86%7E*&x.r.0.c=1"
