"""清算価値（個人再生）— what a bankruptcy would give creditors, item by item.

The 再生計画 must pay at least this much (民事再生法174条2項4号・241条2項2号: 再生債権者の一般の利益).
How each asset is valued is court practice (calc/law/seisan.py), chosen by the reader as a preset:

- tokyo: 東京地裁の運用 — each item (財産の種類) of 20万円 or less counts 0 (「20万円以下」: exactly 20万円
  counts 0), an item above counts in full (not just the excess); items are not added together before the
  test; 退職金見込額 × 1/8; 居住用の賃貸住宅の敷金 counts 0 whatever its amount (secondary sources; see
  calc/law/seisan.py).
- tokyo_retire_soon: the same with 退職金 × 1/4 (retirement near).
- all: every item in full, no threshold; 退職金 × 1/4 by default (our inference from 民事執行法152条2項).

Netting happens inside an item only: 解約返戻金 − 契約者貸付, 査定額 − 所有権留保付きローン, and per
property 時価 − 被担保債権 (never below 0, never set off against other assets). The 20万円 test is applied
to the net value of each item category; 不動産 is counted without the test (see notes in compute).

`liquidation_value(assets, preset, retirement_fraction=None)` is the pure core, for reuse.
"""
from __future__ import annotations

from fractions import Fraction
from typing import Any
from collections.abc import Mapping

from ..core import Calculator, Field, FieldError
from ..law import schedule
from ..law.seisan import INFERENCE, PRESETS, preset as preset_provision
from ..money import RoundingRule
from ..parse import format_man, format_yen

MAX_YEN = 100_000_000_000

# 退職金見込額 × 割合 → 円. The source's example (7,568,900円 × 1/8 = 946,112.5円 → 946,113円) is met by
# rounding half up and by rounding up; we round up: 清算価値 is a floor the plan must reach, so a plan
# built on the figure must not fall short of the exact amount by a fraction of a yen.
RETIREMENT_CEIL = RoundingRule(
    "ceil",
    "退職金の評価額: 見込額×割合の円未満切上げ（kojinsaiseisoudan.com の東京地裁の例 7,568,900円×1/8＝"
    "946,112.5円→946,113円に合う。四捨五入でも同じ例に合うが、清算価値は返済総額が下回ってはならない"
    "下限なので、端数で下回らないよう切上げとした）",
)

# Items entered as one amount each (key → label); ORDER is the order of the table.
SIMPLE_ITEMS = {
    "cash": "現金",
    "deposits": "預貯金（合計）",
    "securities": "有価証券",
    "shikikin": "敷金・保証金",
    "receivables": "貸付金・売掛金",
    "overpayment": "過払金（回収見込額）",
    "valuables": "高価品",
    "other": "その他の財産",
}
ORDER = ("cash", "deposits", "insurance", "securities", "car", "retirement", "shikikin", "receivables",
         "overpayment", "valuables", "other")
LABELS = {**SIMPLE_ITEMS, "insurance": "保険の解約返戻金", "car": "自動車", "retirement": "退職金"}

RETIREMENT_CHOICES = {"eighth": Fraction(1, 8), "quarter": Fraction(1, 4), "full": Fraction(1)}


def fraction_label(f: Fraction) -> str:
    return "全額" if f == 1 else f"{f.numerator}/{f.denominator}"


def _amount(assets: Mapping[str, Any], key: str) -> int:
    v = assets.get(key) or 0
    if isinstance(v, bool) or not isinstance(v, int):
        raise TypeError(f"{key}: integer yen expected, got {v!r}")
    if v < 0:
        raise ValueError(f"{key}: negative amount {v}")
    return v


def _assessed(assets: Mapping[str, Any], key: str, frac: Fraction) -> tuple[int, int | None, int, str]:
    """An item's input, what is deducted from it, its net value and how that was reached."""
    gross = _amount(assets, key)
    deduction: int | None = None
    prefix = ""
    if key == "insurance":
        deduction = _amount(assets, "insurance_loan")
        net = max(0, gross - deduction)
        if deduction:
            prefix = (f"解約返戻金−契約者貸付（{format_yen(deduction)}）＝{format_yen(net)}"
                      + ("（マイナスは0円）" if gross < deduction else "") + "。")
    elif key == "car":
        deduction = _amount(assets, "car_loan")
        net = max(0, gross - deduction)
        if deduction:
            prefix = (f"査定額−所有権留保付きローンの残高（{format_yen(deduction)}）＝{format_yen(net)}"
                      + ("（マイナスは0円）" if gross < deduction else "") + "。")
    elif key == "retirement":
        net = RETIREMENT_CEIL.apply(gross * frac)
        if gross:
            prefix = ("退職金見込額の全額。" if frac == 1 else
                      f"退職金見込額の{fraction_label(frac)}＝{format_yen(net)}（円未満切上げ）。")
    else:
        net = gross
    return gross, deduction, net, prefix


def _properties(assets: Mapping[str, Any]) -> list[dict[str, Any]]:
    """不動産: 時価 − 被担保債権, never below 0 and never netted against other items."""
    properties: list[dict[str, Any]] = []
    for i, p in enumerate(assets.get("properties") or []):
        worth = _amount(p, "value")
        secured = _amount(p, "secured")
        equity = max(0, worth - secured)
        if secured and worth < secured:
            basis = (f"時価−被担保債権（{format_yen(secured)}）はマイナスのため0円"
                     "（他の財産と差し引きしない）")
        elif secured:
            basis = f"時価−被担保債権（{format_yen(secured)}）＝{format_yen(equity)}（全額を算入）"
        else:
            basis = "時価の全額（被担保債権なし）"
        properties.append({"key": f"property{i}", "label": f"不動産: {p.get('name') or f'{i + 1}件目'}",
                           "name": p.get("name") or "", "input": worth, "deduction": secured,
                           "assessed": equity, "value": equity, "basis": basis})
    return properties


def liquidation_value(assets: Mapping[str, Any], preset: str,
                      retirement_fraction: Fraction | None = None) -> dict[str, Any]:
    """清算価値 of an asset inventory under a preset.

    assets: integer yen under the keys cash, deposits, insurance (解約返戻金), insurance_loan (契約者貸付),
    securities, car (査定額), car_loan (所有権留保付きローン), retirement (退職金見込額), shikikin,
    receivables, overpayment, valuables, other; missing keys are 0. shikikin_use: "home" (居住用の
    賃貸住宅の敷金) or "other" (default: counted like any other item). properties: a list of
    {"name", "value" (時価), "secured" (被担保債権の残高)}.
    preset: "tokyo", "tokyo_retire_soon" or "all". retirement_fraction: overrides the preset's.

    Returns {"preset", "preset_label", "threshold", "retirement_fraction", "lines", "properties",
    "items_total", "property_total", "total"}; each line has key, label, input, deduction, assessed
    (net value before the threshold), value (counted) and basis (the rule, in Japanese).
    """
    prov = preset_provision(preset)
    threshold: int | None = prov.value["threshold"]
    frac = Fraction(prov.value["retirement"] if retirement_fraction is None else retirement_fraction)
    if not 0 <= frac <= 1:
        raise ValueError("retirement_fraction must be between 0 and 1")
    tokyo = "（東京地裁の運用）"

    home_shikikin = (assets.get("shikikin_use") or "other") == "home"
    if (assets.get("shikikin_use") or "other") not in ("home", "other"):
        raise ValueError("shikikin_use must be 'home' or 'other'")

    def judge(net: int) -> tuple[int, str]:
        if threshold is None:
            return net, "全額（20万円基準なし）"
        if net <= threshold:
            return 0, f"{format_man(threshold)}以下のため0円{tokyo}"
        return net, f"{format_man(threshold)}を超えるため全額{tokyo}"

    lines: list[dict[str, Any]] = []
    for key in ORDER:
        gross, deduction, net, prefix = _assessed(assets, key, frac)
        if key == "shikikin" and gross and home_shikikin:
            prefix = "居住用の賃貸住宅の敷金。"
        if gross == 0 and not deduction:
            value, basis = 0, "入力なし"
        elif net == 0:
            value, basis = 0, prefix + "0円"
        elif key == "shikikin" and home_shikikin and not prov.value["home_shikikin"]:
            value, basis = 0, prefix + f"額にかかわらず0円{tokyo}（破産でも換価しない財産とされるため）"
        else:
            value, basis = judge(net)
            basis = prefix + basis
        lines.append({"key": key, "label": LABELS[key], "input": gross, "deduction": deduction,
                      "assessed": net, "value": value, "basis": basis,
                      **({"home": home_shikikin} if key == "shikikin" else {})})

    properties = _properties(assets)

    items_total = sum(line["value"] for line in lines)
    property_total = sum(p["value"] for p in properties)
    return {
        "preset": preset, "preset_label": prov.value["label"], "threshold": threshold,
        "retirement_fraction": frac, "lines": lines, "properties": properties,
        "items_total": items_total, "property_total": property_total,
        "total": items_total + property_total,
        "citation": prov.citation, "confidence": prov.confidence,
    }


def _property_warnings(r: dict[str, Any]) -> list[str]:
    """A property worth more than its loans adds its equity to the 清算価値, even under the 住宅ローン特則."""
    warnings: list[str] = []
    for p in r["properties"]:
        if p["value"] > 0:
            share = f"（合計{format_yen(r['total'])}）" if r["total"] != p["value"] else ""
            warnings.append(
                f"{p['label'].removeprefix('不動産: ')}は時価がローンなどの残高を{format_yen(p['value'])}上回り、"
                f"この{format_yen(p['value'])}が清算価値{share}に入ります。住宅資金特別条項（住宅ローン特則）を"
                "使って家を残しても、この分は清算価値から外れません。再生計画の返済総額は、これを含む清算価値"
                "以上にする必要があります。")
    return warnings


def compute(v: dict[str, Any]) -> dict[str, Any]:
    preset = v["preset"]
    if preset not in PRESETS:  # the choice field already checks; kept for direct callers
        raise FieldError("preset", "選択肢から選んでください")
    override = v["retirement_fraction"] or ""
    frac = RETIREMENT_CHOICES.get(override)
    assets: dict[str, Any] = {k: v[k] for k in (*ORDER, "insurance_loan", "car_loan")}
    assets["shikikin_use"] = v["shikikin_use"]
    assets["properties"] = [{"name": r["name"], "value": r["value"], "secured": r["secured"]}
                            for r in v["properties"]]
    r = liquidation_value(assets, preset, frac)

    warnings = _property_warnings(r)
    notes: list[str] = []
    citations: list[str] = []
    lines_by_key = {line["key"]: line for line in r["lines"]}
    if assets["insurance"] < assets["insurance_loan"]:
        notes.append("契約者貸付の残高が解約返戻金を上回っています。保険の評価は0円としました"
                     "（保険会社の解約返戻金の計算書で確かめてください）。")
    if assets["car"] and assets["car_loan"] >= assets["car"]:
        notes.append("自動車は所有権留保付きローンの残高が査定額以上のため0円としました。"
                     "ローン会社が自動車を引き揚げることがあります。")

    guarantee = schedule("seisan.guarantee").current()
    notes.append("清算価値は、いま破産したら債権者に配当される見込みの額です。再生計画の返済総額はこれを下回れません"
                 "（民事再生法174条2項4号、給与所得者等再生は241条2項2号「再生債権者の一般の利益」）。"
                 "最低弁済額（231条2項）より清算価値が高ければ、清算価値が返済総額の下限になります。")
    notes.append("ここでの結果は見通しです。実際の評価は裁判所と個人再生委員が決めます。20万円の基準や退職金の割合は"
                 "法律ではなく裁判所の運用で、申立て先の裁判所によって違います。")
    if r["threshold"] is not None:
        notes.append(f"{format_man(r['threshold'])}の基準は項目（財産の種類）ごとの合計で判定します。預貯金は全口座の合計、保険は全契約の"
                     f"合計を1項目として入れてください（口座・契約ごとに判定する扱いは確かめていません）。項目どうしは"
                     f"合算しません。{format_man(r['threshold'])}を超えた項目は超えた分だけでなく全額が入ります。"
                     "不動産にはこの基準を当てはめず、余剰価値を全額入れています。")
        if lines_by_key["cash"]["input"] > r["threshold"]:
            notes.append("現金は、東京地裁の例（現金2万円→0円）どおり他の項目と同じ20万円基準で計算しています。"
                         "現金を99万円（破産の自由財産の額）まで算入しないとする解説もありますが、"
                         "個人再生での東京地裁の扱いは確認できていません。")
    else:
        notes.append("「全額で見積もる」は裁判所の運用ではなく、20万円の基準を使わない高めの見積りです。"
                     "申立て先の運用が分からないときの目安にしてください。")
    retire = lines_by_key["retirement"]
    if retire["input"]:
        basis_text = ("選んだ基準のとおり" if frac is None else "上書きした割合")
        notes.append(f"退職金は見込額（いま退職したら受け取れる額）の{fraction_label(r['retirement_fraction'])}で"
                     f"評価しました（{basis_text}）。既に受け取った退職金は、現金・預貯金として全額で入れてください。")
        notes.append(f"端数: {RETIREMENT_CEIL.name}。")
        if r["retirement_fraction"] == Fraction(1, 4) and preset != "tokyo_retire_soon":
            citations.append(f"{schedule('seisan.retirement_exempt').current().citation}"
                             "（1/4はここから差し押さえられる部分を当サイトが推論したもの）")
    if r["properties"]:
        notes.append("不動産は1行ごとに時価−被担保債権（住宅ローンなど抵当権で担保されている債権）を計算し、"
                     "マイナスは0円として他の財産と差し引きしません。1つのローンで土地と建物の両方が担保に"
                     "なっているときは、1行にまとめて入れてください。")
    if lines_by_key["overpayment"]["input"]:
        notes.append("過払金は回収できる見込みの額を入れてください。回収にかかる費用を差し引くかどうかは"
                     "確認できていません。")
    if lines_by_key["shikikin"]["input"]:
        if v["shikikin_use"] == "home" and r["threshold"] is not None:
            notes.append("居住用の賃貸住宅の敷金は、破産でも換価しない財産とされる（東京地裁の換価基準「居住用家屋の敷金債権」）"
                         "ため、清算価値に入れない扱いが多いとされ、ここでは額にかかわらず0円としました。東京地裁の個人再生での"
                         "扱いを直接述べた資料は確認できていません。大阪地裁は敷金の額面から滞納賃料と60万円を差し引いて"
                         "評価するとされます。")
            citations.append(schedule("seisan.tokyo").current().citation.split("／")[-1])
        elif v["shikikin_use"] == "home":
            notes.append("「全額で見積もる」では、居住用の賃貸住宅の敷金も全額を入れています。")
    if lines_by_key["valuables"]["input"]:
        notes.append("高価品は、過去5年以内に20万円以上で買ったものの、いま売った場合の評価額を入れてください。")

    citations.insert(0, f"{guarantee.citation}（{guarantee.confidence}）")
    # the conservative preset's citation already says it is our own estimate
    citations.insert(1, r["citation"] if r["confidence"] == INFERENCE else f"{r['citation']}（{r['confidence']}）")
    return {**r, "warnings": warnings, "notes": notes, "citations": list(dict.fromkeys(citations)),
            "rounding": RETIREMENT_CEIL.name, "override": override}


def render(r: dict[str, Any]) -> list[dict[str, Any]]:
    rows: list[Any] = []
    for line in [*r["lines"], *r["properties"]]:
        rows.append([line["label"], format_yen(line["input"]), line["basis"],
                     {"text": format_yen(line["value"]), "strong": line["value"] > 0}])
    summary = [
        {"label": "清算価値（見込み）", "value": format_yen(r["total"]), "strong": True,
         "note": "再生計画の返済総額はこれ以上に"},
        {"label": "評価の基準", "value": r["preset_label"]},
        {"label": "退職金の評価割合", "value": fraction_label(Fraction(r["retirement_fraction"]))},
    ]
    if r["properties"]:
        summary.append({"label": "うち不動産の余剰価値", "value": format_yen(r["property_total"])})
    blocks: list[dict[str, Any]] = [{"type": "summary", "items": summary}]
    if r["warnings"]:
        blocks.append({"type": "warnings", "items": r["warnings"]})
    blocks += [
        {"type": "table", "caption": "財産ごとの清算価値", "columns": ["項目", "入力額", "評価の基準", "清算価値に算入する額"],
         "numeric": [1, 3], "rows": rows,
         "foot": [["清算価値の合計", "", "", {"text": format_yen(r["total"]), "strong": True}]]},
    ]
    return blocks


def _yen(name: str, label: str, example: str = "", help: str = "", group: str = "財産") -> Field:
    return Field(name, label, "yen", example=example, help=help, required=False, default=0,
                 max=MAX_YEN, group=group)


CALCULATOR = Calculator(
    id="seisan",
    title="清算価値（個人再生）",
    summary="財産ごとに裁判所の運用（東京地裁の20万円基準・退職金1/8など）を当てはめ、個人再生の返済総額の"
            "下限になる清算価値を見積もります。",
    result_title="清算価値の見通し",
    order=40,
    fields=[
        Field("preset", "評価の基準", "choice", example="tokyo", group="評価の基準",
              options=(("tokyo", "東京地裁の運用（20万円以下の項目は0円・退職金1/8）"),
                       ("tokyo_retire_soon", "東京地裁の運用・退職が近い場合（退職金1/4）"),
                       ("all", "全額で見積もる（20万円基準なし・退職金は既定で1/4）")),
              help="裁判所の運用であって法律ではありません。申立て先の裁判所の基準が分からないときは"
                   "「全額で見積もる」と比べてください。"),
        _yen("cash", "現金", "2万円"),
        _yen("deposits", "預貯金（全口座の合計）", "58,966円",
             help="申立て時点の残高。全ての口座（普通・定期・積立）を合計して入れます。"),
        _yen("insurance", "保険の解約返戻金（全契約の合計）", "",
             help="いま解約したら戻る額。家族名義でも保険料をあなたが払っていれば含めます。"),
        _yen("insurance_loan", "契約者貸付の残高", "",
             help="保険会社から解約返戻金を担保に借りている額。解約返戻金から差し引きます。"),
        _yen("securities", "有価証券（株式・投資信託など）", "356,890円"),
        _yen("car", "自動車の査定額", "", help="中古車の買取査定額や相場。"),
        _yen("car_loan", "所有権留保付きローンの残高", "",
             help="車検証の所有者がローン会社・販売店になっているローンの残り。銀行のマイカーローンなど"
                  "所有権留保のないローンは差し引きません。"),
        _yen("retirement", "退職金見込額", "7,568,900円",
             help="いま自己都合で退職したら受け取れる額（勤務先の退職金見込額証明書など）。"),
        Field("retirement_fraction", "退職金の評価割合", "choice", example="", required=False, default="",
              group="財産",
              options=(("", "評価の基準のとおり"), ("eighth", "1/8"), ("quarter", "1/4"),
                       ("full", "全額")),
              help="退職が決まっている、定年が近いなどで割合が変わる場合に選びます。"),
        _yen("shikikin", "敷金・保証金", "", help="賃貸住宅などの敷金のうち、戻ってくる見込みの額。"),
        Field("shikikin_use", "敷金・保証金の種類", "choice", example="home", required=False, default="home",
              group="財産",
              options=(("home", "今住んでいる賃貸住宅の敷金（居住用）"),
                       ("other", "店舗・事務所など、居住用でない敷金・保証金")),
              help="居住用の家の敷金は、東京地裁の破産の換価基準で額にかかわらず換価しない財産とされ、清算価値にも"
                   "入れない扱いが多いとされます（運用。資料は計算結果に示します）。事業用の敷金・保証金は他の財産と同じに"
                   "扱います。"),
        _yen("receivables", "貸付金・売掛金", "", help="人に貸しているお金や、事業の未回収の代金。"),
        _yen("overpayment", "過払金（回収見込額）", "128,382円"),
        _yen("valuables", "高価品", "",
             help="過去5年以内に20万円以上で買った物（貴金属・時計・美術品など）の、いまの評価額。"),
        _yen("other", "その他の財産", "", help="積立金、相続した財産、弁護士などへの預け金など。"),
        Field("properties", "不動産（1件ずつ）", "rows", group="不動産", required=False, max_rows=10,
              help="時価は不動産会社の査定額など。被担保債権は、その不動産に抵当権がついている住宅ローン"
                   "などの残高です。1行ごとに差し引き、マイナスは0円（他の財産とは差し引きしません）。",
              example=[{"name": "自宅（土地・建物）", "value": "2,000万円", "secured": "2,300万円"}],
              columns=(
                  Field("name", "物件名", "text", required=False, default=""),
                  Field("value", "時価", "yen", max=MAX_YEN),
                  Field("secured", "被担保債権の残高", "yen", required=False, default=0, max=MAX_YEN),
              )),
    ],
    compute=compute,
    render=render,
)
