"""The built site in headless Chromium: calculators show what calc computes natively."""
from __future__ import annotations

from urllib.parse import quote

import pytest

from calc import api
from tests.e2e.cases import all_cases
from tests.e2e.helpers import (calculator_pages, expect_native, fill, merged, result_text, retype_example,
                               text_of, wait_engine)

CASES = all_cases()


@pytest.fixture(scope="session")
def pages(site_dir):
    return calculator_pages(site_dir)


def test_every_calculator_is_embedded_somewhere(pages):
    assert set(api.calculator_ids()) <= set(pages), set(api.calculator_ids()) - set(pages)


@pytest.mark.parametrize("calc_id", api.calculator_ids())
def test_prerendered_example_then_live_recompute(page, watch, base_url, pages, calc_id):
    page.goto(base_url + pages[calc_id])
    # Before Python starts, the worked example computed at build time is already on the page.
    example = api.run(calc_id)
    assert result_text(page, calc_id) == text_of(example["html"])
    wait_engine(page)
    # Re-typing the example's first plain field recomputes in the browser: same figures as native.
    retype_example(page, calc_id)


@pytest.mark.parametrize("calc_id, changes", CASES, ids=[f"{c}-{i}" for i, (c, _) in enumerate(CASES)])
def test_typed_inputs_match_native(page, watch, base_url, pages, calc_id, changes):
    page.goto(base_url + pages[calc_id])
    wait_engine(page)
    fill(page, calc_id, changes)
    expect_native(page, calc_id, merged(calc_id, changes))


def test_shared_link_restores_inputs(page, watch, base_url, pages):
    url = base_url + pages["chukai"] + "#" + "&".join(
        f"chukai.{k}={quote(v)}" for k, v in {"price": "１２３４万５６７８円", "date": "H31.4.1",
                                              "akiya": "none", "side": "seller"}.items())
    page.goto(url)
    assert page.input_value("#calc-chukai-price") == "１２３４万５６７８円"
    wait_engine(page)
    expect_native(page, "chukai", {"price": "１２３４万５６７８円", "date": "H31.4.1", "akiya": "none",
                                   "side": "seller"})
    # Reset brings back the worked example and drops the inputs from the URL.
    page.click("#calc-chukai [data-action=reset]")
    assert page.input_value("#calc-chukai-price") == api.example_inputs("chukai")["price"]
    assert "chukai." not in page.url
    assert result_text(page, "chukai") == text_of(api.run("chukai")["html"])


def test_share_link_round_trip(page, watch, base_url, pages):
    page.goto(base_url + pages["haibun"])
    wait_engine(page)
    changes = {"price": "1,900万円", "creditors": [{"name": "X", "balance": "3000万", "principal": "", "hanko": ""}]}
    fill(page, "haibun", changes)
    expect_native(page, "haibun", merged("haibun", changes))
    shared = page.url
    other = page.context.new_page()
    other.goto(shared)
    wait_engine(other)
    expect_native(other, "haibun", merged("haibun", changes))
    other.close()


def test_bad_input_shows_message_at_the_field(page, watch, base_url, pages):
    page.goto(base_url + pages["chukai"])
    wait_engine(page)
    fill(page, "chukai", {"price": "三千万くらい"})
    expected = api.run("chukai", merged("chukai", {"price": "三千万くらい"}))["errors"]["price"]
    page.wait_for_selector("#calc-chukai-price-err:not([hidden])")
    assert page.inner_text("#calc-chukai-price-err") == expected
    assert page.get_attribute("#calc-chukai-price", "aria-invalid") == "true"
    assert page.get_attribute("#calc-chukai .calc-result", "data-state") == "stale"
    # the rest keeps working: fixing the field recomputes
    fill(page, "chukai", {"price": "3000万"})
    expect_native(page, "chukai", merged("chukai", {"price": "3000万"}))
    assert page.is_hidden("#calc-chukai-price-err")


def test_bad_row_cell_message(page, watch, base_url, pages):
    page.goto(base_url + pages["haibun"])
    wait_engine(page)
    fill(page, "haibun", {"creditors": [{"name": "A", "balance": "2400万", "principal": "", "hanko": ""},
                                        {"name": "B", "balance": "-5", "principal": "", "hanko": ""}]})
    page.wait_for_selector("#calc-haibun-creditors-1-balance-err:not([hidden])")
    assert page.inner_text("#calc-haibun-creditors-1-balance-err")


def test_every_calc_script_is_fetched_under_the_build_s_cache_key(page, watch, base_url, pages, site_dir):
    """The site is served with max-age (GitHub Pages: 10 min): a script fetched by an unversioned URL
    could outlive a deploy beside a new runtime.js or worker.js. contracts.js is imported by both,
    and the page preloads it, all by one URL."""
    page.goto(base_url + pages["haibun"])
    wait_engine(page)
    scripts = page.evaluate("""() => performance.getEntriesByType('resource').map((e) => e.name)
      .filter((u) => new URL(u).pathname.includes('/assets/calc/') && new URL(u).pathname.endsWith('.js'))""")
    names = sorted({u.split("/")[-1].split("?")[0] for u in scripts})
    assert "contracts.js" in names and "runtime.js" in names, scripts
    assert all("?v=" in u for u in scripts), scripts
    assert len({u for u in scripts if "/contracts.js" in u}) == 1, scripts   # one URL for the page and the worker
    version = next(u for u in scripts if "/contracts.js" in u).split("?v=")[1]
    worker = (site_dir / "assets" / "calc" / "worker.js").read_text(encoding="utf-8")   # its own timeline
    assert f'from "./contracts.js?v={version}";' in worker
    assert not (site_dir / "assets" / "calc" / "early.js").exists()   # inlined in <head> instead


@pytest.mark.parametrize("path", ["", "about/"])
def test_guide_only_pages_load_no_pyodide(page, watch, base_url, path):
    page.goto(base_url + path)
    page.wait_for_load_state("networkidle")
    loaded = [u for u in watch.requests if "pyodide" in u or "/wheels/" in u or "runtime.js" in u]
    assert loaded == []
    assert page.locator("section.calc").count() == 0


def test_engine_failure_is_visible(page, watch, base_url, pages):
    page.context.route("**/pyodide.asm.wasm", lambda route: route.fulfill(status=200, body=b"not wasm",
                                                                         content_type="application/wasm"))
    page.goto(base_url + pages["chukai"])
    page.wait_for_function("() => document.querySelector('#calc-chukai .calc-status').dataset.state === 'error'",
                           timeout=90_000)
    assert "計算エンジン" in page.inner_text("#calc-chukai .calc-status")
    # the worked example stays readable
    assert result_text(page, "chukai") == text_of(api.run("chukai")["html"])
    watch.problems.clear()  # the sabotaged wasm is expected to log errors
