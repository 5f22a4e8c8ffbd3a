"""消費税率（国税＋地方消費税の合計）の推移."""
from datetime import date
from fractions import Fraction as F

from . import SECONDARY, Provision, register

CONSUMPTION_TAX = register("tax.consumption", "消費税率（地方消費税を含む）", [
    Provision(F(3, 100), date(1989, 4, 1), date(1997, 3, 31),
              "消費税法（昭和63年法律第108号）29条", SECONDARY),
    Provision(F(5, 100), date(1997, 4, 1), date(2014, 3, 31),
              "消費税法29条（平成6年法律第109号による改正: 国4%）・地方税法72条の83（地方1%）", SECONDARY),
    Provision(F(8, 100), date(2014, 4, 1), date(2019, 9, 30),
              "消費税法29条（平成24年法律第68号による改正: 国6.3%）・地方税法72条の83（地方1.7%）", SECONDARY),
    Provision(F(10, 100), date(2019, 10, 1), None,
              "消費税法29条（平成24年法律第68号・平成28年法律第85号: 国7.8%）・地方税法72条の83（地方2.2%）",
              SECONDARY, "軽減税率8%は飲食料品等のみで、仲介手数料には適用されません"),
])

# 特定居住用財産の譲渡損失の損益通算及び繰越控除（住宅ローンが残る自宅を売って損が出たとき）. Recorded so the
# freshness check (calc/law/freshness.py) shows its end date: the guide states the period; no calculator uses it.
JOTO_SONSHITSU = register("tax.joto_sonshitsu", "特定居住用財産の譲渡損失の損益通算・繰越控除（措置法41条の5の2）", [
    Provision("対象となる譲渡の期間（所有期間5年超の自宅、譲渡契約の前日に住宅ローンの残高があること）",
              date(2004, 1, 1), date(2025, 12, 31),
              "租税特別措置法41条の5の2（特定居住用財産の譲渡損失の金額: 平成16年1月1日から令和7年12月31日までの"
              "期間内の譲渡）", SECONDARY,
              "期限の令和7年12月31日は、同じ期限の並びの41条の5（買換えの特例）の条文を引用した税理士の解説"
              "（tax-iwamoto.com）と以前の調査による。41条の5の2の現行の条文そのものは読めていない。"
              "2026年1月1日以後の譲渡に令和8年度税制改正で延長されたかは確認できていない。"
              "資力を喪失して債務を弁済することが著しく困難なときの譲渡で所得税法9条1項10号により非課税となるものは、"
              "その損失もないものとみなされる（所得税法9条2項。条文は税務の解説による）ため、この特例の対象の損失にならない"),
])
