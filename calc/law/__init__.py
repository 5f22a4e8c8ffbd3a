"""Law as data: every rate, threshold and cap, with its 施行日 and citation, looked up by date.

A `Schedule` is the history of one parameter (e.g. 消費税率). Each `Provision` in it says from
which day (施行日) to which day it applies, its value, where it comes from (法令・条・項・号, 告示,
判例, or the court/lender practice it describes) and how firmly that was confirmed.

Modules in this package each define schedules and register them; `schedule(key)` finds one,
`.at(day)` gives the provision in force that day and `.current()` the one in force now. Statute
dates the calculators compare against (a 施行日, an abolition) are named constants here too.
Values that could not be confirmed from a source are not here: calculators take them as inputs.

Every schedule also says what its values are (its `Shape`): one `Term` — a unit such as 円 or 率 and
how the values are arranged — or, for a value with named parts, `Terms` naming each part with its
label. `register` checks every provision's value against it, and `calc.law.table` renders the 根拠
page from it, so a new provision or schedule is displayed correctly with no change outside this package.
"""
from __future__ import annotations

import importlib
import itertools
import pkgutil
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from fractions import Fraction
from typing import Any, TypeAlias

# How firmly a provision was confirmed (see research notes).
STATUTE = "条文確認"          # statute/notice text read
SECONDARY = "二次資料確認"    # court, agency or practitioner sources
PRACTICE = "実務の運用"       # a practice (court, lender) — not law; shown as such


class Unit(Enum):
    """What one figure or word in a law value measures, and so how it is written."""

    YEN = "円"                 # int yen
    RATE = "率"                # Fraction of 1, written as a percentage (3%, 12.5%（1/8）)
    SHARE = "割合"             # (numerator, denominator) of ints, e.g. (1, 10), written as a percentage
    MULTIPLIER = "倍率"        # Fraction applied to an amount or a rate, written as 倍 (1.46倍)
    YEARS = "年"               # int
    MONTHS = "か月"            # int
    AGE = "歳"                 # int
    FLAG = "有無"              # bool, written あり / なし
    TEXT = "文"                # str, written as it is
    CODE = "区分"              # an ASCII code, written by its Japanese name (Term.names)


class Kind(Enum):
    """How the figures of one unit are arranged in a value."""

    ONE = "一つの値"
    LIST = "値の並び"                   # a tuple of values, written joined by ・
    BY_RANK = "順位ごとの値"            # {順位 (int): value}, written 2番 …・3番 …
    BANDS = "区分ごとの率"              # ((from, to or None, rate), …): from ≤ x < to
    TIERS = "段階ごとの率"              # ((upper or None, rate), …): the part up to and including upper
    ITEMS = "号ごとの項目"              # ((code, 号 (int), text), …)


@dataclass(frozen=True)
class Term:
    """One figure (or arrangement of figures) of a law value: its unit, how it is arranged, its label."""

    unit: Unit
    label: str = ""                     # the name written before it, when it is a named part
    kind: Kind = Kind.ONE
    names: Mapping[str, str] = field(default_factory=dict)  # Unit.CODE: code → 日本語
    optional: bool = False              # None allowed (no such limit), written なし


@dataclass(frozen=True)
class Terms:
    """A value with named parts (a dict), written in this order.

    `heading` names a TEXT part written first, as the value's own name (a preset's label);
    `product` names an amount and a multiplier written as one figure: 660,000円 × 3/2 ＝ 990,000円.
    """

    terms: Mapping[str, Term]
    heading: str | None = None
    product: tuple[str, str] | None = None


Shape: TypeAlias = Term | Terms


class OutOfRange(LookupError):
    """No provision covers the requested date."""

    def __init__(self, schedule: Schedule, on: date):
        self.schedule = schedule
        self.on = on
        first = schedule.provisions[0].start
        super().__init__(f"{schedule.title}: {on.isoformat()} は対象外（{first.isoformat()} 以降に対応）")


class NotInForce(LookupError):
    """The schedule's last provision has ended: nothing is in force now."""

    def __init__(self, schedule: Schedule):
        self.schedule = schedule
        super().__init__(f"{schedule.title}: 現在効力のある規定がありません（{schedule.provisions[-1].period_ja()}）")


@dataclass(frozen=True)
class Provision:
    value: Any                      # shaped as its schedule's Shape says (checked by register)
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
    shape: Shape | None = None      # what the values are; register() always sets it (None: built by hand)

    def at(self, on: date) -> Provision:
        for p in self.provisions:
            if p.covers(on):
                return p
        raise OutOfRange(self, on)

    def value_at(self, on: date) -> Any:
        return self.at(on).value

    def current(self, on: date | None = None) -> Provision:
        """The provision in force on `on`; with no date, the one in force now — the last provision,
        which must be open-ended. For calculators with no date input (undated court practices,
        statutes still in force); a schedule whose last provision has ended raises NotInForce."""
        if on is not None:
            return self.at(on)
        last = self.provisions[-1]
        if last.end is not None:
            raise NotInForce(self)
        return last


def _is_int(x: object) -> bool:
    return isinstance(x, int) and not isinstance(x, bool)


def _fits_unit(term: Term, x: object) -> bool:
    """Whether one figure `x` is of the term's unit."""
    if x is None:
        return term.optional
    unit = term.unit
    if unit in (Unit.YEN, Unit.YEARS, Unit.MONTHS, Unit.AGE):
        return _is_int(x)
    if unit in (Unit.RATE, Unit.MULTIPLIER):
        return isinstance(x, Fraction)
    if unit is Unit.SHARE:
        return isinstance(x, tuple) and len(x) == 2 and all(_is_int(n) for n in x) and x[1] > 0
    if unit is Unit.FLAG:
        return isinstance(x, bool)
    if unit is Unit.CODE:
        return isinstance(x, str) and x in term.names
    return isinstance(x, str)


def _fits(term: Term, value: object) -> bool:
    """Whether `value` is arranged as the term's kind says, each figure of its unit."""
    if term.kind is Kind.ONE:
        return _fits_unit(term, value)
    if term.kind is Kind.BY_RANK:
        return isinstance(value, dict) and all(_is_int(k) and _fits_unit(term, v) for k, v in value.items())
    if not isinstance(value, tuple):
        return False
    if term.kind is Kind.LIST:
        return all(_fits_unit(term, x) for x in value)
    if term.kind is Kind.BANDS:
        return all(isinstance(r, tuple) and len(r) == 3 and _is_int(r[0]) and (r[1] is None or _is_int(r[1]))
                   and _fits_unit(term, r[2]) for r in value)
    if term.kind is Kind.TIERS:
        return all(isinstance(r, tuple) and len(r) == 2 and (r[0] is None or _is_int(r[0]))
                   and _fits_unit(term, r[1]) for r in value)
    return all(isinstance(r, tuple) and len(r) == 3 and isinstance(r[0], str) and _is_int(r[1])
               and _fits_unit(term, r[2]) for r in value)          # Kind.ITEMS


def check_value(key: str, shape: Shape, value: object) -> None:
    """Raise TypeError unless `value` has the schedule's shape (so the 根拠 page can write it)."""
    if isinstance(shape, Term):
        if not _fits(shape, value):
            raise TypeError(f"{key}: {value!r} is not {shape.kind.value} of {shape.unit.value}")
        return
    if not isinstance(value, dict) or set(value) != set(shape.terms):
        got = sorted(value) if isinstance(value, dict) else type(value).__name__
        raise TypeError(f"{key}: value parts {got} differ from the declared terms {sorted(shape.terms)}")
    for name, term in shape.terms.items():
        if not _fits(term, value[name]):
            raise TypeError(f"{key}.{name}: {value[name]!r} is not {term.kind.value} of {term.unit.value}")
    special = [k for k in (shape.heading, *(shape.product or ())) if k is not None]
    if any(k not in shape.terms for k in special):
        raise TypeError(f"{key}: heading/product {special} must be declared terms")


_REGISTRY: dict[str, Schedule] = {}


def register(key: str, title: str, shape: Shape, provisions: list[Provision]) -> Schedule:
    """Record a schedule: `shape` says what its values are; `provisions` its history, no overlaps."""
    ordered = sorted(provisions, key=lambda p: p.start)
    for a, b in itertools.pairwise(ordered):
        if a.end is None or a.end >= b.start:
            raise ValueError(f"{key}: overlapping provisions {a.start} / {b.start}")
    for p in ordered:
        check_value(key, shape, p.value)
    s = Schedule(key, title, ordered, shape)
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
