"""消費税率（国税＋地方消費税の合計）の推移."""
from datetime import date
from fractions import Fraction as F

from . import SECONDARY, Provision, Term, Unit, register

CONSUMPTION_TAX = register("tax.consumption", "消費税率（地方消費税を含む）", Term(Unit.RATE), [
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
