"""Law as data: every rate, threshold and cap, with its 施行日 and citation, looked up by date.

A `Schedule` is the history of one parameter (e.g. 消費税率). Each `Provision` in it says from
which day (施行日) to which day it applies, its value, where it comes from (法令・条・項・号, 告示,
判例, or the court/lender practice it describes) and how firmly that was confirmed.

Modules in this package each define schedules and register them; `schedule(key)` finds one.
Values that could not be confirmed from a source are not here: calculators take them as inputs.
"""
from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass, field
from datetime import date
from typing import Any

# How firmly a provision was confirmed (see research notes).
STATUTE = "条文確認"          # statute/notice text read
SECONDARY = "二次資料確認"    # court, agency or practitioner sources
PRACTICE = "実務の運用"       # a practice (court, lender) — not law; shown as such


class OutOfRange(LookupError):
    """No provision covers the requested date."""

    def __init__(self, schedule: "Schedule", on: date):
        self.schedule = schedule
        self.on = on
        first = schedule.provisions[0].start
        super().__init__(f"{schedule.title}: {on.isoformat()} は対象外（{first.isoformat()} 以降に対応）")


@dataclass(frozen=True)
class Provision:
    value: Any
    start: date                     # 施行日 (first day it applies)
    end: date | None                # last day it applies (inclusive); None = still in force
    citation: str                   # 法令名・条・項・号 / 告示 / 判例 / 運用
    confidence: str = STATUTE
    note: str = ""

    def covers(self, on: date) -> bool:
        return self.start <= on and (self.end is None or on <= self.end)

    def period_ja(self) -> str:
        end = "現在" if self.end is None else f"{self.end.year}年{self.end.month}月{self.end.day}日"
        return f"{self.start.year}年{self.start.month}月{self.start.day}日〜{end}"


@dataclass
class Schedule:
    key: str
    title: str
    provisions: list[Provision] = field(default_factory=list)

    def at(self, on: date) -> Provision:
        for p in self.provisions:
            if p.covers(on):
                return p
        raise OutOfRange(self, on)

    def value_at(self, on: date) -> Any:
        return self.at(on).value


_REGISTRY: dict[str, Schedule] = {}


def register(key: str, title: str, provisions: list[Provision]) -> Schedule:
    ordered = sorted(provisions, key=lambda p: p.start)
    for a, b in zip(ordered, ordered[1:]):
        if a.end is None or a.end >= b.start:
            raise ValueError(f"{key}: overlapping provisions {a.start} / {b.start}")
    s = Schedule(key, title, ordered)
    if key in _REGISTRY:
        raise ValueError(f"duplicate schedule {key}")
    _REGISTRY[key] = s
    return s


def _load_all() -> None:
    for info in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{info.name}")


def schedule(key: str) -> Schedule:
    if key not in _REGISTRY:
        _load_all()
    return _REGISTRY[key]


def all_schedules() -> list[Schedule]:
    _load_all()
    return sorted(_REGISTRY.values(), key=lambda s: s.key)
