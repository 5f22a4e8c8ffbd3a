"""Parsing of what readers type into calculator form fields.

Every ``parse_*`` function (and :func:`normalize`) takes the raw string from a
form field and either returns a value or raises :class:`ParseError`, whose
``.message`` is a short, polite Japanese sentence to show next to the field.
No other exception escapes them, whatever the string.  Input longer than
200 characters is refused.

Accepted forms (after NFKC normalisation, so 全角 digits, ``，`` ``．`` ``％``
``￥`` and ligatures such as ``㍻`` ``㋿`` work everywhere):

* Amounts (:func:`parse_yen`): ``3000000``, ``3,000,000``, ``3,000万円``,
  ``1億2,000万``, ``2.5万``, ``30万5千円``, ``5千円``, ``¥1,000``,
  ``1000 円``, ``金3,000,000円也``.  Units 兆・億・万 and 千・百・十 combine as
  in Japanese, so ``3000万5`` is 30,000,005 (what 「3000万5円」 says).
  Kanji numerals are read too: ``三千万``, ``一億二千万``, positional
  ``二〇二四``, and the 大字 of legal documents (``金壱千萬円``).  A digit
  and a kanji digit may not touch (``1二3`` is refused).  Sections after a
  larger unit must be below 10,000 (``1億12000万`` is refused as
  ambiguous), and nothing may follow a decimal section (``1.5億3000万``).
  Arithmetic is exact (Fraction); results must be whole yen.
* Rates (:func:`parse_percent`): ``14.6``, ``14.6%``, ``年14.6%``,
  ``年率14.6％``, ``1割4分6厘``; returned as a fraction of 1.
* Multipliers (:func:`parse_ratio`): ``0.7``, ``0.7倍``, ``70%``, ``7割``,
  ``7割5分``.
* Counts (:func:`parse_int`): ``12``, ``12か月``/``ヶ月``/``カ月``, ``12回``,
  ``3筆``, ``5年``, ``十二か月``.  A trailing unit word is dropped, but a
  time unit that contradicts the field's own time unit (``5年`` typed into a
  field whose ``unit`` is ``か月``) is refused rather than silently misread.
* Dates (:func:`parse_date`): ``2024-07-01``, ``2024/7/1``, ``2024.7.1``,
  ``2024年7月1日``, ``20240701``, ``令和6年7月1日``, ``令和元年5月1日``,
  ``R6.7.1``, ``r6/7/1``, ``令6.7.1``, ``㍻13年1月15日``, kanji numerals
  (``令和六年七月一日``), optionally followed by a weekday such as ``(月)``,
  which must then be correct.  Eras: 明治 from 1868-01-25 (the Gregorian
  date of 明治元年1月1日, as in the era tables used by the courts), 大正
  1912-07-30, 昭和 1926-12-25, 平成 1989-01-08, 令和 2019-05-01.  A date
  outside its era is refused with a hint to use the neighbouring era, and
  only dates from 1900-01-01 to 2200-12-31 are accepted.

``format_yen``, ``format_man``, ``format_date``, ``format_wareki`` and
``format_percent`` produce display strings that the parsers read back.
"""

from __future__ import annotations

import calendar
import functools
import re
import unicodedata
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any, ParamSpec, TypeVar, cast

__all__ = [
    "ParseError",
    "HugeNumber",
    "as_text",
    "normalize",
    "parse_yen",
    "parse_percent",
    "parse_ratio",
    "parse_int",
    "parse_date",
    "format_yen",
    "format_man",
    "format_date",
    "format_wareki",
    "format_percent",
]

MAX_INPUT_LENGTH = 200
MAX_YEN = 10**13 - 1
MIN_DATE = date(1900, 1, 1)
MAX_DATE = date(2200, 12, 31)


class ParseError(ValueError):
    """An input a reader typed could not be accepted.

    ``message`` is the Japanese text to show next to the field.  ``kind`` is a
    short code for programs and tests: ``empty``, ``too_long``, ``invalid``
    (not in a recognised form), ``fraction`` (not whole yen),
    ``not_integer``, ``negative``, ``too_large``, ``range`` (outside min/max
    or the supported date range), ``unit`` (wrong unit word), ``no_date``
    (date that does not exist), ``era`` (date outside the era typed),
    ``weekday`` (weekday does not match) or ``internal`` (an unexpected
    failure; should never happen).
    """

    def __init__(self, message: str, kind: str = "invalid") -> None:
        super().__init__(message)
        self.message = message
        self.kind = kind

    def __str__(self) -> str:
        return self.message


_Params = ParamSpec("_Params")
_Result = TypeVar("_Result")


def _guard(func: Callable[_Params, _Result]) -> Callable[_Params, _Result]:
    """Make sure nothing but ParseError ever leaves a public parser."""

    @functools.wraps(func)
    def wrapper(*args: _Params.args, **kwargs: _Params.kwargs) -> _Result:
        try:
            return func(*args, **kwargs)
        except ParseError:
            raise
        except Exception as exc:  # defensive: a bug must not crash the page
            raise ParseError(
                "入力を読み取れませんでした。入力内容をご確認ください", "internal"
            ) from exc

    return wrapper


# ---------------------------------------------------------------------------
# Normalisation
# ---------------------------------------------------------------------------

# Dashes that people (or their IME) type in place of a minus sign or a date
# separator.  They become "-" when they stand right before a number.
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u30fc\ufe63\uff0d"
_DASH_BEFORE_NUMBER = re.compile("[" + _DASHES + r"](?=[0-9.¥\\])")
_COMMA_GROUPED = re.compile(r"[0-9]+(?:[,、][0-9]+)+")
_SPACE_GROUPED = re.compile(r"[0-9]+(?: [0-9]+)+")


class HugeNumber:
    """A JSON number too long to be any field's value (see calc.api.run_json); ``as_text`` refuses it."""

    __slots__ = ("digits",)

    def __init__(self, digits: int) -> None:
        self.digits = digits


_TOO_LARGE = "数が大きすぎます。桁数を確かめてください"
_HUGE = 10**MAX_INPUT_LENGTH
_BAD_SHAPE = "入力の形式が正しくありません。文字か数字で入力してください"


def as_text(value: Any) -> str:
    """The text of a raw form value as JSON can carry it, for the ``parse_*`` functions.

    ``str`` as it is, ``None`` as ``""``; an integer or a decimal number as its exact decimal text
    (``1e20`` → ``100000000000000000000``), so that it meets the field's own limits and messages.
    Refused with a :class:`ParseError`: numbers beyond about 200 digits (an integer of 5,000
    digits, ``1e400``, infinity — "too_large"; ``1e-400`` — "too_long"), NaN, and anything that
    is not a scalar (lists, objects, booleans — "invalid").  Never converts a huge value to text first: ``str()`` of an
    integer over 4,300 digits raises, and of a deeply nested list recurses.
    """
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        raise ParseError(_BAD_SHAPE, "invalid")
    if isinstance(value, HugeNumber):
        raise ParseError(_TOO_LARGE, "too_large")
    if isinstance(value, int):
        if abs(value) >= _HUGE:
            raise ParseError(_TOO_LARGE, "too_large")
        return str(value)
    if isinstance(value, (float, Decimal)):
        d = Decimal(repr(value)) if isinstance(value, float) else value
        if d.is_nan():
            raise ParseError("数字で入力してください", "invalid")
        if d.is_infinite() or d.adjusted() > MAX_INPUT_LENGTH:
            raise ParseError(_TOO_LARGE, "too_large")
        if d.adjusted() < -MAX_INPUT_LENGTH:
            raise ParseError("小数点以下の桁数が多すぎます", "too_long")
        return format(d, "f")
    raise ParseError(_BAD_SHAPE, "invalid")


def _check_type(s: Any) -> str:
    if s is None:
        return ""
    if not isinstance(s, str):
        raise ParseError("文字で入力してください", "invalid")
    return s


@_guard
def normalize(s: str) -> str:
    """NFKC-normalise, tidy whitespace, unify minus signs, drop digit grouping.

    ``"　１，０００ 円 "`` → ``"1000 円"``, ``"−5"`` → ``"-5"``.  Commas (``,``
    ``，`` ``、``) between digits must group by three (``12,34`` is refused);
    spaces between digits are removed only when they group by three.
    """
    s = _check_type(s)
    if len(s) > MAX_INPUT_LENGTH:
        raise ParseError(
            f"入力が長すぎます（{MAX_INPUT_LENGTH}文字以内で入力してください）", "too_long"
        )
    t = unicodedata.normalize("NFKC", s)
    # invisible format characters (zero-width space, BOM, soft hyphen …)
    t = "".join(c for c in t if unicodedata.category(c) != "Cf")
    t = re.sub(r"\s+", " ", t).strip()
    t = _DASH_BEFORE_NUMBER.sub("-", t)
    t = _COMMA_GROUPED.sub(_join_comma_groups, t)
    t = _SPACE_GROUPED.sub(_join_space_groups, t)
    return t


def _join_comma_groups(m: re.Match[str]) -> str:
    groups = re.split("[,、]", m.group())
    preceded_by_point = m.start() > 0 and m.string[m.start() - 1] == "."
    if preceded_by_point or len(groups[0]) > 3 or any(len(g) != 3 for g in groups[1:]):
        raise ParseError(
            "数字の区切り（,）の位置が正しくありません（例: 1,000,000）", "invalid"
        )
    return "".join(groups)


def _join_space_groups(m: re.Match[str]) -> str:
    groups = m.group().split(" ")
    if len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:]):
        return "".join(groups)
    return m.group()


def _prepare(s: Any, empty_message: str) -> str:
    """normalize(), refuse blanks, then drop the remaining spaces."""
    t = normalize(s)
    if not t:
        raise ParseError(empty_message, "empty")
    if re.search("[0-9] [0-9]", t):
        raise ParseError("数字の間に空白を入れずに入力してください", "invalid")
    return t.replace(" ", "")


# ---------------------------------------------------------------------------
# Numbers with Japanese units
# ---------------------------------------------------------------------------

_KANJI_DIGIT_CHARS = "〇零一二三四五六七八九壱壹弐貳貮参參肆伍陸漆柒捌玖"
_KANJI_TABLE = str.maketrans(
    {
        **dict(zip(_KANJI_DIGIT_CHARS, "0012345678911222334567789")),
        "拾": "十",
        "佰": "百",
        "陌": "百",
        "仟": "千",
        "阡": "千",
        "萬": "万",
    }
)
_MIXED_DIGITS = re.compile(
    f"[0-9][{_KANJI_DIGIT_CHARS}]|[{_KANJI_DIGIT_CHARS}][0-9]"
)


def _kanji_to_digits(t: str) -> str:
    """Turn kanji digits (and 大字) into ASCII digits; 十百千万 stay as units."""
    if _MIXED_DIGITS.search(t):
        raise ParseError("数字と漢数字を混ぜずに入力してください", "invalid")
    return t.translate(_KANJI_TABLE)


_BIG_UNITS = {"兆": 10**12, "億": 10**8, "万": 10**4}
_SMALL_UNITS = {"千": 1000, "百": 100, "十": 10}
_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)?|\.[0-9]+")


def _decimal(text: str) -> Fraction:
    """Exact value of a string matched by _NUMBER."""
    whole, _, frac = text.partition(".")
    scale = 10 ** len(frac)
    return Fraction(int(whole or "0") * scale + int(frac or "0"), scale)


def _parse_section(text: str, pos: int) -> tuple[Fraction | None, int, bool]:
    """Read a group below 万, e.g. ``3000``, ``2.5``, ``5千300``, ``千``, ``十2``.

    Returns ``(value or None, new_pos, closed)``; ``closed`` is true when a
    decimal number was read, after which nothing more may follow.
    """
    n = len(text)
    value = Fraction(0)
    found = False
    prev_unit = None
    closed = False
    while pos < n and not closed:
        m = _NUMBER.match(text, pos)
        num = _decimal(m.group()) if m else None
        end = m.end() if m else pos
        closed = m is not None and "." in m.group()
        if end < n and text[end] in _SMALL_UNITS:
            unit = _SMALL_UNITS[text[end]]
            multiplier = Fraction(1) if num is None else num
            if (prev_unit is not None and unit >= prev_unit) or multiplier >= 10:
                return None, pos, False
            value += multiplier * unit
            prev_unit = unit
            pos = end + 1
            found = True
            continue
        if num is None:
            break
        if prev_unit is not None and num >= prev_unit:
            return None, pos, False
        value += num
        pos = end
        found = True
        break
    return (value if found else None), pos, closed


def _parse_number(text: str, *, big_units: bool = True) -> Fraction | None:
    """Value of an unsigned number such as ``1億2,000万5千`` (commas already
    removed, kanji digits already converted), or None if it is not one."""
    pos, n = 0, len(text)
    total = Fraction(0)
    prev_big = None
    if n == 0:
        return None
    while pos < n:
        section, pos, closed = _parse_section(text, pos)
        if section is None:
            return None
        unit = 1
        if big_units and pos < n and text[pos] in _BIG_UNITS:
            unit = _BIG_UNITS[text[pos]]
            pos += 1
        if prev_big is not None and (unit >= prev_big or section >= 10000):
            return None
        total += section * unit
        prev_big = unit
        if unit == 1 or closed:
            break
    return total if pos == n else None


# ---------------------------------------------------------------------------
# Yen
# ---------------------------------------------------------------------------

_YEN = re.compile(r"金?([-+△▲]?)[¥\\]?([-+△▲]?)(.*?)(?:円也?)?")
_YEN_INVALID = "金額は数字で入力してください（例: 3,000万円）"


@_guard
def parse_yen(s: str, *, allow_negative: bool = False, max_yen: int | None = MAX_YEN) -> int:
    """Whole yen from ``3,000万円``, ``1億2000万``, ``¥1,000``, ``金3,000,000円`` …"""
    t = _kanji_to_digits(_prepare(s, "金額を入力してください"))
    m = _YEN.fullmatch(t)
    if m is None or (m.group(1) and m.group(2)):
        raise ParseError(_YEN_INVALID)
    value = _parse_number(m.group(3))
    if value is None:
        raise ParseError(_YEN_INVALID)
    if (m.group(1) or m.group(2)) in ("-", "△", "▲"):
        value = -value
    if value < 0 and not allow_negative:
        raise ParseError("0円以上で入力してください", "negative")
    if value.denominator != 1:
        raise ParseError(
            "金額は1円単位で入力してください（1円未満の端数は入力できません）", "fraction"
        )
    if max_yen is not None and abs(value) > max_yen:
        raise ParseError(
            f"金額が大きすぎます（{format_man(max_yen)}以内で入力してください）", "too_large"
        )
    return int(value)


# ---------------------------------------------------------------------------
# Rates and multipliers
# ---------------------------------------------------------------------------

_WARI = re.compile(r"(?:([^割分厘]+)割)?(?:([^割分厘]+)分)?(?:([^割分厘]+)厘)?")


def _parse_wari(text: str) -> Fraction | None:
    """``7割5分`` → 3/4, ``1割4分6厘`` → 73/500; None if not in that form."""
    m = _WARI.fullmatch(text)
    if m is None:
        return None
    parts = [
        (m.group(i), Fraction(1, 10**i), None if i == 1 else 10)
        for i in (1, 2, 3)
        if m.group(i) is not None
    ]
    if not parts:
        return None
    total = Fraction(0)
    for index, (digits, scale, limit) in enumerate(parts):
        value = _parse_number(digits, big_units=False)
        if value is None or (limit is not None and value >= limit):
            return None
        if index < len(parts) - 1 and value.denominator != 1:
            return None
        total += value * scale
    return total


def _decimal_str(fr: Fraction, exact_places: int = 6, round_places: int = 4) -> str:
    """Decimal text: exact if it terminates within ``exact_places`` places,
    otherwise rounded (half up) to ``round_places`` places and marked ``…``."""
    fr = Fraction(fr)
    negative = fr < 0
    fr = abs(fr)
    if (fr * 10**exact_places).denominator == 1:
        places, approx = exact_places, False
        digits = int(fr * 10**places)
    else:
        places, approx = round_places, True
        digits = int(fr * 10**places + Fraction(1, 2))
    whole, frac = divmod(digits, 10**places)
    frac_text = str(frac).rjust(places, "0").rstrip("0")
    text = str(whole) + ("." + frac_text if frac_text else "")
    if negative and digits:
        text = "-" + text
    return text + ("…" if approx else "")


def _check_range(value: Any, lo: Any, hi: Any, fmt: Callable[[Any], str]) -> None:
    if (lo is not None and value < lo) or (hi is not None and value > hi):
        if lo is not None and hi is not None:
            text = f"{fmt(lo)}以上{fmt(hi)}以下で入力してください"
        elif lo is not None:
            text = f"{fmt(lo)}以上で入力してください"
        else:
            text = f"{fmt(hi)}以下で入力してください"
        raise ParseError(text, "range")


_PERCENT = re.compile(r"(?:年率|年利|利率|年)?([-+]?)(.+?)(%|パーセント)?")


@_guard
def parse_percent(s: str, *, min: Fraction | None = None, max: Fraction | None = None) -> Fraction:
    """A percentage (``14.6``, ``年14.6%``, ``1割4分6厘``) as a fraction of 1.

    A bare number is a percentage: ``0.7`` is 0.7 %.  ``min``/``max`` are
    fractions of 1.
    """
    invalid = "パーセントの数字で入力してください（例: 14.6%）"
    t = _kanji_to_digits(_prepare(s, "割合（%）を入力してください"))
    m = _PERCENT.fullmatch(t)
    if m is None:
        raise ParseError(invalid)
    body = m.group(2)
    value = _parse_number(body, big_units=False)
    if value is not None:
        value /= 100
    elif m.group(3) is None:
        value = _parse_wari(body)
    if value is None:
        raise ParseError(invalid)
    if m.group(1) == "-":
        value = -value
    _check_range(value, min, max, lambda v: format_percent(v))
    return value


_RATIO = re.compile(r"([-+]?)(.+?)(%|パーセント|倍)?")


@_guard
def parse_ratio(s: str, *, min: Fraction | None = None, max: Fraction | None = None) -> Fraction:
    """A multiplier: ``0.7``, ``0.7倍``, ``70%`` or ``7割`` → 7/10; ``7割5分`` → 3/4."""
    invalid = "0.7、70%、7割 のように入力してください"
    t = _kanji_to_digits(_prepare(s, "割合を入力してください"))
    m = _RATIO.fullmatch(t)
    if m is None:
        raise ParseError(invalid)
    body, suffix = m.group(2), m.group(3)
    value = _parse_number(body, big_units=False)
    if value is not None and suffix in ("%", "パーセント"):
        value /= 100
    elif value is None and suffix is None:
        value = _parse_wari(body)
    if value is None:
        raise ParseError(invalid)
    if m.group(1) == "-":
        value = -value
    _check_range(value, min, max, _decimal_str)
    return value


# ---------------------------------------------------------------------------
# Counts
# ---------------------------------------------------------------------------

_COUNT_UNITS = (
    r"(?P<month>(?:か|ヶ|ケ|カ|ヵ|箇)月間?)"
    r"|(?P<year>年間?)|(?P<week>週間?)|(?P<day>日間?)"
    r"|(?P<other>回|個|筆|件|人|名|棟|戸|室|区画|口|株|枚|台|本|通|社|期|歳|才|つ"
    r"|箇所|か所|ヶ所|カ所)"
)
_COUNT = re.compile(r"([-+]?)(.*?)(?:" + _COUNT_UNITS + r")?")
_UNIT_WORD = re.compile(_COUNT_UNITS)


def _time_kind(match: re.Match[str] | None) -> str | None:
    if match is None:
        return None
    for kind in ("month", "year", "week", "day"):
        if match.group(kind):
            return kind
    return None


@_guard
def parse_int(s: str, *, min: int | None = None, max: int | None = None, unit: str = "") -> int:
    """A whole count such as ``12``, ``12か月``, ``3筆``, ``十二か月``.

    ``unit`` (e.g. ``"か月"``) is used in messages; in addition, a typed time
    unit (年・か月・週・日) that differs from a time ``unit`` is refused.
    """
    t = _kanji_to_digits(_prepare(s, "数を入力してください"))
    m = _COUNT.fullmatch(t)
    value = _parse_number(m.group(2)) if m else None
    if value is None:
        raise ParseError(f"数字で入力してください（例: 12{unit}）")
    field_kind = _time_kind(_UNIT_WORD.fullmatch(unicodedata.normalize("NFKC", unit or "")))
    typed_kind = _time_kind(m)
    if field_kind and typed_kind and field_kind != typed_kind:
        raise ParseError(f"{unit}の数で入力してください（例: 12{unit}）", "unit")
    if value.denominator != 1:
        raise ParseError(f"整数で入力してください（例: 12{unit}）", "not_integer")
    result = int(value)
    if cast("re.Match[str]", m).group(1) == "-":
        result = -result
    _check_range(result, min, max, lambda v: f"{v}{unit}")
    return result


# ---------------------------------------------------------------------------
# Dates
# ---------------------------------------------------------------------------

# name, latin initial, first day, last day (inclusive)
_ERAS = (
    ("明治", "M", date(1868, 1, 25), date(1912, 7, 29)),
    ("大正", "T", date(1912, 7, 30), date(1926, 12, 24)),
    ("昭和", "S", date(1926, 12, 25), date(1989, 1, 7)),
    ("平成", "H", date(1989, 1, 8), date(2019, 4, 30)),
    ("令和", "R", date(2019, 5, 1), None),
)
_ERA_INDEX = {}
for _i, (_name, _initial, _start, _end) in enumerate(_ERAS):
    _ERA_INDEX[_name] = _ERA_INDEX[_name[0]] = _ERA_INDEX[_initial] = _i

_NUM = r"[0-9十]+"
_WEEKDAY = r"(?:\(([月火水木金土日])(?:曜日?)?\))?"
_WAREKI = re.compile(
    r"(明治|大正|昭和|平成|令和|[明大昭平令MTSHR])(元|[0-9十百]+)"
    rf"(?:年({_NUM})月({_NUM})日?|([./-])({_NUM})\5({_NUM})){_WEEKDAY}",
    re.IGNORECASE,
)
_SEIREKI = re.compile(
    rf"(?:西暦)?([0-9]{{4}})(?:年({_NUM})月({_NUM})日?|([./-])({_NUM})\4({_NUM})){_WEEKDAY}"
)
_COMPACT_DATE = re.compile(rf"([0-9]{{4}})([0-9]{{2}})([0-9]{{2}}){_WEEKDAY}")
_DATE_INVALID = "日付は 2024年7月1日、令和6年7月1日、R6.7.1 のように入力してください"


def _date_number(text: str) -> int:
    value = _parse_number(text, big_units=False)
    if value is None or value.denominator != 1:
        raise ParseError(_DATE_INVALID)
    return int(value)


def _seireki_text(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def _wareki_year_text(year: int) -> str:
    return "元" if year == 1 else str(year)


def _wareki_parts(d: date) -> tuple[str, int]:
    for name, _initial, start, _end in reversed(_ERAS):
        if d >= start:
            return name, d.year - start.year + 1
    raise ValueError("明治より前の日付は和暦で表示できません")


def _wareki_text(d: date) -> str:
    name, year = _wareki_parts(d)
    return f"{name}{_wareki_year_text(year)}年{d.month}月{d.day}日"


@_guard
def parse_date(s: str) -> date:
    """A date in 西暦 (``2024-07-01``, ``2024年7月1日``, ``20240701`` …) or 和暦
    (``令和6年7月1日``, ``R6.7.1``, ``平13.1.15``, ``令和元年5月1日`` …)."""
    try:
        t = _kanji_to_digits(_prepare(s, "日付を入力してください"))
    except ParseError as exc:
        if exc.kind == "invalid":
            raise ParseError(_DATE_INVALID) from None
        raise
    era = None
    if m := _WAREKI.fullmatch(t):
        era = _ERA_INDEX[m.group(1).upper()]
        year = 1 if m.group(2) == "元" else _date_number(m.group(2))
        month_text, day_text = (m.group(3), m.group(4)) if m.group(3) else (m.group(6), m.group(7))
        weekday = m.group(8)
        if year == 0:
            raise ParseError(
                f"{_ERAS[era][0]}0年はありません（元年＝1年から数えます）", "no_date"
            )
        western_year = _ERAS[era][2].year + year - 1
        label = f"{_ERAS[era][0]}{_wareki_year_text(year)}年"
    elif m := (_SEIREKI.fullmatch(t) or _COMPACT_DATE.fullmatch(t)):
        western_year = int(m.group(1))
        if m.re is _SEIREKI:
            month_text, day_text = (m.group(2), m.group(3)) if m.group(2) else (m.group(5), m.group(6))
            weekday = m.group(7)
        else:
            month_text, day_text, weekday = m.group(2), m.group(3), m.group(4)
        label = f"{western_year}年"
    else:
        raise ParseError(_DATE_INVALID)
    month, day = _date_number(month_text), _date_number(day_text)

    if not 1 <= month <= 12:
        raise ParseError("存在しない日付です（月は1〜12で入力してください）", "no_date")
    last_day = calendar.monthrange(2000 if calendar.isleap(western_year) else 2001, month)[1]
    if not 1 <= day <= last_day:
        raise ParseError(f"存在しない日付です（{label}{month}月は{last_day}日までです）", "no_date")
    ymd = (western_year, month, day)

    if era is not None:
        name, _initial, start, end = _ERAS[era]
        if ymd < (start.year, start.month, start.day):
            text = f"{name}は元年{start.month}月{start.day}日からです。"
            if era > 0:
                prev_name = _ERAS[era - 1][0]
                text += f"{_wareki_text(cast(date, _ERAS[era - 1][3]))}以前は{prev_name}で入力してください"
            else:
                text += "それより前の日付は入力できません"
            raise ParseError(text, "era")
        if end is not None and ymd > (end.year, end.month, end.day):
            next_start = _ERAS[era + 1][2]
            raise ParseError(
                f"{name}は{end.year - start.year + 1}年{end.month}月{end.day}日までです。"
                f"{_wareki_text(next_start)}以降は{_ERAS[era + 1][0]}で入力してください",
                "era",
            )
    if not (MIN_DATE.year, 1, 1) <= ymd <= (MAX_DATE.year, 12, 31):
        raise ParseError(
            f"{_seireki_text(MIN_DATE)}から{_seireki_text(MAX_DATE)}までの日付を入力してください",
            "range",
        )
    result = date(western_year, month, day)
    if weekday is not None and "月火水木金土日"[result.weekday()] != weekday:
        actual = "月火水木金土日"[result.weekday()]
        raise ParseError(f"曜日が日付と合いません（{label}{month}月{day}日は{actual}曜日です）", "weekday")
    return result


# ---------------------------------------------------------------------------
# Formatting
# ---------------------------------------------------------------------------


def format_yen(n: int) -> str:
    """``1056000`` → ``1,056,000円``; ``-1000`` → ``-1,000円``."""
    return f"{n:,}円"


def format_man(n: int) -> str:
    """``30000000`` → ``3,000万円``; ``120005000`` → ``1億2,000万5,000円``; ``0`` → ``0円``."""
    if n < 0:
        return "-" + format_man(-n)
    if n == 0:
        return "0円"
    parts = []
    for unit, size in (("兆", 10**12), ("億", 10**8), ("万", 10**4)):
        count, n = divmod(n, size)
        if count:
            parts.append(f"{count:,}{unit}")
    if n:
        parts.append(f"{n:,}")
    return "".join(parts) + "円"


def format_wareki(d: date) -> str:
    """``date(2024, 7, 1)`` → ``令和6年7月1日``; year 1 is written ``元年``."""
    return _wareki_text(d)


def format_date(d: date) -> str:
    """``date(2024, 7, 1)`` → ``2024年7月1日（令和6年）``."""
    text = _seireki_text(d)
    if d >= _ERAS[0][2]:
        name, year = _wareki_parts(d)
        text += f"（{name}{_wareki_year_text(year)}年）"
    return text


def format_percent(fr: Fraction) -> str:
    """A rate (fraction of 1) as a percentage: ``14.6%``, ``3%``, ``0.1096%``.

    Exact when the decimal ends within 6 places, otherwise rounded to 4
    places and marked: ``33.3333…%``.
    """
    return _decimal_str(Fraction(fr) * 100) + "%"
