"""宅地建物取引業者の報酬（仲介手数料）の上限 — 宅地建物取引業法46条と報酬告示.

The tiered base rates (税抜) come from the 報酬告示 第二; the tax-inclusive rates published in
the notice (5.4/4.32/3.24% from 2014-04-01, 5.5/4.4/3.3% from 2019-10-01) are these rates times
(1 + 消費税率). Dates before 2014-04-01 are not covered: the notice's figures for earlier tax eras
were not confirmed from a source, so the calculator refuses them rather than guess.
"""
from datetime import date
from fractions import Fraction as F

from . import SECONDARY, Kind, Provision, Term, Terms, Unit, register

TIERS_FROM = date(2014, 4, 1)   # the earliest day covered (the notice's figures before it were not confirmed)

NOTICE = "宅地建物取引業法46条1項・昭和45年建設省告示第1552号（報酬告示）第二"

# (upper bound of the tier in yen, or None for "above"; rate before tax)
TIERS = register("takken.brokerage_tiers", "売買の媒介の報酬（依頼者の一方から）税抜料率", Term(Unit.RATE, kind=Kind.TIERS), [
    Provision(((2_000_000, F(5, 100)), (4_000_000, F(4, 100)), (None, F(3, 100))),
              TIERS_FROM, None, NOTICE, SECONDARY,
              "代金（消費税等相当額を含まない）の200万円以下の部分5%、200万円超400万円以下の部分4%、"
              "400万円超の部分3%。これに消費税等を加えた額が上限"),
])

# 低廉な空家等の売買・交換の媒介の特例（告示第七）
AKIYA = register("takken.akiya_special", "低廉な空家等の媒介の特例", Terms({
    "max_price": Term(Unit.YEN, "対象となる代金（税抜）"),
    "cap_ex_tax": Term(Unit.YEN, "上限（税抜）"),
    "sides": Term(Unit.CODE, "受け取れる相手", Kind.LIST, {"seller": "売主", "buyer": "買主"}),
    "label": Term(Unit.TEXT),
}, heading="label"), [
    Provision({"max_price": 4_000_000, "cap_ex_tax": 180_000, "sides": ("seller",),
               "label": "2018年版（400万円以下・売主のみ・18万円＋消費税）"},
              date(2018, 1, 1), date(2024, 6, 30),
              "平成29年国土交通省告示第1155号による報酬告示第七の追加", SECONDARY,
              "現地調査等の費用を要するものについて、売主である依頼者から、通常の報酬に現地調査等の"
              "費用相当額を加えて18万円（＋消費税）まで。媒介契約の締結時に説明し合意することが必要"),
    Provision({"max_price": 8_000_000, "cap_ex_tax": 300_000, "sides": ("seller", "buyer"),
               "label": "2024年版（800万円以下・売主買主とも・30万円＋消費税）"},
              date(2024, 7, 1), None,
              "令和6年国土交通省告示第949号による報酬告示の改正", SECONDARY,
              "代金800万円以下の宅地建物について、通常の上限を超えて30万円の1.1倍（33万円）まで。"
              "媒介契約の締結時に説明し合意することが必要"),
])
