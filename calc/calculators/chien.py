"""遅延損害金の計算 — 元本 × 年利 × 期間 を、日数の数え方と端数の扱いを選んで計算する.

期間: 起算日から終了日まで。初日不算入（民法140条: 起算日は数えず翌日から）が初期設定で、
「○年○月○日から支払済みまで」のように初日も数える場合は初日算入を選ぶ。終了日は数える。
計算に入れる最初の日を「遅延の初日」と呼び、法定利率や利息制限法の上限はこの日で引く。

日数の数え方（`METHODS`）:
- 年＋日: 遅延の初日から1年ごとに区切った丸1年を1年と数え（民法143条。応当日がない2月29日始まりは
  2月末日で満了）、残りの日数は平年に属する日を365、閏年に属する日を366で割る（端数期間暦年）。
- 全期間365日: 全日数 ÷ 365。
- 各年計算: 暦年（1月1日〜12月31日）ごとに区切り、その年の日数（365か366）で割る。

端数（`ROUNDINGS`）: 初期設定は区間（丸1年・平年の日・閏年の日）ごとに円未満切捨てして合計
（`SEGMENT_FLOOR`）— 岡山地裁「利息・損害金の計算について」(courts.go.jp/okayama/saiban/tetuzuki/s11_2/)
の計算例が示す方法（10万円・年18%・1年＋152日/365＋46日/366 → 18,000＋7,495＋2,262＝27,757円）。
東京地裁民事21部の案内の計算例の方法（区間ごとに0.1円未満を切り捨てて合算し、円未満切捨て: `TENTH_FLOOR`。
Risokkey の解説が引く同部「利息・損害金の計算について」の計算例イ 54,000.0＋7,475.4＋9,665.7＝71,141.1
→71,141円）と、分数のまま合計して円未満切捨て（`TOTAL_FLOOR`、以前の初期設定）も選べる。

利率: 法定利率（民法419条1項: 遅滞の責任を負った最初の時点の率。calc/law/minpo.py）、商事法定利率 年6%
（改正前商法514条。2020年3月31日までにされた商行為による債務だけ: calc/law/shoho.py）、年14.6%、
利息制限法4条1項の上限（1条の率×1.46、2000年6月1日〜）、7条1項の上限（年20%、2010年6月18日〜）、
自分で入力。借金の種類を選ぶと、利率を利息制限法の上限と比べて超えていれば知らせる。
"""
from __future__ import annotations

import calendar
from datetime import date, timedelta
from fractions import Fraction
from typing import Any

from ..core import Calculator, Field, FieldError
from ..law import OutOfRange, minpo, risoku, schedule, shoho
from ..money import RoundingRule
from ..parse import format_date, format_percent, format_yen
from ..periods import whole_years, year_end

MAX_YEN = 100_000_000_000
ONE_DAY = timedelta(days=1)

TOTAL_FLOOR = RoundingRule("floor", "端数: 区間ごとの額を端数のまま合計してから円未満切捨て")
SEGMENT_FLOOR = RoundingRule("floor", "端数: 区間ごとに円未満切捨てしてから合計（岡山地裁の案内の計算例の方法）")
TENTH_FLOOR = RoundingRule("floor", "端数: 区間ごとに0.1円未満を切り捨てて合計し、円未満切捨て"
                                    "（東京地裁民事21部の案内の計算例の方法）")
ROUNDINGS = (
    ("segment", "区間ごとに円未満切捨てして合計（初期設定・岡山地裁の計算例の方法）"),
    ("tokyo21", "区間ごとに0.1円未満を切り捨てて合計し、円未満切捨て（東京地裁民事21部の計算例の方法）"),
    ("total", "区間ごとの額を端数のまま合計してから円未満切捨て"),
)
ROUNDING_RULES = {"segment": SEGMENT_FLOOR, "tokyo21": TENTH_FLOOR, "total": TOTAL_FLOOR}
CITE_ROUNDING = {
    "segment": "岡山地方裁判所「利息・損害金の計算について」（courts.go.jp/okayama/saiban/tetuzuki/s11_2/: "
               "年に満つる期間は年利、年に満たない期間は日割で計算して合算。計算例は区間ごとに円未満切捨て）",
    "tokyo21": "東京地方裁判所民事第21部「利息・損害金の計算について」（民事執行センターの案内。計算例は区間ごとに"
               "0.1円未満を切り捨てて合算し、円未満切捨て。Risokkey の解説による引用で確認）",
}

METHODS = (
    ("nen_hi", "年＋日（丸1年は1年、残りの日数は平年365日・閏年366日で割る）"),
    ("all365", "全期間を365日で割る"),
    ("kakunen", "各年計算（暦年ごとに365日または366日で割る）"),
)
RATE_KINDS = (
    ("hotei", "法定利率（遅延が始まった日の率）"),
    ("shoji", "商事法定利率 年6%（2020年3月31日までの商行為による債務）"),
    ("146", "年14.6%"),
    ("risoku4", "利息制限法4条の上限（元本により年21.9%〜29.2%）"),
    ("eigyo7", "利息制限法7条の上限 年20%（貸金業者などからの借金）"),
    ("custom", "自分で入力する"),
)
DEBT_KINDS = (
    ("unknown", "選ばない（上限と比べない）"),
    ("loan", "個人間などの借金（金銭の消費貸借）"),
    ("business", "貸金業者・銀行などからの借金（営業的金銭消費貸借）"),
    ("other", "借金以外（売買代金・家賃・請負代金など）"),
)

CITE_419 = ("民法419条1項（金銭債務の遅延損害金は、債務者が遅滞の責任を負った最初の時点の法定利率による。"
            "約定利率がそれを超えるときは約定利率）")
CITE_FUSOKU17 = ("民法の一部を改正する法律（平成29年法律第44号）附則17条3項（2020年4月1日より前に遅滞の責任を負った"
                 "場合の遅延損害金の法定利率は、なお従前の例（年5%））")
CITE_140 = "民法140条（日、週、月又は年によって期間を定めたときは、期間の初日は算入しない。午前零時から始まるときを除く）"
CITE_143 = "民法143条（暦による計算: 起算日に応当する日の前日に満了。応当日がないときはその月の末日に満了）"
CITE_NEN_HI = ("端数期間暦年の方法（1年未満の端数期間の日を、平年は365日・閏年は366日で割る）: "
               "東京地裁民事21部（執行）などの取扱いとして紹介されている計算方法（実務の運用）")


def _is_leap(year: int) -> bool:
    return calendar.isleap(year)


def calendar_pieces(first: date, last: date) -> list[tuple[date, date]]:
    """[first, last] を暦年ごとに区切る."""
    out = []
    for y in range(first.year, last.year + 1):
        s = max(first, date(y, 1, 1))
        e = min(last, date(y, 12, 31))
        out.append((s, e))
    return out


def segments(first: date, last: date, method: str) -> list[dict[str, Any]]:
    """計算の区間: 年の区間 {years, start, end, days} と日の区間 {days, den, start, end}（first, last とも含む）."""
    days_total = (last - first).days + 1
    if method == "all365":
        return [{"start": first, "end": last, "days": days_total, "den": 365, "years": 0}]
    if method == "kakunen":
        return [{"start": s, "end": e, "days": (e - s).days + 1, "den": 366 if _is_leap(s.year) else 365,
                 "years": 0} for s, e in calendar_pieces(first, last)]
    # 年＋日
    out: list[dict[str, Any]] = []
    y = whole_years(first, last)
    rest_from = first
    if y:
        end_y = year_end(first, y)
        out.append({"start": first, "end": end_y, "days": (end_y - first).days + 1, "den": None, "years": y})
        rest_from = end_y + ONE_DAY
    if rest_from <= last:
        groups: list[dict[str, Any]] = []
        for s, e in calendar_pieces(rest_from, last):
            den = 366 if _is_leap(s.year) else 365
            n = (e - s).days + 1
            if groups and groups[-1]["den"] == den:      # 連続する平年の日はまとめる
                groups[-1]["end"] = e
                groups[-1]["days"] += n
            else:
                groups.append({"start": s, "end": e, "days": n, "den": den, "years": 0})
        out.extend(groups)
    return out


def amounts(principal: int, rate: Fraction, segs: list[dict[str, Any]], rounding: str) -> tuple[list[Fraction], Fraction, int]:
    """区間ごとの額（分数）、その合計、円にした遅延損害金."""
    exact = []
    for s in segs:
        if s["years"]:
            exact.append(principal * rate * s["years"])
        else:
            exact.append(Fraction(principal) * rate * s["days"] / s["den"])
    total = sum(exact, Fraction(0))
    if rounding == "segment":
        amount = sum(SEGMENT_FLOOR.apply(x) for x in exact)
    elif rounding == "tokyo21":
        amount = TENTH_FLOOR.apply(Fraction(sum(tenths(x) for x in exact), 10))
    else:
        amount = TOTAL_FLOOR.apply(total)
    return exact, total, amount


def tenths(x: Fraction) -> int:
    """An exact amount in whole 0.1円, fraction truncated (東京地裁民事21部の計算例: 7,475.40…→7,475.4)."""
    x = Fraction(x) * 10
    return x.numerator // x.denominator


def fmt_exact(x: Fraction) -> str:
    """分数の円: 整数ならそのまま、端数があれば小数2桁まで（切捨て）と「…」."""
    x = Fraction(x)
    if x.denominator == 1:
        return f"{x.numerator:,}円"
    cents = (x.numerator * 100) // x.denominator
    return f"{cents // 100:,}.{cents % 100:02d}…円"


def _tier_rate(principal: int, on: date) -> tuple[Fraction, Any]:
    p = schedule("risoku.jogen").at(on)
    for low, high, rate in p.value:
        if principal >= low and (high is None or principal < high):
            return rate, p
    raise LookupError(principal)


def _cap_4(principal: int, on: date) -> tuple[Fraction, list[str]]:
    """利息制限法4条1項の上限（1条の率×1.46）. OutOfRange before 2000-06-01."""
    mult = schedule("risoku.baisho_bairitsu").at(on)
    tier, p1 = _tier_rate(principal, on)
    return tier * mult.value, [p1.citation, mult.citation]


def _cap_7(on: date) -> tuple[Fraction, list[str]]:
    p = schedule("risoku.eigyo_baisho").at(on)
    return p.value, [p.citation]


def _d(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def compute(v: dict[str, Any]) -> dict[str, Any]:
    principal: int = v["principal"]
    start: date = v["start"]
    end: date = v["end"]
    include_first, first, last = _period_counted(v)
    method: str = v["method"]
    rounding: str = v["rounding"]
    kind: str = v["rate_kind"]
    debt: str = v["debt_kind"]

    warnings: list[str] = []
    notes: list[str] = []
    citations: list[str] = []

    # 利率 (every branch sets rate and rate_source)
    if kind == "hotei":
        p, rate, rate_source = _hotei_rate(first)
        citations += [CITE_419, p.citation]
        if first < minpo.REFORM_DAY <= last:
            notes.append("2020年4月1日に法定利率は年3%に下がりましたが、それより前に遅滞になった債務の遅延損害金は、"
                         "その後も年5%のままです（附則17条3項）。")
        if first < minpo.REFORM_DAY:
            citations.append(CITE_FUSOKU17)
        notes.append("法定利率は、遅延の初日（債務者が遅滞の責任を負った最初の時点）の率を、期間の終わりまで使います。"
                     "契約の利息の率（約定利率）が法定利率より高ければ、遅延損害金の定めがなくてもその率になります（民法419条1項）。")
    elif kind == "shoji":
        arose, rate, rate_source = _shoji_rate(v, first, notes, citations)
        if arose is None:
            notes.append("債務が生じた日が入っていないため、遅延の初日（2020年3月31日以前）で年6%が使える期間かを確かめました。")
        elif first >= shoho.REPEAL_DAY:
            warnings.append(f"遅延の初日は2020年4月1日以後ですが、債務が生じた日（{_d(arose)}）が2020年3月31日以前の"
                            "商行為なので、年6%で計算しています（整備法の経過措置。条番号は確認できていません）。"
                            "商行為でなければ「法定利率」を選んでください。")
    else:
        rate, rate_source = _other_rate(v, kind, principal, first, debt, notes, citations)

    segs, exact_total, amount = _segments_and_amount(principal, rate, first, last, method, rounding)
    days = (last - first).days + 1

    # 利息制限法の上限との比較
    cap: Fraction | None = None
    cap_label = ""
    cap_cites: list[str] = []
    if debt in ("loan", "business"):
        try:
            if debt == "business" and first >= risoku.KASHIKIN_REFORM_DAY:
                cap, cap_cites = _cap_7(first)
                cap_label = "利息制限法7条1項の上限"
            else:
                cap, cap_cites = _cap_4(principal, first)
                cap_label = "利息制限法4条1項の上限（元本の区分の率×1.46）"
                if debt == "business":
                    notes.append("2010年6月18日以降に結んだ貸金業者などとの契約なら、上限は年20%です（7条1項）。")
        except OutOfRange:
            notes.append("2000年5月31日以前の利息制限法の上限はここでは確かめられないため、上限との比較はしていません。")
        if cap is not None:
            notes.append(f"{cap_label}は年{format_percent(cap)}です（遅延の初日 {_d(first)} で当てはめています。"
                         "上限は借りた時期と借りたときの元本で決まります）。")
            citations += cap_cites
    elif debt == "other":
        notes.append("利息制限法の上限は、お金の貸し借り（金銭の消費貸借）に当てはまるものです。借金以外の遅延損害金は、"
                     "契約の定め（定めがなければ法定利率）によります。")
    elif rate > Fraction(20, 100):
        notes.append("借金の遅延損害金なら、利息制限法の上限（貸金業者などは年20%、それ以外は元本により年21.9%〜29.2%）を"
                     "超える部分は無効です。借金の種類を選ぶと上限と比べます。")
    capped = _capped(principal, rate, cap, cap_label, segs, rounding, warnings)

    formula = _explain(v, {"include_first": include_first, "first": first, "last": last, "days": days,
                           "rate": rate, "segments": segs, "exact_total": exact_total, "amount": amount},
                       notes, citations)
    return {
        "principal": principal, "rate": rate, "rate_kind": kind, "rate_source": rate_source,
        "start": start, "end": end, "first": first, "last": last, "include_first": include_first,
        "days": days, "method": method, "method_label": dict(METHODS)[method],
        "rounding": ROUNDING_RULES[rounding].name,
        "segments": segs, "exact_total": exact_total, "amount": amount, "total": principal + amount,
        "per_day": TOTAL_FLOOR.apply(Fraction(principal) * rate / 365),
        "formula": formula, "capped": capped,
        "warnings": warnings, "notes": notes, "citations": list(dict.fromkeys(citations)),
    }


def _other_rate(v: dict[str, Any], kind: str, principal: int, first: date, debt: str,
                notes: list[str], citations: list[str]) -> tuple[Fraction, str]:
    """The rate for the choices other than 法定利率 and 商事法定利率: 14.6%, the 利息制限法 caps, or typed."""
    if kind == "146":
        return Fraction(146, 1000), "年14.6%（契約書でよく使われる率。ご自分の契約の率を確かめてください）"
    if kind == "risoku4":
        return _risoku4_rate(principal, first, notes, citations)
    if kind == "eigyo7":
        return _eigyo7_rate(first, debt, notes, citations)
    if v["rate"] is None:
        raise FieldError("rate", "年利を入力してください（例: 14.6%）")
    typed: Fraction = v["rate"]
    return typed, f"年{format_percent(typed)}（入力した率）"


def _risoku4_rate(principal: int, first: date, notes: list[str], citations: list[str]) -> tuple[Fraction, str]:
    """利息制限法4条1項: the 1条 rate of the principal's band × 1.46."""
    try:
        rate, cites = _cap_4(principal, first)
    except OutOfRange:
        raise FieldError("rate_kind", "利息制限法4条の1.46倍の上限は2000年6月1日からです。"
                                      "それより前の上限はここでは扱えないため、「自分で入力する」を選んでください") from None
    citations += cites
    notes.append("利息制限法の上限の区分は、借りたときの元本で決まります（ここでは入力した元本で当てはめています）。"
                 "2000年5月31日以前に借りた場合は、改正前の定めによります（平成11年法律第155号附則4条）。")
    return rate, f"利息制限法4条1項の上限 年{format_percent(rate)}（元本{format_yen(principal)}の区分の率×1.46）"


def _eigyo7_rate(first: date, debt: str, notes: list[str], citations: list[str]) -> tuple[Fraction, str]:
    """利息制限法7条1項: 年20% for 営業的金銭消費貸借."""
    try:
        rate, cites = _cap_7(first)
    except OutOfRange:
        raise FieldError("rate_kind", "利息制限法7条の年20%の上限は2010年6月18日からです。"
                                      "それより前は「利息制限法4条の上限」か「自分で入力する」を選んでください") from None
    citations += cites
    notes.append("7条の上限は、2010年6月18日以降に結ばれた貸金業者などとの契約に当てはまります"
                 "（それより前の契約は従前の例）。")
    if debt == "loan":
        notes.append("7条の上限は貸金業者などの営業的な貸付けのものです。個人間の借金の上限は4条（元本により年21.9%〜29.2%）です。")
    return rate, f"利息制限法7条1項の上限 年{format_percent(rate)}（営業的金銭消費貸借）"


def _capped(principal: int, rate: Fraction, cap: Fraction | None, cap_label: str, segs: list[dict[str, Any]],
            rounding: str, warnings: list[str]) -> dict[str, Any] | None:
    """The amount at the 利息制限法 cap when the rate is above it (the excess is void)."""
    if cap is None or not rate > cap:
        return None
    _, _, at_cap = amounts(principal, cap, segs, rounding)
    warnings.append(f"年{format_percent(rate)}は{cap_label}（年{format_percent(cap)}）を超えています。"
                    f"超える部分は無効なので、上限の率で計算すると{format_yen(at_cap)}です。")
    return {"rate": cap, "amount": at_cap}


def _explain(v: dict[str, Any], r: dict[str, Any], notes: list[str], citations: list[str]) -> str:
    """The notes on how days, years and rounding were counted, and the formula as a sentence."""
    include_first, start, first, last, days = r["include_first"], v["start"], r["first"], r["last"], r["days"]
    method, rounding, principal, rate = v["method"], v["rounding"], v["principal"], r["rate"]
    segs, exact_total, amount = r["segments"], r["exact_total"], r["amount"]
    if include_first:
        notes.insert(0, f"初日算入: 起算日（{_d(start)}）も含めて、{_d(last)}までの{days:,}日を数えています。")
    else:
        notes.insert(0, f"初日不算入: 起算日（{_d(start)}）は数えず、翌日の{_d(first)}から{_d(last)}までの{days:,}日を数えています"
                        "（民法140条）。判決や契約書に「○年○月○日から支払済みまで」とあるときは、その日も数えるので"
                        "「初日算入」を選んでください。")
        citations.append(CITE_140)
    if method == "nen_hi":
        notes.insert(1, "年＋日: 遅延の初日から1年ごとに区切った丸1年は、閏日を含んでも1年と数え、残りの日数は"
                        "平年に属する日を365日、閏年に属する日を366日で割っています（端数期間暦年）。")
        citations += [CITE_143, CITE_NEN_HI]
    elif method == "all365":
        notes.insert(1, "全期間365日: 閏年も含めて、全部の日数を365日で割っています。")
    else:
        notes.insert(1, "各年計算: 1月1日〜12月31日の暦年ごとに区切り、平年は365日、閏年は366日で割っています。")
    rule = ROUNDING_RULES[rounding]
    notes.append(f"{rule.name}。")
    if rounding in CITE_ROUNDING:
        citations.append(CITE_ROUNDING[rounding])
    notes.append("元本が期間中に変わらない場合の計算です。途中で一部を払ったときは、その日で区切って計算し直してください"
                 "（払ったお金は、遅延損害金・利息に先に充てられるのが原則です）。")

    terms = []
    for s in segs:
        terms.append(f"{s['years']}年" if s["years"] else f"{s['days']:,}日/{s['den']}")
    if rounding == "segment":
        formula = (f"{format_yen(principal)} × {format_percent(rate)} × ({' ＋ '.join(terms)})"
                   f" → 区間ごとに切捨て {' ＋ '.join(format_yen(s['floored']) for s in segs)} ＝ {format_yen(amount)}")
    elif rounding == "tokyo21":
        parts = " ＋ ".join(_tenths_text(s["tenths"]) for s in segs)
        formula = (f"{format_yen(principal)} × {format_percent(rate)} × ({' ＋ '.join(terms)})"
                   f" → 区間ごとに0.1円未満切捨て {parts} ＝ {_tenths_text(sum(s['tenths'] for s in segs))}"
                   f" → 円未満切捨て {format_yen(amount)}")
    else:
        formula = (f"{format_yen(principal)} × {format_percent(rate)} × ({' ＋ '.join(terms)})"
                   f" ＝ {fmt_exact(exact_total)} → 円未満切捨て {format_yen(amount)}")
    return formula


def _period_counted(v: dict[str, Any]) -> tuple[bool, date, date]:
    """初日算入 or not, and the first and last day counted."""
    start: date = v["start"]
    include_first = v["first_day"] == "include"
    first = start if include_first else start + ONE_DAY
    last: date = v["end"]
    if last < first:
        if include_first:
            raise FieldError("end", "終了日は起算日と同じ日か、それより後の日付にしてください")
        raise FieldError("end", "終了日は起算日より後の日付にしてください（初日不算入では起算日の翌日から数えます）")
    return include_first, first, last


def _hotei_rate(first: date) -> tuple[Any, Fraction, str]:
    """法定利率 on the first day of the delay (民法419条1項・404条)."""
    try:
        p = schedule("minpo.hotei_riritsu").at(first)
    except OutOfRange:
        raise FieldError("rate_kind", f"{_d(first)}の法定利率はまだ決まっていません（2029年3月31日まで対応）。"
                                      "「自分で入力する」を選んでください") from None
    rate: Fraction = p.value
    return p, rate, f"法定利率 年{format_percent(rate)}（遅延の初日 {_d(first)} の率）"


def _shoji_rate(v: dict[str, Any], first: date, notes: list[str],
                citations: list[str]) -> tuple[date | None, Fraction, str]:
    """商事法定利率 年6% (改正前商法514条), for 商行為 debts that arose before its repeal."""
    arose: date | None = v["obligation_date"]
    if arose is not None and arose > first:
        raise FieldError("obligation_date", "債務が生じた日は、遅延の初日より前の日付にしてください")
    try:
        p = schedule("shoho.shoji_hotei_riritsu").at(arose or first)
    except OutOfRange:
        if arose is not None:
            raise FieldError("obligation_date", "商事法定利率（年6%）は2020年4月1日に廃止されました。この日以後の"
                                                "商行為による債務は、民法の法定利率（「法定利率」）によります") from None
        raise FieldError("rate_kind", f"遅延の初日（{_d(first)}）が2020年4月1日以後です。年6%が使えるのは2020年3月31日"
                                      "までにされた商行為による債務だけなので、その債務が生じた日を入れてください。"
                                      "そうでなければ「法定利率」を選んでください") from None
    rate: Fraction = p.value
    citations += [CITE_419, f"{p.citation}（{p.confidence}）"]
    notes.append("商事法定利率の年6%は、商行為によって生じた債務（事業者どうしの取引、事業者の売買代金・貸付けなど）に"
                 "使われた率です。2020年4月1日に廃止され、それ以後の商行為による債務は民法の法定利率（年3%など）に"
                 "なります。2020年3月31日までにされた商行為による債務には、その後も年6%が使われます（経過措置）。")
    return arose, rate, f"商事法定利率 年{format_percent(rate)}（改正前商法514条）"


def _segments_and_amount(principal: int, rate: Fraction, first: date, last: date, method: str,
                         rounding: str) -> tuple[list[dict[str, Any]], Fraction, int]:
    """The periods counted, each with its exact amount, and the amount after the rounding chosen."""
    segs = segments(first, last, method)
    exact, exact_total, amount = amounts(principal, rate, segs, rounding)
    for s, x in zip(segs, exact):
        s["exact"] = x
        s["floored"] = SEGMENT_FLOOR.apply(x)
        s["tenths"] = tenths(x)
    return segs, exact_total, amount


def _tenths_text(n: int) -> str:
    return f"{n // 10:,}.{n % 10}円"


def _period(s: dict[str, Any]) -> str:
    return f"{format_date(s['start'])}〜{format_date(s['end'])}"


def render(r: dict[str, Any]) -> list[dict[str, Any]]:
    items = [
        {"label": "遅延損害金", "value": format_yen(r["amount"]), "strong": True,
         "note": f"{_d(r['first'])}〜{_d(r['last'])}（{r['days']:,}日）・{r['rate_source']}"},
        {"label": "元本と合わせた額", "value": format_yen(r["total"])},
        {"label": "1日あたり（365日で割った額・円未満切捨て）", "value": format_yen(r["per_day"])},
    ]
    if r["capped"]:
        items.append({"label": f"利息制限法の上限（年{format_percent(r['capped']['rate'])}）で計算した額",
                      "value": format_yen(r["capped"]["amount"])})
    blocks: list[dict[str, Any]] = [{"type": "summary", "items": items}]
    if r["warnings"]:
        blocks.append({"type": "warnings", "items": r["warnings"]})
    rows = []
    for s in r["segments"]:
        if s["years"]:
            rows.append([_period(s), f"{s['years']}年（{s['days']:,}日）", "1年として数える", fmt_exact(s["exact"])])
        else:
            kind = "" if r["method"] == "all365" else ("（閏年）" if s["den"] == 366 else "（平年）")
            rows.append([_period(s), f"{s['days']:,}日", f"{s['den']}{kind}", fmt_exact(s["exact"])])
    foot = [["合計", f"{r['days']:,}日", "", fmt_exact(r["exact_total"])],
            ["遅延損害金", "", r["rounding"].removeprefix("端数: "), format_yen(r["amount"])]]
    blocks += [
        {"type": "paragraph", "text": "計算式: " + r["formula"]},
        {"type": "table", "caption": f"内訳（{r['method_label']}）", "columns": ["期間", "日数", "分母", "金額"],
         "numeric": [1, 3], "rows": rows, "foot": foot},
    ]
    return blocks


CALCULATOR = Calculator(
    id="chien",
    title="遅延損害金の計算",
    summary="元本・利率・期間から、支払いが遅れたことによる遅延損害金を、日数の数え方と端数の扱いを選んで円単位で計算します。",
    result_title="遅延損害金",
    order=50,
    fields=[
        Field("principal", "元本", "yen", example="100万円", unit="円", min=1, max=MAX_YEN,
              help="遅れている元本（利息や損害金を含めない額）です。"),
        Field("rate_kind", "利率", "choice", example="146", options=RATE_KINDS, required=False, default="hotei",
              help="契約に遅延損害金の率の定めがあればその率です（「自分で入力する」）。定めがなければ法定利率です。"),
        Field("rate", "年利", "percent", example="", unit="%", min=Fraction(0), max=Fraction(1),
              show_if=("rate_kind", "custom"), placeholder="14.6%",
              required_message="年利を入力してください（例: 14.6%）"),
        Field("obligation_date", "債務が生じた日（商行為の日）", "date", example="", required=False,
              show_if=("rate_kind", "shoji"),
              help="売買や貸付けなど、債務が生じた商行為の日です。2020年3月31日以前なら、遅延が2020年4月1日以後でも"
                   "年6%です。空欄なら遅延の初日で確かめます。"),
        Field("start", "起算日（支払期日など）", "date", example="令和4年10月31日",
              help="支払うはずだった日です。初日不算入なら、この翌日から数えます。"),
        Field("end", "終了日（支払った日・計算する日）", "date", example="令和6年3月15日",
              help="この日まで数えます。"),
        Field("first_day", "初日（起算日）の扱い", "choice", example="exclude", required=False, default="exclude",
              options=(("exclude", "初日不算入（起算日の翌日から数える・民法140条）"),
                       ("include", "初日算入（起算日も数える）")),
              group="計算のしかた"),
        Field("method", "日数の数え方", "choice", example="nen_hi", required=False, default="nen_hi",
              options=METHODS, group="計算のしかた",
              help="年＋日は裁判所の執行実務などで使われるとされる方法、各年計算は過払い金の計算などで使われることが多い方法です。"),
        Field("rounding", "円未満の端数", "choice", example="segment", required=False, default="segment",
              options=ROUNDINGS, group="計算のしかた",
              help="初期設定は、岡山地裁が案内で示す計算例の方法（丸1年・平年の日・閏年の日の区間ごとに円未満切捨て）。"
                   "東京地裁民事21部の計算例は区間ごとに0.1円未満を切り捨てて合計します。判決や相手方の計算書と"
                   "照らし合わせるときに合わせてください。"),
        Field("debt_kind", "借金の種類（上限の確認）", "choice", example="unknown", required=False, default="unknown",
              options=DEBT_KINDS, group="計算のしかた",
              help="選ぶと、利率を利息制限法の遅延損害金の上限と比べます。"),
    ],
    compute=compute,
    render=render,
)
