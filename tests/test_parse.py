"""Tests for calc.parse.  Expected values are written out by hand."""

import sys
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

ROOT = str(Path(__file__).resolve().parents[1])
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

from calc.parse import (  # noqa: E402
    HugeNumber,
    ParseError,
    as_text,
    format_date,
    format_man,
    format_percent,
    format_wareki,
    format_yen,
    normalize,
    parse_date,
    parse_int,
    parse_percent,
    parse_ratio,
    parse_yen,
)


def error_of(func, text, **kwargs) -> ParseError:
    with pytest.raises(ParseError) as info:
        func(text, **kwargs)
    err = info.value
    assert isinstance(err, ValueError)
    assert isinstance(err.message, str) and err.message
    assert str(err) == err.message
    return err


# ---------------------------------------------------------------------------
# normalize
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("１２３", "123"),
        ("　１，０００ 円 ", "1000 円"),
        ("1、000、000", "1000000"),
        ("1\u2009000\u2009000", "1000000"),
        ("1 000", "1000"),
        ("−5", "-5"),
        ("ー5", "-5"),
        ("－5", "-5"),
        ("‐5", "-5"),
        ("１４．６％", "14.6%"),
        ("２０２４ー０７ー０１", "2024-07-01"),
        ("㍻13年", "平成13年"),
        ("\u200b12\ufeff", "12"),
        ("コーヒー", "コーヒー"),
        ("", ""),
    ],
)
def test_normalize(text, expected):
    assert normalize(text) == expected


@pytest.mark.parametrize("text", ["12,34", "1,2345", "1234,567", "0.5,000", "1、2"])
def test_normalize_rejects_bad_grouping(text):
    assert error_of(normalize, text).kind == "invalid"


def test_too_long_input():
    assert error_of(normalize, "1" * 201).kind == "too_long"
    assert error_of(parse_yen, "1" * 201).kind == "too_long"
    assert error_of(parse_date, "1" * 201).kind == "too_long"
    assert normalize("1" * 200) == "1" * 200


# ---------------------------------------------------------------------------
# parse_yen
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("3000000", 3000000),
        ("3,000,000", 3000000),
        ("３０００万", 30000000),
        ("3,000万円", 30000000),
        ("3000万円", 30000000),
        ("1億2,000万", 120000000),
        ("1億2000万円", 120000000),
        ("１億", 100000000),
        ("2.5万", 25000),
        ("30万5千円", 305000),
        ("5千円", 5000),
        ("千円", 1000),
        ("5千万円", 50000000),
        ("1億2千万", 120000000),
        ("¥1,000", 1000),
        ("￥1,000", 1000),
        ("\\1,000", 1000),
        ("1,000円", 1000),
        ("1000 円", 1000),
        ("１，０００円", 1000),
        ("1\u2009000\u2009000円", 1000000),
        ("金3,000,000円", 3000000),
        ("金3,000,000円也", 3000000),
        ("3000万5", 30000005),
        ("3000万5円", 30000005),
        ("1億5000", 100005000),
        ("1億2,000万5,000円", 120005000),
        ("1兆", 1000000000000),
        ("0", 0),
        ("0円", 0),
        ("-0", 0),
        ("+500", 500),
        ("1.5億", 150000000),
        # kanji numerals
        ("三千万", 30000000),
        ("三千万円", 30000000),
        ("一億二千万円", 120000000),
        ("百万円", 1000000),
        ("千五百円", 1500),
        ("十万", 100000),
        ("二〇二四円", 2024),
        ("金壱千萬円", 10000000),
        ("金弐百参拾萬円也", 2300000),
        ("1億二千万", 120000000),
    ],
)
def test_parse_yen_accepts(text, expected):
    assert parse_yen(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("-1,000", -1000),
        ("−1,000円", -1000),
        ("ー1000円", -1000),
        ("△1,000", -1000),
        ("¥-1,000", -1000),
        ("-¥1,000", -1000),
        ("-3000万円", -30000000),
    ],
)
def test_parse_yen_negative_allowed(text, expected):
    assert parse_yen(text, allow_negative=True) == expected


@pytest.mark.parametrize(
    "text, kind",
    [
        ("", "empty"),
        ("   ", "empty"),
        ("　", "empty"),
        ("abc", "invalid"),
        ("円", "invalid"),
        ("万", "invalid"),
        ("万円", "invalid"),
        ("1万2億", "invalid"),
        ("1億1億", "invalid"),
        ("1億12000万", "invalid"),
        ("3000万50000", "invalid"),
        ("3千5千", "invalid"),
        ("12千", "invalid"),
        ("5千3000", "invalid"),
        ("1.5億3000万", "invalid"),
        ("1e5", "invalid"),
        ("0x10", "invalid"),
        ("1.2.3", "invalid"),
        ("1.", "invalid"),
        ("12,34", "invalid"),
        ("1,2345", "invalid"),
        ("1 5000", "invalid"),
        ("１２三", "invalid"),
        ("1000円円", "invalid"),
        ("約1000円", "invalid"),
        ("1000ドル", "invalid"),
        ("-¥-1000", "invalid"),
        ("1.5円", "fraction"),
        ("1.23456万", "fraction"),
        ("0.5", "fraction"),
        ("-1000", "negative"),
        ("−1000", "negative"),
        ("△1,000", "negative"),
        ("10兆", "too_large"),
        ("10000000000000", "too_large"),
    ],
)
def test_parse_yen_rejects(text, kind):
    assert error_of(parse_yen, text).kind == kind


def test_parse_yen_messages():
    assert error_of(parse_yen, "").message == "金額を入力してください"
    assert error_of(parse_yen, "abc").message == "金額は数字で入力してください（例: 3,000万円）"
    assert error_of(parse_yen, "-1").message == "0円以上で入力してください"
    assert "1円単位" in error_of(parse_yen, "1.5円").message
    assert error_of(parse_yen, "10兆").message.startswith("金額が大きすぎます")


def test_parse_yen_limits():
    assert parse_yen("9999999999999") == 9999999999999
    assert parse_yen("9兆9,999億9,999万9,999円") == 9999999999999
    assert parse_yen("1000", max_yen=1000) == 1000
    assert error_of(parse_yen, "1001", max_yen=1000).kind == "too_large"
    assert error_of(parse_yen, "-1001", max_yen=1000, allow_negative=True).kind == "too_large"
    assert parse_yen("100兆", max_yen=None) == 100000000000000


# ---------------------------------------------------------------------------
# parse_percent / parse_ratio
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("14.6", Fraction(73, 500)),
        ("14.6%", Fraction(73, 500)),
        ("１４．６％", Fraction(73, 500)),
        ("年14.6%", Fraction(73, 500)),
        ("年率14.6％", Fraction(73, 500)),
        ("年利14.6%", Fraction(73, 500)),
        ("14.6パーセント", Fraction(73, 500)),
        ("1割4分6厘", Fraction(73, 500)),
        ("0.7", Fraction(7, 1000)),
        ("3%", Fraction(3, 100)),
        ("3", Fraction(3, 100)),
        (".5%", Fraction(1, 200)),
        ("0.1096%", Fraction(137, 125000)),
        ("100%", Fraction(1)),
        ("0", Fraction(0)),
        ("-0.5%", Fraction(-1, 200)),
    ],
)
def test_parse_percent_accepts(text, expected):
    assert parse_percent(text) == expected


@pytest.mark.parametrize(
    "text, kind",
    [
        ("", "empty"),
        ("abc", "invalid"),
        ("%", "invalid"),
        ("14.6%%", "invalid"),
        ("月1%", "invalid"),
        ("14,6", "invalid"),
        ("1万%", "invalid"),
        ("7割%", "invalid"),
        ("1.2.3%", "invalid"),
    ],
)
def test_parse_percent_rejects(text, kind):
    assert error_of(parse_percent, text).kind == kind


def test_parse_percent_range():
    assert parse_percent("100", min=Fraction(0), max=Fraction(1)) == Fraction(1)
    assert parse_percent("0", min=Fraction(0), max=Fraction(1)) == Fraction(0)
    err = error_of(parse_percent, "101", min=Fraction(0), max=Fraction(1))
    assert err.kind == "range"
    assert err.message == "0%以上100%以下で入力してください"
    err = error_of(parse_percent, "-1", min=Fraction(0))
    assert err.message == "0%以上で入力してください"
    err = error_of(parse_percent, "30%", max=Fraction(73, 500))
    assert err.message == "14.6%以下で入力してください"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("0.7", Fraction(7, 10)),
        ("０．７", Fraction(7, 10)),
        ("0.7倍", Fraction(7, 10)),
        ("70%", Fraction(7, 10)),
        ("７割", Fraction(7, 10)),
        ("7割5分", Fraction(3, 4)),
        ("七割五分", Fraction(3, 4)),
        ("7割5分3厘", Fraction(753, 1000)),
        ("5分", Fraction(1, 20)),
        ("7.5割", Fraction(3, 4)),
        ("1", Fraction(1)),
        ("1.2", Fraction(6, 5)),
    ],
)
def test_parse_ratio_accepts(text, expected):
    assert parse_ratio(text) == expected


@pytest.mark.parametrize(
    "text, kind",
    [
        ("", "empty"),
        ("abc", "invalid"),
        ("7割15分", "invalid"),
        ("7.5割5分", "invalid"),
        ("割", "invalid"),
        ("7割倍", "invalid"),
        ("0.7倍%", "invalid"),
    ],
)
def test_parse_ratio_rejects(text, kind):
    assert error_of(parse_ratio, text).kind == kind


def test_parse_ratio_range():
    err = error_of(parse_ratio, "1.5", min=Fraction(0), max=Fraction(1))
    assert err.kind == "range"
    assert err.message == "0以上1以下で入力してください"
    assert parse_ratio("1", min=Fraction(0), max=Fraction(1)) == Fraction(1)


# ---------------------------------------------------------------------------
# parse_int
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("12", 12),
        ("１２", 12),
        ("12か月", 12),
        ("12ヶ月", 12),
        ("12カ月", 12),
        ("12ヵ月", 12),
        ("12ｹ月", 12),
        ("12箇月", 12),
        ("12か月間", 12),
        ("12回", 12),
        ("3個", 3),
        ("3筆", 3),
        ("5年", 5),
        ("5年間", 5),
        ("十二か月", 12),
        ("1,000", 1000),
        ("12 か月", 12),
        ("0", 0),
        ("-3", -3),
    ],
)
def test_parse_int_accepts(text, expected):
    assert parse_int(text) == expected


def test_parse_int_units():
    assert parse_int("12か月", unit="か月") == 12
    assert parse_int("12", unit="か月") == 12
    assert parse_int("5年", unit="年") == 5
    assert parse_int("3筆", unit="か月") == 3
    err = error_of(parse_int, "5年", unit="か月")
    assert err.kind == "unit"
    assert err.message == "か月の数で入力してください（例: 12か月）"
    assert error_of(parse_int, "12か月", unit="年").kind == "unit"


@pytest.mark.parametrize(
    "text, kind",
    [
        ("", "empty"),
        ("abc", "invalid"),
        ("か月", "invalid"),
        ("12か月か月", "invalid"),
        ("1 2", "invalid"),
        ("1.5", "not_integer"),
        ("1.5か月", "not_integer"),
    ],
)
def test_parse_int_rejects(text, kind):
    assert error_of(parse_int, text).kind == kind


def test_parse_int_range():
    assert parse_int("1", min=1, max=120) == 1
    assert parse_int("120", min=1, max=120) == 120
    err = error_of(parse_int, "0", min=1, max=120, unit="か月")
    assert err.kind == "range"
    assert err.message == "1か月以上120か月以下で入力してください"
    assert error_of(parse_int, "121", min=1, max=120).kind == "range"
    assert error_of(parse_int, "-1", min=0).message == "0以上で入力してください"
    assert error_of(parse_int, "abc", unit="筆").message == "数字で入力してください（例: 12筆）"


# ---------------------------------------------------------------------------
# parse_date
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2024-07-01", date(2024, 7, 1)),
        ("2024/7/1", date(2024, 7, 1)),
        ("2024.7.1", date(2024, 7, 1)),
        ("2024年7月1日", date(2024, 7, 1)),
        ("2024年7月1", date(2024, 7, 1)),
        ("西暦2024年7月1日", date(2024, 7, 1)),
        ("20240701", date(2024, 7, 1)),
        ("２０２４／０７／０１", date(2024, 7, 1)),
        ("2024ー07ー01", date(2024, 7, 1)),
        ("2024 / 7 / 1", date(2024, 7, 1)),
        ("2024年7月1日(月)", date(2024, 7, 1)),
        ("2024年7月1日（月曜日）", date(2024, 7, 1)),
        ("二〇二四年七月一日", date(2024, 7, 1)),
        ("令和6年7月1日", date(2024, 7, 1)),
        ("令和 6年 7月 1日", date(2024, 7, 1)),
        ("令和六年七月一日", date(2024, 7, 1)),
        ("令和六年十二月二十五日", date(2024, 12, 25)),
        ("令和元年5月1日", date(2019, 5, 1)),
        ("R6.7.1", date(2024, 7, 1)),
        ("R6/7/1", date(2024, 7, 1)),
        ("R6-7-1", date(2024, 7, 1)),
        ("r6.7.1", date(2024, 7, 1)),
        ("Ｒ６．７．１", date(2024, 7, 1)),
        ("R06.07.01", date(2024, 7, 1)),
        ("R元.5.1", date(2019, 5, 1)),
        ("令6.7.1", date(2024, 7, 1)),
        ("H13.1.15", date(2001, 1, 15)),
        ("h13.1.15", date(2001, 1, 15)),
        ("平成13年1月15日", date(2001, 1, 15)),
        ("平13.1.15", date(2001, 1, 15)),
        ("㍻13年1月15日", date(2001, 1, 15)),
        ("㋿6年7月1日", date(2024, 7, 1)),
        ("S64.1.7", date(1989, 1, 7)),
        ("昭和64年1月7日", date(1989, 1, 7)),
        ("㍼64年1月7日", date(1989, 1, 7)),
        ("T15.12.24", date(1926, 12, 24)),
        ("大正15年12月24日", date(1926, 12, 24)),
        ("M45.7.29", date(1912, 7, 29)),
        ("明治45年7月29日", date(1912, 7, 29)),
        ("明治33年1月1日", date(1900, 1, 1)),
        ("令和182年12月31日", date(2200, 12, 31)),
        ("令和6年2月29日", date(2024, 2, 29)),
        ("2000-02-29", date(2000, 2, 29)),
    ],
)
def test_parse_date_accepts(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "before, after",
    [
        # 明治 → 大正
        (("明治45年7月29日", "M45.7.29"), date(1912, 7, 29)),
        (("大正元年7月30日", "T1.7.30"), date(1912, 7, 30)),
        # 大正 → 昭和
        (("大正15年12月24日", "T15.12.24"), date(1926, 12, 24)),
        (("昭和元年12月25日", "S1.12.25"), date(1926, 12, 25)),
        # 昭和 → 平成
        (("昭和64年1月7日", "S64.1.7"), date(1989, 1, 7)),
        (("平成元年1月8日", "H1.1.8"), date(1989, 1, 8)),
        # 平成 → 令和
        (("平成31年4月30日", "H31.4.30"), date(2019, 4, 30)),
        (("令和元年5月1日", "R1.5.1"), date(2019, 5, 1)),
    ],
)
def test_era_boundaries_accepted(before, after):
    for text in before:
        assert parse_date(text) == after


@pytest.mark.parametrize(
    "text",
    [
        "明治45年7月30日",
        "大正元年7月29日",
        "大正15年12月25日",
        "昭和元年12月24日",
        "昭和64年1月8日",
        "S64.1.8",
        "平成元年1月7日",
        "H1.1.7",
        "平成31年5月1日",
        "H31.5.1",
        "平成32年1月1日",
        "令和元年4月30日",
        "R1.4.30",
    ],
)
def test_era_boundaries_rejected(text):
    assert error_of(parse_date, text).kind == "era"


def test_era_messages():
    assert error_of(parse_date, "平成31年5月1日").message == (
        "平成は31年4月30日までです。令和元年5月1日以降は令和で入力してください"
    )
    assert error_of(parse_date, "令和元年4月30日").message == (
        "令和は元年5月1日からです。平成31年4月30日以前は平成で入力してください"
    )
    assert error_of(parse_date, "昭和64年1月8日").message == (
        "昭和は64年1月7日までです。平成元年1月8日以降は平成で入力してください"
    )


def test_era_format_boundaries():
    assert format_wareki(date(1989, 1, 7)) == "昭和64年1月7日"
    assert format_wareki(date(1989, 1, 8)) == "平成元年1月8日"
    assert format_wareki(date(2019, 4, 30)) == "平成31年4月30日"
    assert format_wareki(date(2019, 5, 1)) == "令和元年5月1日"
    assert format_wareki(date(1912, 7, 29)) == "明治45年7月29日"
    assert format_wareki(date(1912, 7, 30)) == "大正元年7月30日"
    assert format_wareki(date(1926, 12, 24)) == "大正15年12月24日"
    assert format_wareki(date(1926, 12, 25)) == "昭和元年12月25日"


@pytest.mark.parametrize(
    "text, kind",
    [
        ("", "empty"),
        ("abc", "invalid"),
        ("2024", "invalid"),
        ("2024年7月", "invalid"),
        ("24/7/1", "invalid"),
        ("6.7.1", "invalid"),
        ("2024/7-1", "invalid"),
        ("R6.7/1", "invalid"),
        ("2024,7,1", "invalid"),
        ("2024-07-01T00:00", "invalid"),
        ("X6.7.1", "invalid"),
        ("2023年2月29日", "no_date"),
        ("2023-02-29", "no_date"),
        ("令和6年13月1日", "no_date"),
        ("令和6年0月1日", "no_date"),
        ("令和6年4月31日", "no_date"),
        ("2024-07-00", "no_date"),
        ("令和0年5月1日", "no_date"),
        ("R0.5.1", "no_date"),
        ("1899-12-31", "range"),
        ("2201-01-01", "range"),
        ("0000-01-01", "range"),
        ("令和183年1月1日", "range"),
        ("明治32年12月31日", "range"),
        ("2024年7月1日(火)", "weekday"),
    ],
)
def test_parse_date_rejects(text, kind):
    assert error_of(parse_date, text).kind == kind


def test_parse_date_messages():
    assert error_of(parse_date, "2023年2月29日").message.startswith("存在しない日付です")
    assert error_of(parse_date, "令和6年13月1日").message.startswith("存在しない日付です")
    assert error_of(parse_date, "1899-12-31").message == (
        "1900年1月1日から2200年12月31日までの日付を入力してください"
    )


# ---------------------------------------------------------------------------
# formatting
# ---------------------------------------------------------------------------


def test_format_yen():
    assert format_yen(1056000) == "1,056,000円"
    assert format_yen(0) == "0円"
    assert format_yen(-1000) == "-1,000円"


def test_format_man():
    assert format_man(30000000) == "3,000万円"
    assert format_man(120000000) == "1億2,000万円"
    assert format_man(120005000) == "1億2,000万5,000円"
    assert format_man(100005000) == "1億5,000円"
    assert format_man(0) == "0円"
    assert format_man(5) == "5円"
    assert format_man(10000) == "1万円"
    assert format_man(9999999999999) == "9兆9,999億9,999万9,999円"
    assert format_man(-30000000) == "-3,000万円"


def test_format_dates():
    assert format_date(date(2024, 7, 1)) == "2024年7月1日（令和6年）"
    assert format_date(date(2019, 5, 1)) == "2019年5月1日（令和元年）"
    assert format_date(date(1989, 1, 7)) == "1989年1月7日（昭和64年）"
    assert format_wareki(date(2024, 7, 1)) == "令和6年7月1日"
    assert format_wareki(date(2019, 5, 1)) == "令和元年5月1日"


def test_format_percent():
    assert format_percent(Fraction(73, 500)) == "14.6%"
    assert format_percent(Fraction(3, 100)) == "3%"
    assert format_percent(Fraction(137, 125000)) == "0.1096%"
    assert format_percent(Fraction(0)) == "0%"
    assert format_percent(Fraction(1)) == "100%"
    assert format_percent(Fraction(1, 100000000)) == "0.000001%"
    assert format_percent(Fraction(1, 3)) == "33.3333…%"
    assert format_percent(Fraction(2, 3)) == "66.6667…%"
    assert format_percent(Fraction(1, 700)) == "0.1429…%"
    assert format_percent(Fraction(-1, 20)) == "-5%"


# ---------------------------------------------------------------------------
# property tests
# ---------------------------------------------------------------------------

NUMBERISH = st.text(
    alphabet="0123456789０１２３.,、 -−ー+%％¥￥\\金円也万億兆千百十一二三〇壱萬割分厘倍年月日か月ヶ回RHS令和平成元/()",
    max_size=30,
)
PARSERS = [
    (normalize, str),
    (parse_yen, int),
    (lambda s: parse_yen(s, allow_negative=True, max_yen=None), int),
    (parse_percent, Fraction),
    (lambda s: parse_percent(s, min=Fraction(0), max=Fraction(1)), Fraction),
    (parse_ratio, Fraction),
    (parse_int, int),
    (lambda s: parse_int(s, min=1, max=120, unit="か月"), int),
    (parse_date, date),
]


def check_total(text):
    for func, result_type in PARSERS:
        try:
            result = func(text)
        except ParseError as err:
            assert isinstance(err.message, str) and err.message
            assert err.kind != "internal", (text, err.__cause__)
        else:
            assert type(result) is result_type


@given(st.text())
def test_any_text_gives_value_or_parse_error(text):
    check_total(text)


@given(NUMBERISH)
def test_numberish_text_gives_value_or_parse_error(text):
    check_total(text)


@given(st.text(min_size=150, max_size=400))
def test_long_text_gives_value_or_parse_error(text):
    check_total(text)


@given(st.integers(min_value=0, max_value=10**13 - 1))
def test_yen_round_trip(n):
    assert parse_yen(format_yen(n)) == n
    assert parse_yen(format_man(n)) == n
    assert parse_yen(format_yen(-n), allow_negative=True) == -n
    assert parse_yen(format_man(-n), allow_negative=True) == -n


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31)))
def test_date_round_trip(d):
    assert parse_date(d.isoformat()) == d
    assert parse_date(format_wareki(d)) == d
    assert parse_date(format_date(d).split("（")[0]) == d


@given(st.fractions(min_value=0, max_value=10, max_denominator=10**6))
def test_percent_round_trip(fr):
    text = format_percent(fr)
    if "…" not in text:
        assert parse_percent(text) == fr


def test_every_day_of_era_changes():
    # sweep a week around each era change in both directions
    for start in (date(1912, 7, 30), date(1926, 12, 25), date(1989, 1, 8), date(2019, 5, 1)):
        for offset in range(-3, 4):
            d = start + timedelta(days=offset)
            assert parse_date(format_wareki(d)) == d


# ---------------------------------------------------------------------------
# as_text: what JSON can carry into a field
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, expected",
    [
        (None, ""),
        ("３千万", "３千万"),
        (30000000, "30000000"),
        (-5, "-5"),
        (10**199, "1" + "0" * 199),   # 200 digits: the parsers' own limit
        (3.0e7, "30000000.0"),        # parse_yen reads it as 30,000,000
        (1e20, "100000000000000000000"),
        (12.5, "12.5"),
        (0.1, "0.1"),                  # repr, not the binary value 0.1000000000000000055…
        (Decimal("14.6"), "14.6"),
        (Decimal("1E+3"), "1000"),
    ],
)
def test_as_text(value, expected):
    assert as_text(value) == expected


@pytest.mark.parametrize(
    "value, kind",
    [
        (10**5000, "too_large"),       # str() of it would raise (over 4,300 digits)
        (-(10**300), "too_large"),
        (HugeNumber(5000), "too_large"),
        (float("inf"), "too_large"),
        (Decimal("1e400"), "too_large"),
        (Decimal("1e-400"), "too_long"),
        (float("nan"), "invalid"),
        (True, "invalid"),
        ([1], "invalid"),
        ({"a": 1}, "invalid"),
        (b"123", "invalid"),
    ],
    ids=["int-5000-digits", "int-301-digits", "json-5000-digits", "inf", "1e400", "1e-400", "nan", "bool",
         "list", "dict", "bytes"],
)
def test_as_text_refuses(value, kind):
    err = error_of(as_text, value)
    assert err.kind == kind


def test_as_text_nested_list_does_not_recurse():
    deep = []
    for _ in range(100_000):       # repr() of this would raise RecursionError
        deep = [deep]
    assert error_of(as_text, deep).kind == "invalid"
