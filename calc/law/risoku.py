"""利息制限法 — 1条 (上限利率), 4条・7条 (賠償額の予定の上限)."""
from datetime import date
from fractions import Fraction as F

from . import STATUTE, Kind, Provision, Term, Unit, register

RISOKU_START = date(1954, 6, 15)          # 利息制限法（昭和29年法律第100号）の施行日
KASHIKIN_REFORM_DAY = date(2010, 6, 18)   # 平成18年法律第115号（改正貸金業法・利息制限法）の完全施行日

# 元本の区分: (下限 inclusive, 上限 exclusive or None, 年率)
JOGEN = register("risoku.jogen", "利息制限法の上限利率（1条）", Term(Unit.RATE, kind=Kind.BANDS), [
    Provision(((0, 100_000, F(20, 100)), (100_000, 1_000_000, F(18, 100)), (1_000_000, None, F(15, 100))),
              RISOKU_START, None, "利息制限法1条（昭和29年法律第100号）", STATUTE,
              "元本10万円未満 年20%、10万円以上100万円未満 年18%、100万円以上 年15%"),
])

# 賠償額の予定（遅延損害金）の上限: 1条の率に掛ける倍率
BAISHO_BAIRITSU = register("risoku.baisho_bairitsu", "賠償額の予定の上限（4条1項）の倍率", Term(Unit.MULTIPLIER), [
    Provision(F(146, 100), date(2000, 6, 1), None,
              "利息制限法4条1項（平成11年法律第155号、2000年6月1日施行）", STATUTE,
              "1条の率の1.46倍（29.2%・26.28%・21.9%）。施行前の消費貸借は従前の例（附則4条）"),
])

# 営業的金銭消費貸借（貸金業者など）の賠償額の予定の上限
EIGYO_BAISHO = register("risoku.eigyo_baisho", "営業的金銭消費貸借の賠償額の予定の上限（7条1項）", Term(Unit.RATE), [
    Provision(F(20, 100), KASHIKIN_REFORM_DAY, None,
              "利息制限法7条1項（平成18年法律第115号、2010年6月18日施行）", STATUTE, "年20%"),
])

DEMIZUBARAI_HAISHI = KASHIKIN_REFORM_DAY  # みなし弁済（貸金業法旧43条）の廃止: 平成18年法律第115号の完全施行日
