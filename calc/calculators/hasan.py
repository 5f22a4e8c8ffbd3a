"""自己破産の見通し — what stays with the reader, what would go to the 破産財団, 同時廃止 or 管財, and which
debts a 免責 leaves standing. Every figure is the reader's own, run through a rule named next to it.

- 自由財産の現金 (statute): cash up to 民事執行法施行令1条の66万円 × 3/2 = 99万円 (破産法34条3項1号);
  the limit is an input defaulting to that value (a later amendment of the 政令 is unconfirmed).
- Other assets are valued as the 清算価値 calculator values them (`seisan.liquidation_value`, item by item,
  net of 契約者貸付・所有権留保ローン, 退職金 × fraction, 不動産 = 時価 − 被担保債権 per property) and then:
  - court "tokyo" (practice, calc/law/hasan.py) applies two separate tests. The 振分け: a non-cash kind of
    20万円 or more (「以上」), or 現金33万円以上 → 管財事件; otherwise 同時廃止 (216条1項), where no 管財人
    sells anything. The 換価基準: 預貯金・保険の解約返戻金・自動車・退職金 (1/8) of 20万円 or less (「以下」) and
    居住用家屋の敷金 (any amount) are not sold — kept as if 自由財産の拡張 (34条4項) had been granted. So an item
    of exactly 20万円 makes the case a 管財事件 but is not sold. Other kinds are not on that list: whatever
    their amount they are counted in the 財団 estimate. Whether the 振分け counts a 居住用 敷金 is not
    confirmed: it is not counted, and the result says what the track would be if it were.
  - court "none": no sorting estimate; everything but the cash up to the limit is in the 財団 unless the
    court extends the 自由財産 (34条4項).
  The 財団 figure is therefore "what a 管財人 would realise if the case is a 管財事件".
- Debts: 免責 (253条1項本文) discharges all but the kinds of 253条1項ただし書, totalled by 号.

`bankruptcy_outlook(assets, debts, court, cash_limit=None, retirement_fraction=None)` is the pure core,
reused by the 債務整理の比較 calculator.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from fractions import Fraction
from typing import Any
from collections.abc import Mapping, Sequence

from ..core import Calculator, Field, FieldError
from ..law import schedule
from ..law.hasan import COURTS, INFERENCE, court as court_provision, free_cash, nondischargeable
from ..money import CAP_FLOOR
from ..parse import format_man, format_yen
from . import seisan
from .seisan import ORDER, RETIREMENT_CHOICES, fraction_label, liquidation_value

MAX_YEN = seisan.MAX_YEN

COURT_OPTIONS = (("tokyo", "東京地裁の運用（振分けの基準・20万円の基準・退職金1/8）"),
                 ("none", "振分けを見積もらない（法律の基準だけで計算）"))
COURT_KEYS = {k for k, _ in COURT_OPTIONS}

# Debt kinds offered to the reader: key → (label, 253条1項の号 or None = discharged).
DEBT_KINDS: dict[str, tuple[str, int | None]] = {
    "general": ("一般（カード・借入れなど）", None),
    "tax": ("税金・社会保険料など", 1),
    "family": ("養育費・婚姻費用など", 4),
    "malice": ("悪意の不法行為の損害賠償", 2),
    "injury": ("故意・重過失で人身を害した損害賠償", 3),
    "fine": ("罰金など", 7),
    "employee": ("雇っていた人の給料など", 5),
}
KIND_OPTIONS = (("", "一般（カード・借入れなど）"),
                *((k, label) for k, (label, go) in DEBT_KINDS.items() if go is not None))

TRACK_LABELS = {"dohaishi": "同時廃止の見込み", "kanzai": "管財事件（少額管財）の見込み"}


def default_cash_limit() -> int:
    """66万円 × 3/2 from the law data (an exact whole number; the floor rule only names the conversion)."""
    v = free_cash().value
    return CAP_FLOOR.apply(v["base"] * v["multiplier"])


def _retirement_default(court: str) -> Fraction:
    if court in COURTS:
        return Fraction(court_provision(court).value["retirement"])
    # no court practice: the part that can be seized, 1 − 3/4 (民事執行法152条2項) — our inference
    return 1 - Fraction(schedule("seisan.retirement_exempt").current().value)


@dataclass
class _Sorting:
    """What sorting the assets needs and finds: the court's rules and the 振分け's reasons."""

    limit: int                          # 自由財産 cash limit
    frac: Fraction                      # 退職金 share counted
    prov: dict[str, Any] | None         # the court's 運用 (None: no court rules)
    home_shikikin: bool
    reasons: list[str] = field(default_factory=list)    # why 管財事件
    unsorted: list[str] = field(default_factory=list)   # items the 振分け may or may not count

    def threshold(self, key: str) -> Any:
        return self.prov[key] if self.prov else None


PRACTICE_TOKYO = "（東京地裁の運用）"


def _cash_basis(net: int, item: dict[str, Any], st: _Sorting) -> str:
    limit, cash_t, practice = st.limit, st.threshold("cash_threshold"), PRACTICE_TOKYO
    item["free_law"] = min(net, limit)
    item["estate"] = net - item["free_law"]
    if not net:
        basis = "入力なし"
    elif item["estate"]:
        basis = (f"{format_yen(limit)}までは自由財産（破産法34条3項1号）。超える"
                 f"{format_yen(item['estate'])}は破産財団へ")
    else:
        basis = f"{format_yen(limit)}以下なので全額が自由財産（破産法34条3項1号）"
    if cash_t is not None and net >= cash_t:
        item["trigger"] = True
        st.reasons.append(f"現金 {format_yen(net)} が{format_man(cash_t)}以上{practice}")
        basis += f"。{format_man(cash_t)}以上あるので管財事件の基準に当たる{practice}"
    return basis


def _sorted_basis(line: dict[str, Any], prefix: str, item: dict[str, Any], st: _Sorting) -> str:
    """An item other than cash under the court's 振分け (trigger) and 換価基準 (keep)."""
    assert st.prov is not None
    key, net, practice = line["key"], line["assessed"], PRACTICE_TOKYO
    item_t, keep_t = st.threshold("item_threshold"), st.threshold("keep_threshold")
    trigger = net >= item_t
    keep = key in st.prov["keep_kinds"] and net <= keep_t
    if trigger:
        item["trigger"] = True
        st.reasons.append(f"{line['label']} {format_yen(net)} が{format_man(item_t)}以上{practice}")
    item["estate" if not keep else "free_practice"] = net
    if keep:
        basis = prefix + (f"{format_man(item_t)}以上なので管財事件の基準に当たる（振分け）が、" if trigger else "")
        return basis + (f"{format_man(keep_t)}以下なので換価しない（換価基準{practice}。自由財産の拡張の裁判が"
                        "あったものとして扱われる: 34条4項）")
    if trigger and key == "retirement":
        return prefix + (f"{format_man(item_t)}を超えるので管財事件の基準に当たり、この{fraction_label(st.frac)}は"
                         f"破産財団へ。残りは換価しない（換価基準{practice}）")
    if trigger:
        return prefix + f"{format_man(item_t)}以上なので管財事件の基準に当たり、破産財団へ{practice}"
    return prefix + (f"{format_man(item_t)}未満で振分けの基準には届かないが、換価しない財産として確認できた"
                     "ものではないため、管財事件になれば財団に入る見込みとした（拡張を求めることはできる: 34条4項）")


def _asset_item(line: dict[str, Any], st: _Sorting) -> dict[str, Any]:
    key, gross, net = line["key"], line["input"], line["assessed"]
    item = {"key": key, "label": line["label"], "input": gross, "deduction": line["deduction"],
            "assessed": net, "free_law": 0, "free_practice": 0, "estate": 0, "trigger": False}
    prefix = ""
    if key == "retirement" and gross:
        prefix = f"見込額の{fraction_label(st.frac)}＝{format_yen(net)}（円未満切上げ）。"
    elif line["deduction"]:
        prefix = f"差し引き後 {format_yen(net)}。"
    prov = st.prov
    if key == "cash":
        basis = _cash_basis(net, item, st)
    elif not net:
        basis = prefix + ("0円" if gross or line["deduction"] else "入力なし")
    elif prov is None:
        item["estate"] = net
        basis = prefix + "破産財団に入る（34条1項）。残すには自由財産の拡張の決定が必要（34条4項）"
    elif key == "shikikin" and st.home_shikikin and "shikikin_home" in prov["keep_any_amount"]:
        item_t = st.threshold("item_threshold")
        item["free_practice"] = net
        basis = "居住用の賃貸住宅の敷金。額にかかわらず換価しない財産とされる（換価基準）" + PRACTICE_TOKYO
        if net >= item_t:
            st.unsorted.append(f"{line['label']} {format_yen(net)}")
            basis += f"。振分けで数えるかは確認できていない（数えれば{format_man(item_t)}以上で管財事件の基準に当たる）"
    else:
        basis = _sorted_basis(line, prefix, item, st)
    item["basis"] = basis
    return item


def _property_items(lv: dict[str, Any], st: _Sorting) -> tuple[list[dict[str, Any]], int]:
    """不動産: the equity above the 被担保債権 goes to the 破産財団; with the court's rules, a total
    equity at the item threshold makes the case 管財事件."""
    items: list[dict[str, Any]] = []
    prop_total = 0
    for p in lv["properties"]:
        equity = p["value"]
        prop_total += equity
        if p["deduction"] and p["input"] < p["deduction"]:
            basis = "時価−被担保債権はマイナスなので余剰は0円。家は担保権者が処分する（競売・任意売却など）"
        else:
            basis = (f"時価−被担保債権＝{format_yen(equity)}。" if p["deduction"] else "時価の全額。") + "破産財団に入る（34条1項）"
        items.append({"key": p["key"], "label": p["label"], "input": p["input"], "deduction": p["deduction"],
                      "assessed": equity, "free_law": 0, "free_practice": 0, "estate": equity,
                      "trigger": False, "basis": basis, "property": True})
    item_t = st.threshold("item_threshold")
    if st.prov is not None and lv["properties"] and prop_total >= item_t:
        st.reasons.append(f"不動産の余剰 {format_yen(prop_total)} が{format_man(item_t)}以上{PRACTICE_TOKYO}")
        for it in items:
            if it["estate"]:
                it["trigger"] = True
    return items, prop_total


def _debt_rows(debts: Sequence[Mapping[str, Any]]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Each debt with its kind and whether it is discharged; the non-dischargeable totals by kind."""
    go_labels = {k: (go, label) for k, go, label in nondischargeable().value}
    rows = []
    for i, d in enumerate(debts):
        kind = d.get("kind") or "general"
        if kind not in DEBT_KINDS:
            raise ValueError(kind)
        balance = d["balance"]
        if balance < 0:
            raise ValueError("negative balance")
        label, go = DEBT_KINDS[kind]
        rows.append({"name": d.get("name") or f"{i + 1}件目", "balance": balance, "kind": kind,
                     "kind_label": label, "go": go, "discharged": go is None})
    by_kind = []
    for kind, (label, go) in DEBT_KINDS.items():
        if go is None:
            continue
        total = sum(r["balance"] for r in rows if r["kind"] == kind)
        if total:
            by_kind.append({"kind": kind, "go": go, "label": label, "statute_label": go_labels[kind][1],
                            "total": total})
    return rows, by_kind


def bankruptcy_outlook(assets: Mapping[str, Any], debts: Sequence[Mapping[str, Any]], court: str,
                       cash_limit: int | None = None,
                       retirement_fraction: Fraction | None = None) -> dict[str, Any]:
    """自由財産・破産財団・振分け・免責 for an asset inventory and a list of debts.

    assets: as for seisan.liquidation_value (integer yen; properties = [{"name", "value", "secured"}]).
    debts: [{"name", "balance", "kind"}] with kind a key of DEBT_KINDS.
    court: "tokyo" or "none". cash_limit: overrides the 自由財産 cash limit (default 99万円 from the law data).
    """
    if court not in COURT_KEYS:
        raise ValueError(court)
    default_limit = default_cash_limit()
    limit = default_limit if cash_limit is None else cash_limit
    if limit < 0:
        raise ValueError("cash_limit must not be negative")
    frac = _retirement_default(court) if retirement_fraction is None else Fraction(retirement_fraction)
    lv = liquidation_value(assets, "all", frac)
    prov = court_provision(court).value if court in COURTS else None
    st = _Sorting(limit=limit, frac=frac, prov=prov,
                  home_shikikin=(assets.get("shikikin_use") or "other") == "home")
    items = [_asset_item(line, st) for line in lv["lines"]]
    property_items, prop_total = _property_items(lv, st)
    items += property_items
    track = None if prov is None else ("kanzai" if st.reasons else "dohaishi")
    # the other reading of the 振分け when a 居住用 敷金 of 20万円 or more is counted (unconfirmed)
    track_if_counted = "kanzai" if (track == "dohaishi" and st.unsorted) else None
    rows, by_kind = _debt_rows(debts)
    discharged = sum(r["balance"] for r in rows if r["discharged"])
    remaining = sum(r["balance"] for r in rows if not r["discharged"])
    free_law = sum(i["free_law"] for i in items)
    free_practice = sum(i["free_practice"] for i in items)
    return {
        "court": court, "court_label": prov["label"] if prov else "振分けを見積もらない",
        "cash_limit": limit, "cash_limit_default": default_limit, "limit_overridden": limit != default_limit,
        "retirement_fraction": frac, "items": items,
        "free_law_total": free_law, "free_practice_total": free_practice, "free_total": free_law + free_practice,
        "estate_total": sum(i["estate"] for i in items), "property_total": prop_total,
        "has_property": bool(lv["properties"]),
        "track": track, "track_reasons": st.reasons, "track_unconfirmed": st.unsorted,
        "track_if_counted": track_if_counted,
        "cash_threshold": st.threshold("cash_threshold"), "item_threshold": st.threshold("item_threshold"),
        "deposit": prov["deposit"] if prov and track == "kanzai" else None,
        "debts": rows, "by_kind": by_kind, "debt_total": discharged + remaining,
        "discharged_total": discharged, "remaining_total": remaining,
    }


def assets_from_values(v: Mapping[str, Any]) -> dict[str, Any]:
    """The seisan-style asset dict from parsed form values (the same field names as the 清算価値 calculator)."""
    assets: dict[str, Any] = {k: v.get(k) or 0 for k in (*ORDER, "insurance_loan", "car_loan")}
    assets["shikikin_use"] = v.get("shikikin_use") or "other"
    assets["properties"] = [{"name": r.get("name") or "", "value": r["value"], "secured": r.get("secured") or 0}
                            for r in v.get("properties") or []]
    return assets


def _warnings(r: dict[str, Any]) -> list[str]:
    """What the reader must not miss: the home, what is not discharged, what is not judged here."""
    warnings: list[str] = []
    if r["has_property"]:
        warnings.append("不動産は破産財団に属します（34条1項）。担保に入っていれば住宅ローンなどの債権者が競売や任意売却で"
                        "処分し、余剰があれば管財人が売却します。自己破産では自宅は原則として手放すことになります"
                        "（自宅を残したいときは、個人再生の住宅資金特別条項を検討します）。")
        if r["track"] == "dohaishi":
            warnings.append("不動産があるときの振分けは、ここで使った現金・20万円の基準だけでは決まらないことがあります"
                            "（担保に入った不動産の扱いは確認できていません）。")
    if r["remaining_total"]:
        kinds = "、".join(f"{k['label']}（253条1項{k['go']}号）{format_yen(k['total'])}" for k in r["by_kind"])
        warnings.append(f"免責されても、{kinds}の支払いは残ります（合計{format_yen(r['remaining_total'])}）。")
    warnings.append("免責不許可事由（破産法252条1項: 財産を隠す、浪費やギャンブルで大きな借金をした、うその債権者名簿を"
                    "出すなど）があるかどうかは、ここでは判断していません。当たる場合でも、裁判所がすべての事情を考えて"
                    "免責を許すことがあります（同条2項）。")
    if r["track_if_counted"]:
        warnings.append("居住用の賃貸住宅の敷金（" + "、".join(r["track_unconfirmed"]) + "）は、振分けで数えていません。"
                        "数えるかどうかは確認できておらず、数えると20万円以上なので管財事件（少額管財）の見込みになります。")
    return warnings


def _notes(r: dict[str, Any], frac: Fraction | None, base: int) -> list[str]:
    """How the outlook was made: the 振分け, the 自由財産, the 退職金, what the debts leave."""
    notes: list[str] = []
    if r["track"] is not None:
        notes.append("同時廃止: 破産財団で手続の費用をまかなえないと認められるとき、裁判所は破産手続の開始と同時に手続を"
                     "終わらせます（216条1項）。管財人は選ばれず、財産の換価・配当もありません。どちらになるかは裁判所が"
                     "決め、ここでの振分けは東京地裁の運用として紹介されている基準を当てはめた見込みです。")
        notes.append(f"現金は{format_yen(r['cash_limit'])}まで自由財産ですが（法律）、東京地裁の振分けでは現金が"
                     f"{format_man(r['cash_threshold'])}以上あると管財事件になるとされます（運用）。現金以外の財産は、"
                     f"種類ごと（預貯金は全口座の合計）の額で{format_man(r['item_threshold'])}以上かを見ています。"
                     "保険は契約者貸付を、自動車は所有権留保付きローンを差し引いた額で判定しました（当サイトの読み方）。")
        if r["debt_total"] > 5_000_000:
            notes.append("借金の総額が500万円を超えるときも管財事件になりやすいとする解説があります（東京地裁の運用の紹介。"
                         "ここでの振分けには入れていません）。")
        if r["track"] == "kanzai":
            notes.append(f"少額管財の引継予納金{format_man(r['deposit'])}は、東京地裁で弁護士が代理人の場合の目安として"
                         "紹介されている運用の額です。開始決定からおよそ3か月後の債権者集会で終わることを目指すとされます。"
                         "実際の額と進み方は裁判所が決めます。")
    else:
        notes.append("同時廃止か管財事件かは見積もっていません。振分けの基準は裁判所ごとに違います。現金以外の財産はすべて"
                     "破産財団に入るものとして計算しています（残すには自由財産の拡張の決定が必要: 34条4項）。")
    notes.append("「破産財団に入る見込み」は、管財事件になった場合に管財人が換価して配当に回す見込みの財産です。配当は"
                 "管財人の報酬などの費用や、優先する債権（一般の優先権がある債権: 98条1項）を払った残りから行われます。"
                 "ここでは配当額は計算していません。")
    if r["free_practice_total"]:
        notes.append("20万円以下の預貯金・自動車・保険の解約返戻金・退職金（見込額の1/8）と居住用の賃貸住宅の敷金は、"
                     "東京地裁の換価基準で換価しない財産とされ、その範囲で自由財産の拡張（34条4項）の裁判があったものとして"
                     "扱われます（運用）。振分けの基準は「20万円以上」、換価基準は「20万円以下」なので、ちょうど20万円の"
                     "預貯金などは、管財事件の基準には当たっても換価はされません。それを超える拡張は、開始決定からその確定後"
                     "1か月を経過する日までに裁判所が決めます。合計が99万円を超えるような拡張は例外的とされます。")
    notes.append("家具・寝具・衣服など生活に欠かせないものは差押えが禁止された財産で、破産財団に入りません（34条3項2号、"
                 "民事執行法131条1号）。ここでは入力しなくてかまいません。")
    notes.append("破産手続の開始決定の後に得た給料などは破産財団に入りません（34条1項は開始の時の財産だけを財団とする）。")
    retire = next(i for i in r["items"] if i["key"] == "retirement")
    if retire["input"]:
        notes.append(f"退職金は見込額の{fraction_label(r['retirement_fraction'])}で評価しました"
                     + ("（東京地裁の運用）" if r["court"] == "tokyo" and frac is None else
                        "（差し押さえられる1/4の部分: 民事執行法152条2項から当サイトが推論）"
                        if frac is None else "（上書きした割合）")
                     + "。既に受け取った退職金は、現金・預貯金として入れてください。")
    if r["limit_overridden"]:
        notes.append(f"自由財産となる現金の上限を{format_yen(r['cash_limit'])}に変えて計算しています（法律の額として"
                     f"記録しているのは{format_yen(r['cash_limit_default'])}です）。")
    notes.append(f"自由財産の現金の上限{format_yen(r['cash_limit_default'])}は、民事執行法施行令1条の"
                 f"{format_man(base)}×3/2です（条文の写しで確認）。施行令がその後改正されたかは確認できていません"
                 "（67万円とする表示もあり、その場合は100万5,000円）。上限は入力で変えられます。")
    if r["debts"]:
        notes.append("保証人への請求は、本人が免責されても残ります（253条2項）。知りながら債権者名簿に載せなかった請求権も"
                     "免責されません（253条1項6号）。すべての借入先を申し立てる書類に載せてください。")
        if any(d["kind"] == "tax" for d in r["debts"]):
            notes.append("「税金・社会保険料など」は、国税徴収法や国税徴収の例で集める請求権（97条4号の租税等の請求権）です。"
                         "国民年金・国民健康保険などの保険料も一般にこれに当たるとされますが、当サイトは各保険の法律の"
                         "条文を確かめていません。")
    return notes


def compute(v: dict[str, Any]) -> dict[str, Any]:
    court = v["court"]
    if court not in COURT_KEYS:
        raise FieldError("court", "選択肢から選んでください")
    frac = RETIREMENT_CHOICES.get(v["retirement_fraction"] or "")
    debts = [{"name": r["name"], "balance": r["balance"], "kind": r["kind"] or "general"} for r in v["debts"]]
    r = bankruptcy_outlook(assets_from_values(v), debts, court, v["cash_limit"], frac)

    cash_p = free_cash()
    nd_p = nondischargeable()
    warnings = _warnings(r)
    notes = _notes(r, frac, cash_p.value["base"])
    citations: list[str] = [f"{cash_p.citation}（{cash_p.confidence}）"]
    retire = next(i for i in r["items"] if i["key"] == "retirement")

    citations += [
        "破産法34条1項（破産財団の範囲）・3項2号（差押禁止財産）・4項（自由財産の拡張）",
        "破産法216条1項（同時廃止）",
    ]
    if r["court"] in COURTS:
        p = court_provision(r["court"])
        citations.append(f"{p.citation}（{p.confidence}）")
    if retire["input"] and r["court"] not in COURTS and frac is None:
        citations.append(f"{schedule('seisan.retirement_exempt').current().citation}"
                         f"（1/4は差し押さえられる部分を{INFERENCE}）")
    citations += [
        f"{nd_p.citation}（{nd_p.confidence}）",
        "破産法252条1項・2項（免責不許可事由と裁量免責）、253条2項（保証人）、98条1項（優先的破産債権）",
    ]
    return {**r, "warnings": warnings, "notes": notes, "citations": list(dict.fromkeys(citations))}


def _track_summary(r: dict[str, Any]) -> dict[str, Any]:
    if r["track"] is None:
        return {"label": "同時廃止か管財事件か", "value": "見積もっていません", "strong": True,
                "note": "振分けの基準は裁判所ごとに違います"}
    note = ("理由: " + "、".join(r["track_reasons"])) if r["track_reasons"] else (
        f"現金が{format_man(r['cash_threshold'])}未満で、現金以外の財産がどの種類も"
        f"{format_man(r['item_threshold'])}未満（東京地裁の運用）")
    return {"label": f"手続きの見通し（{r['court_label']}）", "value": TRACK_LABELS[r["track"]], "strong": True,
            "note": note}


def render(r: dict[str, Any]) -> list[dict[str, Any]]:
    items = [_track_summary(r)]
    free_note = f"現金 {format_yen(r['free_law_total'])}（法律: 34条3項1号）"
    if r["free_practice_total"]:
        free_note += (f"、ほか {format_yen(r['free_practice_total'])}（換価しない財産とする東京地裁の運用。"
                      "自由財産の拡張として扱われる）")
    items.append({"label": "手元に残せる財産（自由財産）", "value": format_yen(r["free_total"]), "note": free_note})
    items.append({"label": "破産財団に入る見込みの財産", "value": format_yen(r["estate_total"]),
                  "note": "管財事件になった場合に換価される見込み" if r["track"] != "dohaishi" else
                          "同時廃止なら換価はありません。管財事件になった場合の見込み"})
    if r["deposit"] is not None:
        items.append({"label": "少額管財の引継予納金（目安）", "value": format_yen(r["deposit"]),
                      "note": "東京地裁の運用・弁護士が代理人の場合"})
    if r["debts"]:
        items.append({"label": "免責されれば支払いがなくなる借金", "value": format_yen(r["discharged_total"])})
        items.append({"label": "免責されても残る借金（非免責債権）", "value": format_yen(r["remaining_total"]),
                      "note": "・".join(f"{k['go']}号 {format_yen(k['total'])}" for k in r["by_kind"]) or "なし"})
    blocks: list[dict[str, Any]] = [{"type": "summary", "items": items}]
    if r["warnings"]:
        blocks.append({"type": "warnings", "items": r["warnings"]})

    if r["track"] is not None:
        crit_rows = []
        cash = next(i for i in r["items"] if i["key"] == "cash")
        hit = cash["trigger"]
        crit_rows.append({"cells": [{"text": f"現金が{format_man(r['cash_threshold'])}以上", "strong": hit},
                                    format_yen(cash["input"]), {"text": "当たる" if hit else "当たらない", "strong": hit}],
                          "class": "hit" if hit else ""})
        triggered = [i for i in r["items"] if i["key"] != "cash" and i["trigger"]]
        hit = bool(triggered)
        crit_rows.append({"cells": [
            {"text": f"現金以外の財産が種類ごとに{format_man(r['item_threshold'])}以上", "strong": hit},
            "、".join(f"{i['label']} {format_yen(i['assessed'])}" for i in triggered) or "なし",
            {"text": "当たる" if hit else "当たらない", "strong": hit}], "class": "hit" if hit else ""})
        blocks.append({"type": "table", "caption": f"振分けの基準（{r['court_label']}。法律ではなく運用）",
                       "columns": ["基準", "あなたの数字", "判定"], "rows": crit_rows})

    rows = []
    for i in r["items"]:
        if not i["input"] and not i["deduction"]:
            continue
        rows.append([i["label"], format_yen(i["input"]), i["basis"],
                     format_yen(i["free_law"] + i["free_practice"]),
                     {"text": format_yen(i["estate"]), "strong": i["estate"] > 0}])
    if rows:
        blocks.append({"type": "table", "caption": "財産ごとの見通し",
                       "columns": ["項目", "入力額", "扱い", "手元に残る", "財団へ"], "numeric": [1, 3, 4],
                       "rows": rows,
                       "foot": [["合計", "", "", format_yen(r["free_total"]),
                                 {"text": format_yen(r["estate_total"]), "strong": True}]]})
    else:
        blocks.append({"type": "paragraph", "text": "財産が入力されていません。現金・預貯金などを入れると、"
                                                     "手元に残せるかどうかと振分けの見込みを示します。"})

    if r["debts"]:
        drows = []
        for d in r["debts"]:
            status = "免責の対象" if d["discharged"] else f"残る（253条1項{d['go']}号）"
            drows.append([d["name"], format_yen(d["balance"]), d["kind_label"],
                          {"text": status, "strong": not d["discharged"]}])
        blocks.append({"type": "table", "caption": "借金ごとの見通し（免責が許可された場合）",
                       "columns": ["債権者", "残高", "種類", "免責"], "numeric": [1], "rows": drows,
                       "foot": [["免責の対象", format_yen(r["discharged_total"]), "", ""],
                                ["残る", format_yen(r["remaining_total"]), "", ""]]})
        blocks.append({"type": "bars", "title": "借金のうち、免責で支払いがなくなる額と残る額", "bars": [
            {"label": "借金の合計", "value": r["debt_total"], "class": "s0"},
            {"label": "免責の対象", "value": r["discharged_total"], "class": "s1"},
            {"label": "残る（非免責債権）", "value": r["remaining_total"], "class": "s2"},
        ]})
    return blocks


def _asset_fields() -> list[Field]:
    """The 清算価値 calculator's asset fields, reused as they are (same names, same parsing)."""
    out = []
    for f in seisan.CALCULATOR.fields:
        if f.name == "preset":
            continue
        if f.name == "retirement_fraction":
            f = replace(f, help="東京地裁の運用では見込額の1/8（退職が近いときは1/4とされます）、「振分けを見積もらない」"
                                "では差し押さえられる1/4で計算します。変えたいときに選びます。")
        elif f.name == "shikikin_use":
            f = replace(f, help="居住用の家の敷金は、東京地裁の換価基準で額にかかわらず換価しない財産とされます"
                                "（振分けで数えるかは確認できていないため数えず、数えた場合の見込みも示します）。"
                                "事業用の敷金・保証金は、ほかの財産と同じに扱います。")
        elif f.name == "properties":
            f = replace(f, example=[], help="時価は査定額など。被担保債権は、その不動産に抵当権が付いている住宅ローン"
                                            "などの残高です。1行ごとに差し引き、マイナスは0円です。")
        elif f.kind == "yen":
            f = replace(f, example={"cash": "20万円", "deposits": "15万円", "car": "10万円"}.get(f.name, ""))
        out.append(f)
    return out


FIELDS = [
    Field("court", "裁判所の運用", "choice", example="tokyo", group="裁判所", options=COURT_OPTIONS,
          help="東京地裁の運用は、東京の法律事務所の解説で紹介されている振分けの基準です。法律ではなく、"
               "裁判所ごとに違います。"),
    Field("cash_limit", "自由財産となる現金の上限", "yen", example="", required=False,
          default=default_cash_limit(), max=MAX_YEN, group="裁判所", advanced=True,
          help="空欄なら法律の額（民事執行法施行令1条の66万円×3/2＝99万円）。施行令が改正されていたとき"
               "（67万円と表示する資料があります）は、その額×3/2を入れてください。"),
    *_asset_fields(),
    Field("debts", "借金（債権者ごと）", "rows", group="借金", required=False, max_rows=20,
          help="種類を選ぶと、免責されても残る借金（非免責債権）を分けて合計します。住宅ローンや車のローンも"
               "「一般」です（担保の物は処分され、残りが免責の対象になります）。",
          example=[{"name": "Aカード", "balance": "180万円", "kind": ""},
                   {"name": "B社", "balance": "120万円", "kind": ""},
                   {"name": "住民税", "balance": "30万円", "kind": "tax"},
                   {"name": "養育費（未払い分）", "balance": "40万円", "kind": "family"}],
          columns=(
              Field("name", "債権者", "text", required=False, default=""),
              Field("balance", "残高", "yen", min=1, max=MAX_YEN),
              Field("kind", "種類", "choice", required=False, default="general", options=KIND_OPTIONS),
          )),
]

CALCULATOR = Calculator(
    id="hasan",
    title="自己破産の見通し",
    summary="財産と借金を入れると、手元に残せる財産（自由財産）、破産財団に入る見込みの財産、同時廃止か管財事件かの"
            "見込み（東京地裁の運用）、免責されても残る借金を、法律と運用の基準を示して計算します。",
    result_title="自己破産の見通し",
    order=70,
    fields=FIELDS,
    compute=compute,
    render=render,
)
