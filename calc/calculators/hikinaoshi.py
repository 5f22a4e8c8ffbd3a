"""引き直し計算（過払い金）— a lender's transaction history recomputed at the 利息制限法 rates.

The arithmetic lives in `calc.hikinaoshi` (pure functions, documented rule by rule); this module
declares the form, turns parsed inputs into `Settings`, and renders the 計算書, the 一連/分断
comparison, the gaps found, the 時効 dates and every rule applied. Richer input (paste, CSV import
and export, row reordering) comes from the browser extension `overrides/assets/calc/ledger.js`.
"""
from __future__ import annotations

from dataclasses import replace
from datetime import date
from fractions import Fraction
from typing import Any, cast

from ..core import Calculator, Field, FieldError
from ..hikinaoshi import (MIN_DATE, PERIOD_FLOOR, Comparison, Ledger, LedgerError, Limitation,
                          Settings, Transaction, compare, ledger_csv)
from ..law import risoku
from ..parse import format_percent, format_wareki, format_yen

MAX_ROWS = 1000
LEDGER_FIELDS = ("date", "borrow", "repay", "rate", "days", "interest", "unpaid", "balance",
                 "kabarai_interest", "kabarai_interest_total", "note", "kind", "row")


class _MemoField(Field):
    """A ledger column whose parsing is remembered: the same raw string always parses to the same
    value (dates and ints are immutable), and a reader editing one cell of a 500-row history should
    not re-parse the other 1,499 cells on every recompute (that parsing was over half of the
    recompute time in Pyodide). Errors are not remembered; parsing itself is calc.parse as usual."""

    def parse(self, raw: Any) -> Any:
        if not isinstance(raw, str):
            return Field.parse(self, raw)
        cache = _PARSED.setdefault(self.name, {})
        try:
            return cache[raw]
        except KeyError:
            value = Field.parse(self, raw)
            if len(cache) > 4 * MAX_ROWS:
                cache.clear()
            cache[raw] = value
            return value


_PARSED: dict[str, dict[str, Any]] = {}
FOLD_ROWS = 20
SHINPO = risoku.KASHIKIN_REFORM_DAY   # 改正貸金業法・利息制限法（平成18年法律第115号）完全施行

RATE_OPTIONS = (
    ("hanrei", "利息制限法の上限（20%・18%・15%）を自動で判定（最判平成22年4月20日の方法）"),
    ("fixed", "利率を自分で指定する"),
)
DAYS_OPTIONS = (
    ("kakunen", "各年計算: 日ごとに、その年の日数（平年365日・閏年366日）で割る（初期設定）"),
    ("nen_hi", "年＋日: 丸1年は1年として計算し、残りの日だけを平年365日・閏年366日で割る（裁判所の執行実務の方法）"),
    ("365", "閏年も365日で割る"),
)
FIRST_DAY_OPTIONS = (
    ("exclude", "片端入れ: 前の取引日の翌日から数える（初期設定・民法140条の初日不算入）"),
    ("include", "初日算入（両端入れ）: 借入で借金が生じた日と、過払金が生じた日も数える"),
)
TIER_OPTIONS = (
    ("gross", "借入額の全額で判定する（初期設定・借主に有利な読み方）"),
    ("net", "過払金を充当した後に残る額で判定する"),
)
KABARAI_OPTIONS = (
    ("tranche", "付ける: 2020年3月31日までに生じた過払金は年5%、4月1日以後に生じた分は年3%"),
    ("first", "付ける: 一続きの過払いが最初に生じた日の利率で通す"),
    ("none", "付けない"),
)
SAME_DAY_OPTIONS = (
    ("input", "入力した順（取引履歴の記載順）"),
    ("borrow_first", "借入を先に、返済を後に"),
)


def _d(d: date) -> str:
    w = format_wareki(d)
    return f"{d.year}年{d.month}月{d.day}日（{w[:w.index('年') + 1]}）"


def _short(d: date) -> str:
    return f"{d.year}/{d.month:02d}/{d.day:02d}"


def _yen_or_blank(n: int) -> str:
    return f"{n:,}" if n else ""


def _settings(v: dict[str, Any]) -> Settings:
    if v["rate_mode"] == "fixed" and v["fixed_rate"] is None:
        raise FieldError("fixed_rate", "利率を入力してください")
    return Settings(
        rate_mode=v["rate_mode"], fixed_rate=v["fixed_rate"] if v["rate_mode"] == "fixed" else None,
        days_mode=v["days_mode"], kabarai_interest=v["kabarai_interest"], same_day=v["same_day"],
        end_date=v["end_date"], gap_days=v["gap_days"], known_date=v["known_date"],
        first_day=v["first_day"], tier_base=v["tier_base"] if v["rate_mode"] == "hanrei" else "gross",
    )


DAYS_TEXT = {
    "kakunen": ("各年計算（日ごとに、平年の日は365日・閏年の日は366日で割る）",
                "過払金請求の実務でよく使われる方法（民事利息電卓の解説）。契約が365日計算でも閏年は366日で割るのが"
                "引き直し計算の通例"),
    "nen_hi": ("年＋日（期間の初日から数えた丸1年は1年とし、残りの日を平年365日・閏年366日で割る）",
               "端数期間暦年の方法。東京地裁民事21部・岡山地裁が利息・損害金の計算に使う方法（裁判所の案内）。"
               "民法143条（暦による期間）。1年未満の期間は各年計算と同じ結果"),
    "365": ("閏年も365日で割る", "契約に365日計算の定めがある場合などの比較用"),
}
FIRST_DAY_TEXT = {
    "exclude": ("片端入れ（前の取引日の翌日から当日まで＝日付の差）",
                "民法140条（初日不算入）。貸金業法施行規則の「借入日の当日から弁済日の前日まで」と同じ日数"),
    "include": ("初日算入・両端入れ（借入で借金が0から生じた日と、過払金が0から生じた日も、その後の期間に数える）",
                "貸金業者の計算書などで使われることがある数え方。複数の取引がある計算書での扱いを定めた資料は"
                "確認できていないため、当サイトの読み方（ほかの日は1回ずつ数える）"),
}
# A third reading of 両端入れ (a peer engine's): every day on which a balance grows — a borrowing while owing,
# a repayment while in 過払 — is counted again on the grown balance. No published description of 両端入れ
# in 引き直し practice was found that decides between it and ours, so it is named here and not offered.
GROWTH_DAY_NOT_OFFERED = ("残高が増えた日（借金があるときの追加の借入、過払い中の返済）も、増えた残高でもう1日数える"
                          "読み方をとる計算ソフトもあります。両端入れの実務がどちらの読み方かを示した資料（計算ソフトの"
                          "解説、裁判所の案内など）が見つからなかったため、この計算では選べるようにしていません")
TIER_TEXT = {
    "gross": "借入額の全額（過払金を充当する前の額）で判定",
    "net": "過払利息・過払金を充当した後に残る額で判定",
}


def _limitation_dict(lim: Limitation | None, end: date) -> dict[str, Any] | None:
    if lim is None:
        return None
    return {"trade_end": lim.trade_end, "ten_years": lim.ten_years, "five_years": lim.five_years,
            "new_law": lim.new_law, "old_law": lim.old_law, "passed": lim.last_day() < end}


def _ledger_summary(led: Ledger, lim: Limitation | None) -> dict[str, Any]:
    before, after = led.kabarai_split()
    return {
        "start": led.start_date, "trade_end": led.last_date, "end_date": led.end_date,
        "borrowed": led.borrowed, "repaid": led.repaid, "kabarai": led.kabarai,
        "kabarai_interest": led.kabarai_interest, "claim": led.claim, "principal": led.principal,
        "unpaid": led.unpaid, "net": led.net, "first_kabarai_date": led.first_kabarai_date,
        "kabarai_before_2020": before, "kabarai_from_2020": after,
        "limitation": _limitation_dict(lim, led.end_date),
    }


def _fixed_rate(s: Settings) -> Fraction:
    """The rate of rate_mode "fixed" (the engine has refused a ledger without one)."""
    return cast(Fraction, s.fixed_rate)


def _warnings(led: Ledger, s: Settings, lim: Limitation | None) -> list[str]:
    """What may be wrong with the history or the settings, and how close the 時効 is."""
    warnings: list[str] = []
    first_borrow = next((r for r in led.rows if r.kind == "borrow"), None)
    if first_borrow is None:
        warnings.append("借入の行がありません。返済だけの履歴は、全額が過払金として計算されます。")
    elif any(r.kind == "repay" and r.date < first_borrow.date for r in led.rows):
        warnings.append("最初の借入より前に返済があります。取引履歴の最初の部分が欠けていないか確かめてください"
                        "（欠けていると、返済がそのまま過払金として計算されます）。")
    if s.rate_mode == "fixed":
        over = [c for c in _caps_at_borrowings(led) if _fixed_rate(s) > c[1]]
        if over:
            d, cap = over[0]
            warnings.append(f"指定した利率 {format_percent(_fixed_rate(s))} は、{_d(d)}の借入の時点の利息制限法の上限"
                            f"（{format_percent(cap)}）を超えています。引き直し計算には上限以下の利率を使います。")
    if lim is not None:
        if lim.last_day() < led.end_date:
            warnings.append(f"計算終了日の時点で、時効の期間（{_d(lim.last_day())}まで）が過ぎています。"
                            "貸金業者が時効を援用すると、この過払金は請求できなくなります。")
        elif (lim.last_day() - led.end_date).days < 366:
            warnings.append(f"時効の期間の満了（{_d(lim.last_day())}）まで1年を切っています。")
        if lim.new_law and lim.five_years is None:
            warnings.append("2020年4月1日以後に生じた過払金があります。その分は、請求できると知った時から5年でも時効に"
                            "かかります（知った日を入れると計算します）。基本契約が2020年3月31日以前なら、"
                            "改正前の時効（10年）になるという読み方もあります（改正法附則10条1項・4項）。")
    return warnings


def _method_notes(led: Ledger, s: Settings) -> list[str]:
    """The rules applied: 利率, 利息・日数・端数, 充当, 過払利息."""
    notes: list[str] = []
    if s.rate_mode == "hanrei":
        steps = "、".join(f"{_short(d)} {format_percent(r)}（元本 {b:,}円）" for d, r, b in led.rate_changes)
        notes.append("利率: 利息制限法1条の上限（元本10万円未満 年20%、100万円未満 年18%、100万円以上 年15%）。"
                     "借入のたびに「それまでの引き直し後の残元本＋新たな借入額」で判定し、下がった利率は、その後残高が"
                     "減っても上がりません（最判平成22年4月20日）。過払い中の借入は、"
                     + ("借入額をそのまま元本とみて判定します。" if s.tier_base == "gross" else
                        "過払利息・過払金を充当した後に残る額を元本とみて判定します。")
                     + "どちらで判定するかを決めた判例は見当たらず、結果が変わるときは両方を示します。"
                     + (f"この計算の利率: {steps}。" if steps else ""))
    else:
        notes.append(f"利率: 指定した年{format_percent(_fixed_rate(s))}を全期間に使いました。")
    notes.append("利息: 単利。日数: " + FIRST_DAY_TEXT[s.first_day][0] + "。1年の日数: " + DAYS_TEXT[s.days_mode][0]
                 + f"。端数: {PERIOD_FLOOR.name}。")
    notes.append("返済は、まず未払利息、次に元本に充てます（民法489条、改正前491条）。返済が利息に足りないときは、"
                 "不足分を未払利息として繰り越し、元本には組み入れません。借入は未払利息を動かしません。")
    if s.kabarai_interest == "tranche":
        notes.append("過払利息: 過払金が生じた日から年5%（2020年3月31日までに生じた分。改正前民法404条、改正法附則15条1項）"
                     "または年3%（2020年4月1日以後に生じた分。民法404条）。利率は過払金が生じた時の率で固定し、"
                     "生じた時期ごとに分けて計算します。過払利息は過払金に組み入れません（単利）。")
    elif s.kabarai_interest == "first":
        notes.append("過払利息: 一続きの過払いが最初に生じた日の法定利率（2020年3月31日まで年5%、以後年3%）で、"
                     "その後に増えた過払金にも同じ率を使いました。過払利息は過払金に組み入れません（単利）。")
    else:
        notes.append("過払利息は付けていません（悪意の受益者（民法704条）でない場合などの比較用）。")
    notes.append("過払いの間に借入があったときは、まず過払利息、次に過払金（古く生じた分から）を借入に充て、"
                 "残りを元本とします（最判平成25年4月11日）。")
    return notes


def _result(s: Settings, led: Ledger, cmp: Comparison, tier_other: dict[str, Any] | None,
            found: tuple[list[str], list[str], list[str]]) -> dict[str, Any]:
    """The result: the settings, the 一連 ledger, the 分断 figures and the findings."""
    warnings, notes, citations = found
    lim = cmp.limitation
    segs = [_ledger_summary(seg, seg_lim) for seg, seg_lim in zip(cmp.segments, cmp.segment_limitations)]
    ichiren = _ledger_summary(led, lim)
    bundan_net = cmp.bundan_net
    bundan_unbarred = cmp.bundan_net_unbarred()
    # rows as lists in LEDGER_FIELDS order: half the JSON of dicts for a 1,000-row ledger
    ledger_rows = [[r.date, r.borrow, r.repay, r.rate_label, r.days, r.interest, r.unpaid, r.balance,
                    r.kabarai_interest, r.kabarai_interest_total, r.note, r.kind, r.row] for r in led.rows]
    return {
        "settings": {"rate_mode": s.rate_mode, "fixed_rate": s.fixed_rate, "days_mode": s.days_mode,
                     "kabarai_interest": s.kabarai_interest, "same_day": s.same_day, "gap_days": s.gap_days,
                     "first_day": s.first_day, "tier_base": s.tier_base},
        "assumptions": _assumptions(s),
        "tier_other": tier_other,
        "end_date": led.end_date,
        "ichiren": ichiren,
        "bundan": {"segments": segs, "net": bundan_net, "net_unbarred": bundan_unbarred},
        "bundan_difference": ichiren["net"] - bundan_net,
        "bundan_difference_unbarred": ichiren["net"] - bundan_unbarred,
        "gaps": [{"after": g.after, "before": g.before, "days": g.days, "balance": g.balance} for g in cmp.gaps],
        "tranches": [{"amount": t.amount, "rate": t.rate, "arose": t.arose} for t in led.tranches],
        "applied_to_borrowing": [{"date": d, "from_interest": a, "from_kabarai": k}
                                 for d, a, k in led.applied_to_borrowing],
        "rate_changes": [{"date": d, "rate": r, "base": b} for d, r, b in led.rate_changes],
        "total_interest": led.total_interest, "total_kabarai_interest": led.total_kabarai_interest,
        "ledger_fields": list(LEDGER_FIELDS),
        "ledger": ledger_rows,
        "csv": ledger_csv(led),
        "rounding": PERIOD_FLOOR.name,
        "warnings": warnings, "notes": notes, "citations": citations,
    }


def compute(v: dict[str, Any]) -> dict[str, Any]:
    rows = v["transactions"]
    txs: list[Transaction] = []
    for r in rows:
        if not r["borrow"] and not r["repay"]:
            raise FieldError(f"transactions.{r['_row']}.borrow", "借入額か返済額を入力してください")
        txs.append(Transaction(r["date"], r["borrow"] or 0, r["repay"] or 0, r["_row"]))
    if not txs:
        raise FieldError("transactions", "取引を1行以上入力してください")
    s = _settings(v)
    try:
        cmp = compare(txs, s)
    except LedgerError as e:
        if e.row is not None:
            raise FieldError(f"transactions.{e.row}.{e.column}", e.message) from None
        raise FieldError(e.column if e.column in ("end_date", "fixed_rate") else "transactions", e.message) from None
    led = cmp.ichiren
    tier_other = _tier_other(txs, s, cmp)
    warnings = _warnings(led, s, cmp.limitation)
    notes = _method_notes(led, s)
    citations: list[str] = []
    notes.append("同じ日の取引: " + ("入力した順（取引履歴の記載順）に計算します。" if s.same_day == "input"
                                 else "借入を先に、返済を後に計算します。")
                 + "1行に借入と返済の両方がある行は、借入を先にします。日付が新しい順に並んだ履歴は、古い順に直して計算します。")
    notes.append(f"空白期間: 前の取引日から次の借入日まで{s.gap_days:,}日以上あき、その前の時点で引き直し後の残元金が0以下"
                 "（完済または過払い）のもの。分断計算は空白期間ごとに取引を分け、それぞれ別に計算します"
                 "（利率の判定もやり直し、過払金を後の借入に充てません）。一連か分断かは、基本契約の数、空白期間の長さ、"
                 "契約書の返還やカードの失効の有無などから判断される事実の問題です（最判平成20年1月18日）。")
    notes.append("時効: 取引終了日（最後の取引の日）の翌日から数えます（最判平成21年1月22日、民法140条・143条）。"
                 "2020年3月31日までに生じた過払金は10年（改正前民法167条1項、改正法附則10条4項）。"
                 "2020年4月1日以後に生じた過払金は、取引終了日から10年か、請求できると知った時から5年の早い方"
                 "（民法166条1項）。ただし、基本契約を2020年3月31日以前に結んでいたときは、それ以後に生じた過払金も"
                 "「原因である法律行為が施行日前にされたとき」（改正法附則10条1項・4項）に当たり、改正前の10年だけに"
                 "なるという読み方があります（この計算は、過払金が生じた日で分けています）。"
                 "取引が今も続いているなら、時効はまだ進みません。")
    if led.last_date >= SHINPO and s.rate_mode == "hanrei":
        notes.append("2010年6月18日以後の取引があります。この頃から多くの貸金業者は約定利率を上限以下に下げました。"
                     "この計算は全期間を上限利率で計算します。約定利率が上限より低かった期間は本来その約定利率で計算する"
                     "ので、そういう期間があれば、この結果は過払金が少なめ（残る借金は多め）です。")
    notes.append("ここでの額は、入力した取引履歴を法律の定める方法で計算し直した結果です。実際に返ってくる額は、"
                 "交渉や裁判、貸金業者の資力によって変わります。")
    citations += [
        "利息制限法1条（元本の区分ごとの上限利率）",
        "最判平成22年4月20日 民集64巻3号921頁（継続的取引での元本の判定と利率の引下げ）",
        "最大判昭和39年11月18日 民集18巻9号1868頁（制限超過部分の元本充当）",
        "民法489条（改正前491条）（利息・元本の順の充当）",
        "民法704条、最判平成19年7月13日（悪意の受益者の推定）、最判平成21年9月4日（過払金発生時からの利息）",
        "民法404条、平成29年法律第44号附則15条1項（法定利率5%・3%の経過措置）",
        "最判平成25年4月11日（過払中の借入への充当は過払利息が先）",
        "最判平成15年7月18日、最判平成19年2月13日、最判平成20年1月18日（一連計算と分断）",
        "最判平成21年1月22日（時効の起算点は取引終了時）",
        "改正前民法167条1項、平成29年法律第44号附則10条1項・4項、民法166条1項（消滅時効の期間）",
    ]

    return _result(s, led, cmp, tier_other, (warnings, notes, citations))


def _tier_other(txs: list[Transaction], s: Settings, cmp: Any) -> dict[str, Any] | None:
    """The result under the other reading of the rate tier at a borrowing while 過払金 exists, when it
    differs (the engine lists the borrowings where it would; none → nothing is recomputed)."""
    if s.rate_mode != "hanrei":
        return None
    points = sorted({d for led in (cmp.ichiren, *cmp.segments) for d, _, _ in led.tier_alternatives})
    if not points:
        return None
    other = "net" if s.tier_base == "gross" else "gross"
    alt = compare(txs, replace(s, tier_base=other))
    i = alt.ichiren
    if i.net == cmp.ichiren.net and alt.bundan_net == cmp.bundan_net:
        return None
    return {"tier_base": other, "label": TIER_TEXT[other], "dates": points,
            "borrowings": [{"date": d, "gross": g, "net": n} for d, g, n in cmp.ichiren.tier_alternatives],
            "net": i.net, "claim": i.claim, "debt": i.debt, "kabarai": i.kabarai,
            "kabarai_interest": i.kabarai_interest,
            "rate_changes": [{"date": d, "rate": r, "base": b} for d, r, b in i.rate_changes],
            "bundan_net": alt.bundan_net, "has_gaps": bool(alt.gaps)}


def _assumptions(s: Settings) -> list[dict[str, str]]:
    """計算の前提: which convention each figure used, its source, and the choices not taken."""
    out = []
    if s.rate_mode == "hanrei":
        out.append({"item": "利率", "value": "利息制限法1条の上限を借入ごとに判定し、下がった率は上げない",
                    "basis": "利息制限法1条、最判平成22年4月20日（初期設定。ほかに「利率を自分で指定する」）"})
        out.append({"item": "過払い中の借入の利率判定", "value": TIER_TEXT[s.tier_base],
                    "basis": "判例で決まっていない点（初期設定は全額で判定。結果が変わるときはもう一方の結果も示す）"})
    else:
        out.append({"item": "利率", "value": f"全期間 年{format_percent(_fixed_rate(s))}（指定した率）",
                    "basis": "約定利率が上限より低い場合などに使う（初期設定は利息制限法の上限の自動判定）"})
    out.append({"item": "日数の数え方", "value": FIRST_DAY_TEXT[s.first_day][0],
                "basis": FIRST_DAY_TEXT[s.first_day][1] + "（初期設定は片端入れ）。" + GROWTH_DAY_NOT_OFFERED})
    out.append({"item": "1年の日数", "value": DAYS_TEXT[s.days_mode][0],
                "basis": DAYS_TEXT[s.days_mode][1] + "（初期設定は各年計算）"})
    out.append({"item": "円未満の端数", "value": "取引と取引の間（1期間）ごとに、年・日の部分を合計してから切捨て",
                "basis": "利息は期間ごとに確定するため期間ごとに切り捨てる。年と日の部分を別々に切り捨てる計算書とは"
                         "1期間につき1円以内の差が出ることがある"})
    out.append({"item": "返済の充当", "value": "未払利息、元本の順。利息に足りない分は未払利息として繰り越す（元本に組み入れない）",
                "basis": "民法489条（改正前491条）、最大判昭和39年11月18日"})
    out.append({"item": "過払利息", "value": KABARAI_TEXT[s.kabarai_interest],
                "basis": "民法704条・404条、最判平成21年9月4日、平成29年法律第44号附則15条1項"
                         "（初期設定は生じた時期ごとの率）"})
    out.append({"item": "過払い中の借入", "value": "過払利息、過払金の順に借入に充て、残りを元本とする",
                "basis": "最判平成25年4月11日"})
    out.append({"item": "同じ日の取引", "value": dict(SAME_DAY_OPTIONS)[s.same_day],
                "basis": "取引履歴の記載順が初期設定"})
    out.append({"item": "空白期間", "value": f"{s.gap_days:,}日以上（前に完済・過払いの場合）",
                "basis": "一連か分断かは事実の問題（最判平成20年1月18日）。初期設定は365日"})
    return out


KABARAI_TEXT = {
    "tranche": "付ける: 生じた日が2020年3月31日までの過払金は年5%、4月1日以後の分は年3%",
    "first": "付ける: 一続きの過払いが最初に生じた日の率で通す",
    "none": "付けない",
}


def _caps_at_borrowings(led: Ledger) -> list[tuple[date, Fraction]]:
    """利息制限法 cap at each borrowing of a fixed-rate ledger (balance before + borrowing)."""
    from ..hikinaoshi import cap_rate
    out = []
    before = 0
    for r in led.rows:
        if r.kind == "borrow":
            out.append((r.date, cap_rate(max(before, 0) + r.borrow, r.date)))
        before = r.balance
    return out


# --- render -----------------------------------------------------------------------------------------
LEDGER_COLUMNS = ["年月日", "借入金額", "弁済額", "利率", "日数", "利息", "未払利息", "残元金",
                  "過払利息", "過払利息累計", "摘要"]


def _side(title: str, s: dict[str, Any]) -> list[dict[str, Any]]:
    items = []
    if s["net"] >= 0:
        items.append({"label": "過払金＋過払利息", "value": format_yen(s["net"])})
    else:
        items.append({"label": "残る借金（元金＋未払利息）", "value": format_yen(-s["net"])})
    return [{"type": "heading", "text": title}, {"type": "summary", "items": items}]


def _summary(r: dict[str, Any]) -> list[dict[str, Any]]:
    """The answer: 過払金 or what is still owed, the dates that matter, the other readings."""
    i, end, lim, t = r["ichiren"], r["end_date"], r["ichiren"]["limitation"], r["tier_other"]
    summary: list[dict[str, Any]] = []
    if i["claim"] > 0:
        summary.append({"label": f"過払金＋過払利息の合計（{_d(end)}時点・一連計算）",
                        "value": format_yen(i["claim"]), "strong": True,
                        "note": "入力した取引履歴を利息制限法の上限で計算し直した額です"})
        summary.append({"label": "過払金", "value": format_yen(i["kabarai"])})
        if i["kabarai_before_2020"] and i["kabarai_from_2020"]:
            summary.append({"label": "うち2020年3月31日までに生じた分（年5%）", "value": format_yen(i["kabarai_before_2020"])})
            summary.append({"label": "うち2020年4月1日以後に生じた分（年3%）", "value": format_yen(i["kabarai_from_2020"])})
        summary.append({"label": "過払利息", "value": format_yen(i["kabarai_interest"])})
    else:
        summary.append({"label": f"引き直し後に残る借金（{_d(end)}時点・一連計算）",
                        "value": format_yen(i["principal"] + i["unpaid"]), "strong": True,
                        "note": f"元金 {format_yen(i['principal'])}・未払利息 {format_yen(i['unpaid'])}。過払金は生じていません"})
    if i["first_kabarai_date"]:
        summary.append({"label": "過払金が最初に生じた日", "value": _d(i["first_kabarai_date"])})
    summary.append({"label": "取引終了日（最後の取引）", "value": _d(i["trade_end"])})
    if lim:
        summary.append({"label": "時効（10年）の満了日", "value": _d(lim["ten_years"]),
                        "note": "この日が終わるまでに請求（訴えの提起など）が必要です"})
        if lim["five_years"]:
            summary.append({"label": "知った時から5年の満了日", "value": _d(lim["five_years"]),
                            "note": "2020年4月1日以後に生じた過払金に適用"})
    if r["gaps"]:
        summary.append({"label": "分断計算の場合の合計", "value": _signed(r["bundan"]["net"]),
                        "note": f"一連計算との差 {format_yen(r['bundan_difference'])}"})

    if t:
        summary.append({"label": f"過払い中の借入を「{t['label']}」とした場合（一連計算）",
                        "value": _signed(t["net"]),
                        "note": "過払い中の借入の利率をどちらで判定するかは判例で決まっていません。"
                                + "判定が分かれる借入: " + "、".join(_short(d) for d in t["dates"])})
    return summary


def _ichiren_bundan(r: dict[str, Any]) -> list[dict[str, Any]]:
    """一連計算 and 分断計算 side by side, with the gaps found and each part's figures."""
    i = r["ichiren"]
    out: list[dict[str, Any]] = [{"type": "heading", "text": "一連計算と分断計算"}]
    if r["gaps"]:
        b = r["bundan"]
        left = _side("一連計算（取引全体をひとつとして計算）", i)
        right = _side(f"分断計算（空白期間で{len(b['segments'])}つに分けて計算）", {"net": b["net"]})
        out.append({"type": "columns", "columns": [left, right]})
        out.append({"type": "paragraph", "text":
                    f"一連か分断かで {format_yen(r['bundan_difference'])} 違います。分断とされ、前の取引の時効の期間が"
                    f"計算終了日までに過ぎていると、その分を除いて {_signed(b['net_unbarred'])}"
                    f"（一連計算との差 {format_yen(r['bundan_difference_unbarred'])}）です。"})
        gap_rows = [[_short(g["after"]), _short(g["before"]), f"{g['days']:,}", f"{g['balance']:,}"] for g in r["gaps"]]
        out.append({"type": "table", "caption": "見つかった空白期間", "numeric": [2, 3],
                    "columns": ["前の取引日", "次の借入日", "空白の日数", "前の取引後の残元金"], "rows": gap_rows})
        seg_rows = []
        for k, s in enumerate(b["segments"], 1):
            lim_s = s["limitation"]
            seg_rows.append([f"取引{k}", f"{_short(s['start'])}〜{_short(s['trade_end'])}", f"{s['borrowed']:,}",
                             f"{s['repaid']:,}", f"{s['kabarai']:,}", f"{s['kabarai_interest']:,}",
                             f"{s['principal'] + s['unpaid']:,}",
                             (_short(lim_s["ten_years"]) + ("（経過）" if lim_s["passed"] else "")) if lim_s else "—"])
        out.append({"type": "table", "caption": "分断計算の内訳", "numeric": [2, 3, 4, 5, 6],
                    "columns": ["取引", "期間", "借入合計", "返済合計", "過払金", "過払利息", "残る借金", "時効の満了日"],
                    "rows": seg_rows})
    else:
        out.append({"type": "paragraph", "text":
                    f"空白期間（前の取引から次の借入まで{r['settings']['gap_days']:,}日以上で、その前に完済または過払いに"
                    "なっているもの）は見つかりませんでした。分断計算も一連計算と同じ結果です。"})
    return out


def _ledger_blocks(r: dict[str, Any]) -> list[dict[str, Any]]:
    """計算書: every row of the 一連計算, folded when long."""
    i = r["ichiren"]
    blocks: list[dict[str, Any]] = []
    rows = []
    for (d, borrow, repay, rate, days, interest, unpaid, balance, ki, ki_total, note, _kind, _row) in r["ledger"]:
        cells = [_short(d), _yen_or_blank(borrow), _yen_or_blank(repay), rate, f"{days:,}", f"{interest:,}",
                 f"{unpaid:,}", f"{balance:,}", f"{ki:,}", f"{ki_total:,}", note]
        rows.append({"cells": cells, "class": "neg"} if balance < 0 else cells)
    table = {"type": "table", "caption": f"計算書（一連計算・{len(rows)}行）", "numeric": [1, 2, 4, 5, 6, 7, 8, 9],
             "columns": LEDGER_COLUMNS, "rows": rows,
             "foot": [["合計", f"{i['borrowed']:,}", f"{i['repaid']:,}", "", "", f"{r['total_interest']:,}", "", "",
                       f"{r['total_kabarai_interest']:,}", "", ""]]}
    blocks.append({"type": "heading", "text": "計算書"})
    blocks.append({"type": "paragraph", "text":
                   "残元金のマイナスは過払金です。利率の欄は、その行の後に適用される率（過払いの間は過払利息の率）です。"
                   "「計算書をCSVで保存」で表計算ソフトに書き出せます。"})
    if len(rows) > FOLD_ROWS:
        blocks.append({"type": "details", "summary": f"計算書を開く（{len(rows)}行。印刷すると全行が印刷されます）",
                       "blocks": [table]})
    else:
        blocks.append(table)
    return blocks


def render(r: dict[str, Any]) -> list[dict[str, Any]]:
    t = r["tier_other"]
    blocks: list[dict[str, Any]] = [{"type": "summary", "items": _summary(r)}]
    if r["warnings"]:
        blocks.append({"type": "warnings", "items": r["warnings"]})
    blocks.append({"type": "table", "caption": "計算の方法の一覧（この結果の数字はすべてこの方法によります。"
                                               "貸金業者や裁判所の計算書と照らし合わせるときに）",
                   "columns": ["項目", "この計算の方法", "根拠・初期設定"],
                   "rows": [[a["item"], a["value"], a["basis"]] for a in r["assumptions"]]})
    if t:
        rows_t = [[_short(b["date"]), f"{b['gross']:,}", f"{b['net']:,}"] for b in t["borrowings"]]
        if rows_t:
            blocks.append({"type": "table", "numeric": [1, 2],
                           "caption": "過払い中の借入で、利率の判定が読み方によって分かれるもの（一連計算）",
                           "columns": ["借入日", "借入額の全額", "充当後に残る額"], "rows": rows_t})
        blocks.append({"type": "paragraph", "text":
                       f"もう一方の読み方（{t['label']}）では、一連計算で{_position(t['net'])}"
                       + (f"、分断計算で{_position(t['bundan_net'])}" if t["has_gaps"] else "") + "です。"})

    blocks += _ichiren_bundan(r)

    # 過払金の内訳
    if r["tranches"] and (len(r["tranches"]) > 1 or r["applied_to_borrowing"]):
        tr_rows = [[_short(t["arose"]), format_percent(t["rate"]) if t["rate"] else "—", f"{t['amount']:,}"]
                   for t in r["tranches"]]
        blocks.append({"type": "table", "caption": "計算終了日に残っている過払金（利率と2020年4月1日の前後で分けたもの）",
                       "numeric": [2], "columns": ["最初に生じた日", "過払利息の利率", "過払金"], "rows": tr_rows})

    blocks += _ledger_blocks(r)
    return blocks


def _position(n: int) -> str:
    return f"過払金＋過払利息が{format_yen(n)}" if n >= 0 else f"残る借金が{format_yen(-n)}"


def _signed(n: int) -> str:
    return format_yen(n) if n >= 0 else f"借金が {format_yen(-n)} 残る"


EXAMPLE = [
    {"date": "H17.4.1", "borrow": "50万", "repay": ""},
    {"date": "H17.10.3", "borrow": "", "repay": "8万"},
    {"date": "H18.4.3", "borrow": "", "repay": "20万"},
    {"date": "H18.12.1", "borrow": "30万", "repay": ""},
    {"date": "H19.6.1", "borrow": "", "repay": "25万"},
    {"date": "H20.1.10", "borrow": "", "repay": "25万"},
    {"date": "H20.9.1", "borrow": "", "repay": "30万"},
    {"date": "H22.3.1", "borrow": "20万", "repay": ""},
    {"date": "H23.2.1", "borrow": "", "repay": "10万"},
    {"date": "H24.2.29", "borrow": "", "repay": "10万"},
    {"date": "H26.7.1", "borrow": "", "repay": "8万"},
    {"date": "H28.3.1", "borrow": "", "repay": "5万"},
]

CALCULATOR = Calculator(
    id="hikinaoshi",
    title="引き直し計算（過払い金）",
    summary="貸金業者の取引履歴（借入と返済の日付・金額）を、利息制限法の上限利率で計算し直します。"
            "過払金と過払利息、一連計算と分断計算の違い、時効の満了日を計算書の形で示します。",
    result_title="引き直し計算の結果",
    order=30,
    extension="ledger",
    fields=[
        Field("transactions", "取引履歴（取引日・借入額・返済額）", "rows", group="取引履歴", max_rows=MAX_ROWS,
              help="貸金業者から開示された取引履歴を、1行に1つの取引で入れます。日付は 2005/4/1 や H17.4.1 の形で。"
                   "表計算ソフトからの貼り付けや、CSVファイルの読み込みもできます。",
              example=EXAMPLE,
              columns=(
                  _MemoField("date", "取引日", "date", min=MIN_DATE, placeholder="H17.4.1"),
                  _MemoField("borrow", "借入額", "yen", required=False, default=0),
                  _MemoField("repay", "返済額", "yen", required=False, default=0),
              )),
        Field("end_date", "計算終了日", "date", example="令和7年4月1日", required=False, min=MIN_DATE,
              group="計算の条件",
              help="過払利息をこの日まで計算します（請求する日や訴えを起こす日など）。空欄なら最後の取引日までです。"),
        Field("rate_mode", "利率", "choice", example="hanrei", options=RATE_OPTIONS, group="計算の条件",
              help="最初の借入が10万円未満なら20%、追加の借入で残元本との合計が10万円・100万円に達したら18%・15%に"
                   "下げ、その後は上げません。"),
        Field("fixed_rate", "指定する利率（年）", "percent", min=Fraction(0), max=Fraction(1),
              group="計算の条件", show_if=("rate_mode", "fixed"), placeholder="18%",
              required_message="利率を入力してください"),
        Field("kabarai_interest", "過払利息（民法704条）", "choice", example="tranche", options=KABARAI_OPTIONS,
              group="計算の条件",
              help="貸金業者は悪意の受益者と推定され、過払金に法定利率の利息を付けて返す義務があります。"),
        Field("tier_base", "過払い中の借入の利率判定", "choice", example="gross", options=TIER_OPTIONS,
              required=False, default="gross", group="計算の条件", advanced=True, show_if=("rate_mode", "hanrei"),
              help="過払金があるときに借りた場合、利息制限法の区分（10万円・100万円）を借入額の全額で見るか、"
                   "過払金を充てた後に残る額で見るかは判例で決まっていません。初期設定は全額です。"
                   "結果が変わるときは、もう一方の読み方の額も示します。"),
        Field("days_mode", "1年の日数", "choice", example="kakunen", options=DAYS_OPTIONS, group="計算の条件",
              required=False, default="kakunen", advanced=True,
              help="初期設定は各年計算（過払金の計算で一般的。契約が365日計算でも閏年は366日で割るのが通例）。"
                   "年＋日は東京地裁・岡山地裁などが利息・損害金の計算に使う方法で、1年以上あく期間だけ結果が変わります。"
                   "貸金業者や裁判所の計算書と照らし合わせるときに合わせてください。"),
        Field("first_day", "日数の数え方", "choice", example="exclude", options=FIRST_DAY_OPTIONS,
              required=False, default="exclude", group="計算の条件", advanced=True,
              help="初期設定は片端入れ（前の取引日の翌日から数える。民法140条）。初日算入（両端入れ）は、"
                   "借入で借金が生じた日と過払金が生じた日も数えます。計算書と照らし合わせるときに選びます。"),
        Field("same_day", "同じ日の取引の順序", "choice", example="input", options=SAME_DAY_OPTIONS,
              group="計算の条件", advanced=True,
              help="同じ日に返済と借入がある場合、借入の時点の元本（利率の判定）が変わることがあります。"),
        Field("gap_days", "空白期間とみる日数", "int", example="365", unit="日", min=1, max=36_500,
              required=False, default=365, group="一連か分断か",
              help="前の取引から次の借入までこの日数以上あき、その前に完済（引き直し後）していれば、分断計算も示します。"),
        Field("known_date", "過払金を請求できると知った日（任意）", "date", required=False, min=MIN_DATE,
              group="一連か分断か",
              help="2020年4月1日以後に生じた過払金は、知った時から5年でも時効になります。入れると満了日を計算します。"),
    ],
    compute=compute,
    render=render,
)
