"""個人再生（小規模個人再生・給与所得者等再生）の数字 — 民事再生法.

Statute text was read in the consolidated 民事再生法 (最終改正 平成26年法律第91号) copy listed in the
research notes (law_rules.md §1, §12). What is recorded here:

- the 5,000万円 limit (221条1項・231条2項2号) and the 最低弁済額 tiers (231条2項3号・4号; 給与所得者等
  再生は241条2項5号で準用). The limit was raised from 3,000万円 and the 10分の1 tier added by the
  改正 that came into force in 平成17年 (平成16年法律第76号による整備); the exact 施行日 was not seen
  in a source, so 2005-01-01 is recorded as an inference (推論) and the rule before it is not modelled;
- 弁済期間 and 弁済の頻度 (229条2項; 244条で給与所得者等再生に準用);
- the 6-month window after a 保証会社's 代位弁済 for the 住宅資金特別条項 (198条2項);
- the 住宅ローン-only extension (199条2項2号), ハードシップ免責 (235条1項), and the 7-year bar on
  給与所得者等再生 (239条5項2号).

The figures of the 政令 that sets the 最低生活費 for 可処分所得 (平成13年政令第50号) are NOT here: no
source confirmed its tables, so the 可処分所得 calculator takes them as inputs.
"""
from datetime import date
from fractions import Fraction as F

from . import SECONDARY, Provision, register

INFERENCE = "当サイトの推論"   # inferred from the structure of the statute or the amendment history; not seen in a source

ACT = "民事再生法"
SINCE_2005 = date(2005, 1, 1)      # inferred 施行日 of the 平成16年法律第76号 amendments (see module doc)
SINCE_2001 = date(2001, 4, 1)      # 個人再生制度の施行（二次資料: chuou-ikebukulawoffice.tokyo）
SINCE_2005_NOTE = ("5,000万円への引上げ（それまでは3,000万円）と10分の1の段階は、平成17年（2005年）施行の改正"
                   "（平成16年法律第76号）によるとされています。施行日は新破産法と同じ2005年1月1日と推論しましたが、"
                   "正確な日は確認できていません。それより前の規定はこの計算機では扱いません")
SINCE_2001_NOTE = ("条文は平成26年改正時点の版で確認しました。個人再生制度が始まった2001年4月1日（二次資料）から"
                   "同じ内容と考えていますが、当初の条文そのものは確認していません")

DEBT_LIMIT = register("saisei.debt_limit", "個人再生を利用できる再生債権の総額の上限", [
    Provision(50_000_000, SINCE_2005, None,
              f"{ACT}221条1項（利用要件）・231条2項2号（不認可事由。給与所得者等再生は241条2項5号で準用）",
              INFERENCE, SINCE_2005_NOTE),
])

# 最低弁済額（231条2項3号・4号）. T = 住宅資金貸付債権・別除権で回収見込みの額・84条2項の請求権を除いた
# 無異議債権と評価済債権の総額; K = 基準債権の総額（別除権で回収見込みの額と84条2項の請求権を除く）.
#   T > limit            → 不認可（2号）
#   high_from < T ≤ limit → T × high_fraction（3号）
#   T ≤ high_from        → K < floor なら K、そうでなければ max(K × low_fraction, floor) を cap まで（4号）
# `bands` are the boundaries of K where the 4号 result changes form, for the table shown to readers:
# floor, floor / low_fraction (500万), cap / low_fraction (1,500万), high_from, limit.
MINIMUM_PAYMENT = register("saisei.minimum_payment", "最低弁済額（計画弁済総額の下限）", [
    Provision({"high_from": 30_000_000, "high_fraction": F(1, 10),
               "floor": 1_000_000, "low_fraction": F(1, 5), "cap": 3_000_000,
               "bands": (1_000_000, 5_000_000, 15_000_000, 30_000_000, 50_000_000)},
              SINCE_2005, None,
              f"{ACT}231条2項3号・4号（給与所得者等再生は241条2項5号で準用）",
              INFERENCE,
              "3,000万円以下の部分の計算（5分の1・100万円・300万円）は2001年の制度開始から変わっていないとされます"
              "（二次資料）。" + SINCE_2005_NOTE),
])

PLAN_PERIOD = register("saisei.plan_period", "再生計画の弁済期間", [
    Provision({"years": 3, "max_years": 5}, SINCE_2001, None,
              f"{ACT}229条2項2号（給与所得者等再生は244条で準用）", SECONDARY,
              "最終の弁済期は認可決定の確定の日から3年後の日が属する月中の日。特別の事情があるときは5年を"
              "超えない範囲で延ばせる。" + SINCE_2001_NOTE),
])

PAYMENT_INTERVAL = register("saisei.payment_interval", "再生計画の弁済の頻度", [
    Provision({"max_interval_months": 3}, SINCE_2001, None,
              f"{ACT}229条2項1号（給与所得者等再生は244条で準用）", SECONDARY,
              "弁済期が3か月に1回以上到来する分割払の方法によること。" + SINCE_2001_NOTE),
])

SUBROGATION_WINDOW = register("saisei.subrogation_window", "保証会社の代位弁済後に住宅資金特別条項を定められる期間", [
    Provision({"months": 6}, SINCE_2001, None,
              f"{ACT}198条2項（期間の計算は民法140条・143条）", SECONDARY,
              "保証会社が保証債務の全部を履行した日から6月を経過する日までの間に再生手続開始の申立てがされたとき、"
              "住宅資金特別条項を定めることができる（認可が確定すると代位弁済はなかったものとみなされる: 204条1項）。"
              + SINCE_2001_NOTE),
])

HOUSING_EXTENSION = register("saisei.housing_extension", "住宅資金特別条項による住宅ローンの返済期間の延長", [
    Provision({"max_years": 10, "max_age": 70}, SINCE_2001, None,
              f"{ACT}199条2項2号", SECONDARY,
              "変更後の最終の弁済期が約定最終弁済期から10年を超えず、その時の年齢が70歳を超えないこと。"
              "延長できるのは住宅ローンだけで、他の借金の弁済期間（原則3年、最長5年）は延びない。" + SINCE_2001_NOTE),
])

HARDSHIP = register("saisei.hardship_share", "ハードシップ免責に必要な弁済済みの割合", [
    Provision(F(3, 4), SINCE_2001, None,
              f"{ACT}235条1項1号（給与所得者等再生は244条で準用）", SECONDARY,
              "責めに帰することができない事由で計画の遂行が極めて困難になり、各基準債権に4分の3以上の弁済を"
              "終えているなどの要件を満たすとき、申立てにより免責の決定を受けられる。" + SINCE_2001_NOTE),
])

KYUYO_BAR = register("saisei.kyuyo_reuse_years", "給与所得者等再生を再び使えない期間", [
    Provision(7, SINCE_2005, None,
              f"{ACT}239条5項2号（241条2項6号）", INFERENCE,
              "前の給与所得者等再生の計画の遂行・ハードシップ免責（その再生計画認可決定の確定の日から）、"
              "破産の免責許可決定の確定の日から7年以内は、給与所得者等再生を利用できない。改正前は10年とされ"
              "（二次資料）、7年になった日は2005年1月1日と推論（未確認）。"),
])
