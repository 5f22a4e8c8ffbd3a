"""可処分所得（給与所得者等再生）— 民事再生法241条2項7号・3項.

    1年当たりの手取り A = (期間中の収入 − 所得税 − 住民税 − 社会保険料) × 12 ÷ 月数
        ハ（通常）: 再生計画案の提出前2年間（24か月）の合計 ÷ 2
        イ: 年収が5分の1以上変動する事由が生じた時から提出時まで、を1年当たりに換算
        ロ: 給与所得者等に該当することとなった時から提出時まで、を1年当たりに換算
    可処分所得額（2年分） = (A − 最低生活費 L) × 2,  L = 政令（平成13年政令第50号）の5項目の合計

The 政令's tables (by 居住地域・年齢・世帯人数) were not confirmed from an official source, so the five
components are inputs; nothing here fills them in. The worked example uses round illustrative figures
that are NOT the 政令's values, and says so. Two readings are ours and are labelled: A is rounded up to
the yen (the statute gives no rounding), and a negative A − L gives 0.
"""
from __future__ import annotations

from fractions import Fraction
from typing import Any

from ..core import Calculator, Field, FieldError
from ..money import RoundingRule
from ..parse import format_yen
from ..result import tail_blocks

MAX_YEN = 100_000_000_000

ANNUAL_CEIL = RoundingRule(
    "ceil",
    "1年当たりの額: 円未満切上げ（法律に端数の定めはありません。切り上げれば2年分が法律の額を下回らないため。"
    "当サイトの読み方で、裁判所の算出シートと1〜2円違うことがあります）",
)

KUBUN = {
    "ha": ("ハ", "再生計画案の提出前2年間の収入の合計から所得税等を引き、2で割った額"),
    "i": ("イ", "2年の途中で再就職など年収が5分の1以上変わる事由が生じた時から、計画案提出時までの収入から所得税等を引き、1年当たりに換算した額"),
    "ro": ("ロ", "2年の途中で給与所得者等（給与など定期的で変動の小さい収入を得る人）になった時から、計画案提出時までの収入から所得税等を引き、1年当たりに換算した額"),
}

# The worked example's 最低生活費: round figures chosen for illustration, NOT values of the 政令's tables.
EXAMPLE_LIVING = {"kojin": 500_000, "setai": 400_000, "toki": 50_000, "jukyo": 500_000, "kinro": 150_000}
ILLUSTRATIVE = "入力例の5項目（50万円・40万円・5万円・50万円・15万円）は説明のための仮の数字で、政令の表の額ではありません"

COMPONENTS = (
    ("kojin", "個人別生活費"),
    ("setai", "世帯別生活費"),
    ("toki", "冬季特別生活費"),
    ("jukyo", "住居費"),
    ("kinro", "勤労必要経費"),
)

SEIREI = "民事再生法第二百四十一条第三項の額を定める政令（平成13年政令第50号）1条"
CITATIONS = [
    "民事再生法241条2項7号イ・ロ・ハ（所得税等 = 所得税・住民税・森林環境税・所得税法74条2項の社会保険料。"
    "森林環境税は2025年6月6日施行の版の文言で、いつから含まれるかは確認できていない）",
    "民事再生法241条3項・" + SEIREI + "（1年分の費用 = 5項目の合計。額は政令の表による）",
]


def disposable_income(kubun: str, months: int, income: int, income_tax: int, resident_tax: int,
                      social: int, living: dict[str, int]) -> dict[str, Any]:
    """可処分所得額（2年分）under 241条2項7号. `living` maps the five component keys to annual yen."""
    if kubun not in KUBUN:
        raise ValueError(kubun)
    if not 1 <= months <= 24:
        raise ValueError("months must be 1..24")
    net = income - income_tax - resident_tax - social
    annual_exact = Fraction(net * 12, months)
    annual = ANNUAL_CEIL.apply(annual_exact)
    living_total = sum(living.get(k, 0) for k, _ in COMPONENTS)
    diff = annual - living_total
    result = max(0, diff * 2)
    return {
        "kubun": kubun, "kubun_letter": KUBUN[kubun][0], "kubun_text": KUBUN[kubun][1],
        "months": months, "income": income, "income_tax": income_tax, "resident_tax": resident_tax,
        "social": social, "net": net, "annual_exact": annual_exact, "annual": annual,
        "annual_rounded": annual_exact.denominator != 1,
        "living": {k: living.get(k, 0) for k, _ in COMPONENTS}, "living_total": living_total,
        "diff": diff, "disposable_2y": result, "clamped": diff < 0,
        "rounding": ANNUAL_CEIL.name, "citations": list(CITATIONS),
    }


def compute(v: dict[str, Any]) -> dict[str, Any]:
    kubun = v["kubun"]
    months = v["months"]
    if kubun == "ha":
        if months is None:
            months = 24
        elif months != 24:
            raise FieldError("months", "ハ（2年間の収入）では24か月です。2年の途中で収入が大きく変わったときは、イかロを選んでください")
    else:
        letter = KUBUN[kubun][0]
        if months is None:
            raise FieldError("months", f"{letter}の場合は、その事由が生じた時から計画案を出す時までの月数を入力してください")
        if months >= 24:
            raise FieldError("months", f"{letter}は2年の途中で事由が生じた場合です。24か月ならハを選んでください")
    taxes = v["income_tax"] + v["resident_tax"] + v["social"]
    if taxes > v["income"]:
        raise FieldError("social", "税金と社会保険料の合計が収入を超えています。同じ期間の額か確かめてください")
    r = disposable_income(kubun, months, v["income"], v["income_tax"], v["resident_tax"], v["social"],
                          {k: v[k] for k, _ in COMPONENTS})
    warnings = []
    if r["living_total"] == 0:
        warnings.append("最低生活費（政令の5項目）が入力されていません。このままでは手取りの2年分がそのまま可処分所得になり、"
                        "実際より大きくなります。")
    if r["clamped"]:
        warnings.append("最低生活費が1年当たりの手取りを上回るため、可処分所得額を0円としました（マイナスにはしない、"
                        "当サイトの読み方です）。この場合、給与所得者等再生の返済額は最低弁済額と清算価値で決まります。")
    r["warnings"] = warnings
    r["illustrative"] = r["living"] == EXAMPLE_LIVING
    return r


def _minus(n: int) -> str:
    return f"−{format_yen(n)}"


def render(r: dict[str, Any]) -> list[dict[str, Any]]:
    m = r["months"]
    how = "÷ 2（24か月分を1年当たりに）" if r["kubun"] == "ha" else f"× 12 ÷ {m}（{m}か月分を1年当たりに）"
    annual_text = format_yen(r["annual"])
    if r["annual_rounded"]:
        annual_text += "（円未満切上げ）"
    rows = [
        [f"期間中（{m}か月）の収入の合計", "", format_yen(r["income"])],
        ["所得税", "引く", _minus(r["income_tax"])],
        ["住民税", "引く", _minus(r["resident_tax"])],
        ["社会保険料", "引く", _minus(r["social"])],
        [{"text": "手取り（期間の合計）", "strong": True}, "", {"text": format_yen(r["net"]), "strong": True}],
        [{"text": "A: 1年当たりの手取り", "strong": True}, how, {"text": annual_text, "strong": True}],
    ]
    for key, label in COMPONENTS:
        rows.append({"cells": [label, "政令の額（入力値）", _minus(r["living"][key])], "class": "sub"})
    rows.append([{"text": "L: 最低生活費（1年分）", "strong": True}, "5項目の合計", format_yen(r["living_total"])])
    rows.append(["A − L", "", format_yen(r["diff"]) if r["diff"] >= 0 else _minus(-r["diff"])])
    rows.append([{"text": "可処分所得額（2年分）", "strong": True},
                 "(A − L) × 2" + ("、マイナスなので0円" if r["clamped"] else ""),
                 {"text": format_yen(r["disposable_2y"]), "strong": True}])
    blocks: list[dict[str, Any]] = [
        {"type": "summary", "items": [
            {"label": "可処分所得額（2年分）", "value": format_yen(r["disposable_2y"]), "strong": True,
             "note": "給与所得者等再生では、返済総額（計画弁済総額）がこの額以上でなければなりません"},
            {"label": "A: 1年当たりの手取り", "value": format_yen(r["annual"]),
             "note": f"区分{r['kubun_letter']}: {r['kubun_text']}"},
            {"label": "L: 最低生活費（1年分）", "value": format_yen(r["living_total"]),
             "note": ILLUSTRATIVE if r["illustrative"] else "入力した政令の額の合計"},
        ]},
    ]
    if r["warnings"]:
        blocks.append({"type": "warnings", "items": r["warnings"]})
    blocks += [
        {"type": "table", "caption": "計算の順序（民事再生法241条2項7号）", "columns": ["項目", "計算", "金額"],
         "numeric": [2], "rows": rows},
        *tail_blocks([
            "最低生活費の5項目は、本人と扶養家族の年齢・居住地域・扶養家族の数・物価などを勘案して政令"
            "（平成13年政令第50号）が表で定めています（241条3項）。当サイトは表の額を公式の資料で確認できていないため、自動では入れていません。"
            "裁判所の「可処分所得額算出シート」で調べるか、依頼する弁護士・司法書士に確かめてください。",
            "表を引くときの年齢は、再生計画案を出した日以後の最初の4月1日の年齢とされています（政令2条2項・二次資料）。",
            "収入・税金・社会保険料は、同じ期間（ハなら計画案を出す前の2年間）の合計を入れます。源泉徴収票や"
            "課税証明書の額が目安です。",
            f"端数: {r['rounding']}。",
            "可処分所得額がマイナスになるときは0円としています（法律に定めはなく、当サイトの読み方です）。",
            "給与所得者等再生の返済総額は、最低弁済額・清算価値・この可処分所得額（2年分）のうち最も多い額以上です。"
            "「3年分」とする説明を見かけますが、法律は2年分です（241条2項7号）。",
        ], r["citations"]),
    ]
    return blocks


LIVING_HELP = ("1年分の額。政令（平成13年政令第50号）の表の額を、裁判所の可処分所得額算出シートか依頼先の"
               "弁護士・司法書士で確かめて入れてください。当サイトは表の額を確認できていないため入れていません。"
               "入力例の額は説明のための仮の数字です。")
LIVING_GROUP = "最低生活費（政令の額・1年分）"


def _living(name: str, label: str, example: str, extra: str = "") -> Field:
    return Field(name, label, "yen", example=example, required=False, default=0, max=MAX_YEN,
                 group=LIVING_GROUP, help=(extra + LIVING_HELP) if extra else LIVING_HELP)


CALCULATOR = Calculator(
    id="kashobun",
    title="可処分所得（給与所得者等再生）",
    summary="収入・税金・社会保険料と政令の最低生活費から、給与所得者等再生で返済総額の下限になる"
            "可処分所得額（2年分）を、民事再生法241条2項7号の順に計算します。",
    result_title="可処分所得額の計算結果",
    order=55,
    fields=[
        Field("kubun", "収入の数え方（241条2項7号の区分）", "choice", example="ha", group="収入",
              options=(("ha", "ハ: 計画案を出す前の2年間の収入（通常）"),
                       ("i", "イ: 2年の間に転職・再就職などで年収が5分の1以上変わった"),
                       ("ro", "ロ: 2年の間に給与などの安定した収入を得るようになった")),
              help="イ・ロに当たる場合は、その時から計画案を出す時までの収入で計算します。"),
        Field("months", "対象期間の月数", "int", example="24", unit="か月", min=1, max=24, required=False,
              group="収入",
              help="ハは24か月（空欄でも24か月）。イ・ロは、その事由が生じた時から計画案を出す時までの月数。"),
        Field("income", "期間中の収入の合計（額面）", "yen", example="800万円", min=0, max=MAX_YEN, group="収入",
              help="給与・賞与など、税金や社会保険料を引く前の額を、上の期間について合計します。"),
        Field("income_tax", "同じ期間の所得税", "yen", example="30万円", required=False, default=0, max=MAX_YEN,
              group="収入", help="復興特別所得税を含めた、同じ期間に納めた（引かれた）額。"),
        Field("resident_tax", "同じ期間の住民税", "yen", example="50万円", required=False, default=0, max=MAX_YEN,
              group="収入", help="都道府県民税と市町村民税（特別区民税）の合計。住民税と一緒に納める森林環境税も足して入れてください。"),
        Field("social", "同じ期間の社会保険料", "yen", example="120万円", required=False, default=0, max=MAX_YEN,
              group="収入", help="健康保険・厚生年金・雇用保険・介護保険などの保険料（所得税法74条2項の社会保険料）。"),
        _living("kojin", "個人別生活費", "50万円",
                "本人と扶養家族それぞれについて、年齢と居住地域の区分で決まる額の合計（政令2条1項）。"),
        _living("setai", "世帯別生活費", "40万円"),
        _living("toki", "冬季特別生活費", "5万円"),
        _living("jukyo", "住居費", "50万円"),
        _living("kinro", "勤労必要経費", "15万円"),
    ],
    compute=compute,
    render=render,
    standard_tail=False,      # its render writes its own notes and ends with tail_blocks
)
