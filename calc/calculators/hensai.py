"""残債の返済シミュレーション: 売却後に残った借金を、月いくらなら何回で／何回なら月いくらで返せるか.

- 月々の返済額から回数: 毎月同じ額を払い、最終回だけ残りを払う。
- 回数から月々の返済額: 利息なしは 残債÷回数 を円未満切上げ（money.INSTALLMENT_CEIL）、
  利息ありは元利均等返済の式 残債×月利×(1+月利)^n / ((1+月利)^n − 1) を分数で正確に計算して
  円未満切上げ。どちらも最終回で端数を調整する（切上げなので回数は指定より増えない）。
- 利息: 毎月 残高×年利÷12 を円未満切捨て（MONTHLY_INTEREST）。支払いはまず利息、残りを元本へ。
利率は読者と債権者の合意で決まるので入力（空欄は0%）。
"""
from __future__ import annotations

from datetime import date
from fractions import Fraction
from typing import Any

from ..core import Calculator, Field, FieldError
from ..periods import add_months, period_text
from ..money import INSTALLMENT_CEIL, RoundingRule
from ..parse import format_date, format_man, format_percent, format_yen
from ..result import tail_blocks

MAX_YEN = 100_000_000_000
MAX_PAYMENTS = 1200          # 100年
RATE_PLACES = 6              # 年利は 1 の 10^-6 単位まで（= 0.0001%）: 計算量を抑えるため

MONTHLY_INTEREST = RoundingRule(
    "floor",
    "月々の利息: 残高×年利÷12、円未満切捨て（月単位の計算。合意が日割り計算なら少し異なります）",
)


def annuity_payment(principal: int, monthly_rate: Fraction, count: int) -> int:
    """元利均等返済の毎月の額（円未満切上げ）. monthly_rate > 0.

    P = B·i·(1+i)^n / ((1+i)^n − 1); with i = a/b this is B·a·(a+b)^n / (b·((a+b)^n − b^n)),
    computed on integers so no intermediate Fraction has to be normalised.
    """
    a, b = monthly_rate.numerator, monthly_rate.denominator
    grown = (a + b) ** count
    return INSTALLMENT_CEIL.apply(Fraction(principal * a * grown, b * (grown - b ** count)))


def simulate(principal: int, payment: int, monthly_rate: Fraction,
             first: date | None = None, limit: int = MAX_PAYMENTS) -> list[dict[str, Any]] | None:
    """The payment schedule, or None if it does not finish within `limit` payments."""
    rows: list[dict[str, Any]] = []
    balance = principal
    while balance > 0:
        if len(rows) >= limit:
            return None
        interest = MONTHLY_INTEREST.apply(balance * monthly_rate)
        due = balance + interest
        paid = min(payment, due)
        balance = due - paid
        rows.append({"no": len(rows) + 1,
                     "date": add_months(first, len(rows)) if first else None,
                     "payment": paid, "interest": interest, "principal": paid - interest,
                     "balance": balance})
    return rows


def compute(v: dict[str, Any]) -> dict[str, Any]:
    principal: int = v["principal"]
    mode: str = v["mode"]
    rate: Fraction = v["rate"] if v["rate"] is not None else Fraction(0)
    first: date | None = v["first_date"]
    if (rate * 10**RATE_PLACES).denominator != 1:
        raise FieldError("rate", "年利は小数点以下4桁まで（例: 1.2345%）で入力してください")
    monthly_rate = rate / 12

    requested = None
    if mode == "monthly":
        payment = v["monthly"]
        if payment is None:
            raise FieldError("monthly", "月々の返済額を入力してください")
        first_interest = MONTHLY_INTEREST.apply(principal * monthly_rate)
        if payment <= first_interest:
            raise FieldError("monthly", f"1回目の利息（{format_yen(first_interest)}）以下なので、残債が減りません。"
                                        f"{format_yen(first_interest + 1)}以上にしてください")
        if monthly_rate == 0 and -(-principal // payment) > MAX_PAYMENTS:
            rows = None
        else:
            rows = simulate(principal, payment, monthly_rate, first)
        if rows is None:
            raise FieldError("monthly", f"この額では返し終わるまでに{MAX_PAYMENTS:,}回（{MAX_PAYMENTS // 12}年）を"
                                        "超えます。月々の返済額を増やしてください")
    else:
        requested = v["count"]
        if requested is None:
            raise FieldError("count", "返済回数を入力してください")
        if monthly_rate == 0:
            payment = INSTALLMENT_CEIL.apply(Fraction(principal, requested))
        else:
            payment = annuity_payment(principal, monthly_rate, requested)
        rows = simulate(principal, payment, monthly_rate, first)
        if rows is None:  # cannot happen: the rounded-up payment finishes within `requested` payments
            raise FieldError("count", "計算できない回数です。回数を見直してください")

    count = len(rows)
    total = sum(r["payment"] for r in rows)
    interest = sum(r["interest"] for r in rows)
    years = []
    for start in range(0, count, 12):
        chunk = rows[start:start + 12]
        years.append({"year": start // 12 + 1, "first": chunk[0]["no"], "last": chunk[-1]["no"],
                      "first_date": chunk[0]["date"], "last_date": chunk[-1]["date"],
                      "paid": sum(r["payment"] for r in chunk),
                      "interest": sum(r["interest"] for r in chunk),
                      "balance": chunk[-1]["balance"]})
    return {
        "principal": principal, "mode": mode, "rate": rate, "payment": payment,
        "count": count, "requested_count": requested,
        "last_payment": rows[-1]["payment"], "total_paid": total, "total_interest": interest,
        "first_date": first, "last_date": rows[-1]["date"],
        "schedule": rows, "years": years,
        "rules": {"interest": MONTHLY_INTEREST.name, "installment": INSTALLMENT_CEIL.name},
    }


# -- rendering ------------------------------------------------------------------------------------

def _month_text(d: date) -> str:
    return f"{d.year}年{d.month}月"


def _day_text(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def _summary_items(r: dict[str, Any], count_value: str, last_note: str) -> list[dict[str, Any]]:
    """The summary: the answer asked for first (回数 or 月々の額), then the totals."""
    count = r["count"]
    items: list[dict[str, Any]]
    if r["mode"] == "monthly":
        items = [
            {"label": "返済回数", "value": count_value, "note": last_note, "strong": True},
            {"label": "月々の返済額", "value": format_yen(r["payment"])},
        ]
    else:
        items = [
            {"label": "月々の返済額", "value": format_yen(r["payment"]),
             "note": f"{count:,}回（{period_text(count)}）", "strong": True},
            {"label": "返済回数", "value": count_value, "note": last_note},
        ]
    items += [
        {"label": "最終回の額", "value": format_yen(r["last_payment"]),
         "note": "端数を調整した額" if count > 1 and r["last_payment"] != r["payment"] else ""},
        {"label": "総支払額", "value": format_yen(r["total_paid"])},
        {"label": "うち利息", "value": format_yen(r["total_interest"]),
         "note": f"年利{format_percent(r['rate'])}"},
    ]
    return items


def _notes(r: dict[str, Any], dated: bool) -> list[str]:
    """How the schedule was computed and what it leaves out."""
    notes = ["毎月1回、同じ額を払うものとして計算しています（最終回だけ残りの額を払います）。"]
    if r["mode"] == "months":
        if r["rate"]:
            notes.append("月々の返済額は元利均等返済の式（残債×月利×(1＋月利)^回数 ÷ ((1＋月利)^回数 − 1)、"
                         f"月利 ＝ 年利÷12）で計算しています。端数: {r['rules']['installment']}。")
        else:
            notes.append(f"月々の返済額 ＝ 残債 ÷ 回数。端数: {r['rules']['installment']}。")
    if r["rate"]:
        notes.append(f"{r['rules']['interest']}。支払いはその月の利息に先に充て、残りを元本に充てています"
                     "（民法489条1項の順序。合意で別に定めた場合はそれに従います）。")
    else:
        notes.append("利息は付かないものとして計算しています（年利0%）。")
    if dated:
        notes.append("支払日は毎月同じ日とし、その日がない月は月末日にしています。休日による前後は考えていません。")
    notes += [
        "支払いが遅れた場合の遅延損害金や、一括での支払いを求められる場合（期限の利益の喪失）は含めていません。",
        "実際の月々の額・回数・利率は、債権者との合意で決まります。合意書の内容を確認してください。",
    ]
    return notes


def render(r: dict[str, Any]) -> list[dict[str, Any]]:
    count, dated = r["count"], r["first_date"] is not None
    count_value = f"{count:,}回（{period_text(count)}）"
    last_note = f"最終回 {format_date(r['last_date'])}" if dated else ""
    items = _summary_items(r, count_value, last_note)

    year_rows = []
    for y in r["years"]:
        label = f"{y['year']}年目"
        if dated:
            label += f"（{_month_text(y['first_date'])}〜{_month_text(y['last_date'])}）"
        else:
            label += f"（{y['first']}〜{y['last']}回）"
        year_rows.append([label, format_yen(y["paid"]), format_yen(y["interest"]), format_yen(y["balance"])])

    first_rows = []
    for row in r["schedule"][:12]:
        cells = [f"{row['no']}回"]
        if dated:
            cells.append(_day_text(row["date"]))
        cells += [format_yen(row["payment"]), format_yen(row["interest"]), format_yen(row["principal"]),
                  format_yen(row["balance"])]
        first_rows.append(cells)
    first_cols = ["回", *(["支払日"] if dated else []), "支払額", "うち利息", "うち元本", "支払後の残高"]
    offset = 2 if dated else 1

    points = [(0, r["principal"])] + [(row["no"], row["balance"]) for row in r["schedule"]]
    blocks: list[dict[str, Any]] = [
        {"type": "summary", "items": items},
        {"type": "table", "caption": "1年ごとの返済（12回ずつ）",
         "columns": ["年", "支払額計", "うち利息", "年末の残高"], "numeric": [1, 2, 3], "rows": year_rows,
         "foot": [["合計", format_yen(r["total_paid"]), format_yen(r["total_interest"]), ""]]},
        {"type": "details", "summary": f"最初の{min(12, count)}回の内訳",
         "blocks": [{"type": "table", "columns": first_cols,
                     "numeric": list(range(offset, offset + 4)), "rows": first_rows}]},
        {"type": "line", "title": "残高の減り方", "x_label": f"{count:,}回",
         "y_max_label": format_man(r["principal"]),
         "description": f"{format_man(r['principal'])}から、{count:,}回目の支払いで0円になります",
         "series": [{"label": "支払後の残高", "points": points}]},
    ]

    warnings = []
    if r["requested_count"] is not None and count < r["requested_count"]:
        warnings.append(f"月々の額を円未満で切り上げたため、{count:,}回で返し終わり、指定の"
                        f"{r['requested_count']:,}回より少なくなります。")
    if warnings:
        blocks.append({"type": "warnings", "items": warnings})

    notes = _notes(r, dated)
    return [*blocks, *tail_blocks(notes, ["民法489条1項（弁済の充当の順序: 費用、利息、元本）"] if r["rate"] else [])]


CALCULATOR = Calculator(
    id="hensai",
    title="残債の返済シミュレーション",
    summary="売却後に残った借金（残債）を、月いくらなら何回で返せるか、何回なら月いくらになるかを計算します。",
    result_title="返済の見通し",
    order=40,
    fields=[
        Field("principal", "残債", "yen", example="500万円", unit="円", min=1, max=MAX_YEN,
              help="分割で返す残りの借金の額です。債権者（サービサーなど）からの通知にある額を入れてください。"),
        Field("mode", "計算のしかた", "choice", example="monthly",
              options=(("monthly", "月々の返済額から回数を計算"), ("months", "回数から月々の返済額を計算"))),
        Field("monthly", "月々の返済額", "yen", example="2万円", unit="円", default=None,
              required_message="月々の返済額を入力してください",
              min=1, max=MAX_YEN, show_if=("mode", "monthly"),
              help="毎月払える額、または合意した毎月の額です。"),
        Field("count", "返済回数", "int", example="60", unit="回", default=None,
              required_message="返済回数を入力してください",
              min=1, max=MAX_PAYMENTS, show_if=("mode", "months"),
              help=f"毎月1回払う場合の回数です（{MAX_PAYMENTS:,}回まで）。"),
        Field("rate", "年利", "percent", example="0%", unit="%", required=False, default=Fraction(0),
              min=Fraction(0), max=Fraction(1), placeholder="0%",
              help="合意した分割払いの年利を入れてください。サービサーとの分割の合意では、利息を付けない"
                   "こともあります。空欄なら0%で計算します。"),
        Field("first_date", "初回の支払日", "date", example="", required=False, default=None,
              placeholder="例: 令和7年5月31日",
              help="入れると、毎月の支払日と最終回の日付を表示します（その日がない月は月末日）。"),
    ],
    compute=compute,
    render=render,
    standard_tail=False,      # its render writes its own notes and ends with tail_blocks
)
