"""The freshness check (calc/law/freshness.py): expiring law is listed before readers see it.

Policy (CONTRIBUTING.md「法令データの期限の確認」): the list is information and never fails on a date;
the test fails only on data that is wrong the day it is written — a provision with an end date, no
provision starting the next day, and no word in its citation or note about that next day.

The current list is emitted as a `LawFreshness` warning, so every pytest run (and so `.ci/run`) shows
it in the warnings summary; `python -m calc.law.freshness` prints the same list.
"""
from __future__ import annotations

import warnings
from datetime import date

from calc.law import Provision, Schedule, schedule
from calc.law.freshness import problems, report, review


class LawFreshness(UserWarning):
    """Not an error: the list of provisions that end soon or have no successor."""


def test_current_list_is_reported_and_no_provision_ends_without_saying_what_follows():
    text = report(date.today())
    print(text)
    warnings.warn(LawFreshness(text), stacklevel=1)
    assert [f.line() for f in problems()] == []


def _sched(*provisions: Provision) -> Schedule:
    return Schedule("test.x", "テスト", list(provisions))


def test_ending_within_twelve_months_is_listed_even_with_a_successor():
    s = _sched(Provision(1, date(2020, 1, 1), date(2026, 3, 31), "A"),
               Provision(2, date(2026, 4, 1), None, "B"))
    hits = review(date(2025, 4, 1), schedules=[s])          # 2026-03-31 is 364 days later
    assert len(hits) == 1 and hits[0].ends_soon and hits[0].successor
    assert review(date(2025, 3, 30), schedules=[s]) == []    # 366 days later: outside the horizon
    assert review(date(2026, 4, 1), schedules=[s]) == []     # already followed by B


def test_no_successor_is_listed_on_every_date_and_fails_only_when_nothing_is_said():
    silent = _sched(Provision(1, date(2020, 1, 1), date(2029, 3, 31), "A"))
    said = _sched(Provision(1, date(2020, 1, 1), date(2029, 3, 31), "A", note="2029年4月1日以降は未定"))
    gap = _sched(Provision(1, date(2020, 1, 1), date(2020, 12, 31), "A"),
                 Provision(2, date(2021, 1, 2), None, "B"))
    for today in (date(2000, 1, 1), date(2029, 3, 31), date(2040, 1, 1)):
        assert [f.successor for f in review(today, schedules=[silent])] == [False]
    assert len(problems([silent])) == 1
    assert problems([said]) == []
    assert len(problems([gap])) == 1                          # a one-day gap is no successor


def test_failures_do_not_depend_on_the_day():
    # problems() takes no date: the same data gives the same answer before and after the end.
    s = _sched(Provision(1, date(2020, 1, 1), date(2021, 1, 1), "A"))
    assert len(problems([s])) == 1


def test_legal_rate_third_period_cites_notice_73_of_2025():
    # 法務省民事局「令和8年4月1日以降の法定利率について」(令和7年3月31日): 第3期（2026-04-01〜2029-03-31）の
    # 基準割合は年0.4%（令和7年法務省告示第73号）、第1期0.7%からの変動が1%未満なので3%のまま。
    from fractions import Fraction
    sch = schedule("minpo.hotei_riritsu")
    p = sch.at(date(2026, 4, 1))
    assert p.value == Fraction(3, 100) and p.end == date(2029, 3, 31)
    assert "令和7年法務省告示第73号" in p.citation and "0.4%" in p.citation
    assert sch.at(date(2029, 3, 31)) is p
    # 第2期（2023-04-01〜2026-03-31）の基準割合は年0.5%（同省「令和5年4月1日以降の法定利率について」）。
    assert "0.5%" in sch.at(date(2023, 4, 1)).citation
    # 2029年4月1日以降は未定: the list shows it, and the note says so.
    hits = [f for f in review(date(2026, 12, 3)) if f.schedule.key == "minpo.hotei_riritsu"]
    assert [(f.provision.end, f.successor, f.says_so) for f in hits] == [(date(2029, 3, 31), False, True)]


def test_residential_loss_special_measure_ends_2025_12_31_and_is_listed():
    # 租税特別措置法41条の5の2: 譲渡の期間は平成16年1月1日〜令和7年12月31日（延長は未確認）。
    p = schedule("tax.joto_sonshitsu").provisions[-1]
    assert (p.start, p.end) == (date(2004, 1, 1), date(2025, 12, 31))
    assert "41条の5の2" in p.citation and "2026年1月1日" in p.note and "9条2項" in p.note
    hits = [f for f in review(date(2026, 12, 3)) if f.schedule.key == "tax.joto_sonshitsu"]
    assert len(hits) == 1 and hits[0].ended and not hits[0].successor and hits[0].says_so
