"""仲介手数料の上限 (宅地建物取引業法46条・報酬告示), with the 低廉な空家等 special rule."""
from __future__ import annotations

from datetime import date
from fractions import Fraction
from typing import Any

from ..core import Calculator, Field, FieldError
from ..law import OutOfRange, schedule, takken
from ..money import CAP_FLOOR
from ..parse import format_date, format_percent, format_yen
from ..result import tail_blocks

TIERS_FROM = takken.TIERS_FROM


def brokerage_cap(price: int, on: date, akiya: bool = False, side: str = "seller") -> dict[str, Any]:
    """The maximum 仲介手数料 (税込) one party may be charged for a sale at `price` (税抜) on `on`.

    Raises OutOfRange for dates the law data does not cover.
    """
    tiers_p = schedule("takken.brokerage_tiers").at(on)
    tax_p = schedule("tax.consumption").at(on)
    tax = tax_p.value
    rows = []
    lower = 0
    base = Fraction(0)
    for upper, rate in tiers_p.value:
        top = price if upper is None else min(price, upper)
        part = max(0, top - lower)
        fee = part * rate
        rows.append({"from": lower, "to": upper, "amount": part, "rate": rate,
                     "rate_incl": rate * (1 + tax), "fee_ex": fee})
        base += fee
        if upper is not None:
            lower = upper
    normal_incl_exact = base * (1 + tax)
    normal_cap = CAP_FLOOR.apply(normal_incl_exact)
    result: dict[str, Any] = {
        "price": price, "date": on, "tax_rate": tax,
        "tiers": rows, "base_ex_tax_exact": base,
        "normal_cap_ex_tax": CAP_FLOOR.apply(base), "normal_cap": normal_cap,
        "special": None, "special_cap": None, "special_note": "",
        "cap": normal_cap, "cap_ex_tax": CAP_FLOOR.apply(base),
        "citations": [tiers_p.citation, tax_p.citation],
        "tax_label": f"消費税等 {format_percent(tax)}（{tax_p.period_ja()}）",
    }
    if akiya:
        try:
            sp = schedule("takken.akiya_special").at(on)
        except OutOfRange:
            result["special_note"] = "取引日に低廉な空家等の特例はありません（2018年1月1日から）"
            return result
        rule = sp.value
        result["citations"].append(sp.citation)
        if price > rule["max_price"]:
            result["special_note"] = (f"特例の対象は代金{format_yen(rule['max_price'])}以下です"
                                      f"（{rule['label']}）。通常の上限を適用します")
        elif side not in rule["sides"]:
            result["special_note"] = (f"取引日の特例は売主からの報酬に限られます（{rule['label']}）。"
                                      "買主には通常の上限を適用します")
        else:
            special_cap = CAP_FLOOR.apply(rule["cap_ex_tax"] * (1 + tax))
            result["special"] = rule["label"]
            result["special_cap"] = special_cap
            if special_cap > normal_cap:
                result["cap"] = special_cap
                result["cap_ex_tax"] = rule["cap_ex_tax"]
            result["special_note"] = sp.note
    return result


def compute(v: dict[str, Any]) -> dict[str, Any]:
    if v["date"] < TIERS_FROM:
        raise FieldError("date", "2014年4月1日以降の取引日に対応しています（それ以前の告示の税込料率を確認できていないため）")
    return brokerage_cap(v["price"], v["date"], v["akiya"] == "apply", v["side"])


def _range_label(r: dict[str, Any]) -> str:
    if r["to"] is None:
        return f"{r['from'] // 10_000:,}万円を超える部分"
    if r["from"] == 0:
        return f"{r['to'] // 10_000:,}万円以下の部分"
    return f"{r['from'] // 10_000:,}万円超{r['to'] // 10_000:,}万円以下の部分"


def render(r: dict[str, Any]) -> list[dict[str, Any]]:
    items = [
        {"label": "仲介手数料の上限（税込）", "value": format_yen(r["cap"]), "strong": True},
        {"label": "うち税抜", "value": format_yen(r["cap_ex_tax"])},
        {"label": "うち消費税等", "value": format_yen(r["cap"] - r["cap_ex_tax"]),
         "note": r["tax_label"]},
    ]
    if r["special_cap"] is not None:
        items.append({"label": "通常の計算による上限（税込）", "value": format_yen(r["normal_cap"])})
    rows = []
    for t in r["tiers"]:
        rows.append([_range_label(t), format_yen(t["amount"]), format_percent(t["rate"]),
                     format_percent(t["rate_incl"]), format_yen(CAP_FLOOR.apply(t["fee_ex"]))
                     if t["fee_ex"].denominator == 1 else f"{float(t['fee_ex']):,.2f}円"])
    blocks: list[dict[str, Any]] = [
        {"type": "summary", "items": items},
        {"type": "table", "caption": f"内訳（売買代金 {format_yen(r['price'])}・{format_date(r['date'])}）",
         "columns": ["区分", "対象額", "税抜料率", "税込料率", "税抜報酬"],
         "numeric": [1, 2, 3, 4], "rows": rows,
         "foot": [["合計（税抜）", "", "", "", format_yen(r["normal_cap_ex_tax"])],
                  ["通常の上限（税込）", "", "", "", format_yen(r["normal_cap"])]]},
    ]
    notes = [
        "代金は消費税等を含まない額です（個人が売主の居住用不動産の売買は通常、消費税がかかりません）。",
        "速算式: 400万円を超える取引は「代金×3%＋6万円」に消費税等を加えた額と同じです。",
        f"端数: {CAP_FLOOR.name}。",
        "これは上限です。実際の手数料は媒介契約で決まり、上限より低いこともあります。",
    ]
    warnings: list[str] = []
    if r["special_note"]:
        (notes if r["special_cap"] is not None else warnings).append(r["special_note"])
    if warnings:
        blocks.append({"type": "warnings", "items": warnings})
    return [*blocks, *tail_blocks(notes, r["citations"])]


CALCULATOR = Calculator(
    id="chukai",
    title="仲介手数料の上限",
    summary="売買代金と取引日から、宅建業者が受け取れる仲介手数料の上限を計算します。",
    order=10,
    fields=[
        Field("price", "売買代金（税抜）", "yen", example="3,000万円", unit="円", min=1,
              max=100_000_000_000,
              help="「3000万」「3,000万円」「30000000」のどれでも入力できます。"),
        Field("date", "取引日（媒介報酬を受け取る日）", "date", example="令和7年4月1日",
              help="税率と特例は日付で決まります。西暦（2025/4/1）でも和暦（R7.4.1）でも入力できます。"),
        Field("akiya", "低廉な空家等の特例", "choice", example="none",
              options=(("none", "適用しない"), ("apply", "適用する（媒介契約で合意済み）")),
              help="代金800万円以下（2024年6月30日までは400万円以下）の物件で、媒介契約時に説明と合意がある場合の特例です。"),
        Field("side", "報酬を支払う人", "choice", example="seller",
              options=(("seller", "売主"), ("buyer", "買主")),
              help="特例は2024年6月30日までは売主からの報酬に限られていました。"),
    ],
    compute=compute,
    render=render,
    standard_tail=False,      # its render writes its own notes and ends with tail_blocks
)
