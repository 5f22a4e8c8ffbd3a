"""Site search in Chromium through Material's search box: the words readers type find the page
they mean at the top, nothing of the search is downloaded before the box is used, and search keeps
working after moving to another page.

QUERIES holds, for each query, the page a reader means (first), and any page that is equally right.
The expected pages come from reading docs/, not from running the search. bench/search_bench.py
imports the same list to compare engines.
"""
from __future__ import annotations

import re

import pytest

from tests.e2e.helpers import wait_engine

QUERIES: dict[str, list[str]] = {
    # the words of issue 10
    "過払い": ["kabarai/"],                              # 過払い金とは
    "過払い金": ["kabarai/"],
    "住宅ローン": ["jutaku-loan/tainou/"],               # 住宅ローンを滞納したら
    "ハンコ代": ["nini-baikyaku/haibunhyo/"],            # 配分表の読み方 › ハンコ代（担保解除料）
    "任意売却": ["nini-baikyaku/"],                      # 任意売却とは (not 任意整理)
    "清算価値": ["kojin-saisei/seisan-kachi/"],
    "自己破産 費用": ["saimu-seiri/hiyou/"],             # 費用と期間の目安 has the 自己破産 figures
    "かばらい": ["kabarai/"],                            # a reading, as typed before conversion
    # more that readers type
    "競売 いつまで": ["jutaku-loan/keibai/", "jutaku-loan/tainou/"],
    "残債": ["nini-baikyaku/zansai/"],
    "個人再生 住宅": ["kojin-saisei/jitaku/", "kojin-saisei/"],  # 自宅を残せるか; 個人再生の仕組み has 住宅資金特別条項
    "引き直し計算": ["kabarai/hikinaoshi/", "kabarai/hikinaoshi-tool/"],
    "遅延損害金": ["seiri/chien/", "seiri/chien-tool/"],
    "にんいばいきゃく": ["nini-baikyaku/"],
    "じこはさん": ["hasan/"],
    "はんこ代": ["nini-baikyaku/haibunhyo/"],
    "任意整理": ["seiri/"],
    "特定調停": ["tokutei-chotei/"],
    "仲介手数料": ["tools/chukai/", "nini-baikyaku/haibunhyo/"],
    "可処分所得": ["kojin-saisei/kashobun/"],
    "任意売却 税金": ["nini-baikyaku/zeikin/"],
    "サービサー": ["nini-baikyaku/zansai/"],
    "グレーゾーン金利": ["kabarai/"],
    "自己破産": ["hasan/"],
    "個人再生": ["kojin-saisei/"],
    "住宅ローン 滞納": ["jutaku-loan/tainou/"],
    "過払い金 時効": ["kabarai/"],
    "配分表": ["nini-baikyaku/haibunhyo/"],
}

INPUT = "input[data-md-component=search-query]"
FIRST = ".md-search-result__list > li.md-search-result__item > a.md-search-result__link"
SEARCH_FILES = re.compile(r"/assets/search/(corpus\.json|minisearch\.js)")
WAITING = ("検索キーワードを入力してください", "検索を初期化")   # Material's placeholder and initializer


def page_of(href: str, base_url: str) -> str:
    path = href.split("#")[0].split("?")[0]
    return path[len(base_url):] if path.startswith(base_url) else path


def type_japanese(page, text: str):
    """Type like an IME: the text is inserted, then a key is released (Material searches on keyup;
    Playwright inserts non-ASCII text without key events)."""
    page.keyboard.type(text)
    page.keyboard.press("End")


def open_search(page):
    """Material's header search button (phone) or the header search field (desktop)."""
    button = page.locator("header label.md-header__button[for=__search]")
    if button.is_visible():
        button.click()
    else:
        page.locator(INPUT).click()
    page.wait_for_function("() => document.getElementById('__search').checked")


def results_for(page, query: str) -> list[str]:
    """Set the query as one input event + keyup (what Material listens to) and read the result links."""
    box = page.locator(INPUT)
    box.fill("")
    box.dispatch_event("keyup")
    page.wait_for_function("(w) => w.includes(document.querySelector('.md-search-result__meta').textContent.trim())",
                           arg=list(WAITING))
    box.fill(query)
    box.dispatch_event("keyup")
    page.wait_for_function("(w) => !w.includes(document.querySelector('.md-search-result__meta').textContent.trim())",
                           arg=list(WAITING))
    return page.eval_on_selector_all(FIRST, "els => els.map(e => e.href)")


def test_queries_find_the_page_a_reader_means(page, watch, base_url):
    page.goto(base_url + "about/")
    open_search(page)
    misses = {}
    for query, expected in QUERIES.items():
        hrefs = results_for(page, query)
        top = page_of(hrefs[0], base_url) if hrefs else None
        if top not in expected:
            misses[query] = (top, expected[0])
    assert not misses, misses


def test_no_search_bytes_before_the_box_is_used(page, watch, base_url):
    page.goto(base_url + "nini-baikyaku/haibunhyo/")   # a calculator page: the engine boots alone
    wait_engine(page)
    page.wait_for_load_state("networkidle")
    assert not [u for u in watch.requests if SEARCH_FILES.search(u)]
    # Material's bundle still fetches search_index.json at load: only its config, no documents
    stub = page.evaluate("async () => (await fetch('../../search/search_index.json')).json()")
    assert stub["docs"] == [] and stub["config"]["lang"] == ["ja"]
    open_search(page)
    assert not [u for u in watch.requests if SEARCH_FILES.search(u)], "focusing alone loads nothing"
    type_japanese(page, "配分")
    page.wait_for_selector(FIRST)
    assert len([u for u in watch.requests if SEARCH_FILES.search(u)]) == 2


def test_keyboard_only(page, watch, base_url):
    """`/` opens search (Material's shortcut), typing searches, ↓ and Enter open the first result."""
    page.goto(base_url)
    page.keyboard.press("/")
    type_japanese(page, "過払い金")
    page.wait_for_selector(FIRST)
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/kabarai/"))
    assert page.locator("h1").first.inner_text().startswith("過払い金とは")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_phone_header_button_then_search_again_after_navigating(page, watch, base_url, scheme):
    page.set_viewport_size({"width": 390, "height": 844})
    page.emulate_media(color_scheme=scheme)
    page.goto(base_url + "seiri/")
    open_search(page)
    type_japanese(page, "ハンコ代")
    page.wait_for_selector(FIRST)
    box = page.locator(".md-search__inner").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390, box   # the dialog fits the phone
    page.locator(FIRST).first.click()
    page.wait_for_url(re.compile(r"/nini-baikyaku/haibunhyo/"))
    # on the page reached, search works again
    open_search(page)
    hrefs = results_for(page, "残債")
    assert page_of(hrefs[0], base_url) == "nini-baikyaku/zansai/"
