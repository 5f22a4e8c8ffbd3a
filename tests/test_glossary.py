"""The glossary hook: first occurrence of each term in running text gets a tooltip, nowhere else."""
import importlib.util
from pathlib import Path

spec = importlib.util.spec_from_file_location(
    "glossary", Path(__file__).resolve().parents[1] / "overrides" / "hooks" / "glossary.py")
glossary = importlib.util.module_from_spec(spec)
spec.loader.exec_module(glossary)

TERMS = glossary.parse_glossary("""
## か行

個人再生（こじんさいせい）
:   裁判所の認可で借金を減らす手続きです。詳しくは…

小規模個人再生
:   個人再生のうち、債権者の決議があるものです。

競売
:   裁判所が不動産を売る手続きです。
""")


def test_parse_keeps_first_sentence_and_orders_longest_first():
    assert TERMS[0] == ("小規模個人再生", "個人再生のうち、債権者の決議があるものです。")
    assert ("個人再生", "裁判所の認可で借金を減らす手続きです。") in TERMS


def test_annotates_first_occurrence_only_and_never_nests():
    out = glossary.annotate("<p>小規模個人再生と個人再生。競売と個人再生と競売。</p>", TERMS)
    assert out == ('<p><abbr title="個人再生のうち、債権者の決議があるものです。">小規模個人再生</abbr>と'
                   '<abbr title="裁判所の認可で借金を減らす手続きです。">個人再生</abbr>。'
                   '<abbr title="裁判所が不動産を売る手続きです。">競売</abbr>と個人再生と競売。</p>')


def test_leaves_headings_links_and_calculators_alone():
    html = ('<h2>競売</h2><a href="#">競売</a><section class="calc" id="x"><p>競売</p></section>'
            '<p>本文の競売</p>')
    out = glossary.annotate(html, TERMS)
    assert out.count("<abbr") == 1
    assert out.endswith('<p>本文の<abbr title="裁判所が不動産を売る手続きです。">競売</abbr></p>')
