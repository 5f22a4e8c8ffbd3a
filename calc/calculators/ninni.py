"""任意整理の返済シミュレーション — 将来利息をカットして分割した場合と、約定どおり払い続けた場合の比較.

任意整理（債権者と個別に交渉する和解）では、東京三弁護士会の統一基準に沿って、和解後の
将来利息と遅延損害金を付けずに残高を分割する案を出すのが通例です（法律ではなく交渉の運用）。

- 任意整理の月々の額: 残高 ÷ 回数 を円未満切上げ、最終回で端数を調整（`INSTALLMENT_RULE`）。
  切上げのため、残高が小さいと指定より少ない回数で払い終わることがある（回数は増えない）。
  統一基準は端数の扱いを定めていないので、実際の和解の額とは数円違うことがある。
- 約定どおり: 今の月々の返済額を毎月払い続ける元利均等の計算。毎月の利息は 残高×年利÷12 を
  円未満切捨て（`MONTHLY_INTEREST`）、支払いはまず利息、残りを元本へ（民法489条の順序）。
  返済額が1回目の利息以下なら残高は減らず、終わらない。`MAX_MONTHS` 回を超えるものも終わらない扱い。
- 差額は読者の入力から計算した額で、「何割減る」といった約束はしない。

引き継ぎ（他の計算やガイドからのリンク）: ページのURLのフラグメントに
`#ninni.creditors.0.balance=500000&ninni.creditors.0.name=A社` のように書くと、その値が入った状態で
開きます（`#<計算機>.<項目>` / `#<計算機>.<行の項目>.<行番号>.<列>`。ブラウザ側の runtime が復元する）。
書かなかった項目は空欄になり、回数は60回、約定の年利・今の返済額は比較なしとして計算します。
"""
from __future__ import annotations

from datetime import date
from fractions import Fraction
from typing import Any

from ..core import Calculator, Field, FieldError
from ..law import OutOfRange, Provision, schedule
from ..periods import add_months, period_text
from ..money import RoundingRule
from ..parse import format_date, format_percent, format_yen
from ..result import Findings

MAX_YEN = 100_000_000_000
MAX_MONTHS = 1200            # 100年: これを超える約定どおりの返済は「終わらない」と表示する
DEFAULT_COUNT = "60"

INSTALLMENT_RULE = RoundingRule(
    "ceil",
    "任意整理の月々の額: 残高÷回数を円未満切上げ、最終回で端数を調整（この計算の前提。"
    "統一基準は端数の扱いを決めていないため、実際の和解の額とは数円違うことがあります）",
)
MONTHLY_INTEREST = RoundingRule(
    "floor",
    "約定どおりの利息: 毎月 残高×年利÷12 を円未満切捨て（月単位の計算。"
    "日割り（年365日）で計算する契約では、実際の明細と少し違います）",
)

UNIFORM_STANDARD = ("任意整理の統一基準（東京三弁護士会。大阪弁護士会にも同様の基準）: "
                    "和解案に将来利息・遅延損害金を付けない（法律ではなく交渉の運用。弁護士・司法書士の解説による）")
COUNT_PRACTICE = "分割の回数は通常36回〜60回程度、事情により72回・84回の例もある（弁護士の解説による運用の目安）"
APPROPRIATION = "民法489条1項（弁済の充当: 費用、利息、元本の順）"


def installments(balance: int, count: int) -> dict[str, int]:
    """残高を回数で割った分割: 毎回 `monthly`（円未満切上げ）を `payments` 回、最終回だけ `last`.

    切上げのため `payments` は `count` 以下。monthly × (payments − 1) + last == balance。
    """
    monthly = INSTALLMENT_RULE.apply(Fraction(balance, count))
    payments = -(-balance // monthly)
    last = balance - monthly * (payments - 1)
    return {"monthly": monthly, "payments": payments, "last": last}


def continue_contract(balance: int, rate: Fraction, payment: int) -> dict[str, Any]:
    """約定どおり: 毎月 `payment` を払い続けたときの回数と総額（元利均等、月ごとの利息は切捨て）."""
    num, den = rate.numerator, rate.denominator * 12
    first_interest = balance * num // den
    if payment <= first_interest:
        return {"status": "never", "first_interest": first_interest, "months": None, "total": None,
                "interest": None}
    months = 0
    total = 0
    b = balance
    while b > 0:
        if months >= MAX_MONTHS:
            return {"status": "too_long", "first_interest": first_interest, "months": None,
                    "total": None, "interest": None, "paid_so_far": total, "left": b}
        interest = MONTHLY_INTEREST.apply(Fraction(b * num, den))
        due = b + interest
        paid = min(payment, due)
        b = due - paid
        total += paid
        months += 1
    return {"status": "ok", "first_interest": first_interest, "months": months, "total": total,
            "interest": total - balance}


def _cap_provision(on: date | None) -> Provision | None:
    """利息制限法1条の上限（`on` が空欄なら現行のもの）; 対象外の日付なら None."""
    try:
        return schedule("risoku.jogen").current(on)
    except OutOfRange:
        return None


def _cap_rate(balance: int, on: date | None) -> Fraction | None:
    """利息制限法1条の上限利率（残高の区分で当てはめた目安）."""
    p = _cap_provision(on)
    if p is None:
        return None
    for low, high, rate in p.value:
        if balance >= low and (high is None or balance < high):
            return Fraction(rate)
    return None


def _creditor(r: dict[str, Any], i: int, count: int, start: date | None, found: Findings) -> tuple[dict[str, Any], bool]:
    """One creditor: the 任意整理 installments, 約定どおり払い続けた場合, and whether the 約定の年利 is
    above the 利息制限法 cap."""
    warnings, notes = found.warnings, found.notes
    name = r["name"] or f"{i + 1}社目"
    balance = r["balance"]
    inst = installments(balance, count)
    c: dict[str, Any] = {
        "row": r["_row"], "name": name, "balance": balance, "rate": r["rate"], "payment": r["payment"],
        "count": count, **inst,
        "end_date": add_months(start, inst["payments"] - 1) if start else None,
    }
    if inst["payments"] < count:
        notes.append(f"{name}: 1回あたりを円単位に切り上げたため、{inst['payments']}回で払い終わります"
                     f"（{count}回の指定より少なくなります）。")
    # 約定どおり
    if r["rate"] is None or r["payment"] is None:
        c["contract"] = {"status": "no_input"}
    else:
        k = continue_contract(balance, r["rate"], r["payment"])
        if k["status"] == "ok" and start:
            k["end_date"] = add_months(start, k["months"] - 1)
        c["contract"] = k
        if k["status"] == "never":
            warnings.append(
                f"{name}: 今の月々の返済額（{format_yen(r['payment'])}）は、約定の年利{format_percent(r['rate'])}での"
                f"1か月の利息（{format_yen(k['first_interest'])}）以下です。このまま払い続けても残高は減らず、"
                "返済は終わりません。")
        elif k["status"] == "too_long":
            warnings.append(
                f"{name}: 今の月々の返済額では、{MAX_MONTHS:,}回（{MAX_MONTHS // 12}年）払っても終わりません"
                f"（それまでに{format_yen(k['paid_so_far'])}払い、なお{format_yen(k['left'])}残ります）。")
    # 利息制限法の上限を超える約定
    above_cap = False
    if r["rate"] is not None:
        cap = _cap_rate(balance, start)
        if cap is not None and r["rate"] > cap:
            above_cap = True
            warnings.append(
                f"{name}: 約定の年利{format_percent(r['rate'])}は、利息制限法の上限（残高{format_yen(balance)}の区分で"
                f"年{format_percent(cap)}）を超えています。取引の最初から利息制限法の上限で計算し直す"
                "（引き直し計算）と、残高が減ったり、払い過ぎ（過払い金）になっていたりすることがあります。"
                "引き直し後の残高がわかれば、その額を入れてください。")
    return c, above_cap


def _plan(creditors: list[dict[str, Any]], start: date | None) -> tuple[list[dict[str, Any]], int]:
    """任意整理の支払予定（回ごとの合計。額が同じ回はまとめる）, and the last payment's number."""
    last_payment = max(c["payments"] for c in creditors)
    bounds = {1}
    for c in creditors:
        for b in (c["payments"], c["payments"] + 1):
            if b <= last_payment:
                bounds.add(b)
    bounds_sorted = sorted(bounds)
    plan: list[dict[str, Any]] = []
    for j, b in enumerate(bounds_sorted):
        to = bounds_sorted[j + 1] - 1 if j + 1 < len(bounds_sorted) else last_payment
        by = [c["monthly"] if b < c["payments"] else c["last"] if b == c["payments"] else 0 for c in creditors]
        if plan and plan[-1]["by"] == by:          # 同じ額が続くならまとめる
            plan[-1]["to"] = to
            plan[-1]["times"] = to - plan[-1]["from"] + 1
            plan[-1]["date_to"] = add_months(start, to - 1) if start else None
            continue
        plan.append({"from": b, "to": to, "times": to - b + 1, "by": by, "total": sum(by),
                     "date_from": add_months(start, b - 1) if start else None,
                     "date_to": add_months(start, to - 1) if start else None})
    return plan, last_payment


def _comparison(creditors: list[dict[str, Any]], found: Findings) -> dict[str, Any] | None:
    """比較（約定どおりの計算ができた債権者だけ）."""
    compared = [c for c in creditors if c["contract"]["status"] == "ok"]
    comparison: dict[str, Any] | None = None
    if compared:
        ninni_total = sum(c["balance"] for c in compared)
        contract_total = sum(c["contract"]["total"] for c in compared)
        comparison = {
            "creditors": len(compared), "all": len(compared) == len(creditors),
            "ninni_total": ninni_total, "contract_total": contract_total,
            "difference": contract_total - ninni_total,
            "ninni_months": max(c["payments"] for c in compared),
            "contract_months": max(c["contract"]["months"] for c in compared),
            "ninni_monthly": sum(c["monthly"] for c in compared),
            "current_monthly": sum(c["payment"] for c in compared),
        }
        if comparison["ninni_monthly"] > comparison["current_monthly"]:
            found.warnings.append(
                f"任意整理の月々の額（{format_yen(comparison['ninni_monthly'])}）が、今の月々の返済額の合計"
                f"（{format_yen(comparison['current_monthly'])}）より多くなります。回数を増やせるかは債権者との交渉次第です。")
    return comparison


def compute(v: dict[str, Any]) -> dict[str, Any]:
    rows = v["creditors"]
    if not rows:
        raise FieldError("creditors", "債権者を少なくとも1行入力してください")
    if v["count"] == "custom":
        if v["count_custom"] is None:
            raise FieldError("count_custom", "回数を入力してください（1〜120回）")
        count = v["count_custom"]
    else:
        count = int(v["count"])
    start: date | None = v["start"]

    found = Findings(citations=[UNIFORM_STANDARD, COUNT_PRACTICE])
    warnings, notes, citations = found.warnings, found.notes, found.citations
    creditors: list[dict[str, Any]] = []
    above_cap = False
    for i, r in enumerate(rows):
        c, over = _creditor(r, i, count, start, found)
        above_cap = above_cap or over
        creditors.append(c)
    cap = _cap_provision(start)
    if above_cap and cap is not None:  # above_cap implies a cap in force on `start`
        citations.append(cap.citation
                         + "（上限の区分は借りた元本で決まります。ここでは残高で当てはめた目安です）")
    plan, last_payment = _plan(creditors, start)
    plan_total = sum(p["times"] * p["total"] for p in plan)
    total_balance = sum(c["balance"] for c in creditors)
    first_monthly = plan[0]["total"]
    comparison = _comparison(creditors, found)
    missing = [c["name"] for c in creditors if c["contract"]["status"] == "no_input"]
    if missing:
        notes.append(f"{'、'.join(missing)}は約定の年利か今の月々の返済額が空欄のため、約定どおりとの比較から外しました。")
    payments_known = [c["payment"] for c in creditors if c["payment"] is not None]
    current_monthly_all = sum(payments_known) if len(payments_known) == len(creditors) else None

    notes.extend([
        f"{INSTALLMENT_RULE.name}。",
        f"{MONTHLY_INTEREST.name}。支払いはまず利息、残りを元本に充てます。今の月々の返済額を最後まで同じ額で払う前提です。",
        "任意整理は債権者との話合い（和解）です。応じるかどうかは債権者が決めるので、将来利息のカットや回数が"
        "必ず認められるわけではありません。最終取引日から和解までの利息（経過利息）や将来利息を求める債権者、"
        "和解に応じず裁判を起こす債権者もいます。",
        "任意整理をすると、信用情報機関に事故情報として登録され、その間は新しい借入れやクレジットカードの利用が"
        "難しくなります。登録される期間は信用情報機関ごとの規定によります。",
        "弁護士・司法書士に依頼する費用は含めていません。",
        "残高は、業者から取引履歴を取り寄せ、利息制限法の上限で計算し直した（引き直し計算の）後の額を使うのが"
        "統一基準の考え方です。わからなければ今の残高で計算できますが、実際の和解の額は変わることがあります。",
    ])
    citations.append(APPROPRIATION)
    return {
        "count": count, "start": start, "creditors": creditors, "plan": plan, "plan_total": plan_total,
        "total_balance": total_balance, "first_monthly": first_monthly, "last_payment_no": last_payment,
        "end_date": add_months(start, last_payment - 1) if start else None,
        "current_monthly": current_monthly_all, "comparison": comparison,
        "rounding": INSTALLMENT_RULE.name, "interest_rule": MONTHLY_INTEREST.name,
        "warnings": warnings, "notes": notes, "citations": citations,    # citations as collected (not de-duplicated)
    }


def _contract_cells(c: dict[str, Any]) -> list[str]:
    k = c["contract"]
    if k["status"] == "ok":
        when = f"・最終回 {format_date(k['end_date'])}" if k.get("end_date") else ""
        return [f"{k['months']:,}回（{period_text(k['months'])}{when}）", format_yen(k["total"]),
                format_yen(k["total"] - c["balance"])]
    if k["status"] == "never":
        return ["終わらない", "—", "—"]
    if k["status"] == "too_long":
        return [f"{MAX_MONTHS:,}回を超える", "—", "—"]
    return ["（入力なし）", "—", "—"]


def render(r: dict[str, Any]) -> list[dict[str, Any]]:
    cmp_ = r["comparison"]
    last = r["plan"][-1]
    key_note = f"{r['last_payment_no']}回"
    if len(r["plan"]) > 1:
        key_note += f"・最終回は{format_yen(last['total'])}"
    if r["end_date"]:
        key_note += f"・最終回 {format_date(r['end_date'])}"
    items = [
        {"label": "任意整理後の月々の返済額（合計）", "value": format_yen(r["first_monthly"]),
         "note": key_note, "strong": True},
        {"label": "任意整理で返す総額（将来利息なし）", "value": format_yen(r["total_balance"]),
         "note": "残高の合計と同じです"},
    ]
    if r["current_monthly"] is not None:
        items.append({"label": "今の月々の返済額（合計）", "value": format_yen(r["current_monthly"])})
    if cmp_:
        scope = "" if cmp_["all"] else f"（比較できた{cmp_['creditors']}社の合計）"
        items.append({"label": "約定どおり払い続けた場合の総額" + scope, "value": format_yen(cmp_["contract_total"]),
                      "note": f"{cmp_['contract_months']:,}回（{period_text(cmp_['contract_months'])}）"})
        items.append({"label": "差額（あなたの入力で計算した額）" + scope, "value": format_yen(cmp_["difference"]),
                      "note": f"任意整理 {format_yen(cmp_['ninni_total'])} と約定どおり "
                              f"{format_yen(cmp_['contract_total'])} の差"})
    blocks: list[dict[str, Any]] = [{"type": "summary", "items": items}]
    if r["warnings"]:
        blocks.append({"type": "warnings", "items": r["warnings"]})
    if cmp_:
        scope = "" if cmp_["all"] else f"（比較できた{cmp_['creditors']}社の合計）"
        blocks.append({"type": "bars", "title": "返す総額の比較" + scope, "bars": [
            {"label": "任意整理（将来利息なし）", "value": cmp_["ninni_total"], "class": "s0"},
            {"label": "約定どおり払い続ける", "value": cmp_["contract_total"], "class": "s1"},
        ]})
    else:
        blocks.append({"type": "paragraph",
                       "text": "約定の年利と今の月々の返済額を入れると、約定どおり払い続けた場合と比べます。"})

    show_dates = r["start"] is not None
    cols = ["債権者", "残高", "月々（任意整理）", "回数", "最終回"]
    if show_dates:
        cols.append("最終回の日")
    cols += ["約定の年利", "今の月々", "約定どおりの回数", "約定どおりの総額", "うち利息"]
    rows = []
    for c in r["creditors"]:
        row = [c["name"], format_yen(c["balance"]), {"text": format_yen(c["monthly"]), "strong": True},
               f"{c['payments']}回", format_yen(c["last"])]
        if show_dates:
            row.append(format_date(c["end_date"]))
        row += [format_percent(c["rate"]) if c["rate"] is not None else "—",
                format_yen(c["payment"]) if c["payment"] is not None else "—"]
        row += _contract_cells(c)
        rows.append(row)
    numeric = [1, 2, 4] + ([6, 7, 9, 10] if show_dates else [5, 6, 8, 9])
    foot_row = ["合計", format_yen(r["total_balance"]), format_yen(r["first_monthly"]), f"{r['last_payment_no']}回", ""]
    if show_dates:
        foot_row.append(format_date(r["end_date"]))
    foot_row += ["", format_yen(r["current_monthly"]) if r["current_monthly"] is not None else "", "",
                 format_yen(cmp_["contract_total"]) if cmp_ and cmp_["all"] else "", ""]
    blocks.append({"type": "table", "caption": f"債権者ごとの比較（任意整理は{r['count']}回払いで計算）",
                   "columns": cols, "numeric": numeric, "rows": rows, "foot": [foot_row],
                   "key": 2})   # 月々（任意整理）: what a reader asks this table, kept in view on a phone

    plan_cols = ["回"] + (["支払日"] if show_dates else []) + [c["name"] for c in r["creditors"]] + ["合計"]
    plan_rows = []
    for p in r["plan"]:
        label = f"{p['from']}回目" if p["times"] == 1 else f"{p['from']}〜{p['to']}回目（{p['times']}回）"
        row = [label]
        if show_dates:
            row.append(format_date(p["date_from"]) if p["times"] == 1
                       else f"{format_date(p['date_from'])}〜{format_date(p['date_to'])}（毎月）")
        row += [format_yen(x) for x in p["by"]] + [format_yen(p["total"])]
        plan_rows.append(row)
    off = 2 if show_dates else 1
    blocks.append({"type": "details", "summary": "任意整理の支払予定（回ごと）", "blocks": [{
        "type": "table", "caption": "月々の支払額（同じ額の回はまとめています）", "columns": plan_cols,
        "numeric": list(range(off, len(plan_cols))), "rows": plan_rows,
        "foot": [["合計"] + ([""] if show_dates else []) + [format_yen(c["balance"]) for c in r["creditors"]]
                 + [format_yen(r["plan_total"])]]}]})
    return blocks


CALCULATOR = Calculator(
    id="ninni",
    title="任意整理の返済シミュレーション",
    summary="借入先ごとの残高から、将来利息をカットして分割した場合の月々の返済額と、今のまま払い続けた場合の"
            "総額・回数を並べて計算します。",
    result_title="任意整理の返済の見通し",
    order=40,
    fields=[
        Field("creditors", "借入先（債権者）", "rows", group="借入先", max_rows=20,
              help="残高は、わかれば引き直し計算後の額を入れてください。約定の年利と今の月々の返済額を入れると、"
                   "今のまま払い続けた場合と比べます（空欄ならその借入先は比べません）。",
              example=[{"name": "Aカード", "balance": "80万円", "rate": "18%", "payment": "2万円"},
                       {"name": "B社", "balance": "45万円", "rate": "18%", "payment": "1万3千円"}],
              columns=(
                  Field("name", "債権者名", "text", required=False, default=""),
                  Field("balance", "残高", "yen", min=1, max=MAX_YEN),
                  Field("rate", "約定の年利", "percent", required=False, min=Fraction(0), max=Fraction(2)),
                  Field("payment", "今の月々の返済額", "yen", required=False, max=MAX_YEN),
              )),
        Field("count", "分割の回数", "choice", example="60", group="任意整理の条件", required=False,
              default=DEFAULT_COUNT,
              options=(("36", "36回（3年）"), ("48", "48回（4年）"), ("60", "60回（5年）"),
                       ("custom", "回数を入力する")),
              help="36回〜60回程度で和解することが多いとされます。回数は債権者との交渉で決まります（選ばないときは60回で計算します）。"),
        Field("count_custom", "回数", "int", example="", unit="回", min=1, max=120,
              required_message="回数を入力してください（1〜120回）",
              group="任意整理の条件", show_if=("count", "custom")),
        Field("start", "初回の支払日（基準日）", "date", example="", required=False, group="任意整理の条件",
              help="入れると、支払予定の日付と最終回の日を表に出します。"),
    ],
    compute=compute,
    render=render,
)
