"""法定利率 (民法404条) — used for 遅延損害金 (419条1項) and 過払利息 (704条)."""
from datetime import date
from fractions import Fraction as F

from . import SECONDARY, STATUTE, Provision, Term, Unit, register

REFORM_DAY = date(2020, 4, 1)   # 平成29年法律第44号（民法の一部を改正する法律）の施行日

HOTEI_RIRITSU = register("minpo.hotei_riritsu", "法定利率", Term(Unit.RATE), [
    Provision(F(5, 100), date(1898, 7, 16), date(2020, 3, 31),
              "民法（平成29年法律第44号による改正前）404条", STATUTE,
              "施行日前に利息が生じた債権は改正後もなお5%（平成29年法律第44号附則15条1項）"),
    Provision(F(3, 100), REFORM_DAY, date(2023, 3, 31),
              "民法404条2項（平成29年法律第44号、2020年4月1日施行）", STATUTE,
              "3年ごとに見直し（404条3項〜5項）"),
    Provision(F(3, 100), date(2023, 4, 1), date(2026, 3, 31),
              "民法404条3項〜5項（法務省告示による第2期の法定利率）", SECONDARY),
    Provision(F(3, 100), date(2026, 4, 1), date(2029, 3, 31),
              "民法404条3項〜5項（法務省告示による第3期の法定利率）", SECONDARY,
              "2029年4月1日以降の率は未定です"),
])
