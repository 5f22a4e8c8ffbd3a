"""A shared link keeps its word through a rename (aliases) and tells its reader about a deliberate
change (Calculator.changes). Synthetic: a copy of the 仲介手数料 calculator with its price field and
its 売主 option renamed, and one with a declared change of method."""
from __future__ import annotations

import dataclasses
import importlib.util
import re
from datetime import date
from pathlib import Path

import pytest

from calc import api
from calc.calculators import _CALCULATORS, get
from calc.core import Change
from tests import links

_spec = importlib.util.spec_from_file_location(
    "calculators_hook_links", Path(__file__).resolve().parents[1] / "overrides" / "hooks" / "calculators.py")
assert _spec and _spec.loader
hook = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(hook)


@pytest.fixture
def swap():
    """Put a modified calculator in place of the real one for one test."""
    originals: dict = {}

    def put(calc):
        originals.setdefault(calc.id, get(calc.id))
        _CALCULATORS[calc.id] = calc
        return calc
    yield put
    _CALCULATORS.update(originals)


def renamed_chukai():
    real = get("chukai")
    fields = []
    for f in real.fields:
        if f.name == "price":
            f = dataclasses.replace(f, name="sale_price", aliases=("price",))
        elif f.name == "side":
            f = dataclasses.replace(f, options=(("uri", "売主"), ("buyer", "買主")), example="uri",
                                    value_aliases=(("seller", "uri"),))
        fields.append(f)

    def compute(v):
        return real.compute({**v, "price": v["sale_price"], "side": "seller" if v["side"] == "uri" else v["side"]})
    return dataclasses.replace(real, fields=fields, compute=compute)


def test_renamed_field_and_option_keep_every_recorded_link(swap):
    swap(renamed_chukai())
    recorded = links.load("chukai")
    assert any("chukai.price=" in e["link"] for e in recorded)
    assert any("chukai.side=seller" in e["link"] for e in recorded)
    for e in recorded:
        assert links.replay("chukai", e["link"][1:]) == e["outcome"], e["name"]
    # the new spelling gives the same figures; the current name wins over an old one left behind
    new = api.run("chukai", {"sale_price": "3000万", "date": "令和7年4月1日", "akiya": "none", "side": "uri"})
    old = api.run("chukai", {"price": "3000万", "date": "令和7年4月1日", "akiya": "none", "side": "seller"})
    both = api.run("chukai", {"sale_price": "3000万", "price": "1", "date": "令和7年4月1日",
                              "akiya": "none", "side": "uri"})
    assert new["ok"] and new["html"] == old["html"] == both["html"]


def test_the_form_reads_old_spellings(swap):
    """The page keeps only inputs its form has: an old field name is a hidden input, an old option
    value a hidden <option> showing the current label; calc resolves both."""
    swap(renamed_chukai())
    html = hook.render_calculator("chukai", "/", "x.whl", "0")
    assert re.search(r'<div class="calc-field" data-field="price" hidden><input id="calc-chukai-price" '
                     r'name="price" type="hidden" value=""></div>', html)
    assert '<option value="seller" hidden>売主</option>' in html


def test_a_real_page_renders_no_alias_markup():
    html = hook.render_calculator("chukai", "/", "x.whl", "0")
    assert "<option value=\"seller\" hidden>" not in html and 'type="hidden"' not in html


def changed_chukai():
    return dataclasses.replace(get("chukai"), changes=(
        Change(1, date(2027, 1, 1), "空家等の特例を使わないときの計算を改めました。",
               applies=lambda v: v["akiya"] == "none"),
        Change(2, date(2027, 7, 1), "消費税の端数の扱いを改めました。"),
    ))


def test_a_link_older_than_a_change_tells_its_reader(swap):
    calc = swap(changed_chukai())
    assert calc.version == 2 and calc.fields[-1].name == "v" and calc.example_inputs()["v"] == "2"
    raw = {"price": "3000万", "date": "令和7年4月1日", "akiya": "none", "side": "seller"}
    old = api.run("chukai", raw)                                   # written before any change: no v
    assert old["ok"]
    assert old["result"]["link_notices"] == [
        "このリンクが作られた後、令和9年1月1日に計算の方法を変えました：空家等の特例を使わないときの計算を改めました。",
        "このリンクが作られた後、令和9年7月1日に計算の方法を変えました：消費税の端数の扱いを改めました。"]
    assert old["html"].startswith('<div class="calc-warnings"><p class="calc-list-title">このリンクについて</p>')
    assert api.run("chukai", {**raw, "v": "1"})["result"]["link_notices"] == [old["result"]["link_notices"][1]]
    assert api.run("chukai", {**raw, "akiya": "apply", "v": "1"})["result"]["link_notices"][0].startswith(
        "このリンクが作られた後、令和9年7月1日")
    current = api.run("chukai", {**raw, "v": "2"})
    assert "link_notices" not in current["result"]
    assert current["html"] == old["html"][old["html"].index("</ul></div>") + len("</ul></div>"):]
    assert "link_notices" not in api.run("chukai")["result"]      # the worked example is current
    for bad in ("x", "-1", "１", "9" * 40):                        # a marker never becomes an error
        assert api.run("chukai", {**raw, "v": bad})["ok"]


def test_new_links_carry_the_version_and_the_page_holds_it(swap):
    swap(changed_chukai())
    html = hook.render_calculator("chukai", "/", "x.whl", "0")
    assert ('<div class="calc-field calc-kind-version" data-field="v" hidden><input id="calc-chukai-v" '
            'name="v" type="hidden" value="2"></div>') in html
    fragment = links.encode("chukai", links.form_values("chukai", api.example_inputs("chukai")))
    assert fragment.endswith("&chukai.v=2")
    old_link = "#" + links.encode("chukai", {"price": "1000万", "date": "令和7年4月1日", "akiya": "none", "side": "seller"})
    values, _ = links.decode("chukai", old_link)                          # an old link: v stays blank
    assert values is not None and values["v"] == "" and api.run("chukai", values)["result"]["link_notices"]
