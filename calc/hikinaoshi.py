"""利息制限法による引き直し計算（過払金）— the engine, as pure functions (no UI).

    recalculate(transactions, settings) -> Ledger        one 取引 (一連計算)
    compare(transactions, settings) -> Comparison          一連計算 and 分断計算 side by side
    ledger_csv(ledger) -> str                              the 計算書 as CSV (header row, UTF-8 text)

Money is integer yen; rates are exact `Fraction`s; every conversion of an exact amount to yen goes
through `PERIOD_FLOOR`. The rules, each a `Settings` field (defaults first) with its source:

rate (`rate_mode`)
    "hanrei" (default) — 利息制限法1条 (元本10万円未満 20%・100万円未満 18%・以上 15%) applied as
    最判平成22年4月20日 民集64巻3号921頁 says for a 継続的取引: the 元本 is, at each borrowing, the
    引き直し後の従前の残元本 + the new borrowing; when that total reaches a lower tier the rate steps
    down, and it never rises again, even when the balance later falls below 10万円 or to zero
    (「いったん無効となった利息の約定が有効になることはない」). Repayments never change the rate.
    A borrowing while 過払金 exists (`tier_base`): no source decides which 元本 sets the tier.
    "gross" (default): the whole borrowing (従前の残元本 0) — the reading that favours the borrower.
    "net": what is left of the borrowing after 過払利息 and 過払金 are applied to it (最判平成25年4月11日),
    i.e. the 元本 that actually remains. Each ledger records every borrowing at which the other reading
    would have given another rate (`tier_alternatives`), so a caller can show both results.
    "fixed" — the reader's rate for every period (e.g. a contract rate below the cap).

interest
    Simple interest (単利: 最判昭和31年7月3日), per period between consecutive rows, never compounded.
    Days (`first_day`): "exclude" (default, 片端入れ) — the days after one row's date up to and
    including the next row's date, i.e. the date difference (民法140条 初日不算入; 貸金業法施行規則 shows
    「借入日の当日から弁済日の前日まで」, the same count). "include" (初日算入・両端入れ) — in addition,
    the day on which a 元本 arises from nothing (a borrowing when nothing was owed) and the day on which
    a 過払金 arises from nothing are counted in the period that follows; every other day is still
    counted once. How a multi-row 両端入れ ledger counts is not settled by a source (tools offering
    「初日算入」: keiji.py, hou.nomaki.jp, TDON, Risokkey); this is our reading of 両端入れ for a ledger.
    Length of a year (`days_mode`), all three listed by 民事利息電卓 (minji-risoku-dentaku.yasuho.jp):
    "kakunen" (default, 各年計算): each day is divided by the length of its own calendar year (366 in a
    leap year, 365 otherwise) — 「過払金請求の実務などにおいてよく用いられている」 (民事利息電卓); the
    引き直し practice uses 366 in a leap year even if the contract says 365 (shomin-law.com).
    "nen_hi" (年＋日, 端数期間暦年): whole years counted from the first counted day of the period are one
    year each at the annual rate (民法143条), and only the remaining days are divided by 365 or 366 by
    their calendar year — the method of 東京地裁民事21部 and 岡山地裁 for interest and damages
    (courts.go.jp/okayama/saiban/tetuzuki/s11_2/; weblio「端数期間暦年閏年説」) and keiji.py's default.
    It differs from 各年計算 only for a period of a year or more. "365": always ÷365.
    Rounding: `PERIOD_FLOOR` — the year and day parts of one period are added exactly and the sum is
    floored to the yen once per period (頭脳集団's note that in theory the parts are added before
    truncating; 大阪地裁's manual truncates each part — a difference of at most 1円 per period).

payments (弁済の充当)
    A payment goes first to 未払利息 (interest accrued and not yet paid), then to 元本 (民法489条,
    改正前491条; 最大判昭和39年11月18日: the part over the cap goes to the remaining 元本). A payment
    smaller than the interest leaves the rest as 未払利息, carried and NOT added to 元本 (単利). A
    borrowing does not touch 未払利息 (chiba-bengoshi.pro's published 約定 ledger does the same).

過払金 (`kabarai_interest`)
    When payments exceed 未払利息 + 元本, the excess is 過払金 (shown, as in 名古屋式, as a negative
    残元金). 過払利息 (民法704条: the lender is presumed a 悪意の受益者, 最判平成19年7月13日) runs
    from the day each 過払金 arises (最判平成21年9月4日), simple, never added to 過払金.
    "tranche" (default): each 過払金 keeps the 法定利率 of the day it arose — 年5% before
    2020-04-01 (改正前民法404条; 附則15条1項 keeps 5% after the reform), 年3% on or after
    (民法404条2項; fixed at that first moment, 404条1項). 過払金 are kept as tranches by rate and
    by side of 2020-04-01 (dated by their first arising).
    "first": every 過払金 of one unbroken run of 過払い takes the rate of the day the run began
    (keiji.py's method; the question is undecided — tamachuo-law.com column-25).
    "none": no 過払利息.
    Rates come from calc.law.minpo (`minpo.hotei_riritsu`); a 過払金 arising on a day it does not
    cover (2029-04-01 or later) is refused rather than guessed.

borrowing while 過払金 exists (最判平成25年4月11日)
    The new borrowing is met first by the accrued 過払利息, then by the 過払金 (oldest tranche first —
    民法488条4項's order, an inference), and only the rest becomes 元本.

same-day rows (`same_day`)
    "input" (default): rows are sorted by date and rows of one day keep the order they were entered
    (取引履歴の記載順; Python's sort is stable). A history entered newest-first (dates never increase)
    is read bottom-up. A row with both amounts is a borrowing followed by a repayment.
    "borrow_first": on one day every borrowing comes before every repayment.

一連計算 / 分断計算 (`compare`)
    一連: one ledger for the whole history, 過払金 applied to later borrowings (最判平成15年7月18日,
    過払金充当合意). A gap (空白期間) is two consecutive transaction dates at least `gap_days` apart
    (default 365) where the later date begins with a borrowing and, in the 一連 ledger, nothing was
    owed after the earlier date (残元金 ≤ 0 and 未払利息 0: fully repaid on the 引き直し basis).
    分断: the history is cut at every gap and each part is computed on its own (rate tiers afresh, no
    充当 across parts, 過払利息 of each part to the 計算終了日) — the view of 最判平成19年2月13日 /
    平成20年1月18日 when the parts are separate 取引. Whether they are is a question of fact.

end (`end_date`)
    計算終了日: 利息 and 過払利息 accrue up to this date (a final row with no amounts, as in 名古屋式).

時効 (`limitation_date`)
    From 取引終了日 (the last transaction: 最判平成21年1月22日). 過払金 arising before 2020-04-01:
    10 years (改正前民法167条1項; 附則10条4項). Arising on/after: 10 years from when the right could be
    exercised or 5 years from when the reader knew (民法166条1項), whichever ends first. Periods end
    by 民法140条 (初日不算入) and 143条 (the day before the corresponding day; month end if none).
"""
from __future__ import annotations

import calendar
import csv
import functools
import io
import math
from dataclasses import dataclass, field
from datetime import date, timedelta
from fractions import Fraction
from collections.abc import Iterable, Sequence

from .law import OutOfRange, minpo, risoku, schedule
from .money import RoundingRule
from .periods import period_end, whole_years, year_end
from .parse import format_percent

@dataclass(frozen=True)
class PeriodRounding(RoundingRule):
    """A RoundingRule that also takes an exact amount as numerator/denominator, so the hot loop of
    a 1,000-row ledger need not build a Fraction per period; the result is `apply(Fraction(n, d))`."""

    def apply_ratio(self, numerator: int, denominator: int) -> int:
        if self.mode == "floor" and denominator > 0:
            return numerator // denominator
        return self.apply(Fraction(numerator, denominator))


PERIOD_FLOOR = PeriodRounding(
    "floor",
    "利息・過払利息: 取引と取引の間（1期間）ごとに、年・日の部分（丸1年、平年÷365・閏年÷366の日）を端数のまま"
    "合計してから円未満を切り捨て（期間ごとの切捨て）",
)
ONE_DAY = timedelta(days=1)
DAYS_MODES = ("kakunen", "nen_hi", "365")
REFORM_DAY = minpo.REFORM_DAY          # 平成29年法律第44号の施行日
MIN_DATE = risoku.RISOKU_START         # 利息制限法の施行日
_YEAR_UNIT = 365 * 366                 # days are weighed in units of 1/(365×366) year


class LedgerError(ValueError):
    """A problem with one input row (row = the reader's row index) or with the settings."""

    def __init__(self, message: str, row: int | None = None, column: str = "date"):
        super().__init__(message)
        self.message = message
        self.row = row
        self.column = column


@dataclass(frozen=True)
class Transaction:
    date: date
    borrow: int = 0
    repay: int = 0
    row: int | None = None             # index of the reader's input row


@dataclass(frozen=True)
class Settings:
    rate_mode: str = "hanrei"          # "hanrei" | "fixed"
    fixed_rate: Fraction | None = None
    days_mode: str = "kakunen"         # "kakunen" | "nen_hi" | "365"
    first_day: str = "exclude"         # "exclude" (片端) | "include" (初日算入・両端入れ)
    tier_base: str = "gross"           # borrowing while 過払金 exists: "gross" | "net" (of 過払金)
    kabarai_interest: str = "tranche"  # "tranche" | "first" | "none"
    same_day: str = "input"            # "input" | "borrow_first"
    end_date: date | None = None       # 計算終了日; None = the last transaction date
    gap_days: int = 365
    known_date: date | None = None     # 知った日 (5-year 時効 for 過払金 arising from 2020-04-01)


@dataclass(frozen=True)
class Event:
    date: date
    kind: str                          # "borrow" | "repay"
    amount: int
    row: int | None
    seq: int                           # position after ordering


@dataclass
class Tranche:
    amount: int
    rate: Fraction
    arose: date


@dataclass
class LedgerRow:
    date: date
    borrow: int
    repay: int
    rate_label: str                    # rate in force after this row (制限利率, or 過払利息の率)
    days: int
    interest: int                      # 利息 on 元本 for the period ending here
    unpaid: int                        # 未払利息 after this row
    balance: int                       # 残元金 after this row; negative = 過払金 (名古屋式)
    kabarai_interest: int              # 過払利息 accrued in the period ending here
    kabarai_interest_total: int        # accrued 過払利息 after this row
    note: str
    kind: str                          # "borrow" | "repay" | "end"
    row: int | None


@dataclass
class Ledger:
    rows: list[LedgerRow]
    settings: Settings
    principal: int                     # 残元金 (≥ 0) at the end date
    unpaid: int                        # 未払利息 at the end date
    kabarai: int                       # 過払金 (≥ 0) at the end date
    kabarai_interest: int              # accrued 過払利息 at the end date
    tranches: list[Tranche]
    first_kabarai_date: date | None
    start_date: date
    last_date: date                    # 取引終了日 (last transaction)
    end_date: date
    rate_changes: list[tuple[date, Fraction, int]]   # (date, new rate, 元本 that decided it)
    total_interest: int
    total_kabarai_interest: int
    borrowed: int
    repaid: int
    applied_to_borrowing: list[tuple[date, int, int]]  # (date, from 過払利息, from 過払金)
    # borrowings while 過払金 existed at which the other `tier_base` reading gives another rate:
    # (date, gross borrowing, net of 過払利息・過払金). Empty: both readings give this very ledger.
    tier_alternatives: list[tuple[date, int, int]] = field(default_factory=list)

    @property
    def claim(self) -> int:
        """過払金＋過払利息 at the end date."""
        return self.kabarai + self.kabarai_interest

    @property
    def debt(self) -> int:
        return self.principal + self.unpaid

    @property
    def net(self) -> int:
        """Positive: what the lender owes (過払金＋過払利息); negative: what is still owed to it."""
        return self.claim - self.debt

    def kabarai_split(self) -> tuple[int, int]:
        """過払金 at the end date that arose before 2020-04-01 / on or after it."""
        before = sum(t.amount for t in self.tranches if t.arose < REFORM_DAY)
        return before, self.kabarai - before


@dataclass
class Gap:
    after: date                        # last transaction date before the gap
    before: date                       # the borrowing that follows it
    days: int
    balance: int                       # 一連 残元金 after `after` (≤ 0; negative = 過払金)


@dataclass
class Limitation:
    trade_end: date                    # 取引終了日
    ten_years: date                    # last day of the 10-year period
    five_years: date | None            # last day of the 5-year period (only if known_date given and it applies)
    new_law: bool                      # some 過払金 arose on/after 2020-04-01
    old_law: bool                      # some 過払金 arose before 2020-04-01

    def last_day(self) -> date:
        return min(d for d in (self.ten_years, self.five_years) if d is not None)


@dataclass
class Comparison:
    ichiren: Ledger
    gaps: list[Gap]
    segments: list[Ledger]             # 分断計算: one ledger per part (just [ichiren] when no gap)
    limitation: Limitation | None      # 一連
    segment_limitations: list[Limitation | None]

    @property
    def bundan_net(self) -> int:
        return sum(s.net for s in self.segments)

    def bundan_net_unbarred(self) -> int:
        """分断 total leaving out the claims of parts whose period had ended by the 計算終了日."""
        total = 0
        for seg, lim in zip(self.segments, self.segment_limitations):
            barred = lim is not None and lim.last_day() < seg.end_date
            total += (0 if barred else seg.claim) - seg.debt
        return total


# --- day count and interest ------------------------------------------------------------------------
def day_split(d1: date, d2: date, days_mode: str = "kakunen") -> tuple[int, int]:
    """Days d1+1 … d2 (片端入れ) as (days in 365-day years, days in 366-day years)."""
    if d2 <= d1:
        return 0, 0
    total = (d2 - d1).days
    if days_mode == "365":
        return total, 0
    leap = 0
    for y in range(d1.year, d2.year + 1):
        if calendar.isleap(y):
            lo = max(d1, date(y - 1, 12, 31)) if y > 1 else d1
            hi = min(d2, date(y, 12, 31))
            if hi > lo:
                leap += (hi - lo).days
    return total - leap, leap


def period_weight(d1: date, d2: date, days_mode: str = "kakunen") -> int:
    """Days d1+1 … d2 as a length of time in units of 1/(365×366) year (`_YEAR_UNIT` = one year).

    kakunen: d365/365 + d366/366; 365: days/365; nen_hi: whole years from d1+1 (`calc.periods`, the
    same arithmetic as the 遅延損害金 calculator's 年＋日) plus the remaining days as in kakunen."""
    if d2 <= d1:
        return 0
    years = 0
    if days_mode == "nen_hi":
        first = d1 + ONE_DAY
        years = whole_years(first, d2)
        if years:
            d1 = year_end(first, years)
        days_mode = "kakunen"
    d365, d366 = day_split(d1, d2, days_mode)
    return years * _YEAR_UNIT + d365 * 366 + d366 * 365


def period_interest(amounts: Iterable[tuple[int, Fraction]], weight: int) -> int:
    """Σ amount × rate × weight/_YEAR_UNIT, added exactly, floored once (PERIOD_FLOOR)."""
    terms = [(a, r) for a, r in amounts if a and r]
    if not terms or not weight:
        return 0
    den = math.lcm(*(r.denominator for _, r in terms))
    num = sum(a * r.numerator * (den // r.denominator) for a, r in terms) * weight
    return PERIOD_FLOOR.apply_ratio(num, den * _YEAR_UNIT)


def cap_rate(principal: int, on: date) -> Fraction:
    """利息制限法1条 の率 for a 元本 (calc.law.risoku)."""
    for lo, hi, rate in schedule("risoku.jogen").at(on).value:
        if principal >= lo and (hi is None or principal < hi):
            return Fraction(rate)
    raise ValueError("no tier")  # pragma: no cover - tiers cover every amount ≥ 0


def legal_rate(on: date) -> Fraction:
    """法定利率 on the day a 過払金 arises (calc.law.minpo)."""
    return Fraction(schedule("minpo.hotei_riritsu").at(on).value)


def limitation(ledger: Ledger, known_date: date | None = None) -> Limitation | None:
    """消滅時効 of the 過払金返還請求権 at the end of `ledger` (None when there is no 過払金)."""
    if ledger.kabarai <= 0 and ledger.kabarai_interest <= 0:
        return None
    before, after = ledger.kabarai_split()
    trade_end = ledger.last_date
    ten = period_end(trade_end, 120)
    five = period_end(known_date, 60) if (known_date and after > 0) else None
    return Limitation(trade_end, ten, five, new_law=after > 0, old_law=before > 0)


# --- ordering ---------------------------------------------------------------------------------------
def order_events(transactions: Sequence[Transaction], same_day: str = "input") -> list[Event]:
    txs = list(transactions)
    dates = [t.date for t in txs]
    if len(txs) > 1 and dates[0] > dates[-1] and all(a >= b for a, b in zip(dates, dates[1:])):
        txs.reverse()                              # a history listed newest first
    raw: list[tuple[date, str, int, int | None]] = []
    for t in txs:
        if t.borrow:
            raw.append((t.date, "borrow", t.borrow, t.row))
        if t.repay:
            raw.append((t.date, "repay", t.repay, t.row))
    if same_day == "borrow_first":
        raw.sort(key=lambda e: (e[0], 0 if e[1] == "borrow" else 1))
    else:
        raw.sort(key=lambda e: e[0])
    return [Event(d, k, a, r, i) for i, (d, k, a, r) in enumerate(raw)]


# --- the ledger -------------------------------------------------------------------------------------
@functools.lru_cache(maxsize=64)
def _rate_label(rate: Fraction | None) -> str:
    return format_percent(rate) if rate is not None else ""


def _tranche_label(tranches: list[Tranche], mode: str) -> str:
    if mode == "none":
        return "過払"
    return _rates_label(tuple(sorted({t.rate for t in tranches}, reverse=True)))


@functools.lru_cache(maxsize=64)
def _rates_label(rates: tuple[Fraction, ...]) -> str:
    return "・".join(format_percent(r) for r in rates) + "（過払）"


@dataclass
class _State:
    """What the ledger carries from one transaction to the next (run_events)."""

    settings: Settings
    prev: date                         # the date interest has been accrued up to
    principal: int = 0                 # 元本
    unpaid: int = 0                    # 未払利息
    accrued: int = 0                   # accrued 過払利息
    overpaid: int = 0                  # 過払金 (the sum of the tranches)
    rate: Fraction | None = None       # 制限利率 in force (or the fixed rate)
    tranches: list[Tranche] = field(default_factory=list)
    episode_rate: Fraction | None = None   # 過払利息の率 of the current 過払 episode ("first")
    first_kabarai: date | None = None
    rows: list[LedgerRow] = field(default_factory=list)
    rate_changes: list[tuple[date, Fraction, int]] = field(default_factory=list)
    applied: list[tuple[date, int, int]] = field(default_factory=list)
    tier_alternatives: list[tuple[date, int, int]] = field(default_factory=list)
    total_interest: int = 0
    total_kabarai_interest: int = 0
    borrowed: int = 0
    repaid: int = 0
    label: str = ""
    label_stale: bool = True
    principal_new: bool = False        # 初日算入: 元本 arose from nothing on the day `prev`
    overpaid_new: bool = False         # 初日算入: 過払金 arose from nothing on the day `prev`

    @property
    def with_kabarai_interest(self) -> bool:
        return self.settings.kabarai_interest != "none"

    @property
    def balance(self) -> int:
        """残元金, or minus the 過払金 (名古屋式)."""
        return self.principal if self.principal else -self.overpaid


def _check(events: Sequence[Event], s: Settings, end_date: date | None) -> date:
    """The settings and the end date are usable; returns the end date."""
    if not events:
        raise LedgerError("取引を1行以上入力してください")
    if s.rate_mode == "fixed" and (s.fixed_rate is None or s.fixed_rate < 0):
        raise LedgerError("利率を入力してください", column="fixed_rate")
    if s.days_mode not in DAYS_MODES or s.first_day not in ("exclude", "include") \
            or s.tier_base not in ("gross", "net"):
        raise LedgerError("計算の条件の選択肢が正しくありません")
    end = end_date or s.end_date or events[-1].date
    if end < events[-1].date:
        raise LedgerError("計算終了日は最後の取引日以後の日付にしてください", column="end_date")
    return end


def _accrue(st: _State, to: date) -> tuple[int, int, int]:
    """利息 on 元本 and 過払利息 on 過払金 for the days prev+1 … to (one period, PERIOD_FLOOR);
    with 初日算入, also the day `prev` when the balance arose from nothing on it."""
    if to == st.prev:
        return 0, 0, 0
    mode = st.settings.days_mode
    days = (to - st.prev).days
    weight = period_weight(st.prev, to, mode)
    i = ki = 0
    rate = st.rate
    if st.principal > 0 and rate:      # one rate: period_interest's arithmetic, without the generality
        if st.principal_new:
            weight = period_weight(st.prev - ONE_DAY, to, mode)
            days += 1
        i = PERIOD_FLOOR.apply_ratio(st.principal * rate.numerator * weight, rate.denominator * _YEAR_UNIT)
    elif st.overpaid and st.with_kabarai_interest:
        if st.overpaid_new:
            weight = period_weight(st.prev - ONE_DAY, to, mode)
            days += 1
        ki = period_interest([(t.amount, t.rate) for t in st.tranches], weight)
    st.principal_new = st.overpaid_new = False
    st.unpaid += i
    st.accrued += ki
    st.total_interest += i
    st.total_kabarai_interest += ki
    return days, i, ki


def _apply_overpayment(st: _State, ev: Event, notes: list[str]) -> int:
    """A borrowing while 過払金 exists first takes the 過払利息, then the 過払金 (oldest tranche
    first); returns what is left to add to 元本."""
    amount = ev.amount
    from_a = min(amount, st.accrued)
    st.accrued -= from_a
    amount -= from_a
    from_k = 0
    tranches = st.tranches
    while amount and tranches:
        take = min(amount, tranches[0].amount)
        tranches[0].amount -= take
        amount -= take
        from_k += take
        if tranches[0].amount == 0:
            tranches.pop(0)
    st.overpaid -= from_k
    st.applied.append((ev.date, from_a, from_k))
    notes.append(f"過払利息{from_a:,}円・過払金{from_k:,}円を借入に充当")
    if not tranches:
        st.episode_rate = None
    st.label_stale = True
    return amount


def _lower_rate(st: _State, ev: Event, gross: int, during: bool, notes: list[str]) -> None:
    """判例の読み方: the 制限利率 follows the 元本 after a borrowing, and only ever falls."""
    s, rate, principal = st.settings, st.rate, st.principal
    base = gross if s.tier_base == "gross" else principal
    new = cap_rate(base, ev.date)
    if during and gross != principal:
        other = cap_rate(principal if s.tier_base == "gross" else gross, ev.date)
        if (new if rate is None or new < rate else rate) != \
                (other if rate is None or other < rate else rate):
            st.tier_alternatives.append((ev.date, gross, principal))
    if rate is None or new < rate:
        if rate is not None:
            notes.append(f"利率 {format_percent(rate)}→{format_percent(new)}（元本 {base:,}円）")
        st.rate = new
        st.rate_changes.append((ev.date, new, base))
        st.label_stale = True


def _borrow(st: _State, ev: Event, notes: list[str]) -> None:
    st.borrowed += ev.amount
    gross = st.principal + ev.amount
    during = bool(st.overpaid or st.accrued)
    amount = _apply_overpayment(st, ev, notes) if during else ev.amount
    if st.settings.first_day == "include" and st.principal == 0 and amount:
        st.principal_new = True
    st.principal += amount
    if st.settings.rate_mode == "hanrei":
        _lower_rate(st, ev, gross, during, notes)


def _overpayment_rate(st: _State, ev: Event) -> Fraction:
    """過払利息の率 for 過払金 arising at `ev`: 法定利率 on that day, or the episode's first ("first")."""
    if not st.with_kabarai_interest:
        return Fraction(0)
    try:
        r = legal_rate(ev.date)
    except OutOfRange:
        raise LedgerError(f"{ev.date.year}年{ev.date.month}月{ev.date.day}日に生じる過払金の"
                          "法定利率はまだ決まっていないため計算できません", row=ev.row) from None
    if st.settings.kabarai_interest == "first":
        if st.episode_rate is None:
            st.episode_rate = r
        r = st.episode_rate
    return r


def _add_overpayment(st: _State, ev: Event, x: int, notes: list[str]) -> None:
    r = _overpayment_rate(st, ev)
    if not st.tranches:
        notes.append("過払金発生")
        if st.first_kabarai is None:
            st.first_kabarai = ev.date
        if st.settings.first_day == "include":
            st.overpaid_new = True
    # 過払金 of one rate arising on the same side of 2020-04-01 are interchangeable for
    # every later step (interest, 充当, the 5%/3% split), so they are kept as one tranche
    # dated by its first arising: a long history stays a handful of tranches.
    pre = ev.date < REFORM_DAY
    same = next((t for t in st.tranches if (t.rate is r or t.rate == r) and (t.arose < REFORM_DAY) == pre),
                None)
    if same is not None:
        same.amount += x
    else:
        st.tranches.append(Tranche(x, r, ev.date))
        st.label_stale = True
    st.overpaid += x


def _repay(st: _State, ev: Event, notes: list[str]) -> None:
    """A repayment pays 未払利息, then 元本; what is left over is 過払金."""
    st.repaid += ev.amount
    x = ev.amount
    pay_u = min(x, st.unpaid)
    st.unpaid -= pay_u
    x -= pay_u
    pay_p = min(x, st.principal)
    st.principal -= pay_p
    x -= pay_p
    if x:
        _add_overpayment(st, ev, x, notes)


def _current_label(st: _State) -> str:
    return _tranche_label(st.tranches, st.settings.kabarai_interest) if st.overpaid else _rate_label(st.rate)


def run_events(events: Sequence[Event], settings: Settings, end_date: date | None = None) -> Ledger:
    """The ledger for already ordered events (see `order_events`)."""
    end = _check(events, settings, end_date)
    s = settings
    st = _State(settings=s, prev=events[0].date, rate=s.fixed_rate if s.rate_mode == "fixed" else None)
    for ev in events:
        days, i, ki = _accrue(st, ev.date)
        notes: list[str] = []
        if ev.kind == "borrow":
            _borrow(st, ev, notes)
        else:
            _repay(st, ev, notes)
        if st.label_stale or not st.overpaid:
            st.label = _current_label(st)
            st.label_stale = not st.overpaid
        st.rows.append(LedgerRow(ev.date, ev.amount if ev.kind == "borrow" else 0,
                                 ev.amount if ev.kind == "repay" else 0, st.label, days, i, st.unpaid,
                                 st.balance, ki, st.accrued, "・".join(notes), ev.kind, ev.row))
        st.prev = ev.date
    last = events[-1].date
    if end > last:
        days, i, ki = _accrue(st, end)
        st.rows.append(LedgerRow(end, 0, 0, _current_label(st), days, i, st.unpaid, st.balance, ki, st.accrued,
                                 "計算終了日", "end", None))
    return Ledger(
        rows=st.rows, settings=s, principal=st.principal, unpaid=st.unpaid, kabarai=st.overpaid,
        kabarai_interest=st.accrued, tranches=[Tranche(t.amount, t.rate, t.arose) for t in st.tranches],
        first_kabarai_date=st.first_kabarai, start_date=events[0].date, last_date=last, end_date=end,
        rate_changes=st.rate_changes, total_interest=st.total_interest,
        total_kabarai_interest=st.total_kabarai_interest, borrowed=st.borrowed, repaid=st.repaid,
        applied_to_borrowing=st.applied, tier_alternatives=st.tier_alternatives,
    )


def recalculate(transactions: Sequence[Transaction], settings: Settings = Settings()) -> Ledger:
    """One 取引 computed as a whole (一連計算)."""
    return run_events(order_events(transactions, settings.same_day), settings)


def find_gaps(events: Sequence[Event], ledger: Ledger, gap_days: int) -> list[tuple[int, Gap]]:
    """(index of the first event after the gap, Gap) for every 空白期間 (see the module docstring)."""
    # state after the last event of each date, from the ledger rows (one row per event, same order)
    after_date: dict[date, tuple[int, int]] = {}
    for r in ledger.rows:
        if r.kind != "end":
            after_date[r.date] = (r.balance, r.unpaid)
    out: list[tuple[int, Gap]] = []
    for k in range(1, len(events)):
        a, b = events[k - 1], events[k]
        if b.date == a.date or b.kind != "borrow":
            continue
        days = (b.date - a.date).days
        balance, unpaid = after_date[a.date]
        if days >= gap_days and balance <= 0 and unpaid == 0:
            out.append((k, Gap(a.date, b.date, days, balance)))
    return out


def compare(transactions: Sequence[Transaction], settings: Settings = Settings()) -> Comparison:
    """一連計算 and 分断計算 (cut at every 空白期間) with their 時効."""
    events = order_events(transactions, settings.same_day)
    ichiren = run_events(events, settings)
    gaps = find_gaps(events, ichiren, settings.gap_days)
    if gaps:
        cuts = [0] + [k for k, _ in gaps] + [len(events)]
        segments = [run_events(events[a:b], settings, end_date=ichiren.end_date)
                    for a, b in zip(cuts, cuts[1:])]
    else:
        segments = [ichiren]
    return Comparison(
        ichiren=ichiren, gaps=[g for _, g in gaps], segments=segments,
        limitation=limitation(ichiren, settings.known_date),
        segment_limitations=[limitation(seg, settings.known_date) for seg in segments],
    )


# --- output -----------------------------------------------------------------------------------------
CSV_COLUMNS = ("年月日", "借入金額", "弁済額", "利率", "日数", "利息", "未払利息", "残元金",
               "過払利息", "過払利息累計", "摘要")


def ledger_csv(ledger: Ledger) -> str:
    """The 計算書 as CSV text: a header row, then one row per ledger row (CRLF line ends; amounts as
    plain integers so spreadsheets read them as numbers; 残元金 negative = 過払金)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(CSV_COLUMNS)
    for r in ledger.rows:
        w.writerow([f"{r.date.year}/{r.date.month:02d}/{r.date.day:02d}", r.borrow or "", r.repay or "",
                    r.rate_label, r.days, r.interest, r.unpaid, r.balance, r.kabarai_interest,
                    r.kabarai_interest_total, r.note])
    return buf.getvalue()
