"""Calculator declarations: fields with Japanese labels, units, help, worked examples and
constraints, and the `Calculator` that ties fields to a pure compute function.

A calculator module in `calc.calculators` defines `CALCULATOR = Calculator(...)`. The form, the
worked example and the browser runtime are all derived from that declaration.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from typing import Any
from collections.abc import Callable, Mapping

from . import parse as P
from .result import standard_tail

BLANK = ("", None)
MAX_TEXT = 100                        # characters of a free-text field (a name)

# Free text (names of creditors and properties) is shown inside sentences, table cells, chart labels
# and the CSV 計算書, so it must not be able to change how the text around it is shown.
# * Unicode format characters (category Cf) are dropped: the bidi embeddings and overrides
#   U+202A–202E and isolates U+2066–2069 (「X\u202eY」 would show the amounts after it reversed),
#   the marks LRM, RLM and ALM, and the invisible ones that only hide or disguise text (zero-width
#   space U+200B, word joiner U+2060, BOM U+FEFF, soft hyphen, interlinear annotation, tags).
#   Kept: ZWNJ U+200C and ZWJ U+200D, which only choose glyph shapes (emoji sequences, some
#   scripts) and cannot move text. Variation selectors (異体字 IVS, emoji style) are not Cf and stay.
# * A name with right-to-left letters or Arabic digits (bidi classes R, AL, AN) is wrapped in
#   FSI … PDI (U+2068 … U+2069), the plain-text form of <bdi>: shown as one unit wherever it lands,
#   it cannot reorder the figures after it. Japanese and Latin names are left exactly as typed.
_KEEP_CF = {"\u200c", "\u200d"}
_FSI, _PDI = "\u2068", "\u2069"


def clean_text(s: str) -> str:
    text = "".join(c for c in s if c in _KEEP_CF or unicodedata.category(c) != "Cf").strip()
    if any(unicodedata.bidirectional(c) in ("R", "AL", "AN") for c in text):
        text = _FSI + text + _PDI
    return text


def _text_of(raw: Any) -> str:
    """A scalar's text for a check that must not fail (blank rows, flags, show_if): "" if none."""
    try:
        return P.as_text(raw)
    except P.ParseError:
        return ""


class FieldError(Exception):
    """A problem the reader can fix at one field (raised by parsing or by compute)."""

    def __init__(self, name: str, message: str):
        super().__init__(message)
        self.name = name
        self.message = message


class FieldErrors(Exception):
    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


@dataclass(frozen=True)
class Field:
    """One form input. `example` is the raw string of the worked example (what a reader would type)."""

    name: str
    label: str
    kind: str                         # yen | percent | ratio | int | date | choice | flag | text | rows
    example: Any = ""                # str, or for rows a list of dicts of raw strings
    help: str = ""
    unit: str = ""
    required: bool = True
    default: Any = None               # parsed value used when an optional field is blank
    options: tuple[tuple[str, str], ...] = ()   # for choice: (value, label)
    min: Any = None
    max: Any = None
    allow_negative: bool = False
    columns: tuple[Field, ...] = ()            # for rows
    max_rows: int = 20
    group: str = ""                   # fieldset legend; consecutive fields with one group share it
    advanced: bool = False            # shown folded (in <details>) by the form template
    placeholder: str = ""
    show_if: tuple[str, str] | None = None   # (other field, value): only relevant when that choice is set
    required_message: str = ""        # what a blank required field says (default 「入力してください」)
    # A shared link is a promise: a renamed field keeps its old names here, a renamed option its old
    # value as (old, current). Links written with the old spelling give the same result (the form
    # also reads them: a hidden input per old name, a hidden <option> per old value).
    aliases: tuple[str, ...] = ()
    value_aliases: tuple[tuple[str, str], ...] = ()

    # -- parsing -------------------------------------------------------------------------------
    def parse(self, raw: Any) -> Any:
        if self.kind == "rows":
            raise TypeError("rows are parsed by parse_rows")
        if self.kind == "flag":
            return _parse_flag(raw)
        try:
            s = P.as_text(raw)        # never str(): a 5,000-digit int or a nested list would raise
        except P.ParseError as e:
            raise FieldError(self.name, e.message) from None
        if s.strip() in BLANK:
            if self.kind == "version":
                return 0
            if self.required:
                raise FieldError(self.name, self.required_message or "入力してください")
            return self.default
        try:
            if self.kind == "yen":
                # One message per bound, whatever was typed: 「-100万」 and 「0」 in a field that
                # needs 1円 or more both say 「1円以上で入力してください」.
                lo = self.min if self.min is not None else (-P.MAX_YEN if self.allow_negative else 0)
                hi = self.max if self.max is not None else P.MAX_YEN
                v = P.parse_yen(s, allow_negative=True, max_yen=None)
                if v < lo:
                    raise FieldError(self.name, f"{P.format_yen(lo)}以上で入力してください")
                if v > hi:
                    raise FieldError(self.name, f"{P.format_man(hi)}以下で入力してください")
                return v
            if self.kind == "percent":
                return P.parse_percent(s, min=self.min, max=self.max)
            if self.kind == "ratio":
                return P.parse_ratio(s, min=self.min, max=self.max)
            if self.kind == "int":
                return P.parse_int(s, min=self.min, max=self.max, unit=self.unit)
            if self.kind == "date":
                d = P.parse_date(s)
                if self.min is not None and d < self.min:
                    raise FieldError(self.name, f"{P.format_wareki(self.min)}以降の日付を入力してください")
                if self.max is not None and d > self.max:
                    raise FieldError(self.name, f"{P.format_wareki(self.max)}以前の日付を入力してください")
                return d
            if self.kind == "choice":
                value = dict(self.value_aliases).get(s.strip(), s.strip())
                if value not in {v for v, _ in self.options}:
                    raise FieldError(self.name, "選択肢から選んでください")
                return value
            if self.kind == "version":
                return int(s.strip()) if s.strip().isascii() and s.strip().isdigit() and len(s) < 10 else 0
            if self.kind == "text":
                if len(s) > 10 * MAX_TEXT:
                    raise FieldError(self.name, f"{MAX_TEXT}文字以内で入力してください")
                text = clean_text(s)
                if len(text.strip(_FSI + _PDI)) > MAX_TEXT:
                    raise FieldError(self.name, f"{MAX_TEXT}文字以内で入力してください")
                return text
        except P.ParseError as e:
            raise FieldError(self.name, e.message) from None
        raise ValueError(f"unknown field kind {self.kind}")

    def parse_rows(self, raw: Any) -> tuple[list[dict[str, Any]], dict[str, str]]:
        """Rows: a list of {column: raw}. Fully blank rows are dropped. Errors keyed name.i.col."""
        rows: list[dict[str, Any]] = []
        errors: dict[str, str] = {}
        if raw in BLANK:
            raw = []
        if not isinstance(raw, (list, tuple)):
            return [], {self.name: "行の形式が正しくありません"}
        if len(raw) > self.max_rows:
            return [], {self.name: f"{self.max_rows}行までです"}
        for i, r in enumerate(raw):
            if not isinstance(r, Mapping):
                errors[f"{self.name}.{i}"] = "行の形式が正しくありません"
                continue
            if all(_text_of(r.get(c.name, "")).strip() == "" for c in self.columns if c.kind != "flag"):
                continue
            parsed: dict[str, Any] = {"_row": i}
            for c in self.columns:
                try:
                    parsed[c.name] = c.parse(r.get(c.name, ""))
                except FieldError as e:
                    errors[f"{self.name}.{i}.{c.name}"] = e.message
            rows.append(parsed)
        if self.required and not rows and not errors:
            errors[self.name] = "少なくとも1行入力してください"
        return rows, errors

    # -- description for the form template and the browser ---------------------------------------
    def describe(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "name": self.name, "label": self.label, "kind": self.kind, "help": self.help,
            "unit": self.unit, "required": self.required, "group": self.group,
            "advanced": self.advanced, "placeholder": self.placeholder,
            "inputmode": _INPUTMODE.get(self.kind, "text"),
        }
        if self.kind == "rows":
            d["columns"] = [c.describe() for c in self.columns]
            d["example"] = [dict(r) for r in (self.example or [])]
            d["max_rows"] = self.max_rows
        else:
            d["example"] = self.example if self.kind != "flag" else ("1" if _parse_flag(self.example) else "")
        d["options"] = [{"value": v, "label": label} for v, label in self.options]
        d["show_if"] = list(self.show_if) if self.show_if else None
        if self.aliases or self.value_aliases:     # only when declared: today's pages stay as they are
            labels = dict(self.options)
            d["aliases"] = list(self.aliases)
            d["value_aliases"] = [{"value": old, "label": labels.get(new, new)} for old, new in self.value_aliases]
        return d


_INPUTMODE = {"yen": "text", "percent": "decimal", "ratio": "decimal", "int": "numeric", "date": "text"}


def _parse_flag(raw: Any) -> bool:
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, int):
        return raw == 1
    return _text_of(raw).strip().lower() in {"1", "on", "true", "yes", "はい"}


@dataclass(frozen=True)
class Change:
    """A deliberate change of a default or a method that alters the figure an older link gives.

    `version` numbers the calculator's changes from 1; a link records the version it was written
    under in its `v` input (a hidden field the calculator gets once it declares a change; a link
    without it predates every change). `applies(values)` (parsed inputs) narrows the notice to the
    links the change actually alters; by default every older link gets it."""

    version: int
    on: date
    summary: str                      # what changed, in Japanese, for the reader of an older link
    applies: Callable[[dict[str, Any]], bool] | None = None


VERSION_FIELD = "v"


@dataclass
class Calculator:
    id: str
    title: str
    summary: str
    fields: list[Field]
    compute: Callable[[dict[str, Any]], dict[str, Any]]
    render: Callable[[dict[str, Any]], list[dict[str, Any]]]
    result_title: str = "計算結果"
    order: int = 100
    # Optional browser extension module (overrides/assets/calc/<extension>.js) for richer input
    # widgets, e.g. the transaction ledger; it only changes how inputs are entered, never figures.
    extension: str = ""
    # Deliberate changes an older shared link must be told about (see Change).
    changes: tuple[Change, ...] = ()
    # The framework ends every result with its notes and citations (calc.result.standard_tail);
    # False for a calculator whose render writes its own notes and ends with tail_blocks itself.
    standard_tail: bool = True

    def __post_init__(self) -> None:
        if self.changes and all(f.name != VERSION_FIELD for f in self.fields):
            self.fields = [*self.fields, Field(VERSION_FIELD, "リンクの版", "version", required=False,
                                               example=str(self.version), default=0)]

    def blocks(self, result: dict[str, Any]) -> list[dict[str, Any]]:
        """The rendered result's blocks: the calculator's own, then the standard tail."""
        own = self.render(result)
        return [*own, *standard_tail(result)] if self.standard_tail else own

    @property
    def version(self) -> int:
        return max((c.version for c in self.changes), default=0)

    def link_notices(self, values: Mapping[str, Any]) -> list[str]:
        """What changed since the version the inputs' link was written under."""
        if not self.changes:
            return []
        since = values.get(VERSION_FIELD) or 0
        return [f"このリンクが作られた後、{P.format_wareki(c.on)}に計算の方法を変えました：{c.summary}"
                for c in sorted(self.changes, key=lambda c: c.version)
                if c.version > since and (c.applies is None or c.applies(dict(values)))]

    def resolve_aliases(self, raw: Mapping[str, Any]) -> Mapping[str, Any]:
        """Inputs written under a field's old name answer to its current one (unless that is filled)."""
        if not any(f.aliases or any(c.aliases for c in f.columns) for f in self.fields):
            return raw
        out = dict(raw)
        for f in self.fields:
            for old in f.aliases:
                if old in out and _blank(out.get(f.name)):
                    out[f.name] = out[old]
                out.pop(old, None)
            if f.kind == "rows" and any(c.aliases for c in f.columns) and isinstance(out.get(f.name), list):
                out[f.name] = [_resolve_row(f.columns, r) for r in out[f.name]]
        return out

    def field(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)

    def example_inputs(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in self.fields:
            if f.kind == "rows":
                out[f.name] = [dict(r) for r in (f.example or [])]
            elif f.kind == "flag":
                out[f.name] = "1" if _parse_flag(f.example) else ""
            else:
                out[f.name] = f.example
        return out

    def parse_inputs(self, raw: Mapping[str, Any]) -> dict[str, Any]:
        values: dict[str, Any] = {}
        errors: dict[str, str] = {}
        if isinstance(raw, Mapping):
            raw = self.resolve_aliases(raw)
        for f in self.fields:
            value = raw.get(f.name, "") if isinstance(raw, Mapping) else ""
            if f.show_if and not self._shown(f, raw):
                # a field hidden by the reader's choice is ignored, whatever it still holds
                values[f.name] = f.default
                continue
            if f.kind == "rows":
                rows, errs = f.parse_rows(value)
                values[f.name] = rows
                errors.update(errs)
                continue
            try:
                values[f.name] = f.parse(value)
            except FieldError as e:
                errors[e.name] = e.message
        if errors:
            raise FieldErrors(errors)
        return values

    def _shown(self, f: Field, raw: Mapping[str, Any]) -> bool:
        """Whether `f` is visible given the reader's choice in the field its show_if names."""
        other, want = f.show_if or ("", "")
        value = raw.get(other, "")
        try:
            if self.field(other).kind == "flag":
                return ("1" if _parse_flag(value) else "") == want
        except KeyError:
            pass
        return _text_of(value).strip() == want

    def describe(self) -> dict[str, Any]:
        return {
            "id": self.id, "title": self.title, "summary": self.summary,
            "result_title": self.result_title, "extension": self.extension,
            "fields": [f.describe() for f in self.fields],
        }


def _blank(v: Any) -> bool:
    return v in BLANK or v == [] or (isinstance(v, str) and v.strip() == "")


def _resolve_row(columns: tuple[Field, ...], row: Any) -> Any:
    if not isinstance(row, Mapping):
        return row
    out = dict(row)
    for c in columns:
        for old in c.aliases:
            if old in out and _blank(out.get(c.name)):
                out[c.name] = out[old]
            out.pop(old, None)
    return out


def jsonable(x: Any) -> Any:
    """Turn a compute result into JSON-able data: Fractions as 'n/d' strings, dates as ISO."""
    if isinstance(x, bool) or x is None or isinstance(x, (int, str)):
        return x
    if isinstance(x, Fraction):
        return str(x.numerator) if x.denominator == 1 else f"{x.numerator}/{x.denominator}"
    if isinstance(x, float):
        return x
    if isinstance(x, date):
        return x.isoformat()
    if isinstance(x, Mapping):
        return {str(k): jsonable(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [jsonable(v) for v in x]
    return str(x)
