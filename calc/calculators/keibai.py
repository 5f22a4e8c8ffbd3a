"""競売との比較: 同じ家を任意売却した場合と競売になった場合の残債を並べる.

三つの場面を同じ式で比べる。
- 任意売却: 売却価格 − 仲介手数料の上限（宅建業法46条・報酬告示, chukai.brokerage_cap）− その他の控除費用
- 競売（売却基準価額で売れた場合）: 売却基準価額 = 相場 × 競売市場修正（評価実務の目安, 入力）
- 競売（買受可能価額で売れた場合＝最低）: 買受可能価額 = 売却基準価額 × 8/10（民事執行法60条3項）
残債 = 残高 + 遅延損害金（残高 × 年率 × 月数 ÷ 12 の概算）− 返済に充てられる額（0円未満にはしない）。
遅延損害金の率は契約で決まり、法令の数字ではないので読者が入れる。
"""
from __future__ import annotations

from datetime import date
from fractions import Fraction
from typing import Any

from ..core import Calculator, Field, FieldError
from ..law import OutOfRange, schedule
from ..money import CAP_FLOOR, ESTIMATE_FLOOR, RoundingRule
from ..parse import format_date, format_man, format_percent, format_yen
from ..result import tail_blocks, warnings_blocks
from .chukai import TIERS_FROM, brokerage_cap

MAX_YEN = 100_000_000_000

# 買受可能価額: これを下回る申出はできない（60条3項）ので、申出ができる最低の円単位の額 = 円未満切上げ.
KAIUKE_CEIL = RoundingRule(
    "ceil",
    "買受可能価額: 売却基準価額×8/10の円未満切上げ（これを下回る買受けの申出はできないため、"
    "申出ができる最低の円単位の額。民事執行法60条3項）",
)
# 遅延損害金の概算: 月数÷12 で年率を按分し、円未満切捨て.
LATE_FEE_ESTIMATE = RoundingRule(
    "floor",
    "遅延損害金の概算: 残高×年率×月数÷12、円未満切捨て（実際の計算は日割りが一般的）",
)
# 売却基準価額の見込み: 相場×競売市場修正（実際は裁判所が評価書にもとづいて定める）.
KIJUN_ESTIMATE = ESTIMATE_FLOOR

SCENARIOS = (
    ("nin", "任意売却"),
    ("kijun", "競売（売却基準価額）"),
    ("kanou", "競売（買受可能価額）"),
)


def _ratio_text(x: Fraction) -> str:
    """A ratio the way a reader types it: 7/10 → '0.7'; exact fraction if not a short decimal."""
    x = Fraction(x)
    if (x * 10**6).denominator != 1:
        return f"{x.numerator}/{x.denominator}"
    whole, frac = divmod(int(x * 10**6), 10**6)
    frac_text = str(frac).rjust(6, "0").rstrip("0")
    return str(whole) + ("." + frac_text if frac_text else "")


def _default_adjustment() -> str:
    return _ratio_text(schedule("keibai.market_adjustment").current().value)


def late_fee(balance: int, annual_rate: Fraction, months: int) -> int:
    """遅延損害金の概算（単利・月数按分）: 残高 × 年率 × 月数 ÷ 12, 円未満切捨て."""
    return LATE_FEE_ESTIMATE.apply(Fraction(balance) * annual_rate * months / 12)


def _scenario(key: str, label: str, price: int, costs: int, balance: int, months: int,
              late: int, **extra: Any) -> dict[str, Any]:
    proceeds = max(0, price - costs)
    owed = balance + late - proceeds
    return {
        "key": key, "label": label, "price": price, "costs": costs,
        "proceeds": proceeds, "costs_exceed_price": costs > price,
        "balance": balance, "months": months, "late_fee": late,
        "remaining": max(0, owed), "surplus": max(0, -owed), **extra,
    }


def compute(v: dict[str, Any]) -> dict[str, Any]:
    on: date = v["date"]
    if on < TIERS_FROM:
        raise FieldError("date", "2014年4月1日以降の取引日に対応しています"
                                 "（それ以前の仲介手数料の税込料率を確認できていないため）")
    try:
        ratio_p = schedule("keibai.kaiuke_ratio").at(on)
        practice_p = schedule("keibai.market_adjustment").at(on)
    except OutOfRange as e:  # not reachable for dates the brokerage rule accepts, kept for safety
        raise FieldError("date", str(e)) from None

    market: int = v["market"]
    nin_price: int = v["nin_price"] if v["nin_price"] is not None else market
    nin_other: int = v["nin_costs"] or 0
    balance: int = v["balance"]
    rate: Fraction = v["late_rate"]
    nin_months: int = v["nin_months"]
    keibai_months: int = v["keibai_months"]
    adjust: Fraction = v["adjust"]
    keibai_costs: int = v["keibai_costs"] or 0

    kijun = KIJUN_ESTIMATE.apply(market * adjust)
    kanou = KAIUKE_CEIL.apply(kijun * ratio_p.value)

    fee = brokerage_cap(nin_price, on)
    late_nin = late_fee(balance, rate, nin_months)
    late_keibai = late_fee(balance, rate, keibai_months)

    scenarios = [
        _scenario("nin", "任意売却", nin_price, fee["cap"] + nin_other, balance, nin_months, late_nin,
                  brokerage=fee["cap"], other_costs=nin_other),
        _scenario("kijun", "競売（売却基準価額）", kijun, keibai_costs, balance, keibai_months,
                  late_keibai, brokerage=0, other_costs=keibai_costs),
        _scenario("kanou", "競売（買受可能価額）", kanou, keibai_costs, balance, keibai_months,
                  late_keibai, brokerage=0, other_costs=keibai_costs),
    ]
    nin, kij, kan = scenarios
    # 比べる量: 残債（余剰は負の残債として扱うと、余剰の差も比べられる）
    net = {s["key"]: s["remaining"] - s["surplus"] for s in scenarios}
    return {
        "date": on, "market": market, "adjust": adjust, "nin_price_given": v["nin_price"] is not None,
        "late_rate": rate, "nin_months": nin_months, "keibai_months": keibai_months,
        "kijun": kijun, "kanou": kanou, "kaiuke_ratio": ratio_p.value,
        "default_adjust": practice_p.value,
        "brokerage": fee["cap"], "brokerage_tax_label": fee["tax_label"],
        "scenarios": scenarios,
        "difference_vs_kijun": net["kijun"] - net["nin"],
        "difference_vs_kanou": net["kanou"] - net["nin"],
        "rules": {"kijun": KIJUN_ESTIMATE.name, "kanou": KAIUKE_CEIL.name,
                  "late_fee": LATE_FEE_ESTIMATE.name, "brokerage": CAP_FLOOR.name},
        "citations": [ratio_p.citation, practice_p.citation, *fee["citations"]],
        "practice_note": practice_p.note,
    }


# -- rendering ------------------------------------------------------------------------------------

def _remaining_text(s: dict[str, Any]) -> str:
    if s["surplus"]:
        return f"0円（余剰 {format_yen(s['surplus'])}）"
    return format_yen(s["remaining"])


def _difference_item(diff: int, with_surplus: bool) -> dict[str, Any]:
    if diff > 0:
        note = "任意売却のほうが残債が少なくなる計算です"
    elif diff < 0:
        note = "この入力では、競売（売却基準価額）のほうが残債が少なくなる計算です"
    else:
        note = "残債は同じになる計算です"
    if with_surplus:
        note += "（余剰が出る場合は、余剰を含めた差）"
    return {"label": "競売（売却基準価額）との残債の差", "value": format_yen(abs(diff)),
            "note": note, "strong": True}


def _warnings(r: dict[str, Any]) -> list[str]:
    """When the inputs make the comparison doubtful: timing, price, costs."""
    nin, kij, kan = r["scenarios"]
    warnings: list[str] = []
    if r["nin_months"] >= r["keibai_months"]:
        warnings.append(
            f"任意売却の決済までの月数（{r['nin_months']}か月）が、競売の開札までの月数"
            f"（{r['keibai_months']}か月）以上になっています。任意売却は、開札より前に決済を済ませ、"
            "債権者が競売の取下書を出しておく必要があります（開札で買受けの申出があると、取下げに"
            "買受人の同意が要るため。民事執行法76条1項）。月数を見直してください。")
    if nin["price"] < r["kijun"]:
        warnings.append(
            f"任意売却の価格（{format_man(nin['price'])}）が、競売の売却基準価額の見込み"
            f"（{format_man(r['kijun'])}）より低くなっています。債権者は競売で回収できる見込みと"
            "比べて判断するため、この価格では任意売却に同意しないことがあります。")
    elif nin["proceeds"] < kij["proceeds"]:
        warnings.append(
            f"任意売却で返済に充てられる額（{format_yen(nin['proceeds'])}）が、競売（売却基準価額）の場合"
            f"（{format_yen(kij['proceeds'])}）より少なくなっています。債権者は競売で回収できる見込みと"
            "比べて判断するため、この条件では任意売却に同意しないことがあります。")
    if r["nin_price_given"] and nin["price"] > r["market"]:
        warnings.append("任意売却の価格が相場より高く入力されています。その価格で売れる見込みがあるか、"
                        "不動産会社の査定などで確かめてください。")
    if nin["costs_exceed_price"]:
        warnings.append("任意売却で差し引かれる費用が売却価格を上回るため、返済に充てられる額は0円として"
                        "計算しました。費用の入力を確かめてください。")
    if kan["costs_exceed_price"]:
        which = "売却基準価額・買受可能価額のどちらで売れた場合も" if kij["costs_exceed_price"] else \
            "買受可能価額で売れた場合、"
        warnings.append(f"{which}競売の手続費用が売却価格を上回るため、返済に充てられる額は0円として"
                        "計算しました。手続費用の入力を確かめてください。")
    return warnings


def _notes(r: dict[str, Any]) -> list[str]:
    """The assumptions under the three cases."""
    notes = [
        "これは入力した前提による計算で、競売の結果や債権者の判断を予測するものではありません。",
        f"売却基準価額の見込み ＝ 相場 × 競売市場修正（{_ratio_text(r['adjust'])}）。端数: {r['rules']['kijun']}。"
        "実際の売却基準価額は、評価人の評価にもとづいて裁判所が定めます。",
        f"競売市場修正の初期値（{_ratio_text(r['default_adjust'])}）について: " + r["practice_note"] + "。",
        r["rules"]["kanou"] + "。",
        "競売では入札しだいで売却基準価額を上回って売れることもあります。表の二つの競売の列は、"
        "売却基準価額ちょうどで売れた場合と、入札できる最低の額で売れた場合の目安です。",
        f"{r['rules']['late_fee']}。年率{format_percent(r['late_rate'])}をローンの残高全体に"
        "単利でかけ、その間の返済はないものとしています。延滞前の未払利息などは含めていません。",
        f"仲介手数料は、取引日 {format_date(r['date'])} の上限額（{r['brokerage_tax_label']}。"
        f"端数: {r['rules']['brokerage']}）で計算しています。実際の手数料が上限より低ければ、"
        "残債はその分小さくなります。低廉な空家等の特例は含めていません。",
        "競売の手続費用（申立ての予納金など）は、売却代金から先に差し引かれるものとして計算しています。"
        "金額は裁判所と物件によって異なります。",
        "売却しても返しきれなかった残債は、なくなりません。",
    ]
    if any(s["surplus"] for s in r["scenarios"]):
        notes.append("余剰が出る場合でも、ほかに抵当権者や差押えをした債権者がいれば、そちらへの支払いに回ります。")
    return notes


def render(r: dict[str, Any]) -> list[dict[str, Any]]:
    nin, kij, kan = r["scenarios"]
    items = [
        _difference_item(r["difference_vs_kijun"], bool(nin["surplus"] or kij["surplus"])),
        {"label": "任意売却の残債", "value": _remaining_text(nin),
         "note": f"売却価格 {format_man(nin['price'])}・{nin['months']}か月後に決済"},
        {"label": "競売（売却基準価額で売れた場合）の残債", "value": _remaining_text(kij),
         "note": f"売却基準価額の見込み {format_man(r['kijun'])}・{kij['months']}か月後に開札"},
        {"label": "競売（買受可能価額で売れた場合）の残債", "value": _remaining_text(kan),
         "note": f"買受可能価額の見込み {format_man(r['kanou'])}（入札できる最低の額）"},
    ]
    diff_kanou = r["difference_vs_kanou"]
    if diff_kanou != r["difference_vs_kijun"]:
        items.append({"label": "競売（買受可能価額）との残債の差", "value": format_yen(abs(diff_kanou)),
                      "note": "任意売却のほうが少ない" if diff_kanou > 0 else
                              ("競売のほうが少ない" if diff_kanou < 0 else "同じ")})

    def late_cell(s: dict[str, Any]) -> str:
        return f"{format_yen(s['late_fee'])}（{s['months']}か月分）"

    rows = [
        ["売却価格", *(format_yen(s["price"]) for s in r["scenarios"])],
        ["差し引かれる費用", *(format_yen(s["costs"]) for s in r["scenarios"])],
        ["　うち仲介手数料（上限・税込）", format_yen(nin["brokerage"]), "なし", "なし"],
        ["返済に充てられる額", *(format_yen(s["proceeds"]) for s in r["scenarios"])],
        ["ローンの残高", *(format_yen(s["balance"]) for s in r["scenarios"])],
        ["遅延損害金", *(late_cell(s) for s in r["scenarios"])],
        {"cells": [{"text": "残債", "strong": True},
                   *({"text": _remaining_text(s), "strong": True} for s in r["scenarios"])]},
    ]
    blocks: list[dict[str, Any]] = [
        {"type": "summary", "items": items},
        {"type": "table", "caption": "三つの場合の比較（残債 ＝ 残高 ＋ 遅延損害金 − 返済に充てられる額）",
         "columns": ["", *(s["label"] for s in r["scenarios"])],
         "numeric": [1, 2, 3], "rows": rows, "key": None},   # three cases side by side: none is the answer
        {"type": "bars", "title": "売却後に残る借金（残債）",
         "bars": [{"label": s["label"], "value": s["remaining"], "class": f"s{i}"}
                  for i, s in enumerate(r["scenarios"])]},
    ]

    blocks += warnings_blocks(_warnings(r))
    return [*blocks, *tail_blocks(_notes(r), r["citations"])]


CALCULATOR = Calculator(
    id="keibai",
    title="競売との比較",
    summary="同じ家を任意売却した場合と競売になった場合について、売却後に残る借金（残債）を並べて比べます。",
    result_title="比較の結果",
    order=30,
    fields=[
        Field("market", "相場（市場で売れる見込みの価格）", "yen", example="2,000万円", unit="円",
              min=1, max=MAX_YEN, group="価格と費用",
              help="不動産会社の査定などによる、ふつうに売り出した場合の見込み価格です。"
                   "競売の売却基準価額の見込みもこの額から計算します。"),
        Field("nin_price", "任意売却での売却価格", "yen", example="", unit="円", required=False,
              default=None, min=1, max=MAX_YEN, group="価格と費用", placeholder="空欄なら相場と同じ",
              help="空欄なら相場で売れたものとして計算します。"),
        Field("nin_costs", "任意売却の控除費用（仲介手数料以外: 抹消費用・滞納管理費など）", "yen",
              example="30万円", unit="円", required=False, default=0, max=MAX_YEN, group="価格と費用",
              help="売却代金から差し引かれる費用のうち、仲介手数料以外のもの（抵当権の抹消費用、"
                   "滞納している管理費・修繕積立金、後順位の抵当権者への承諾料など）の合計です。"
                   "仲介手数料の上限は自動で計算します。"),
        Field("date", "任意売却の取引日", "date", example="令和7年4月1日", group="価格と費用",
              help="仲介手数料の上限（消費税率）を決めるのに使います。決済の予定日を入れてください。"
                   "2014年4月1日以降に対応しています。"),
        Field("balance", "住宅ローンの残高", "yen", example="2,500万円", unit="円", min=1, max=MAX_YEN,
              group="ローン",
              help="返済予定表や、金融機関・保証会社からの通知にある残高（元金）です。"),
        Field("late_rate", "遅延損害金の年率", "percent", example="14%", unit="%",
              min=Fraction(0), max=Fraction(1), group="ローン",
              help="金銭消費貸借契約書の「損害金」（遅延損害金）の条項に書かれている率を入れてください。"
                   "率は契約によって違うため、この計算では決まった値を仮定していません。"),
        Field("nin_months", "任意売却の決済までの月数", "int", example="4", unit="か月", min=0, max=120,
              group="時期",
              help="今から任意売却の決済（代金の受取り）までの見込みの月数です。"
                   "この間の遅延損害金を計算します。"),
        Field("keibai_months", "競売の開札（売却）までの月数", "int", example="10", unit="か月", min=0,
              max=120, group="時期",
              help="今から競売の開札までの見込みの月数です。申立てから開札まで数か月から1年ほどかかるのが"
                   "目安とされますが、裁判所や事件によって変わります。"),
        Field("adjust", "競売市場修正", "ratio", example=_default_adjustment(), unit="倍",
              min=Fraction(1, 10), max=Fraction(1), group="競売の前提",
              help="競売の評価で市場価格に掛ける割合です。0.7前後とするのが評価実務の目安で、法令で"
                   "決まった数字ではありません。裁判所の評価書（3点セット）があれば、その評価額と相場の"
                   "比率を入れると近くなります。"),
        Field("keibai_costs", "競売の手続費用（売却代金から先に差し引かれる分）", "yen", example="",
              unit="円", required=False, default=0, max=MAX_YEN, group="競売の前提", placeholder="0円",
              help="申立ての予納金など、売却代金から先に差し引かれる費用です。金額は裁判所と物件で異なります。"
                   "わからなければ空欄（0円）で計算します。"),
    ],
    compute=compute,
    render=render,
    standard_tail=False,      # its render writes its own notes and ends with tail_blocks
)
