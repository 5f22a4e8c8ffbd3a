"""Calendar arithmetic shared by the calculators: months, legal periods, whole years, readable durations."""
from __future__ import annotations

import calendar
from datetime import date, timedelta


def add_months(start: date, months: int) -> date:
    """The same day `months` months later, clamped to the end of a shorter month."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def period_end(event: date, months: int) -> date:
    """Last day of a period of `months` months that runs from the day after `event`.

    民法140条: the first day is not counted, so the period starts the next day. 143条2項: it ends on
    the day before the day of the last month that corresponds to the start day; if that month has
    no such day, on its last day. E.g. 2025-03-10 → starts 03-11 → 6 months end 2025-09-10.
    """
    start = event + timedelta(days=1)
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    last = calendar.monthrange(year, month)[1]
    if start.day <= last:
        return date(year, month, start.day) - timedelta(days=1)
    return date(year, month, last)


def year_end(first: date, years: int) -> date:
    """Last day of a period of `years` years whose first counted day is `first` (民法143条2項: the day
    before the corresponding day; a 29 February start with no 29 February in the last year ends on
    28 February, the end of that month). E.g. first 2022-11-01, 1 year → 2023-10-31."""
    y = first.year + years
    if first.month == 2 and first.day == 29 and not calendar.isleap(y):
        return date(y, 2, 28)
    return date(y, first.month, first.day) - timedelta(days=1)


def whole_years(first: date, last: date) -> int:
    """Number of whole years in the days first … last (both counted), by `year_end`."""
    k = max(0, last.year - first.year)
    while k > 0 and year_end(first, k) > last:
        k -= 1
    return k


def period_text(months: int) -> str:
    """100 → '8年4か月', 12 → '1年', 5 → '5か月'."""
    years, rest = divmod(months, 12)
    if years and rest:
        return f"{years}年{rest}か月"
    if years:
        return f"{years}年"
    return f"{rest}か月"
