"""債務整理の比較 — 任意整理・特定調停・個人再生・自己破産 side by side, from the reader's own figures.

Nothing here is a new rule: each column is computed by the calculator that owns the rule.

- 任意整理: `ninni.compute` (将来利息なし, 残高 ÷ 回数 rounded up, last payment adjusted; the 約定どおり
  comparison when 年利 and 月々の返済額 are given). Covers the 一般 debts; 住宅ローン and 担保付き loans are
  assumed to be kept out and paid as agreed; 税金など are not part of it.
- 特定調停: the same figures with the same number of payments (practice: 将来利息なし, 3〜5年程度 —
  calc/law/hasan.py), plus the court's fee guidance (1社500円程度) — never a 元本 reduction beyond 引き直し.
- 個人再生: `saitei.minimum_payment` and `saisei.plan` (max of 最低弁済額・清算価値・可処分所得, capped at K).
  再生債権 = 一般 + 担保付き + 住宅ローン (the part a collateral would recover is not known and is not
  deducted — stated); 税金など are 一般優先債権, paid outside the plan (民事再生法122条2項). The 住宅資金
  特別条項 is used when the reader wants to keep the home and has a 住宅ローン; otherwise the home's value
  (自宅の時価) is what the 住宅ローン's creditor recovers and the shortfall is reduced with the rest.
  清算価値 = `seisan.liquidation_value` of the same inventory (or the reader's own figure).
- 自己破産: `hasan.bankruptcy_outlook` (自由財産, 財団, 同時廃止/管財, 非免責債権).

Totals compared in the first chart are "what the reader pays on the debts the procedure handles, plus the
税金など that no procedure reduces" — loans paid on as agreed (住宅ローン kept, 担保付き loans kept out of
任意整理・特定調停) are left out and shown with their monthly amount instead. The second chart is the
monthly amount including those loans where their monthly payment was entered.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from ..core import Calculator, Field, FieldError
from ..law import Provision, schedule
from ..money import INSTALLMENT_CEIL
from ..parse import format_man, format_yen
from ..periods import period_text
from ..result import Findings
from . import ninni
from ..law.hasan import free_cash, nondischargeable
from .hasan import bankruptcy_outlook
from .saisei import plan
from .saitei import minimum_payment
from .seisan import ORDER, liquidation_value

MAX_YEN = 100_000_000_000

KINDS = (("", "一般（カード・借入れなど）"), ("housing", "住宅ローン"),
         ("secured", "担保付き（住宅ローン以外）"), ("tax", "税金など（免責されないもの）"))
KIND_LABELS = {"general": KINDS[0][1], **{k: label for k, label in KINDS[1:]}}
COUNTS = (("36", "36回（3年）"), ("48", "48回（4年）"), ("60", "60回（5年）"))
YEARS = (("3", "3年（原則）"), ("5", "5年（特別の事情が必要）"))
COURTS = (("tokyo", "東京地裁の運用（20万円の基準・退職金1/8・破産の振分け）"),
          ("none", "運用の基準を使わない（全額で見積もる）"))
SEISAN_PRESET = {"tokyo": "tokyo", "none": "all"}

KANPO = {
    "ninni": "載らない（裁判所の手続きではありません）",
    "chotei": "載らない",
    "saisei": "載る（民事再生法10条1項: 公告は官報に掲載してする）",
    "hasan": "載る（破産法10条1項・32条1項: 開始決定などを官報で公告）",
}
CREDIT = "信用情報機関に登録されます（期間は各機関の規定によります）"


def _current(key: str) -> Provision:
    return schedule(key).current()


def _sum(rows: list[dict[str, Any]], key: str = "balance") -> int:
    return sum(r[key] or 0 for r in rows)


def _monthly_known(rows: list[dict[str, Any]]) -> tuple[int, list[str]]:
    """Sum of the entered monthly payments, and the names of rows without one."""
    return (sum(r["payment"] for r in rows if r["payment"] is not None),
            [r["name"] for r in rows if r["payment"] is None])


def _names(rows: list[dict[str, Any]]) -> str:
    return "、".join(r["name"] for r in rows)


@dataclass
class Situation:
    """The reader's debts, assets and choices, as every procedure's computation reads them."""

    debts: list[dict[str, Any]]
    general: list[dict[str, Any]]          # カード・借入れ: what 任意整理・特定調停 handle
    secured: list[dict[str, Any]]          # 担保付き (住宅ローン以外)
    housing: list[dict[str, Any]]          # 住宅ローン
    taxes: list[dict[str, Any]]            # 税金など: reduced by no procedure
    keep_home: bool
    home_value: int | None
    count: int                             # 任意整理・特定調停の回数
    years: int                             # 個人再生の返済期間
    court: str
    income: int | None
    disposable: int | None
    assets: dict[str, Any]
    liquidation_estimate: dict[str, Any]   # seisan.liquidation_value of the same inventory
    liquidation: int                       # the one used: the reader's figure, else the estimate
    liquidation_is_estimate: bool
    housing_monthly: int                   # entered monthly payments, by kind
    secured_monthly: int
    tax_monthly: int
    monthly_missing: list[str]             # names of rows without a monthly payment

    @property
    def general_total(self) -> int:
        return _sum(self.general)

    @property
    def secured_total(self) -> int:
        return _sum(self.secured)

    @property
    def housing_total(self) -> int:
        return _sum(self.housing)

    @property
    def tax_total(self) -> int:
        return _sum(self.taxes)

    @property
    def clause(self) -> bool:
        """住宅資金特別条項: used when the reader keeps the home and has a 住宅ローン."""
        return self.keep_home and self.housing_total > 0

    def income_note(self, monthly: int) -> str:
        if self.income is None:
            return ""
        return (f"手取り月収{format_yen(self.income)}から月々の支払い{format_yen(monthly)}を引くと"
                f"{format_yen(self.income - monthly)}です。")


def _situation(v: dict[str, Any]) -> Situation:
    debts = []
    for i, r in enumerate(v["debts"]):
        debts.append({"_row": r["_row"], "name": r["name"] or f"{i + 1}件目", "balance": r["balance"],
                      "rate": r["rate"], "payment": r["payment"], "kind": r["kind"] or "general"})
    if not debts:
        raise FieldError("debts", "借金を少なくとも1行入力してください")
    by_kind = {kind: [d for d in debts if d["kind"] == kind] for kind in ("general", "secured", "housing", "tax")}
    home_value = v["home_value"]
    if _sum(by_kind["housing"]) and home_value is None:
        raise FieldError("home_value", "住宅ローンがあるときは、自宅の時価（査定額などの目安）を入れてください。"
                                       "清算価値と自己破産の見通しに使います")
    # the asset inventory, shared by 清算価値 and 自己破産
    assets: dict[str, Any] = {k: 0 for k in (*ORDER, "insurance_loan", "car_loan")}
    for k in ("cash", "deposits", "insurance", "car", "retirement", "other"):
        assets[k] = v[k] or 0
    assets["properties"] = ([{"name": "自宅", "value": home_value, "secured": _sum(by_kind["housing"])}]
                            if home_value is not None else [])
    estimate = liquidation_value(assets, SEISAN_PRESET[v["court"]])
    housing_monthly, housing_missing = _monthly_known(by_kind["housing"])
    secured_monthly, secured_missing = _monthly_known(by_kind["secured"])
    tax_monthly, tax_missing = _monthly_known(by_kind["tax"])
    return Situation(
        debts=debts, general=by_kind["general"], secured=by_kind["secured"], housing=by_kind["housing"],
        taxes=by_kind["tax"], keep_home=bool(v["keep_home"]), home_value=home_value,
        count=int(v["ninni_count"]), years=int(v["years"]), court=v["court"], income=v["income"],
        disposable=v["disposable_2y"], assets=assets, liquidation_estimate=estimate,
        liquidation=estimate["total"] if v["liquidation"] is None else v["liquidation"],
        liquidation_is_estimate=v["liquidation"] is None,
        housing_monthly=housing_monthly, secured_monthly=secured_monthly, tax_monthly=tax_monthly,
        monthly_missing=housing_missing + secured_missing + tax_missing)


def _negotiated(s: Situation, ninni_r: dict[str, Any] | None, key: str, label: str) -> dict[str, Any]:
    """The figures 任意整理 and 特定調停 share: the 一般 debts split into equal payments, no future interest."""
    p: dict[str, Any] = {"key": key, "label": label}
    if ninni_r is None:
        p.update(total=None, monthly=None, own_monthly=None, months=None,
                 target="一般の借金がありません", na="対象の借金がありません")
        return p
    continuing = []
    if s.housing:
        continuing.append(f"住宅ローン {format_yen(s.housing_total)}"
                          + (f"（月{format_yen(s.housing_monthly)}）" if s.housing_monthly else ""))
    if s.secured:
        continuing.append(f"担保付きの借金 {format_yen(s.secured_total)}"
                          + (f"（月{format_yen(s.secured_monthly)}）" if s.secured_monthly else ""))
    own = ninni_r["first_monthly"]
    monthly = own + s.housing_monthly + s.secured_monthly + s.tax_monthly
    p.update(total=s.general_total + s.tax_total, own_total=s.general_total, own_monthly=own, monthly=monthly,
             months=ninni_r["last_payment_no"],
             target=f"一般の借金 {len(s.general)}件 {format_yen(s.general_total)}（{_names(s.general)}）",
             continuing="、".join(continuing) + "を約定どおり払い続ける前提" if continuing else "なし",
             fixed=(f"税金など {format_yen(s.tax_total)} は対象外で、減りません" if s.taxes else "なし"))
    return p


def _ninni(s: Situation, found: Findings) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """任意整理: ninni.compute on the 一般 debts."""
    ninni_r = None
    if s.general:
        ninni_r = ninni.compute({"creditors": [{k: d[k] for k in ("_row", "name", "balance", "rate", "payment")}
                                               for d in s.general],
                                 "count": str(s.count), "count_custom": None, "start": None})
        found.warnings += [f"任意整理の計算から: {w}" for w in ninni_r["warnings"]]
        found.citations += ninni_r["citations"]
    p = _negotiated(s, ninni_r, "ninni", "任意整理")
    if ninni_r is not None:
        p.update(
            duration=f"{p['months']}回（{period_text(p['months'])}）。分割は36〜60回程度が通常とされます",
            keeps="財産を処分する手続きではありません。払い続けるローンの家・車は手元に残ります",
            loses="なし（財産の処分はありません）",
            eligibility="法律上の要件はなく、債権者が和解に応じるかどうかで決まります。" + s.income_note(p["monthly"]),
            cost="弁護士・司法書士の報酬は事務所ごとに違うため、ここでは出しません",
            uncertain="将来利息のカットや回数に応じるかは債権者次第です。応じない債権者の分は約定どおりの返済か"
                      "他の手続きになり、その場合の額はここでは計算できません",
            contract=ninni_r["comparison"],
            per_creditor="、".join(
                f"{c['name']} 月{format_yen(c['monthly'])}×{c['payments']}回"
                + (f"（最終回{format_yen(c['last'])}）" if c["last"] != c["monthly"] else "")
                for c in ninni_r["creditors"]))
    return p, ninni_r


def _chotei(s: Situation, ninni_r: dict[str, Any] | None, found: Findings) -> dict[str, Any]:
    """特定調停: the 任意整理 figures with the court's fee guidance."""
    fee_p = _current("seiri.tokutei_fee")
    period_p = _current("seiri.tokutei_period")
    p = _negotiated(s, ninni_r, "chotei", "特定調停")
    if ninni_r is not None:
        fee = fee_p.value["per_creditor"] * len(s.general)
        pv = period_p.value
        p.update(
            duration=(f"{pv['min_years']}〜{pv['max_years']}年程度が目安（実務）。数字は任意整理と同じ{s.count}回で"
                      "分けた場合です"),
            keeps="財産を処分する手続きではありません。住宅ローンは対象にしないので、払い続ければ家は残ります",
            loses="なし（財産の処分はありません）",
            eligibility="簡易裁判所で調停委員が間に入り、債権者が合意すれば成立します（合意できなければ不成立）。"
                        + s.income_note(p["monthly"]),
            cost=(f"申立手数料 1社{format_yen(fee_p.value['per_creditor'])}程度 × {len(s.general)}社 ＝ "
                  f"{format_yen(fee)}程度（目安）＋郵便切手（裁判所ごとに違います）"),
            cost_amount=fee,
            cannot="元本を大きく減らす手続きではありません（減るのは主に利息制限法の上限での引き直し計算の分です）。"
                   "住宅ローンは対象になりません。過払い金の返還は別の手続きです",
            uncertain="債権者が合意するかは相手次第で、不成立になると、その場合の額はここでは計算できません")
    found.citations += [fee_p.citation, f"{period_p.citation}（{period_p.confidence}）"]
    return p


def _saisei_eligibility(s: Situation, mp: dict[str, Any], key: str, monthly: int) -> str:
    elig = [f"利用できる範囲です: 住宅ローンなどを除いた総額T {format_yen(mp['T'])} が{format_man(mp['limit'])}以下"
            "（民事再生法221条1項・231条2項2号）"]
    if s.income is None:
        elig.append("継続的な収入の見込みが必要です（221条1項）。手取り月収が未入力のため確かめていません")
    elif s.income <= 0:
        elig.append("継続的な収入の見込みが必要です（221条1項）。入力では収入がないため、このままでは使えない見込みです")
    else:
        elig.append("継続的な収入の見込みが必要です（221条1項）。" + s.income_note(monthly))
    if key == "kyuyo":
        elig.append("給与など定期的で変動の小さい収入が必要です（239条1項）")
    return "。".join(elig)


def _saisei_keeps_and_loses(s: Situation) -> tuple[str, str]:
    keeps = "財産を処分しなくてよい手続きです（ただし清算価値以上を返します）"
    if s.clause:
        keeps += "。自宅は住宅資金特別条項で残す前提です（住宅ローンは減らずに払い続けます）"
    loses = "なし"
    if s.housing_total and not s.clause:
        loses = "自宅（住宅資金特別条項を使わない前提。住宅ローンの債権者が自宅を処分します）"
    if s.secured:
        loses = (loses if loses != "なし" else "") + ("。" if loses != "なし" else "") + \
            "担保付きの借金の担保（車など）は担保権者が引き揚げることがあります"
    return keeps, loses


def _saisei_one(s: Situation, mp: dict[str, Any], plans: list[dict[str, Any]], key: str,
                label: str) -> dict[str, Any]:
    """個人再生 (小規模 or 給与所得者等): saisei.plan's figures, and what the procedure asks."""
    p: dict[str, Any] = {"key": key, "label": label, "family": "saisei"}
    housing, others = s.housing_total, s.general_total + s.secured_total
    target = (f"住宅ローン以外の借金 {format_yen(others)}" if s.clause or not housing else
              f"住宅ローン以外の借金 {format_yen(others)}と、住宅ローンのうち自宅で回収できない"
              f"{format_yen(mp['housing_shortfall'])}")
    target += f"（基準債権K {format_yen(mp['K'])}）"
    if not mp["available"]:
        p.update(total=None, monthly=None, months=None, target=target, na="利用できません",
                 eligibility=mp["reason"])
        return p
    sp = next(x for x in plans if x["key"] == key)
    own = sp["payment"]
    housing_monthly = s.housing_monthly if s.clause else 0
    monthly = own + housing_monthly + s.tax_monthly
    keeps, loses = _saisei_keeps_and_loses(s)
    p.update(
        total=sp["total"] + s.tax_total, own_total=sp["total"], own_monthly=own, monthly=monthly,
        months=s.years * 12, target=target, decisive="・".join(c["label"] for c in sp["criteria"] if c["decisive"]),
        capped=sp["capped"], last=sp["last"], K=mp["K"],
        continuing=(f"住宅ローン {format_yen(housing)}（月{format_yen(s.housing_monthly)}・減額なし）"
                    if s.clause and s.housing_monthly else
                    f"住宅ローン {format_yen(housing)}（減額なし）" if s.clause else "なし"),
        fixed=(f"税金など {format_yen(s.tax_total)} は一般優先債権として再生計画の外で払います（民事再生法122条2項）"
               if s.taxes else "なし"),
        duration=f"{s.years}年（{s.years * 12}回）。原則3年、特別の事情があれば最長5年（229条2項2号）",
        keeps=keeps, loses=loses, eligibility=_saisei_eligibility(s, mp, key, monthly),
        cost="裁判所と事務所によって違うため、ここでは出しません",
        uncertain=("書面による決議で、同意しない債権者が頭数の半数以上か債権額の2分の1を超えると否決されます"
                   "（230条6項）。清算価値・収入の評価は裁判所と個人再生委員が決めます" if key == "shokibo" else
                   "決議はありませんが債権者の意見を聴きます（240条）。7年以内に破産の免責などを受けていると"
                   "使えません（239条5項2号）。可処分所得の計算は裁判所が確かめます"))
    return p


def _saisei(s: Situation, found: Findings) -> tuple[list[dict[str, Any]], dict[str, Any] | None]:
    """個人再生: saitei.minimum_payment and saisei.plan over 一般 + 担保付き + 住宅ローン."""
    housing = s.housing_total
    saisei_total = s.general_total + s.secured_total + housing
    mp = None
    if saisei_total:
        housing_secured = 0 if s.clause or not housing else min(s.home_value or 0, housing)
        mp = minimum_payment(saisei_total, housing, 0, 0, s.clause, housing_secured)
        found.citations += mp["citations"]
    plans = []
    if mp is not None and mp["available"]:
        plans = plan(mp, s.liquidation, s.disposable, s.years, 1, s.housing_monthly if s.clause else 0)
    procedures = []
    for key, label in (("shokibo", "個人再生（小規模）"), ("kyuyo", "個人再生（給与所得者等）")):
        if key == "kyuyo" and s.disposable is None:
            continue
        if mp is None:
            procedures.append({"key": key, "label": label, "family": "saisei", "total": None, "monthly": None,
                               "months": None, "target": "再生債権になる借金がありません",
                               "na": "対象の借金がありません"})
            continue
        procedures.append(_saisei_one(s, mp, plans, key, label))
    return procedures, mp


def _hasan(s: Situation, found: Findings) -> tuple[dict[str, Any], dict[str, Any]]:
    """自己破産: hasan.bankruptcy_outlook on the same inventory and debts."""
    h_debts: list[Mapping[str, Any]] = [{"name": d["name"], "balance": d["balance"], "kind": "tax" if d["kind"] == "tax" else "general"}
               for d in s.debts]
    bk = bankruptcy_outlook(s.assets, h_debts, s.court)
    p: dict[str, Any] = {"key": "hasan", "label": "自己破産", "outlook": bk}
    if bk["track"] is not None:
        track = ("同時廃止の見込み" if bk["track"] == "dohaishi" else "管財事件（少額管財）の見込み")
        reason = "、".join(x.replace("（東京地裁の運用）", "") for x in bk["track_reasons"]) \
            or "現金も、現金以外の財産の種類ごとの額も基準に届かない"
        track_text = f"{track}（東京地裁の運用: {reason}）"
    else:
        track_text = "同時廃止か管財事件かは見積もっていません（基準は裁判所ごとに違います）"
    tokyo_p = _current("hasan.tokyo")
    cost = (f"少額管財の引継予納金 {format_yen(bk['deposit'])}（東京地裁の運用の目安・弁護士が代理人の場合）"
            if bk["deposit"] is not None else "裁判所に納める費用は裁判所と手続きによって違うため、ここでは出しません")
    duration = ("返済はありません（税金などは別）。少額管財は開始決定からおよそ"
                f"{tokyo_p.value['closing_months']}か月後の債権者集会で終わることを目指すとされます（東京地裁の運用）"
                if bk["track"] == "kanzai" else "返済はありません（税金などは別）")
    loses = f"破産財団に入る見込みの財産 {format_yen(bk['estate_total'])}"
    if bk["track"] == "dohaishi":
        loses += "（管財事件になった場合。同時廃止なら換価はありません）"
    if bk["has_property"] or s.housing_total:
        loses += "。自宅は原則として手放します"
    all_but_tax = s.general_total + s.secured_total + s.housing_total
    p.update(
        total=s.tax_total, own_total=0, own_monthly=0, monthly=s.tax_monthly, months=0,
        has_secured=bool(s.secured_total or s.housing_total),
        target=f"住宅ローン・担保付きを含む借金 {format_yen(all_but_tax)} が免責の対象（許可された場合）",
        continuing="なし",
        fixed=(f"税金など {format_yen(s.tax_total)} は免責されません（破産法253条1項）" if s.taxes else "なし"),
        duration=duration,
        keeps=(f"手元に残せる財産 {format_yen(bk['free_total'])}（現金は{format_yen(bk['cash_limit'])}まで: "
               "破産法34条3項1号。ほかは換価しない財産とする裁判所の運用（自由財産の拡張として扱われる）か、拡張の決定による）"),
        loses=loses, track=track_text,
        eligibility=("支払不能であることが前提です（破産法15条1項）。免責不許可事由（252条1項）はここでは判断して"
                     f"いません。{track_text}"),
        cost=cost, uncertain="免責が許可されるか（252条）、同時廃止か管財事件かは裁判所が決めます")
    cash_p, nd_p = free_cash(), nondischargeable()
    found.citations += [f"{cash_p.citation}（{cash_p.confidence}）", f"{nd_p.citation}（{nd_p.confidence}）"]
    if s.court == "tokyo":
        found.citations.append(f"{tokyo_p.citation}（{tokyo_p.confidence}）")
    return p, bk


def _warn(s: Situation, procedures: list[dict[str, Any]], mp: dict[str, Any] | None, found: Findings) -> None:
    """Warnings and notes that depend on the comparison as a whole."""
    housing = s.housing_total
    if mp is not None and not mp["available"]:
        found.warnings.insert(0, "個人再生は利用できません: " + mp["reason"])
    if s.keep_home and not housing and s.home_value is None:
        found.notes.append("「自宅を残したい」が選ばれていますが、住宅ローンも自宅の時価も入力されていません。")
    if s.keep_home and (housing or s.home_value is not None):
        found.warnings.append("自己破産では、自宅は原則として手放すことになります（自宅は破産財団に属します: 破産法34条1項）。")
    if s.keep_home and housing and mp is not None and mp["available"]:
        found.notes.append("個人再生は住宅資金特別条項を使う前提で計算しました。住宅ローンは減らず、約定どおり払い続けます"
                           "（民事再生法199条1項）。条項を使えるかには要件があります（196条・198条）。")
    if s.years > 3 and any(p["family"] == "saisei" and p.get("total") is not None for p in procedures):
        found.warnings.append("個人再生の返済期間を5年にするには「特別の事情」が必要です（民事再生法229条2項2号）。")
    for p in procedures:
        if p.get("capped"):
            found.warnings.append(f"{p['label']}: 返済総額の下限が基準債権を上回るため、基準債権の全額を返す計算です"
                                  "（借金は減りません）。")
        if s.income is not None and p.get("monthly") is not None and p["monthly"] > s.income:
            found.warnings.append(f"{p['label']}: 月々の支払いの目安（{format_yen(p['monthly'])}）が手取り月収"
                                  f"（{format_yen(s.income)}）を上回っています。")


def _explain(s: Situation, found: Findings) -> None:
    """Notes on how the comparison was made, and the law it rests on."""
    if s.secured:
        found.notes.append("担保付きの借金（住宅ローン以外）は、任意整理・特定調停では対象から外して約定どおり払い続ける前提、"
                           "個人再生では全額を再生債権に入れています（担保で回収される分を差し引いていないので、差し引くと"
                           "個人再生の下限が下がることがあります。最低弁済額の計算機で確かめられます）。")
    if s.monthly_missing:
        found.notes.append(f"{'、'.join(s.monthly_missing)}は月々の返済額が空欄のため、月々の支払いの目安に含めていません。")
    if s.taxes:
        found.notes.append("税金などは、どの手続きでも減らないものとして扱いました。個人再生では一般優先債権として再生計画の外で"
                           "払い（民事再生法122条2項）、自己破産では免責されません（破産法253条1項1号）。税金に一般の優先権が"
                           "あることは国税徴収法などの定めによるもので、当サイトはその条文を確かめていません。"
                           "養育費など、税金以外の免責されない債権は自己破産の見通しの計算機で種類ごとに分けられます。")
    if s.liquidation_is_estimate:
        found.notes.append(f"清算価値は入力した財産から「清算価値（個人再生）」の計算機と同じ方法で見積もりました"
                           f"（{s.liquidation_estimate['preset_label']}、{format_yen(s.liquidation_estimate['total'])}）。")
    else:
        found.notes.append(f"清算価値は入力した{format_yen(s.liquidation)}を使いました。")
    found.notes += [
        "「返す総額」は、その手続きで整理する借金に返す額と、どの手続きでも減らない税金などの合計です。約定どおり"
        "払い続ける住宅ローンや担保付きの借金はそこに含めず、月々の支払いの目安にだけ足しています（月々の返済額を"
        "入れた場合）。",
        f"端数: {ninni.INSTALLMENT_RULE.name}。個人再生は{INSTALLMENT_CEIL.name}。",
        "任意整理と特定調停の数字は、どちらも将来の利息を付けずに同じ回数で分けた場合で、同じになります。違いは、"
        "誰と話し合うか（弁護士・司法書士か、簡易裁判所か）、費用、まとまった内容の効力などです。",
        "どの手続きも、信用情報機関に事故情報として登録され、その間は新しい借入れなどが難しくなるのが一般的です。"
        "登録の期間は機関ごとの規定によるため、ここでは示しません。",
        "この比較は、入力した数字を各手続きの決まりに当てはめた見通しで、どれを選ぶべきかを示すものではありません。"
        "減額を約束するものでもありません。弁護士・司法書士、法テラス、各地の弁護士会・司法書士会の相談窓口で"
        "確かめてください。",
    ]
    found.citations += ["民事再生法10条1項（官報公告）・122条2項（一般優先債権）・221条1項・229条2項・230条6項・239条・240条",
                  "破産法10条1項・32条1項（官報公告）、15条1項（支払不能）、252条、253条1項"]


def compute(v: dict[str, Any]) -> dict[str, Any]:
    s = _situation(v)
    found = Findings()
    ninni_p, ninni_r = _ninni(s, found)
    chotei_p = _chotei(s, ninni_r, found)
    saisei_ps, mp = _saisei(s, found)
    hasan_p, bk = _hasan(s, found)
    procedures = [ninni_p, chotei_p, *saisei_ps, hasan_p]
    for p in procedures:
        p.setdefault("family", p["key"])
        p["kanpo"] = KANPO["saisei" if p["family"] == "saisei" else p["key"]]
        p["credit"] = CREDIT
    # reference: 今のまま
    contract = None
    if ninni_r is not None and ninni_r["comparison"] and ninni_r["comparison"]["all"]:
        contract = ninni_r["comparison"]["contract_total"] + s.tax_total
    _warn(s, procedures, mp, found)
    _explain(s, found)
    totals = {"general": s.general_total, "secured": s.secured_total, "housing": s.housing_total,
              "tax": s.tax_total}
    return {
        "debts": s.debts, "totals": {**totals, "all": sum(totals.values())},
        "keep_home": s.keep_home, "clause": s.clause, "count": s.count, "years": s.years, "court": s.court,
        "income": s.income, "liquidation": s.liquidation, "liquidation_computed": s.liquidation_estimate["total"],
        "procedures": procedures, "contract_total": contract,
        "readings": [_reading(p, contract, s.liquidation, s.count) for p in procedures],
        "ninni": ninni_r, "mp": mp, "bankruptcy": bk,
        **found.fields(unique_warnings=True),
    }


def _reading(p: dict[str, Any], contract: int | None, liquidation: int, count: int) -> str:
    """What this path trades, in plain words, from the figures (never a ranking)."""
    label = p["label"]
    if p.get("total") is None:
        why = f" {p['eligibility']}" if p.get("eligibility") else ""
        return f"{label}: {p.get('na', '計算できません')}。{why}"
    if p["key"] == "ninni":
        s = (f"{label}: 将来の利息をなくし、一般の借金{format_yen(p['own_total'])}を{p['months']}回で返す形です"
             f"（月{format_yen(p['own_monthly'])}）。")
        if contract is not None:
            s += f"今のまま払い続けた場合の{format_yen(contract)}（税金などを含む）と比べられます。"
        return s + "元本は減らず、財産は手放しません。債権者が応じることが前提で、官報には載りません。"
    if p["key"] == "chotei":
        return (f"{label}: 数字は任意整理と同じ（将来利息なし・{count}回）で、費用は裁判所への手数料"
                f"{format_yen(p['cost_amount'])}程度と切手です。自分で申し立てられる代わりに、簡易裁判所へ出向き、"
                "合意できなければ成立しません。元本を大きく減らすことはできず、住宅ローンを大きく減らす手続きでもありません。")
    if p["family"] == "saisei":
        return (f"{label}: 基準債権{format_yen(p['K'])}を{format_yen(p['own_total'])}に減らして"
                f"{p['months'] // 12}年で返す計算です"
                f"（決め手: {p['decisive']}。清算価値は{format_yen(liquidation)}）。財産は手放さずに済みますが、"
                "財産が多いほど返す額は増えます。裁判所の手続きで、官報に載ります。"
                + ("自宅は住宅ローンを払い続けて残す前提です。" if "特別条項" in p.get("keeps", "") else ""))
    bk = p["outlook"]
    secured_note = ("（住宅ローンや担保付きの借金は、担保の自宅や車を処分した残りが免責の対象です）"
                    if p.get("has_secured") else "")
    s = (f"{label}: 免責されれば借金{format_yen(bk['discharged_total'])}の支払いがなくなり{secured_note}、税金など"
         f"{format_yen(bk['remaining_total'])}は残ります。手元に残せる財産は{format_yen(bk['free_total'])}で、"
         f"{format_yen(bk['estate_total'])}は手放す見込みです")
    if bk["deposit"] is not None:
        s += f"（少額管財なら予納金{format_yen(bk['deposit'])}が目安）"
    return s + "。官報に載り、免責が許されるかは裁判所が決めます。"


def _cell(n: int | None, fallback: str = "—") -> str:
    return format_yen(n) if n is not None else fallback


def render(r: dict[str, Any]) -> list[dict[str, Any]]:
    t = r["totals"]
    items = [{"label": "借金の合計（入力）", "value": format_yen(t["all"]), "strong": True,
              "note": "4つの手続きを、この数字で比べます。どれを選ぶべきかを示すものではありません"}]
    parts = [("一般", t["general"]), ("住宅ローン", t["housing"]), ("担保付き", t["secured"]), ("税金など", t["tax"])]
    items.append({"label": "内訳", "value": "・".join(f"{k} {format_yen(x)}" for k, x in parts if x) or "—"})
    if r["contract_total"] is not None:
        items.append({"label": "今のまま払い続けた場合（参考）", "value": format_yen(r["contract_total"]),
                      "note": "一般の借金を約定の年利と今の返済額で払い終えるまでの総額＋税金など"})
    blocks: list[dict[str, Any]] = [{"type": "summary", "items": items}]
    if r["warnings"]:
        blocks.append({"type": "warnings", "items": r["warnings"]})

    rows = []
    for p in r["procedures"]:
        if p.get("total") is None:
            rows.append([p["label"], {"text": p.get("na", "—"), "numeric": False}, "—", "—"])
            continue
        months = p["months"]
        rows.append([p["label"], {"text": format_yen(p["total"]), "strong": True}, format_yen(p["monthly"]),
                     f"{months}回" if months else "返済なし"])
    blocks.append({"type": "table", "caption": "手続きごとの数字（あなたの入力から計算した見通し）",
                   "columns": ["手続き", "返す総額", "月々の支払いの目安", "回数"], "numeric": [1, 2],
                   "rows": rows, "key": 1})   # 返す総額 stays in view on a phone

    bars = []
    for i, p in enumerate(r["procedures"]):
        if p.get("total") is not None:
            bars.append({"label": p["label"], "value": p["total"], "class": f"s{i % 4}"})
    if r["contract_total"] is not None:
        bars.append({"label": "今のまま（参考）", "value": r["contract_total"], "class": "s3"})
    blocks.append({"type": "bars", "title": "返す総額（整理する借金＋税金など。払い続ける住宅ローンなどは除く）",
                   "bars": bars})
    mbars = [{"label": p["label"], "value": p["monthly"], "class": f"s{i % 4}"}
             for i, p in enumerate(r["procedures"]) if p.get("monthly") is not None]
    blocks.append({"type": "bars", "title": "月々の支払いの目安（払い続けるローン・税金などで月額を入れた分を含む）",
                   "bars": mbars})

    blocks.append({"type": "heading", "text": "それぞれの道が引き換えにするもの"})
    for text in r["readings"]:
        blocks.append({"type": "paragraph", "text": text})

    cols = []
    for p in r["procedures"]:
        def row(label: str, key: str, p: dict[str, Any] = p) -> list[str] | None:
            return [label, p[key]] if p.get(key) else None
        detail = [
            row("対象", "target"),
            ["返す総額", _cell(p.get("total"), p.get("na", "—"))],
            ["月々の支払い", _cell(p.get("monthly"), "—")],
            row("債権者ごと", "per_creditor"),
            row("期間", "duration"),
            row("払い続けるもの", "continuing"),
            row("減らないもの", "fixed"),
            row("残せるもの", "keeps"),
            row("手放すもの", "loses"),
            row("できないこと", "cannot"),
            row("利用の条件", "eligibility"),
            row("官報", "kanpo"),
            row("信用情報", "credit"),
            row("費用の目安", "cost"),
            row("不確かなこと", "uncertain"),
        ]
        # folded so the comparison stays short on a phone; opened for printing by the runtime
        cols.append([{"type": "details", "summary": f"{p['label']}の詳しい内容",
                      "blocks": [{"type": "table", "caption": p["label"], "columns": ["項目", "内容"],
                                  "rows": [x for x in detail if x]}]}])
    blocks.append({"type": "columns", "columns": cols})
    return blocks


def _yen(name: str, label: str, example: str = "", help: str = "", group: str = "財産", **kw: Any) -> Field:
    return Field(name, label, "yen", example=example, help=help, required=False, default=kw.pop("default", 0),
                 max=MAX_YEN, group=group, **kw)


FIELDS = [
    Field("debts", "借金（1社ずつ）", "rows", group="借金", max_rows=20,
          help="年利と月々の返済額は、わかれば入れてください（任意整理の「今のまま」との比較と、月々の支払いの目安に"
               "使います）。種類で住宅ローン・担保付き（車のローンなど）・税金などを分けます。",
          example=[{"name": "Aカード", "balance": "120万円", "rate": "15%", "payment": "3万円", "kind": ""},
                   {"name": "B社", "balance": "80万円", "rate": "18%", "payment": "2万円", "kind": ""},
                   {"name": "住宅ローン", "balance": "1,800万円", "rate": "1.2%", "payment": "8万円",
                    "kind": "housing"},
                   {"name": "住民税", "balance": "20万円", "rate": "", "payment": "", "kind": "tax"}],
          columns=(
              Field("name", "債権者", "text", required=False, default=""),
              Field("balance", "残高", "yen", min=1, max=MAX_YEN),
              Field("rate", "約定年利", "percent", required=False, min=Fraction(0), max=Fraction(2)),
              Field("payment", "月々の返済額", "yen", required=False, max=MAX_YEN),
              Field("kind", "種類", "choice", required=False, default="general", options=KINDS),
          )),
    Field("income", "手取り月収", "yen", example="28万円", required=False, default=None, max=MAX_YEN,
          group="収入", help="個人再生の「継続的な収入」の確認と、月々の支払いを引いた残りの計算に使います。"),
    Field("disposable_2y", "可処分所得の2年分", "yen", example="", required=False, max=MAX_YEN, group="収入",
          help="給与所得者等再生を並べるときだけ。「可処分所得（給与所得者等再生）」の計算機の結果を入れてください。"
               "空欄なら小規模個人再生だけを計算します。"),
    _yen("cash", "現金", "10万円", help="手元の現金。自己破産では99万円まで手元に残せます（破産法34条3項1号）。"),
    _yen("deposits", "預貯金（全口座の合計）", "30万円"),
    _yen("insurance", "保険の解約返戻金（契約者貸付を引いた額）", ""),
    _yen("car", "自動車の価値（ローンの残りを引いた額）", "",
         help="査定額から、所有権留保付きのローンの残りを引いた額。マイナスなら0円。"),
    _yen("retirement", "退職金見込額", "", help="いま退職したら受け取れる額。評価は東京地裁の運用で1/8、"
                                              "運用を使わない場合は1/4で計算します。"),
    _yen("other", "その他の財産（合計）", "",
         help="有価証券・敷金・貸付金・過払金など。1つにまとめると20万円の基準も合計で判定します。種類ごとに"
              "見たいときは「自己破産の見通し」「清算価値」の計算機を使ってください。"),
    _yen("home_value", "自宅の時価", "1,900万円", default=None,
         help="不動産会社の査定額など。住宅ローンがあるときは必ず入れてください。時価が住宅ローンの残りを上回る分は"
              "清算価値に入り、自己破産では破産財団に入ります。"),
    _yen("liquidation", "清算価値（別に計算した場合）", "", default=None, advanced=True,
         help="「清算価値（個人再生）」の計算機で求めた額があれば入れてください。空欄なら上の財産から見積もります。"),
    Field("court", "財産の評価の基準", "choice", example="tokyo", group="条件", options=COURTS,
          help="東京地裁の運用は法律ではなく、裁判所ごとに違います。"),
    Field("keep_home", "自宅を残したい", "flag", example="1", group="条件",
          help="個人再生では住宅資金特別条項を使う前提で計算します（住宅ローンは減らずに払い続けます）。"),
    Field("ninni_count", "任意整理の回数", "choice", example="60", group="条件", options=COUNTS,
          help="36回〜60回程度で和解することが多いとされます。特定調停も同じ回数で計算します。"),
    Field("years", "個人再生の返済期間", "choice", example="3", group="条件", options=YEARS,
          help="原則3年。5年にするには特別の事情が必要です（民事再生法229条2項2号）。"),
]

CALCULATOR = Calculator(
    id="hikaku",
    title="債務整理の比較",
    summary="借金・収入・財産を入れると、任意整理・特定調停・個人再生・自己破産について、返す総額、月々の支払い、"
            "期間、残せるもの、条件、官報などを、それぞれの決まりから計算して並べます。",
    result_title="債務整理の比較",
    order=80,
    fields=FIELDS,
    compute=compute,
    render=render,
)
