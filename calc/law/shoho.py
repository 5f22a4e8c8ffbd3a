"""商事法定利率 (商法514条, 削除) — the 年6% that applied to obligations arising from a 商行為.

商法（明治32年法律第48号）514条 read 「商行為によって生じた債務に関しては、法定利率は、年六分とする。」
It was deleted by 民法の一部を改正する法律の施行に伴う関係法律の整備等に関する法律（平成29年法律第45号）with
effect from 2020-04-01; from then on the 法定利率 of 民法404条 applies to 商行為 obligations too. A 商行為
obligation that arose before that day keeps 年6% (the 整備法's transitional rule: なお従前の例). The
article number of that transitional rule was not read, so it is cited by the law's name only.
"""
from datetime import date
from fractions import Fraction as F

from . import SECONDARY, Provision, Term, Unit, register

SHOHO_START = date(1899, 6, 16)      # 商法（明治32年法律第48号）の施行日（施行期日の条文は読んでいない）
REPEAL_DAY = date(2020, 4, 1)        # 平成29年法律第45号の施行日（平成29年法律第44号と同日）

SHOJI_HOTEI_RIRITSU = register("shoho.shoji_hotei_riritsu", "商事法定利率（商行為によって生じた債務）", Term(Unit.RATE), [
    Provision(F(6, 100), SHOHO_START, date(2020, 3, 31),
              "商法（平成29年法律第45号による改正前）514条「商行為によって生じた債務に関しては、法定利率は、"
              "年六分とする。」（平成29年法律第45号により削除、2020年4月1日施行）",
              SECONDARY,
              "条文は ja.wikibooks.org「商法第514条」・law-lib.jp の旧条文で確認（e-Gov の改正前の版は読んでいない）。"
              "2020年3月31日までにされた商行為によって生じた債務には、その後も年6%が使われる（整備法の経過措置"
              "「なお従前の例による」。条番号は確認できていない）。2020年4月1日以後の商行為による債務は民法404条の"
              "法定利率。始期の1899年6月16日は商法の施行日とされる日で、施行期日の条文は確認していない"),
])
