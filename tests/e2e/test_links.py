"""Recorded shared links (tests/data/links/), one per calculator, opened in the browser: the page
reads the link as tests/links.py's decoder does and shows the recorded result."""
from __future__ import annotations

import hashlib

import pytest

from calc import api
from tests import links
from tests.e2e.helpers import calculator_pages, expect_native, wait_engine


def _sample(calc_id: str) -> dict:
    """A link that changes something from the worked example and computes, else the example."""
    entries = links.load(calc_id)
    return next((e for e in entries if e["name"] != "example" and e["outcome"]["ok"]), entries[0])


@pytest.fixture(scope="session")
def pages(site_dir):
    return calculator_pages(site_dir)


@pytest.mark.parametrize("calc_id", api.calculator_ids())
def test_recorded_link_opens_with_its_recorded_result(page, watch, base_url, pages, calc_id):
    entry = _sample(calc_id)
    values, _ = links.decode(calc_id, entry["link"])
    assert values is not None
    page.goto(base_url + pages[calc_id] + entry["link"])
    wait_engine(page)
    out = expect_native(page, calc_id, values)
    assert hashlib.sha256(out["html"].encode("utf-8")).hexdigest() == entry["outcome"]["html_sha256"], entry["name"]
    # the form holds exactly what the decoder says the page sends
    held = page.evaluate("(id) => window.__calcUIs.find((u) => u.id === id).values()", calc_id)
    assert held == values, entry["name"]
