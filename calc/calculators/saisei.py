"""再生計画の弁済シミュレーション — 小規模個人再生と給与所得者等再生を並べる.

計画弁済総額（返済総額）の下限:
- 小規模個人再生: max(最低弁済額, 清算価値)                  — 231条2項3号・4号, 174条2項4号（231条1項）
- 給与所得者等再生: max(最低弁済額, 清算価値, 可処分所得の2年分) — 241条2項2号・5号・7号
Neither is more than 基準債権 K (paying all of it is the most a plan can pay).

Each payment is total ÷ number of payments rounded UP to the yen, the last payment taking the
difference (the court form's rule: money.INSTALLMENT_CEIL). Payments come at least every 3 months
(229条2項1号) over 3 years, or up to 5 with 特別の事情 (229条2項2号). With the 住宅資金特別条項 the
住宅ローン is not reduced and continues as agreed; its monthly payment is shown next to the plan.
The 198条2項 deadline (6 months after the 保証会社's 代位弁済) is counted per 民法140条・143条.
"""
from __future__ import annotations

from dataclasses import replace
from fractions import Fraction
from typing import Any

from ..core import Calculator, Field, FieldError
from ..law import Provision, schedule
from ..periods import period_end
from ..money import INSTALLMENT_CEIL, RoundingRule
from ..parse import format_date, format_man, format_percent, format_yen
from .saitei import FIELDS as SAITEI_FIELDS
from .saitei import MAX_YEN, UNAVAILABLE_TEXT, breakdown_blocks, checked_inputs, minimum_payment

MONTHLY_EQUIV = RoundingRule(
    "ceil",
    "月あたりの目安: 計画弁済総額÷弁済期間の月数の円未満切上げ（2か月・3か月ごとの払い方でも比べられるようにするための目安）",
)
FORM_SOURCE = ("返済計画表の記載例（裁判所の書式。saimuseiri-kabarai.net に転載）: 「各回の返済額欄記載の額は、"
               "再生計画により算出される額について、1円未満の端数を切り上げた額であり、最終回の返済額で端数調整を行う」")

PROCEDURES = (("shokibo", "小規模個人再生"), ("kyuyo", "給与所得者等再生"))
CRITERIA = (("minimum", "最低弁済額"), ("liquidation", "清算価値"), ("disposable", "可処分所得の2年分"))
INTERVAL_LABEL = {1: "毎月", 2: "2か月ごと", 3: "3か月ごと"}


def _current(key: str) -> Provision:
    return schedule(key).current()


def installments(total: int, count: int) -> list[int]:
    """Split `total` yen into at most `count` payments: each = ceil(total / count), the last adjusted down.

    If the total is so small that count − 1 rounded-up payments would already exceed it (only below
    count × (count − 1) yen), the plan is paid off in fewer payments of the same size.
    """
    if total <= 0:
        return []
    each = INSTALLMENT_CEIL.apply(Fraction(total, count))
    k = count
    if each * (count - 1) >= total:
        k = -((-total) // each)
    return [each] * (k - 1) + [total - each * (k - 1)]


def plan(mp: dict[str, Any], liquidation: int, disposable: int | None, years: int, interval: int,
         housing_monthly: int = 0) -> list[dict[str, Any]]:
    """Both procedures' plan totals and schedules from a minimum_payment() result."""
    k_total = mp["K"]
    months = years * 12
    count = months // interval
    out = []
    for key, label in PROCEDURES:
        amounts = {"minimum": mp["minimum"], "liquidation": liquidation}
        if key == "kyuyo":
            amounts["disposable"] = disposable
        computed = all(a is not None for a in amounts.values())
        proc: dict[str, Any] = {"key": key, "label": label, "computed": computed}
        if not computed:
            proc["criteria"] = [{"key": c, "label": label, "amount": amounts.get(c), "decisive": False,
                                 "applies": c in amounts} for c, label in CRITERIA]
            out.append(proc)
            continue
        floor_total = max(amounts.values())
        total = min(floor_total, k_total)
        proc["criteria"] = [{"key": c, "label": label, "amount": amounts.get(c), "applies": c in amounts,
                             "decisive": c in amounts and amounts[c] == floor_total} for c, label in CRITERIA]
        payments = installments(total, count)
        cumulative = 0
        rows = []
        for i, p in enumerate(payments, start=1):
            cumulative += p
            rows.append({"n": i, "month": i * interval, "amount": p, "cumulative": cumulative,
                         "remaining": total - cumulative})
        share = _current("saisei.hardship_share").value
        hardship_n = next((r["n"] for r in rows if r["cumulative"] >= total * share), None)
        monthly_equiv = MONTHLY_EQUIV.apply(Fraction(total, months))
        proc.update(
            floor_total=floor_total, total=total, capped=floor_total > k_total,
            count=len(payments), planned_count=count, payment=payments[0] if payments else 0,
            last=payments[-1] if payments else 0, schedule=rows,
            monthly_equiv=monthly_equiv, burden=monthly_equiv + housing_monthly,
            reduction=k_total - total,
            reduction_rate=Fraction(k_total - total, k_total) if k_total else None,
            hardship_n=hardship_n,
        )
        out.append(proc)
    return out


def _subrogation_deadline(v: dict[str, Any], clause: bool, window_p: Any, result: dict[str, Any],
                          warnings: list[str], notes: list[str], citations: list[str]) -> None:
    """198条2項: the 住宅資金特別条項 needs the petition within 6 months of the 代位弁済."""
    if v["subrogation_date"] is None:
        return
    months = window_p.value["months"]
    deadline = period_end(v["subrogation_date"], months)
    result["deadline"] = deadline
    citations.append(window_p.citation)
    text = (f"保証会社の代位弁済（{format_date(v['subrogation_date'])}）から{months}か月を経過する日は"
            f"{format_date(deadline)}です。住宅資金特別条項を使うには、この日までに個人再生を申し立てる"
            "必要があります（198条2項。初日を数えず、応当日の前日まで: 民法140条・143条）。")
    ref = v["reference_date"]
    if ref is not None:
        result["days_left"] = (deadline - ref).days
        result["deadline_passed"] = ref > deadline
        if ref > deadline:
            warnings.append(f"基準日（{format_date(ref)}）の時点で、この期限を過ぎています。代位弁済から{months}か月を"
                            "過ぎて申し立てると、住宅資金特別条項を定めることができず、自宅を残す前提の計画は"
                            "立てられない可能性が高いです。すぐに弁護士・司法書士に確かめてください。")
        else:
            text += f" 基準日（{format_date(ref)}）から期限まで{(deadline - ref).days}日です。"
    else:
        text += " 今日の日付と比べてください（基準日を入れると残りの日数を計算します）。"
    text += "期限の日が土日・祝日に当たる場合の扱いはここでは考えていません。余裕をもって準備してください。"
    (notes if not result["deadline_passed"] else warnings).insert(0, text)
    if not clause:
        notes.append("代位弁済日からの6か月の期限は、住宅資金特別条項を使う場合に関係します。")


def _plan_findings(v: dict[str, Any], mp: dict[str, Any], procedures: list[dict[str, Any]], clause: bool,
                   provisions: dict[str, Any], warnings: list[str], notes: list[str], citations: list[str]) -> None:
    """What the plan's figures rest on and what they leave out."""
    years = int(v["years"])
    period_p, ext_p, bar_p, hardship_p = (provisions[k] for k in ("period", "ext", "bar", "hardship"))
    if years > period_p.value["years"]:
        warnings.append(f"弁済期間を{years}年にするには「特別の事情」が必要です（229条2項2号）。原則は3年で、"
                        "認められるかは裁判所が判断します。")
    for p in procedures:
        if p["computed"] and p["capped"]:
            warnings.append(f"{p['label']}: 下限（{format_yen(p['floor_total'])}）が基準債権（{format_yen(mp['K'])}）を"
                            "上回るため、返済総額は基準債権の全額としました。借金は減らない計算になります。")
    if v["disposable_2y"] is None:
        notes.append("給与所得者等再生の返済総額は、可処分所得の2年分を入れると計算します（このサイトの"
                     "「可処分所得（給与所得者等再生）」の計算機で求められます）。")
    if clause and mp["housing_loan"] == 0:
        warnings.append("住宅資金特別条項を使うとしていますが、住宅ローンの額が0円です。")
    if clause:
        notes.append("住宅資金特別条項を使うと、住宅ローンは減額されず、約定どおり払い続けます（199条1項）。"
                     "上の「月々の負担の目安」には、入力した住宅ローンの返済額をそのまま足しています。滞納していた分"
                     "（期限が来ている分）とその損害金は、再生計画の弁済期間内に全額払う必要があるので、"
                     "実際の負担はさらに増えることがあります（199条1項1号）。")
        ext = ext_p.value
        notes.append(f"返済期間を延ばせるのは住宅ローンだけで、約定の最終期限から{ext['max_years']}年以内、"
                     f"終わる時の年齢{ext['max_age']}歳以下が条件です（199条2項2号）。ほかの借金の弁済期間は"
                     "原則3年、最長5年です（229条2項2号）。「最長10年」は住宅ローンの話です。")
        citations.append(ext_p.citation)
    notes += [
        f"各回の支払額: {INSTALLMENT_CEIL.name}。",
        f"月々の負担の目安: {MONTHLY_EQUIV.name}。",
        f"ハードシップ免責: 計画の途中で、本人の責任でない事情で返済が極めて困難になったときは、各債権に"
        f"{format_percent(hardship_p.value)}（4分の3）以上を払い終えているなどの要件を満たせば、残りの免除を"
        "裁判所に申し立てられます（235条。給与所得者等再生にも準用）。下の表の「4分の3に届く回」は目安です。",
        "個人再生をすると、開始決定・認可決定などが官報に載ります（公告は官報に掲載してする: 10条1項）。",
        "小規模個人再生は、書面による決議で、同意しないと回答した債権者が頭数で半数未満、かつ債権額で2分の1以下"
        "なら可決とみなされます（230条6項）。給与所得者等再生は決議がなく、債権者の意見を聴くだけです（240条）。",
        f"給与所得者等再生は、前に給与所得者等再生の計画を遂行したとき・ハードシップ免責を受けたとき（その計画の認可決定の"
        f"確定日から）、破産の免責許可決定が確定したとき（その確定日から）、{bar_p.value}年以内は使えません"
        "（239条5項2号・241条2項6号）。",
        "清算価値は、財産を処分したら債権者に配られる額の見込みです（このサイトの「清算価値（個人再生）」の"
        "計算機で見積もれます）。住宅資金特別条項を使っても、自宅の時価が住宅ローンの残りを上回る分は清算価値に入ります。",
        "これは法律の下限から計算した見通しです。実際の計画は裁判所・個人再生委員・債権者とのやり取りで決まります。",
    ]
    citations += [hardship_p.citation, "民事再生法10条1項（官報公告）・230条6項・240条", bar_p.citation]


def compute(v: dict[str, Any]) -> dict[str, Any]:
    args = checked_inputs(v)
    mp = minimum_payment(**args)
    clause = args["housing_clause"]
    years = int(v["years"])
    interval = int(v["interval"])
    period_p = _current("saisei.plan_period")
    interval_p = _current("saisei.payment_interval")
    window_p = _current("saisei.subrogation_window")
    ext_p = _current("saisei.housing_extension")
    bar_p = _current("saisei.kyuyo_reuse_years")
    hardship_p = _current("saisei.hardship_share")
    if not period_p.value["years"] <= years <= period_p.value["max_years"]:
        raise FieldError("years", "弁済期間は3年から5年です")
    if interval > interval_p.value["max_interval_months"]:
        raise FieldError("interval", "弁済は3か月に1回以上です")
    housing_monthly = v["housing_monthly"] if clause else 0
    warnings: list[str] = []
    notes: list[str] = []
    citations = list(mp["citations"])
    result: dict[str, Any] = {
        "mp": mp, "available": mp["available"], "liquidation": v["liquidation"],
        "disposable_2y": v["disposable_2y"], "years": years, "interval": interval,
        "interval_label": INTERVAL_LABEL[interval], "housing_clause": clause,
        "housing_monthly": housing_monthly, "subrogation_date": v["subrogation_date"],
        "reference_date": v["reference_date"], "deadline": None, "deadline_passed": None,
        "days_left": None, "procedures": [],
    }

    _subrogation_deadline(v, clause, window_p, result, warnings, notes, citations)

    if not mp["available"]:
        result.update(warnings=[mp["reason"], UNAVAILABLE_TEXT] + warnings, notes=notes,
                      citations=list(dict.fromkeys(citations)))
        return result

    procedures = plan(mp, v["liquidation"], v["disposable_2y"], years, interval, housing_monthly)
    result["procedures"] = procedures
    citations += [
        "民事再生法174条2項4号・231条1項（小規模個人再生: 再生債権者の一般の利益＝清算価値の保障）",
        "民事再生法241条2項2号・5号・7号（給与所得者等再生: 清算価値・最低弁済額・可処分所得の2年分）",
        period_p.citation, interval_p.citation,
        f"各回の支払額の端数: {FORM_SOURCE}",
    ]
    _plan_findings(v, mp, procedures, clause,
                   {"period": period_p, "ext": ext_p, "bar": bar_p, "hardship": hardship_p}, warnings, notes, citations)
    result.update(warnings=warnings, notes=notes, citations=list(dict.fromkeys(citations)))
    return result


def _criteria_table(r: dict[str, Any]) -> dict[str, Any]:
    procs = r["procedures"]
    rows = []
    for c, label in CRITERIA:
        cells: list[Any] = [label]
        for p in procs:
            crit = next(x for x in p["criteria"] if x["key"] == c)
            if not crit["applies"]:
                cells.append("（対象外）")
            elif crit["amount"] is None:
                cells.append("未入力")
            elif crit["decisive"]:
                cells.append({"text": f"{format_yen(crit['amount'])}（決め手）", "strong": True})
            else:
                cells.append(format_yen(crit["amount"]))
        rows.append(cells)
    foot_cells: list[Any] = ["計画弁済総額（返済総額）"]
    pay_cells: list[Any] = ["各回の支払額"]
    count_cells: list[Any] = ["支払回数"]
    for p in procs:
        if p["computed"]:
            foot_cells.append({"text": format_yen(p["total"]), "strong": True})
            pay_cells.append(f"{format_yen(p['payment'])}（最終回 {format_yen(p['last'])}）")
            count_cells.append(f"{p['count']}回（{r['interval_label']}・{r['years']}年）")
        else:
            foot_cells.append("可処分所得を入れると計算します")
            pay_cells.append("—")
            count_cells.append("—")
    return {"type": "table", "caption": "返済総額を決める基準（いちばん多い額が「決め手」）",
            "columns": ["基準", *[p["label"] for p in procs]], "numeric": [1, 2],
            "rows": rows, "foot": [foot_cells, pay_cells, count_cells]}


def _schedule_block(p: dict[str, Any], interval: int) -> dict[str, Any]:
    rows = []
    for s in p["schedule"]:
        mark = "（4分の3に届く回）" if s["n"] == p["hardship_n"] else ""
        rows.append({"cells": [f"第{s['n']}回（{s['month']}か月目）{mark}", format_yen(s["amount"]),
                               format_yen(s["cumulative"]), format_yen(s["remaining"])],
                     "class": "hit" if mark else ""})
    table = {"type": "table", "caption": f"{p['label']}の返済予定（認可決定の確定から数えた月）",
             "columns": ["回", "支払額", "累計", "残り"], "numeric": [1, 2, 3], "rows": rows,
             "foot": [["合計", format_yen(p["total"]), "", ""]]}
    return {"type": "details", "summary": f"{p['label']}の返済予定表（{p['count']}回）を見る", "blocks": [table]}


def render(r: dict[str, Any]) -> list[dict[str, Any]]:
    mp = r["mp"]
    blocks: list[dict[str, Any]] = []
    if not r["available"]:
        blocks.append({"type": "summary", "items": [
            {"label": "再生計画の返済総額", "value": "個人再生は利用できません", "strong": True,
             "note": f"総額Tが{format_man(mp['limit'])}を超えています"},
            {"label": "総額T", "value": format_yen(mp["T"]), "note": f"上限 {format_man(mp['limit'])}"},
        ]})
        blocks.append({"type": "warnings", "title": "この金額では個人再生を使えません", "items": r["warnings"]})
        blocks.extend(breakdown_blocks(mp))
        return blocks

    procs = r["procedures"]
    items = []
    for i, p in enumerate(procs):
        if p["computed"]:
            decisive = "・".join(c["label"] for c in p["criteria"] if c["decisive"])
            items.append({"label": f"{p['label']}の返済総額", "value": format_yen(p["total"]), "strong": i == 0,
                          "note": f"{r['interval_label']} {format_yen(p['payment'])} × {p['count']}回"
                                  f"（最終回 {format_yen(p['last'])}）。決め手: {decisive}"})
        else:
            items.append({"label": f"{p['label']}の返済総額", "value": "可処分所得を入れると計算します"})
    items.append({"label": "基準債権K（減額の対象になる借金）", "value": format_yen(mp["K"]),
                  "note": f"最低弁済額 {format_yen(mp['minimum'])}"})
    blocks.append({"type": "summary", "items": items})
    if r["warnings"]:
        blocks.append({"type": "warnings", "items": r["warnings"]})
    blocks.append(_criteria_table(r))

    burden_rows = []
    for p in procs:
        if not p["computed"]:
            continue
        row = [p["label"], format_yen(p["monthly_equiv"])]
        if r["housing_clause"]:
            row += [format_yen(r["housing_monthly"]), {"text": format_yen(p["burden"]), "strong": True}]
        burden_rows.append(row)
    if burden_rows:
        cols = ["手続", "再生計画の返済（月あたり）"]
        if r["housing_clause"]:
            cols += ["住宅ローン（減額なし・そのまま）", "月々の負担の目安"]
        blocks.append({"type": "table", "caption": "月々の負担の目安", "columns": cols,
                       "numeric": list(range(1, len(cols))), "rows": burden_rows})

    bars = [{"label": "基準債権（借金）", "value": mp["K"], "class": "s0"}]
    for i, p in enumerate(procs, start=1):
        if p["computed"]:
            bars.append({"label": p["label"], "value": p["total"], "class": f"s{i}"})
    blocks.append({"type": "bars", "title": "借金（基準債権）と返済総額の比較", "bars": bars})

    red_rows = []
    for p in procs:
        if p["computed"] and p["reduction_rate"] is not None:
            red_rows.append([p["label"], format_yen(p["reduction"]), format_percent(p["reduction_rate"])])
    if red_rows:
        blocks.append({"type": "table", "caption": "減る額（基準債権 − 返済総額）。見通しで、約束ではありません",
                       "columns": ["手続", "減る額", "基準債権に対する割合"], "numeric": [1, 2], "rows": red_rows})
    for p in procs:
        if p["computed"] and p["schedule"]:
            blocks.append(_schedule_block(p, r["interval"]))
    blocks.append({"type": "details", "summary": "最低弁済額の計算（総額Tと基準債権K）",
                   "blocks": [{"type": "paragraph", "text": mp["reason"]}, *breakdown_blocks(mp)]})
    return blocks


CALCULATOR = Calculator(
    id="saisei",
    title="再生計画の弁済シミュレーション",
    summary="最低弁済額・清算価値・可処分所得から、小規模個人再生と給与所得者等再生の返済総額と毎回の支払額を"
            "並べて計算します。住宅ローンを残す場合の月々の負担も示します。",
    result_title="再生計画の見通し",
    order=60,
    fields=[
        *[replace(f, example="3,200万円") if f.name == "total" else f for f in SAITEI_FIELDS],
        Field("liquidation", "清算価値", "yen", example="80万円", required=False, default=0, max=MAX_YEN,
              group="返済額を決める基準",
              help="財産を処分したら債権者に配られる額の見込み。このサイトの「清算価値（個人再生）」の計算機で"
                   "見積もれます。財産がほとんどなければ0円。"),
        Field("disposable_2y", "可処分所得の2年分", "yen", example="900万円", required=False, max=MAX_YEN,
              group="返済額を決める基準",
              help="給与所得者等再生の場合だけ使います。「可処分所得（給与所得者等再生）」の計算機の結果を入れて"
                   "ください。空欄なら小規模個人再生だけ計算します。"),
        Field("years", "弁済期間", "choice", example="3", group="返済の仕方",
              options=(("3", "3年（原則）"), ("4", "4年（特別の事情が必要）"), ("5", "5年（特別の事情が必要）")),
              help="原則は3年です。4年・5年にするには、3年では払えない「特別の事情」が必要です（229条2項2号）。"),
        Field("interval", "弁済の間隔", "choice", example="1", group="返済の仕方",
              options=(("1", "毎月"), ("2", "2か月ごと"), ("3", "3か月ごと")),
              help="3か月に1回以上の分割払いと決められています（229条2項1号）。"),
        Field("housing_monthly", "住宅ローンの月々の返済額", "yen", example="8万円", required=False, default=0,
              max=MAX_YEN, group="住宅ローン（特別条項を使う場合）", show_if=("housing_clause", "1"),
              help="特別条項を使うと住宅ローンは減らずに続きます。月々の負担の目安に足して示します。"),
        Field("subrogation_date", "保証会社が代位弁済した日", "date", example="", required=False,
              group="住宅ローン（特別条項を使う場合）", show_if=("housing_clause", "1"),
              help="保証会社が住宅ローンを代わりに払った（代位弁済）場合、その日から6か月を経過する日までに"
                   "申し立てれば、特別条項を使えます（198条2項）。その期限を計算します。"),
        Field("reference_date", "基準日（申立ての予定日や今日）", "date", example="", required=False,
              group="住宅ローン（特別条項を使う場合）", show_if=("housing_clause", "1"),
              help="入れると、代位弁済からの期限まで何日あるか、過ぎていないかを確かめます。"),
    ],
    compute=compute,
    render=render,
)
