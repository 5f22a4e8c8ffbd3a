"""Freshness check: which provisions end soon, and which end with nothing after them.

Law changes on dates the site does not control (a 告示 every three years, a tax special measure that runs
out on 12月31日). This module reads the registry (`all_schedules()`, `Provision.start/end`) and lists:

- ``ends_soon``: a provision whose last day falls within `horizon_days` (default 365) of `today`;
- ``no_successor``: a provision with an end date and no provision starting the next day (the schedule
  stops, or has a gap). Such a provision must say in its citation or note what happens from the next
  day (e.g. 「2029年4月1日以降の率は未定です」); that is how the data "says so".

Policy (what fails and what only informs):

- The list is information. Nothing fails because a date passes: a provision ending soon, or having
  ended, is printed (by ``python -m calc.law.freshness`` and by tests/test_law_freshness.py), never
  an error.
- `problems()` — what the test fails on — is date-independent: a provision with an end date, no
  successor and no mention of the day after its end (in its citation or note). Such data is wrong
  the day it is written, so the failure appears when the data is written, not on a calendar day.

Run ``python -m calc.law.freshness [YYYY-MM-DD]`` to print the list for a day (today by default).
"""
from __future__ import annotations

import sys
from dataclasses import dataclass
from datetime import date, timedelta

from . import Provision, Schedule, all_schedules

HORIZON_DAYS = 365


@dataclass(frozen=True)
class Finding:
    schedule: Schedule
    provision: Provision
    ends_soon: bool          # the end falls within the horizon (today .. today + horizon)
    ended: bool              # the end is before today
    successor: bool          # a provision starts the day after the end
    says_so: bool            # citation or note mentions the day after the end

    def line(self) -> str:
        p = self.provision
        assert p.end is not None
        tags = []
        if self.ended:
            tags.append("終了済み")
        elif self.ends_soon:
            tags.append("12か月以内に終了")
        if not self.successor:
            tags.append("後継なし（" + ("翌日以降の扱いを記載" if self.says_so else "翌日以降の記載なし") + "）")
        return f"{self.schedule.key}: {p.period_ja()} — {'・'.join(tags)} — {p.citation}"


def _ja(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def _mentions_next_day(p: Provision) -> bool:
    assert p.end is not None
    nxt = p.end + timedelta(days=1)
    text = p.citation + p.note
    return _ja(nxt) in text or nxt.isoformat() in text


def review(today: date, horizon_days: int = HORIZON_DAYS,
           schedules: list[Schedule] | None = None) -> list[Finding]:
    """Provisions ending within the horizon of `today`, and every provision with an end and no successor."""
    horizon = today + timedelta(days=horizon_days)
    found = []
    for s in all_schedules() if schedules is None else schedules:
        starts = {p.start for p in s.provisions}
        for p in s.provisions:
            if p.end is None:
                continue
            successor = (p.end + timedelta(days=1)) in starts
            soon = today <= p.end <= horizon
            if soon or not successor:
                found.append(Finding(s, p, soon, p.end < today, successor, _mentions_next_day(p)))
    return sorted(found, key=lambda f: (f.provision.end, f.schedule.key))


def problems(schedules: list[Schedule] | None = None) -> list[Finding]:
    """Date-independent failures: an end date, no successor, and nothing said about the day after."""
    return [f for f in review(date.min, 0, schedules) if not f.successor and not f.says_so]


def report(today: date, horizon_days: int = HORIZON_DAYS) -> str:
    findings = review(today, horizon_days)
    head = f"法令データの期限の確認（{today.isoformat()} 時点、{horizon_days}日以内の終了と後継のない規定）"
    if not findings:
        return head + "\n（該当なし）"
    return head + "\n" + "\n".join("- " + f.line() for f in findings)


def main(argv: list[str]) -> int:
    today = date.fromisoformat(argv[0]) if argv else date.today()
    print(report(today))
    bad = problems()
    for f in bad:
        print("問題: " + f.line(), file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
