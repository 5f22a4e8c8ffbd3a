"""Wording of the law data and the calculators' citations (issue 16: third practitioner review).

Each test names the source the wording follows; none reads its expectation from the code under test.
"""
from __future__ import annotations

import re
from pathlib import Path

from calc import api
from calc.law import PRACTICE, SECONDARY, STATUTE, all_schedules, schedule


def test_reader_visible_law_text_has_no_source_file_paths():
    # A 根拠 text is read by readers on 計算の根拠; a repository path (calc/law/hasan.py) means nothing there.
    for s in all_schedules():
        for p in s.provisions:
            for text in (p.citation, p.note):
                assert not re.search(r"calc/|\.py\b", text), (s.key, text)


def test_one_word_for_our_own_inference():
    # docs/konkyo.md explains four 確度 labels; the fourth is 「当サイトの推論」 everywhere.
    labels = {p.confidence for s in all_schedules() for p in s.provisions}
    assert labels <= {STATUTE, SECONDARY, PRACTICE, "当サイトの推論"}, labels
    konkyo = (Path(__file__).resolve().parents[1] / "docs" / "konkyo.md").read_text(encoding="utf-8")
    assert "**当サイトの推論**" in konkyo


def test_tokyo_kanka_source_does_not_state_a_stricter_boundary_than_the_rule():
    # 東京地裁の換価基準 reads 「20万円以下」 (legal-counsel.jp quotes it in full); a source that writes
    # 「20万円未満」 is cited with that difference stated, not as the rule.
    p = schedule("hasan.tokyo").provisions[-1]
    assert p.value["keep_threshold"] == 200_000
    assert "20万円未満の預貯金" not in p.citation
    assert "「20万円以下」" in p.citation


def test_free_cash_note_states_both_copies_of_the_seirei():
    # 民事執行法施行令1条: 66万円 (日本法令外国語訳, elaws.jp) vs 670,000円 (jplaws.app); not confirmed.
    p = schedule("hasan.free_cash").provisions[-1]
    assert p.value["base"] == 660_000
    assert "670,000円" in p.note and "66万円" in p.note and "確認できていない" in p.note


def test_kashobun_citation_names_forest_environment_tax():
    # 民事再生法241条2項7号 (2025年6月6日施行の版): 所得税等 includes 森林環境税, as docs/kojin-saisei/kashobun.md says.
    out = api.run("kashobun")
    assert out["ok"]
    assert any("森林環境税" in c for c in out["result"]["citations"])


def test_tokutei_chotei_is_not_said_to_exclude_mortgages():
    # 特定調停法 has no exclusion of 住宅ローン; it only will not substantially reduce one
    # (docs/tokutei-chotei/index.md).
    out = api.run("hikaku")
    text = [s for s in out["result"]["readings"] if "簡易裁判所" in s]
    assert text and "対象外" not in text[0] and "住宅ローンを大きく減らす手続きでもありません" in text[0]


def test_uniform_standard_is_credited_to_the_tokyo_bar_associations():
    # docs/seiri/index.md: 東京三弁護士会がまとめた統一基準 — not a 司法書士会 agreement.
    from calc.calculators import ninni
    assert "東京三弁護士会" in ninni.UNIFORM_STANDARD and "司法書士会" not in ninni.UNIFORM_STANDARD
    assert "司法書士会" not in (ninni.__doc__ or "")


def test_hikinaoshi_limitation_note_names_the_basic_contract_reading():
    # 平成29年法律第44号附則10条1項 (「その原因である法律行為が施行日前にされたときを含む」)・4項.
    out = api.run("hikinaoshi")
    assert out["ok"]
    notes = " ".join(out["result"]["notes"]) if "notes" in out["result"] else out["html"]
    assert "附則10条1項・4項" in notes and "基本契約" in notes
