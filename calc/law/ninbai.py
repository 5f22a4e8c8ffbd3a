"""任意売却の配分表で使われる控除の基準と登記費用.

The 住宅金融支援機構 deduction standard is a lender's practice, not law; many other lenders use
it as a reference. It is recorded here as PRACTICE so the calculator can label it as such and the
reader can switch it off or override it.
"""
from datetime import date

from . import PRACTICE, SECONDARY, Provision, register

# When these standards began is not confirmed; they are used only for sales from this date on
# (the same range the 仲介手数料 calculation covers).
SINCE = date(2014, 4, 1)

KIKO_SOURCE = ("住宅金融支援機構の任意売却における費用控除の基準（実務の運用。機構の公表資料を引用する"
               "任意売却業者・司法書士の解説による）")

HANKO = register("ninbai.hanko", "後順位担保権者への担保解除料（ハンコ代）の基準", [
    Provision({"by_rank": {2: 300_000, 3: 200_000}, "lower": 100_000, "share_of_principal": (1, 10)},
              SINCE, None, KIKO_SOURCE, PRACTICE,
              "第2順位30万円・第3順位20万円・第4順位以下10万円、または残元金の1割のいずれか低い額"),
])

KANRI = register("ninbai.kanri_cap", "滞納管理費・修繕積立金の控除の上限", [
    Provision({"months": 60}, SINCE, None, KIKO_SOURCE, PRACTICE,
              "決済日の前日までの滞納分のうち過去5年分まで。延滞金・遅延損害金は含めない"),
])

SASHIOSAE = register("ninbai.sashiosae_cap", "差押えのある滞納税の解除費用の控除の上限", [
    Provision({"cap": 100_000}, SINCE, None, KIKO_SOURCE, PRACTICE,
              "10万円または固定資産税・都市計画税の1年分のいずれか低い額（延滞金は不可）。"
              "抵当権の設定より前に法定納期限等が来ている税（優先する税。国税徴収法15条1項・16条）は全額"),
])

TOROKU_MASSHO = register("ninbai.toroku_massho", "抵当権抹消登記の登録免許税", [
    Provision({"per_property": 1_000}, SINCE, None,
              "登録免許税法別表第一 一（十五）（抹消の登記: 不動産1個につき1,000円）", SECONDARY,
              "土地と建物はそれぞれ1個。抹消する抵当権ごとに申請する"),
])

ZAIDAN = register("ninbai.zaidan", "破産管財人が売る場合の破産財団への組入額", [
    Provision({"share_of_price": (3, 100)}, SINCE, None, KIKO_SOURCE, PRACTICE,
              "原則として売却価格の3%（事情により増減があり、管財人と債権者の協議で決まる）"),
])
