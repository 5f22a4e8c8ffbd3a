"""The 根拠 page's tables: every schedule in calc.law, each provision's value written from its Shape.

Each row shows the provision's value first and then its note: a note explains a figure, it never
replaces it. How a value is written follows only from its schedule's declared `Term`s (unit, kind,
label), so a new provision or schedule is listed correctly without touching this module or the
site's hook (`overrides/hooks/calculators.py` only calls `law_table_markdown`).
"""
from __future__ import annotations

from collections.abc import Iterable
from fractions import Fraction
from typing import Any

from ..parse import format_man, format_percent, format_yen
from . import Kind, Schedule, Shape, Term, Terms, Unit, all_schedules

HINTED_DENOMINATORS = (2, 3, 4, 6, 8)   # rates also written as a fraction: 12.5%（1/8）


def rate(fr: Fraction) -> str:
    """A rate of 1 or less as a percentage (3%, 75%（3/4）); above 1 as 倍."""
    if fr > 1:
        return times(fr)
    text = format_percent(fr)
    return text + (f"（{fr.numerator}/{fr.denominator}）" if fr.denominator in HINTED_DENOMINATORS else "")


def times(fr: Fraction) -> str:
    """A multiplier: 1.46倍."""
    return format_percent(fr / 100).rstrip("%") + "倍"


def figure(term: Term, x: Any) -> str:
    """One figure of the term's unit."""
    if x is None:
        return "なし"
    unit = term.unit
    if unit is Unit.YEN:
        return format_yen(x)
    if unit is Unit.RATE:
        return rate(x)
    if unit is Unit.SHARE:
        return rate(Fraction(x[0], x[1]))
    if unit is Unit.MULTIPLIER:
        return times(x)
    if unit in (Unit.YEARS, Unit.MONTHS, Unit.AGE):
        return f"{x}{unit.value}"
    if unit is Unit.FLAG:
        return "あり" if x else "なし"
    if unit is Unit.CODE:
        return term.names[x]
    return str(x)


def _bands(term: Term, rows: Iterable[tuple[int, int | None, Any]]) -> str:
    out = []
    for lo, hi, x in rows:
        if not lo and hi is not None:
            span = f"{format_man(hi)}未満"
        elif hi is None:
            span = f"{format_man(lo)}以上"
        else:
            span = f"{format_man(lo)}以上{format_man(hi)}未満"
        out.append(f"{span} {figure(term, x)}")
    return "、".join(out)


def _tiers(term: Term, rows: Iterable[tuple[int | None, Any]]) -> str:
    out: list[str] = []
    prev: int | None = None
    for hi, x in rows:
        if hi is None:
            span = f"{format_man(prev or 0)}を超える部分"
        elif prev is None:
            span = f"{format_man(hi)}以下の部分"
        else:
            span = f"{format_man(prev)}超{format_man(hi)}以下の部分"
        out.append(f"{span} {figure(term, x)}")
        prev = hi
    return "、".join(out)


def arranged(term: Term, value: Any) -> str:
    """A value arranged as the term's kind says."""
    if term.kind is Kind.LIST:
        return "・".join(figure(term, x) for x in value)
    if term.kind is Kind.BY_RANK:
        return "・".join(f"{rank}番 {figure(term, x)}" for rank, x in value.items())
    if term.kind is Kind.BANDS:
        return _bands(term, value)
    if term.kind is Kind.TIERS:
        return _tiers(term, value)
    if term.kind is Kind.ITEMS:
        return "、".join(f"{number}号 {figure(term, x)}" for _code, number, x in value)
    return figure(term, value)


def _product(shape: Terms, value: dict[str, Any]) -> str:
    amount_key, multiplier_key = shape.product or ("", "")
    amount, multiplier = value[amount_key], value[multiplier_key]
    total = amount * multiplier
    result = format_yen(int(total)) if total.denominator == 1 else rate(total)
    return f"{format_yen(amount)} × {multiplier.numerator}/{multiplier.denominator} ＝ {result}"


def written(shape: Shape, value: Any) -> str:
    """The value as the 根拠 page writes it: its heading and product first, then each named part."""
    if isinstance(shape, Term):
        return arranged(shape, value)
    head = [value[shape.heading]] if shape.heading else []
    if shape.product:
        head.append(_product(shape, value))
    consumed = {shape.heading, *(shape.product or ())}
    parts = []
    for name, term in shape.terms.items():
        if name in consumed:
            continue
        text = arranged(term, value[name])
        parts.append(f"{term.label} {text}" if term.label else text)
    if head and parts:
        return "。".join(head) + "。" + "、".join(parts)
    return "。".join(head) if head else "、".join(parts)


def cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return str(text).replace("|", "｜").replace("\n", " ")


def law_table_markdown(schedules: Iterable[Schedule] | None = None) -> str:
    """Every rate, threshold and cap the calculators use (all of calc.law unless given), one table
    per schedule: period, value and note, citation, confidence — so the list cannot drift."""
    out = []
    for sch in all_schedules() if schedules is None else schedules:
        if sch.shape is None:
            raise TypeError(f"{sch.key}: no shape declared (register() declares one)")
        out.append(f"\n## {cell(sch.title)}\n")
        out.append("| 期間（施行日〜） | 値と説明 | 根拠 | 確度 |\n|---|---|---|---|")
        for p in sch.provisions:
            value = f"**{cell(written(sch.shape, p.value))}**"
            text = f"{value}　{cell(p.note)}" if p.note else value
            out.append(f"| {p.period_ja()} | {text} | {cell(p.citation)} | {p.confidence} |")
    return "\n".join(out) + "\n"
