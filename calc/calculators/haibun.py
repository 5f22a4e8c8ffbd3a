"""配分表シミュレーター — how a 任意売却's proceeds are split between costs and creditors.

Order of payment: the deductible costs (控除費用) come first; what remains (配分可能額) goes to the
creditors in the order of their 抵当権の順位. Each 後順位 creditor that would otherwise get little is
reserved its 担保解除料 (ハンコ代) — by default the 住宅金融支援機構 standard — because without its
consent the 抵当権 cannot be removed and the sale cannot close. Anything left after every creditor
is paid in full belongs to the seller. The lines of the table always add up to the sale price.
"""
from __future__ import annotations

from datetime import date
from typing import Any

from ..core import Calculator, Field, FieldError
from ..law import PRACTICE, schedule
from ..money import CAP_FLOOR
from ..parse import format_yen
from ..result import Findings
from .chukai import TIERS_FROM, brokerage_cap

RANK_LABEL = "{n}番"


def hanko_standard(rank: int, principal: int, on: date) -> tuple[int, str]:
    """機構 standard for the 担保解除料 of the creditor at `rank` (2 = 第2順位)."""
    p = schedule("ninbai.hanko").at(on)
    fixed = p.value["by_rank"].get(rank, p.value["lower"])
    num, den = p.value["share_of_principal"]
    share = CAP_FLOOR.apply(principal * num / den) if principal else 0
    amount = min(fixed, share)
    why = (f"{format_yen(fixed)}と残元金の1割（{format_yen(share)}）の低い方"
           if share else f"{format_yen(fixed)}（残元金が未入力のため定額）")
    return amount, why


class _Costs(list[dict[str, Any]]):
    """The 控除費用, in the order the 配分表 lists them; a zero amount is left out."""

    def add(self, key: str, label: str, amount: int, rule: str = "") -> None:
        if amount:
            self.append({"key": key, "label": label, "amount": amount, "rule": rule})


def _brokerage(v: dict[str, Any], costs: _Costs, found: Findings) -> None:
    """仲介手数料: 宅建業法の上限額, or the amount entered (checked against it)."""
    price, on = v["price"], v["date"]
    if v["brokerage_mode"] == "cap":
        b = brokerage_cap(price, on)
        costs.add("brokerage", "仲介手数料", b["cap"], f"宅建業法の上限額（{b['tax_label']}）")
        found.citations.extend(b["citations"][:1])
    else:
        if v["brokerage_manual"] is None:
            raise FieldError("brokerage_manual", "仲介手数料の額を入力してください")
        cap = brokerage_cap(price, on)["cap"]
        costs.add("brokerage", "仲介手数料", v["brokerage_manual"], "入力額")
        if v["brokerage_manual"] > cap:
            found.warnings.append(f"入力した仲介手数料は宅建業法の上限（{format_yen(cap)}）を超えています。")


def _kanri(v: dict[str, Any], costs: _Costs, found: Findings) -> None:
    """滞納管理費・修繕積立金 (機構の基準: 過去5年分まで)."""
    kanri, on = v["kanri"], v["date"]
    if not kanri:
        return
    rule = "入力額"
    if v["kiko_caps"]:
        cap_p = schedule("ninbai.kanri_cap").at(on)
        if v["kanri_monthly"]:
            cap = v["kanri_monthly"] * cap_p.value["months"]
            rule = f"機構の基準: 過去5年分（月額×60＝{format_yen(cap)}）まで"
            if kanri > cap:
                found.warnings.append(f"滞納管理費等のうち5年分を超える{format_yen(kanri - cap)}は控除されず、"
                                      "売主が管理組合に別に支払う義務が残ります。")
                kanri = cap
        else:
            found.notes.append("管理費等の月額を入れると、機構の基準（過去5年分まで）に収まるかを確かめます。")
        found.citations.append(f"{cap_p.citation}（{PRACTICE}）")
    costs.add("kanri", "滞納管理費・修繕積立金", kanri, rule)


def _tax_release(v: dict[str, Any], costs: _Costs, found: Findings) -> None:
    """差押解除のための滞納税 (機構の基準: 10万円と固定資産税等1年分の低い方まで)."""
    release, on = v["tax_release"], v["date"]
    if not release:
        return
    rule = "入力額"
    if v["kiko_caps"]:
        sp = schedule("ninbai.sashiosae_cap").at(on)
        cap = sp.value["cap"]
        if v["kotei_annual"]:
            cap = min(cap, v["kotei_annual"])
            rule = f"機構の基準: 10万円と固定資産税等1年分（{format_yen(v['kotei_annual'])}）の低い方まで"
        else:
            rule = "機構の基準: 10万円まで（固定資産税等の年額を入れるとその低い方）"
        if release > cap:
            found.warnings.append(f"差押解除のための税のうち{format_yen(release - cap)}は控除されません。"
                                  "差押えを外してもらうには、役所との納付の相談が別に必要です。")
            release = cap
        found.citations.append(f"{sp.citation}（{PRACTICE}）")
    costs.add("tax_release", "差押解除のための滞納税", release, rule)


def _costs(v: dict[str, Any], found: Findings) -> _Costs:
    price, on, kiko = v["price"], v["date"], v["kiko_caps"]
    costs = _Costs()
    _brokerage(v, costs, found)
    # 抵当権抹消: 登録免許税 + 司法書士報酬
    reg = schedule("ninbai.toroku_massho").at(on)
    n_props = v["property_count"]
    n_liens = len(v["creditors"])
    tax = reg.value["per_property"] * n_props * n_liens
    costs.add("toroku", "抵当権抹消の登録免許税", tax,
              f"{format_yen(reg.value['per_property'])}×不動産{n_props}個×抵当権{n_liens}件")
    found.citations.append(reg.citation)
    costs.add("shihoshoshi", "司法書士報酬（抹消登記）", v["shihoshoshi"], "入力額")
    _kanri(v, costs, found)
    # 税: 優先する税は全額、差押解除は上限あり
    costs.add("priority_tax", "抵当権に優先する滞納税", v["priority_tax"], "全額")
    _tax_release(v, costs, found)
    if v["zaidan"]:
        zp = schedule("ninbai.zaidan").at(on)
        num, den = zp.value["share_of_price"]
        costs.add("zaidan", "破産財団への組入れ", CAP_FLOOR.apply(price * num / den),
                  f"機構の基準: 売却価格の{num}%（原則。管財人と債権者の協議で増減します）")
        found.citations.append(f"{zp.citation}（{PRACTICE}）")
    costs.add("moving", "引越し費用", v["moving"], "入力額")
    if v["moving"] and kiko:
        found.warnings.append("住宅金融支援機構の基準では、引越し費用は原則として控除が認められません"
                              "（事情により相談の余地があるとされます）。債権者ごとに扱いが違います。")
    costs.add("other", "その他の控除", v["other"], "入力額")
    return costs


def _hanko(v: dict[str, Any], found: Findings) -> tuple[list[int], list[str]]:
    """担保解除料（ハンコ代） per creditor, and the rule each follows."""
    on, creditors = v["date"], v["creditors"]
    hanko: list[int] = []
    hanko_why: list[str] = []
    for i, c in enumerate(creditors):
        rank = i + 1
        principal = c["principal"] if c["principal"] is not None else c["balance"]
        if c["principal"] is not None and c["principal"] > c["balance"]:
            raise FieldError(f"creditors.{c['_row']}.principal", "残元金は債権額（残高）以下で入力してください")
        if rank == 1:
            hanko.append(0)
            hanko_why.append("")
        elif c["hanko"] is not None:
            hanko.append(min(c["hanko"], c["balance"]))
            hanko_why.append("入力額")
        elif v["hanko_rule"] == "kiko":
            amount, why = hanko_standard(rank, principal, on)
            hanko.append(min(amount, c["balance"]))
            hanko_why.append(f"機構の基準: {why}")
        else:
            hanko.append(0)
            hanko_why.append("なし")
    if v["hanko_rule"] == "kiko" and len(creditors) > 1:
        found.citations.append(f"{schedule('ninbai.hanko').at(on).citation}（{PRACTICE}）")
    return hanko, hanko_why


def _allocate(creditors: list[dict[str, Any]], hanko: list[int], hanko_why: list[str],
              available: int) -> tuple[list[dict[str, Any]], int]:
    """In rank order, each creditor gets what is left after keeping the later ones' ハンコ代;
    returns the allocations and what remains after all of them."""
    allocations: list[dict[str, Any]] = []
    remaining = max(0, available)
    for i, c in enumerate(creditors):
        reserve = sum(hanko[i + 1:])
        pay = min(c["balance"], max(0, remaining - reserve))
        remaining -= pay
        only_hanko = i > 0 and pay < c["balance"] and pay <= hanko[i]
        allocations.append({
            "rank": i + 1, "name": c["name"] or f"{i + 1}番の債権者", "balance": c["balance"],
            "pay": pay, "hanko": hanko[i], "hanko_rule": hanko_why[i], "only_hanko": only_hanko,
            "residual": c["balance"] - pay,
        })
    return allocations, remaining


def _allocation_warnings(allocations: list[dict[str, Any]], surplus: int, found: Findings) -> None:
    first = allocations[0]
    if first["pay"] == 0 and first["balance"] > 0:
        found.warnings.append("1番の債権者への配分がありません。この配分では1番の債権者の同意は得にくいでしょう。")
    for a in allocations[1:]:
        if a["only_hanko"] and a["pay"] > 0:
            found.warnings.append(f"{a['rank']}番（{a['name']}）への配分はハンコ代の{format_yen(a['pay'])}だけです。"
                                  f"残りの{format_yen(a['residual'])}は担保のない借金として残ります。")
        elif a["pay"] == 0 and a["balance"] > 0:
            found.warnings.append(f"{a['rank']}番（{a['name']}）への配分はありません。抵当権を外す同意が得られないと"
                                  "売却できません。")
    if surplus:
        found.notes.append(f"全ての債権者に完済しても{format_yen(surplus)}残ります（アンダーローン）。残りは売主の手元に入ります。")


def compute(v: dict[str, Any]) -> dict[str, Any]:
    on: date = v["date"]
    if on < TIERS_FROM:
        raise FieldError("date", "2014年4月1日以降の決済日に対応しています")
    price: int = v["price"]
    creditors = v["creditors"]
    if not creditors:
        raise FieldError("creditors", "債権者を少なくとも1行入力してください")
    found = Findings()
    costs = _costs(v, found)
    total_costs = sum(c["amount"] for c in costs)
    available = price - total_costs
    hanko, hanko_why = _hanko(v, found)
    allocations, remaining = _allocate(creditors, hanko, hanko_why, available)
    feasible = available >= 0
    surplus = remaining if feasible else 0
    shortfall = -available if not feasible else 0
    paid_total = sum(a["pay"] for a in allocations)
    if not feasible:
        found.warnings.insert(0, f"控除費用の合計（{format_yen(total_costs)}）が売却価格を{format_yen(shortfall)}"
                                 "上回っています。この条件では配分表が成り立たず、売却代金で費用をまかなえません。")
    else:
        _allocation_warnings(allocations, surplus, found)
    found.notes.extend([
        "配分表を作るのは通常、任意売却を仲介する不動産会社で、債権者がそれを審査します。ここでの結果は見通しです。",
        "債権者は、控除後の回収額が競売で見込める額を下回ると同意しないことがあります。",
        f"端数: ハンコ代の1割は{CAP_FLOOR.name}。",
    ])
    return {
        "price": price, "date": on, "costs": list(costs), "total_costs": total_costs,
        "available": available, "feasible": feasible, "shortfall": shortfall,
        "allocations": allocations, "paid_total": paid_total, "surplus": surplus,
        "residual_total": sum(a["residual"] for a in allocations),
        "table_total": total_costs + paid_total + surplus - shortfall,
        **found.fields(),
    }


def render(r: dict[str, Any]) -> list[dict[str, Any]]:
    # Two columns (項目 | 金額) so the table stays readable on a phone; each line's rule is a note.
    rows: list[Any] = [["売却価格", {"text": format_yen(r["price"]), "strong": True}]]
    for c in r["costs"]:
        rows.append({"cells": [{"text": c["label"], "note": c["rule"]}, format_yen(c["amount"])], "class": "sub"})
    rows.append(["控除費用 合計", format_yen(r["total_costs"])])
    rows.append([{"text": "配分可能額", "note": "売却価格−控除費用"},
                 {"text": format_yen(r["available"]), "strong": True}])
    for a in r["allocations"]:
        how = "ハンコ代（担保解除料）" if a["only_hanko"] and a["pay"] else ("完済" if a["residual"] == 0 else "返済に充当")
        rows.append({"cells": [{"text": f"{a['rank']}番 {a['name']}", "note": how}, format_yen(a["pay"])],
                     "class": "sub"})
    if r["surplus"]:
        rows.append(["売主の手元に残る額", format_yen(r["surplus"])])
    foot = [[{"text": "配分合計", "note": "控除費用＋配分" + ("＋手元" if r["surplus"] else "")},
             format_yen(r["total_costs"] + r["paid_total"] + r["surplus"])]]
    if r["shortfall"]:
        foot.append([{"text": "不足額", "note": "費用が売却価格を超える分"}, format_yen(-r["shortfall"])])

    cred_rows = []
    for a in r["allocations"]:
        note = f"ハンコ代の基準 {format_yen(a['hanko'])}" if a["rank"] > 1 else ""
        cred_rows.append([{"text": f"{a['rank']}番 {a['name']}", "note": note}, format_yen(a["balance"]),
                          format_yen(a["pay"]), format_yen(a["residual"])])
    key = {"label": "売却後に残る借金（残債の合計）", "value": format_yen(r["residual_total"]), "strong": True}
    summary = [key,
               {"label": "配分可能額", "value": format_yen(r["available"])},
               {"label": "控除費用の合計", "value": format_yen(r["total_costs"])}]
    blocks: list[dict[str, Any]] = [{"type": "summary", "items": summary}]
    if r["warnings"]:
        blocks.append({"type": "warnings", "items": r["warnings"]})
    blocks += [
        {"type": "table", "caption": "配分表（見通し）", "columns": ["項目", "金額"],
         "numeric": [1], "rows": rows, "foot": foot},
        {"type": "table", "caption": "債権者ごとの配分と残債",
         "columns": ["債権者", "債権額", "配分額", "残債"],
         "numeric": [1, 2, 3], "rows": cred_rows,
         "foot": [["合計", format_yen(sum(a["balance"] for a in r["allocations"])),
                   format_yen(r["paid_total"]), format_yen(r["residual_total"])]]},
    ]
    return blocks


OPTIONAL0: dict[str, Any] = {"required": False, "default": 0}

CALCULATOR = Calculator(
    id="haibun",
    title="配分表シミュレーター",
    summary="任意売却の売却代金が、費用と各債権者にどう配られ、いくら借金が残るかを配分表の形で計算します。",
    result_title="配分表の見通し",
    order=20,
    fields=[
        Field("price", "売却価格", "yen", example="2,000万円", min=1, max=100_000_000_000, group="売却",
              help="買主が払う代金です。個人が売る住まいには通常、消費税がかかりません。"),
        Field("date", "決済日", "date", example="令和7年4月1日", group="売却",
              help="仲介手数料の消費税率などは日付で決まります。"),
        Field("property_count", "不動産の個数", "int", example="2", unit="個", min=1, max=20, group="売却",
              help="登記簿の土地・建物ごとに1個と数えます（戸建てなら土地1＋建物1＝2個が多い）。"),
        Field("brokerage_mode", "仲介手数料", "choice", example="cap", group="控除費用",
              options=(("cap", "宅建業法の上限額で計算する"), ("manual", "金額を入力する"))),
        Field("brokerage_manual", "仲介手数料の額", "yen", group="控除費用",
              required_message="仲介手数料の額を入力してください",
              show_if=("brokerage_mode", "manual")),
        Field("shihoshoshi", "司法書士報酬（抵当権抹消登記）", "yen", example="2万円", group="控除費用",
              required=False, default=0,
              help="見積りの額を入れてください。機構の基準では1件1万円以下が目安とする解説が多いです。"),
        Field("kanri", "滞納している管理費・修繕積立金", "yen", example="36万円", group="控除費用", **OPTIONAL0,
              help="マンションの場合。延滞金は含めません。"),
        Field("kanri_monthly", "管理費・修繕積立金の月額", "yen", example="2万円", group="控除費用",
              required=False, help="5年分の上限を確かめるのに使います。"),
        Field("priority_tax", "抵当権より優先する滞納税", "yen", example="", group="控除費用", **OPTIONAL0,
              help="抵当権の設定より前に法定納期限等が来ていた税（国税徴収法15条1項・16条）。全額が先に支払われます。"),
        Field("tax_release", "差押えを外すために納める滞納税", "yen", example="", group="控除費用", **OPTIONAL0,
              help="役所の差押えがある場合に、解除の条件として納める額。"),
        Field("kotei_annual", "固定資産税・都市計画税の年額", "yen", example="", group="控除費用",
              required=False, help="差押解除の控除上限（機構の基準）を確かめるのに使います。"),
        Field("zaidan", "破産管財人が売る（破産財団への組入れを控除する）", "flag", example="", group="控除費用",
              help="売主が自己破産し、管財人が任意売却する場合。機構の基準では売却価格の3%が原則です。"),
        Field("moving", "引越し費用", "yen", example="", group="控除費用", **OPTIONAL0,
              help="債権者が認めた場合だけ控除されます。"),
        Field("other", "その他の控除", "yen", example="", group="控除費用", **OPTIONAL0),
        Field("kiko_caps", "住宅金融支援機構の基準で控除の上限を当てはめる（管理費は5年分、差押解除は10万円か年税額まで）",
              "flag", example="1", group="控除費用"),
        Field("hanko_rule", "後順位へのハンコ代（担保解除料）", "choice", example="kiko", group="債権者",
              options=(("kiko", "機構の基準（2番30万円・3番20万円・4番以下10万円か残元金の1割の低い方）"),
                       ("none", "なし（入力した額だけ）")),
              help="債権者ごとに額を入力すると、その額を優先します。"),
        Field("creditors", "債権者（抵当権の順位の順に）", "rows", group="債権者", max_rows=10,
              help="1行目が1番抵当権者です。債権額は遅延損害金などを含めた今の残高、残元金は元金だけの残り（空欄なら債権額と同じとみなします）。",
              example=[{"name": "A銀行（保証会社）", "balance": "2,400万円", "principal": "", "hanko": ""},
                       {"name": "Bファイナンス", "balance": "300万円", "principal": "280万円", "hanko": ""}],
              columns=(
                  Field("name", "債権者", "text", required=False, default=""),
                  Field("balance", "債権額（残高）", "yen", min=1),
                  Field("principal", "残元金", "yen", required=False),
                  Field("hanko", "ハンコ代（手入力）", "yen", required=False),
              )),
    ],
    compute=compute,
    render=render,
)
