"""最低弁済額（個人再生）— 民事再生法231条2項2〜4号、221条1項.

The statute uses two different totals, and this calculator keeps them apart:

- T (the total that decides the tier and the 5,000万円 limit): 無異議債権と評価済債権の総額 from which
  the 住宅資金貸付債権 (whole amount), the part expected to be recovered by 別除権 and the 84条2項
  claims (開始後の利息・損害金など) are excluded (231条2項2号).
- K (基準債権の総額, the base of the 5分の1 rule and of the reduction): the same total excluding only the
  別除権 part and the 84条2項 claims (231条2項3号). The statute does not exclude the 住宅ローン from K;
  when the 住宅資金特別条項 is used the 住宅ローン is outside the plan in practice (it is paid as agreed,
  not reduced — shihoushoshi.jp の解説, law_rules §1.4), so K excludes it. Without the 特別条項 the home
  is given up and only the part of the 住宅ローン the home does not cover (担保不足見込額) stays in K,
  while T still excludes the 住宅ローン entirely (both are our reading of §1.4, marked 推論 there).

Tiers: T > 5,000万 → 利用不可; 3,000万 < T ≤ 5,000万 → T/10; T ≤ 3,000万 → K if K < 100万, otherwise
K/5 but not below 100万 and not above 300万. The statute gives no rounding; because a plan whose total is
below the amount is 不認可, the smallest whole-yen amount not below it — the fraction rounded UP — is used.
"""
from __future__ import annotations

from fractions import Fraction
from typing import Any

from ..core import Calculator, Field, FieldError
from ..law import Provision, schedule
from ..money import RoundingRule
from ..parse import format_man, format_percent, format_yen
from ..result import tail_blocks

MAX_YEN = 100_000_000_000

MINIMUM_CEIL = RoundingRule(
    "ceil",
    "最低弁済額: 5分の1・10分の1の円未満切上げ（法律に端数の定めはありません。計画弁済総額がこの額を"
    "下回ると不認可になるので、下回らない最小の円単位の額としました。当サイトの読み方です）",
)

KIKAN_SOURCE = ("shihoushoshi.jp（個人再生Q&A）: 住宅資金特別条項を定める場合の住宅ローンは計画弁済総額に含まれず、"
                "減額されない（二次資料。条文上の基準債権の定義は住宅ローンを除外していません）")

TIER_LABELS = {
    "over_limit": "利用できない（5,000万円を超える）",
    "high": "3,000万円を超え5,000万円以下: 総額の10分の1",
    "all": "基準債権が100万円未満: 全額",
    "floor": "基準債権が100万円以上500万円以下: 100万円",
    "fifth": "基準債権が500万円を超え1,500万円以下: 5分の1",
    "cap": "基準債権が1,500万円を超える: 300万円",
}


def _current(key: str) -> Provision:
    """The provision in force now (the calculators do not model rules before the latest 施行日)."""
    return schedule(key).current()


def _breakdowns(total: int, housing_loan: int, secured: int, post_commencement: int, housing_clause: bool,
                housing_secured: int) -> tuple[list[tuple[str, int]], list[tuple[str, int]]]:
    """How the 総額T and the 基準債権K are reached from the 再生債権の総額."""
    t_breakdown = [
        ("再生債権の総額", total),
        ("住宅ローン（住宅資金貸付債権）の全額を除く", -housing_loan),
        ("担保（別除権）で回収が見込まれる額を除く", -secured),
        ("開始後の利息・損害金など（84条2項）を除く", -post_commencement),
    ]
    k_breakdown = [
        ("再生債権の総額", total),
        ("住宅ローンを除く（特別条項で別に全額を払うため）" if housing_clause
         else "住宅ローンのうち自宅（担保）で回収が見込まれる額を除く",
         -housing_loan if housing_clause else -housing_secured),
        ("担保（別除権）で回収が見込まれる額を除く", -secured),
        ("開始後の利息・損害金など（84条2項）を除く", -post_commencement),
    ]
    return t_breakdown, k_breakdown


def _tier(rule: dict[str, Any], limit: int, t_total: int, k_total: int) -> tuple[str, Fraction, str]:
    """231条2項3号・4号: which rule gives the 最低弁済額, its exact amount and why."""
    floor, cap, fifth = rule["floor"], rule["cap"], rule["low_fraction"]
    if t_total > rule["high_from"]:
        tier = "high"
        exact = Fraction(t_total) * rule["high_fraction"]
        reason = (f"住宅ローンなどを除いた総額T（{format_yen(t_total)}）が{format_man(rule['high_from'])}を超え"
                  f"{format_man(limit)}以下なので、Tの10分の1（231条2項3号）。基準は基準債権Kではなく総額Tです。")
    elif k_total < floor:
        tier = "all"
        exact = Fraction(k_total)
        reason = (f"総額Tが{format_man(rule['high_from'])}以下で、基準債権K（{format_yen(k_total)}）が"
                  f"{format_man(floor)}を下回るので、基準債権の全額（231条2項4号かっこ書）。")
    elif k_total * fifth > cap:
        tier = "cap"
        exact = Fraction(cap)
        reason = (f"総額Tが{format_man(rule['high_from'])}以下で、基準債権Kの5分の1（{format_yen(MINIMUM_CEIL.apply(k_total * fifth))}）"
                  f"が{format_man(cap)}を超えるので、{format_man(cap)}（231条2項4号かっこ書）。")
    elif k_total * fifth > floor:
        tier = "fifth"
        exact = Fraction(k_total) * fifth
        reason = (f"総額Tが{format_man(rule['high_from'])}以下で、基準債権Kの5分の1が{format_man(floor)}より多く"
                  f"{format_man(cap)}以下なので、Kの5分の1（231条2項4号）。")
    else:
        tier = "floor"
        exact = Fraction(floor)
        reason = (f"総額Tが{format_man(rule['high_from'])}以下で、基準債権Kの5分の1が{format_man(floor)}以下なので、"
                  f"{format_man(floor)}（5分の1と100万円の多い方。231条2項4号）。")
    return tier, exact, reason


def minimum_payment(total: int, housing_loan: int, secured: int, post_commencement: int,
                    housing_clause: bool, housing_secured: int = 0) -> dict[str, Any]:
    """最低弁済額 under 民事再生法231条2項2〜4号.

    total: 再生債権の総額（無異議債権＋評価済債権; 住宅ローンを含む）
    housing_loan: うち住宅資金貸付債権（住宅ローン）の額
    secured: うち住宅ローン以外の債権で、別除権（担保）で回収が見込まれる額
    post_commencement: うち84条2項の請求権（開始後の利息・損害金・手続参加の費用）
    housing_clause: 住宅資金特別条項を使うか
    housing_secured: 特別条項を使わないとき、住宅ローンのうち自宅（担保）で回収が見込まれる額
    Amounts must satisfy housing_loan + secured + post_commencement <= total and
    housing_secured <= housing_loan (ValueError otherwise).
    """
    if min(total, housing_loan, secured, post_commencement, housing_secured) < 0:
        raise ValueError("amounts must not be negative")
    if housing_loan + secured + post_commencement > total:
        raise ValueError("housing_loan + secured + post_commencement exceeds total")
    if housing_secured > housing_loan:
        raise ValueError("housing_secured exceeds housing_loan")
    limit_p = _current("saisei.debt_limit")
    tiers_p = _current("saisei.minimum_payment")
    rule = tiers_p.value
    limit = limit_p.value

    t_total = total - housing_loan - secured - post_commencement
    if housing_clause:
        shortfall = 0
        k_total = t_total
    else:
        shortfall = housing_loan - housing_secured
        k_total = t_total + shortfall

    t_breakdown, k_breakdown = _breakdowns(total, housing_loan, secured, post_commencement, housing_clause,
                                           housing_secured)
    out: dict[str, Any] = {
        "total": total, "housing_loan": housing_loan, "secured": secured,
        "post_commencement": post_commencement, "housing_clause": housing_clause,
        "housing_secured": housing_secured if not housing_clause else 0,
        "housing_shortfall": shortfall,
        "T": t_total, "K": k_total, "t_breakdown": t_breakdown, "k_breakdown": k_breakdown,
        "limit": limit, "rounding": MINIMUM_CEIL.name,
        "citations": [limit_p.citation, tiers_p.citation],
        "provision_note": tiers_p.note, "provision_period": tiers_p.period_ja(),
        "provision_confidence": tiers_p.confidence,
    }
    if not housing_clause and housing_loan:
        out["citations"].append(f"{KIKAN_SOURCE}（特別条項を使わない場合の扱いは当サイトの読み方）")
    elif housing_clause and housing_loan:
        out["citations"].append(KIKAN_SOURCE)

    if t_total > limit:
        out.update(available=False, tier="over_limit", exact=None, minimum=None,
                   reduction=None, reduction_rate=None,
                   reason=(f"住宅ローン・担保で回収される分・開始後の利息などを除いた再生債権の総額（{format_yen(t_total)}）が"
                           f"{format_man(limit)}を超えています（221条1項・231条2項2号）。"))
        return out
    tier, exact, reason = _tier(rule, limit, t_total, k_total)
    minimum = MINIMUM_CEIL.apply(exact)
    reduction = k_total - minimum
    out.update(available=True, tier=tier, exact=exact, minimum=minimum, reason=reason,
               reduction=reduction,
               reduction_rate=Fraction(reduction, k_total) if k_total else None)
    return out


def compute(v: dict[str, Any]) -> dict[str, Any]:
    """Parsed form values → minimum_payment, with the reader-fixable checks as field errors."""
    return minimum_payment(**checked_inputs(v))


def checked_inputs(v: dict[str, Any]) -> dict[str, Any]:
    total, housing, secured, post = v["total"], v["housing_loan"], v["secured"], v["post_commencement"]
    clause = bool(v["housing_clause"])
    if housing > total:
        raise FieldError("housing_loan", "住宅ローンの額は再生債権の総額以下で入力してください（総額には住宅ローンも含めます）")
    if housing + secured > total:
        raise FieldError("secured", "住宅ローンと担保で回収される額の合計が、再生債権の総額を超えています")
    if housing + secured + post > total:
        raise FieldError("post_commencement", "住宅ローン・担保で回収される額・開始後の利息などの合計が、再生債権の総額を超えています")
    housing_secured = 0
    if not clause and housing:
        if v.get("housing_secured") is None:
            raise FieldError("housing_secured", "住宅資金特別条項を使わない場合は、自宅（担保）で回収が見込まれる額を入力してください"
                                                "（自宅の査定額が目安です。0円でもかまいません）")
        if v["housing_secured"] > housing:
            raise FieldError("housing_secured", "住宅ローンの額以下で入力してください（自宅の価値が住宅ローンより高いときは、住宅ローンと同じ額）")
        housing_secured = v["housing_secured"]
    return {"total": total, "housing_loan": housing, "secured": secured, "post_commencement": post,
            "housing_clause": clause, "housing_secured": housing_secured}


def _breakdown_rows(items: list[tuple[str, int]], result_label: str, result: int) -> tuple[list[list[str]], list[list[Any]]]:
    rows: list[list[str]] = []
    for label, amount in items:
        if amount == 0 and rows:
            continue
        rows.append([label, format_yen(amount) if amount >= 0 else f"−{format_yen(-amount)}"])
    return rows, [[result_label, {"text": format_yen(result), "strong": True}]]


def tier_table(r: dict[str, Any]) -> dict[str, Any]:
    """The statute's tiers as a table, the applied one highlighted."""
    rows = [
        ("all", "基準債権Kが100万円未満", "Kの全額"),
        ("floor", "Kが100万円以上500万円以下", "100万円"),
        ("fifth", "Kが500万円を超え1,500万円以下", "Kの5分の1"),
        ("cap", "Kが1,500万円を超える", "300万円"),
        ("high", "総額Tが3,000万円を超え5,000万円以下", "Tの10分の1"),
        ("over_limit", "総額Tが5,000万円を超える", "利用できない"),
    ]
    out = []
    for key, cond, amount in rows:
        hit = key == r["tier"]
        label = ("T≤3,000万円で、" + cond) if key in ("all", "floor", "fifth", "cap") else cond
        out.append({"cells": [{"text": label, "strong": hit}, {"text": amount, "strong": hit},
                              {"text": "← この計算" if hit else "", "strong": hit}],
                    "class": "hit" if hit else ""})
    return {"type": "table", "caption": "最低弁済額の段階（民事再生法231条2項2〜4号）",
            "columns": ["区分", "最低弁済額", ""], "rows": out, "row_headers": False}


def breakdown_blocks(r: dict[str, Any]) -> list[dict[str, Any]]:
    t_rows, t_foot = _breakdown_rows(r["t_breakdown"], "T（段階と5,000万円の判定に使う総額）", r["T"])
    k_rows, k_foot = _breakdown_rows(r["k_breakdown"], "K（基準債権の総額）", r["K"])
    return [
        {"type": "table", "caption": "総額T: 段階と5,000万円の上限を決める額（231条2項2号）",
         "columns": ["内訳", "金額"], "numeric": [1], "rows": t_rows, "foot": t_foot},
        {"type": "table", "caption": "基準債権K: 5分の1の計算と減額の対象になる額（231条2項3号）",
         "columns": ["内訳", "金額"], "numeric": [1], "rows": k_rows, "foot": k_foot},
    ]


UNAVAILABLE_TEXT = ("個人再生（小規模個人再生・給与所得者等再生）は利用できません。借金を減らす方法としては、"
                    "通常の民事再生（手続が重く、費用も多くかかるのが一般的です）、自己破産、任意整理などを"
                    "検討することになります。どれが合うかは財産や収入によって違うので、弁護士・司法書士や"
                    "法テラスに相談してください。")


def notes(r: dict[str, Any]) -> list[str]:
    out = [
        "最低弁済額は法律が定める下限です。実際の返済総額（計画弁済総額）は、清算価値（破産したら債権者に配られる額）"
        "がこれより多ければその額以上、給与所得者等再生では可処分所得の2年分以上にもなります。減額を約束する"
        "ものではありません。",
        "総額Tと基準債権Kは、法律上は届出に異議がなかった債権（無異議債権）と裁判所が評価した債権（評価済債権）で"
        "計算します。ここでは、債権者一覧表に載せるすべての借金（住宅ローンを含む）を入れてください。",
        "5,000万円の上限は、申立ての要件（221条1項）では「開始後の利息など」の代わりに「開始前の罰金等」を除いて"
        "数えます。罰金等があるときは、その分を総額から引いて入力してください。",
        f"端数: {r['rounding']}。",
        f"適用した規定: {r['provision_period']}（{r['provision_confidence']}）。{r['provision_note']}",
    ]
    if r["housing_loan"] and r["housing_clause"]:
        out.insert(2, "住宅資金特別条項を使う場合、住宅ローンは減額されず、別に約定どおり払い続けます（199条1項）。"
                      "条文は基準債権から住宅ローンを明文では除いていませんが、実務では計画弁済総額に含めないとされる"
                      "ので、Kから除いて計算しています（二次資料）。")
    elif r["housing_loan"]:
        out.insert(2, "住宅資金特別条項を使わない（自宅を手放す）場合、住宅ローンのうち自宅で回収できない部分"
                      f"（担保不足見込額 {format_yen(r['housing_shortfall'])}）は、ほかの借金と同じく基準債権Kに入り、"
                      "減額の対象になります。総額Tからは、条文どおり住宅ローン全額を除いています（当サイトの読み方）。")
    return out


def render(r: dict[str, Any]) -> list[dict[str, Any]]:
    blocks: list[dict[str, Any]] = []
    if not r["available"]:
        blocks.append({"type": "summary", "items": [
            {"label": "最低弁済額", "value": "個人再生は利用できません", "strong": True,
             "note": f"総額Tが{format_man(r['limit'])}を超えています"},
            {"label": "総額T", "value": format_yen(r["T"]), "note": f"上限 {format_man(r['limit'])}"},
        ]})
        blocks.append({"type": "warnings", "title": "この金額では個人再生を使えません",
                       "items": [r["reason"], UNAVAILABLE_TEXT]})
    else:
        items = [
            {"label": "最低弁済額（計画弁済総額の下限）", "value": format_yen(r["minimum"]), "strong": True,
             "note": TIER_LABELS[r["tier"]]},
            {"label": "基準債権K", "value": format_yen(r["K"])},
            {"label": "総額T（段階の判定に使う額）", "value": format_yen(r["T"])},
        ]
        if r["reduction_rate"] is not None:
            items.append({"label": "下限まで減った場合に減る額", "value": format_yen(r["reduction"]),
                          "note": f"基準債権Kの{format_percent(r['reduction_rate'])}（法律上の下限で計算した場合）"})
        blocks.append({"type": "summary", "items": items})
        blocks.append({"type": "paragraph", "text": "どの段階か: " + r["reason"]})
    blocks.append(tier_table(r))
    blocks.extend(breakdown_blocks(r))
    return [*blocks, *tail_blocks(notes(r), r["citations"])]


GROUP = "借金（再生債権）"

FIELDS = [
    Field("total", "再生債権の総額（住宅ローンを含む借金の合計）", "yen", example="1,800万円", min=1, max=MAX_YEN,
          group=GROUP,
          help="債権者一覧表に載せる借金をすべて足した額です。住宅ローン、カードローン、クレジットの残り、"
               "保証会社に代わりに払ってもらった分（求償債務）も含めます。法律上は異議が出なかった債権と"
               "裁判所が評価した債権の合計です。"),
    Field("housing_loan", "うち住宅ローン（住宅資金貸付債権）", "yen", example="1,200万円", group=GROUP,
          required=False, default=0, max=MAX_YEN,
          help="自宅を買う・建てる・リフォームするための分割払いの借入れで、自宅に抵当権が付いているもの。"
               "なければ空欄。"),
    Field("secured", "うち担保で回収が見込まれる額（住宅ローン以外）", "yen", example="", group=GROUP,
          required=False, default=0, max=MAX_YEN,
          help="住宅ローン以外の借金のうち、担保（別除権）から回収される見込みの部分。例えば、ローン会社が"
               "引き上げる自動車の価値の分。担保で回収されない残りは減額の対象に残ります。なければ空欄。"),
    Field("post_commencement", "うち開始後の利息・損害金など（84条2項）", "yen", example="", group=GROUP,
          required=False, default=0, max=MAX_YEN,
          help="再生手続の開始決定の後に生じる利息・遅延損害金と、手続に参加する費用。総額に含めている場合だけ"
               "入力します。通常は空欄で構いません。"),
    Field("housing_clause", "住宅資金特別条項（住宅ローン特則）を使って自宅を残す", "flag", example="1", group=GROUP,
          help="使うと住宅ローンは減らずに払い続け、ほかの借金だけが減ります。使わない（自宅を手放す）と、"
               "住宅ローンのうち自宅で回収できない部分が減額の対象に入ります。"),
    Field("housing_secured", "住宅ローンのうち自宅（担保）で回収が見込まれる額", "yen", example="", group=GROUP,
          required=False, max=MAX_YEN, show_if=("housing_clause", ""),
          help="特別条項を使わないときだけ使います。自宅の査定額（住宅ローンの残高が上限）が目安です。"
               "住宅ローンからこの額を引いた残りが基準債権に入ります。"),
]

CALCULATOR = Calculator(
    id="saitei",
    title="最低弁済額（個人再生）",
    summary="借金の総額と住宅ローン・担保の額から、個人再生で払う額の法律上の下限（最低弁済額）を、"
            "民事再生法231条の段階どおりに計算します。",
    result_title="最低弁済額の計算結果",
    order=50,
    fields=FIELDS,
    compute=compute,
    render=render,
    standard_tail=False,      # its render writes its own notes and ends with tail_blocks
)
