"""清算価値（個人再生）— the statute that makes it a floor, and the court practices that value assets.

The statute says only that a 再生計画 must not be against 「再生債権者の一般の利益」 (民事再生法174条
2項4号; 給与所得者等再生は241条2項2号): creditors must get at least what a bankruptcy would give them
(清算価値保障原則). *How* each asset is valued is court practice, not law. The presets here are that
practice, recorded as data with the source that describes it, so the calculator can label every
figure as 「運用」 rather than 「法律」.

Presets are looked up by key (`preset(key)`), not by date: the calculator has no date input, and when
these practices began is not confirmed. Each Schedule still needs a start date; it is set to the day
the 個人再生 procedures came into force (2001年4月1日, 平成12年法律第128号 — research notes: 二次資料確認),
the earliest day on which a 個人再生 practice can exist. That start is a formal lower bound, not the
confirmed beginning of the practice, and each note says so.
"""
from datetime import date
from fractions import Fraction as F

from . import PRACTICE, STATUTE, Provision, register, schedule

# 個人再生（小規模個人再生・給与所得者等再生）の施行日. The practices below cannot be older than this;
# when each of them actually began is not confirmed.
KOJIN_SAISEI_START = date(2001, 4, 1)
START_NOTE = ("運用の開始時期は確認できていません。個人再生の制度の施行日（2001年4月1日）を形式上の始期として"
              "いるだけで、その日から同じ運用だったという意味ではありません")

# Our own estimate — neither statute nor a court's practice. Shown to the reader as such.
INFERENCE = "当サイトの推論"

TOKYO_SOURCE = ("東京地裁の運用（個人再生）— kojinsaiseisoudan.com『清算価値の算出（東京地裁の場合）』による")
RETIRE_SOON_SOURCE = ("退職が近い場合に退職金見込額の1/4で評価する運用 — minna-saimuseiri.com（個人再生の退職金"
                      "「4分の1」は目安・運用の一例とする解説）、lawyers-kokoro.com（名古屋: 退職間近の場合は1/4で"
                      "評価されることがある）による。東京地裁の資産目録（破産）にも「8分の1（4分の1）相当額」の欄がある"
                      "（shakkinseiri.jp）")

# --- statute: why 清算価値 is a floor ------------------------------------------------------------
GUARANTEE = register("seisan.guarantee", "清算価値保障原則（再生債権者の一般の利益）", [
    Provision({"small": "民事再生法174条2項4号（231条1項で小規模個人再生に適用）",
               "salary": "民事再生法241条2項2号（給与所得者等再生）",
               "revocation": "民事再生法236条・242条（認可後に清算価値を下回ると判明したときの取消し）"},
              KOJIN_SAISEI_START, None,
              "民事再生法174条2項4号（再生計画の決議が再生債権者の一般の利益に反するときは不認可）・"
              "241条2項2号（給与所得者等再生）", STATUTE,
              "計画弁済総額は、破産した場合に債権者が受けられる額（清算価値）を下回ってはならない。"
              "始期は個人再生の施行日（2001年4月1日）としている"),
])

# 退職手当の差押禁止（4分の3）. The 1/4 default of the conservative preset is our inference from it.
RETIREMENT_EXEMPT = register("seisan.retirement_exempt", "退職手当の差押禁止部分", [
    Provision(F(3, 4), KOJIN_SAISEI_START, None,
              "民事執行法152条2項（退職手当及びその性質を有する給与に係る債権は、その給付の4分の3に"
              "相当する部分は差し押さえてはならない）", STATUTE,
              "差し押さえられるのは残りの1/4。これを清算価値の退職金の評価割合の目安とするのは当サイトの推論"
              "（民事再生法・裁判所の基準にそう書かれているわけではない）。始期は個人再生の施行日に合わせている"),
])

# --- presets (value: threshold per category, or None; retirement fraction) ----------------------
THRESHOLD = 200_000
# The source's wording: 「20万円以下の場合は清算価値に含まれません」 (kojinsaiseisoudan.com) — an item of exactly
# 20万円 counts 0, as in the 東京地裁 破産 換価基準 (「20万円以下」, calc/law/hasan.py).
HOME_SHIKIKIN_SOURCE = ("居住用の賃貸住宅の敷金: 破産で換価しない財産とされる（東京地裁の換価基準「居住用家屋の敷金債権」。"
                        "当サイトの自己破産の計算と同じ資料）ことから、個人再生の清算価値にも入れない扱いが多いとする解説 — "
                        "kojinsaisei.kokoro.la（個人再生における敷金・保証金の財産評価）、hiromori-suita.com（大阪地裁は"
                        "敷金の額面から滞納賃料と60万円を差し引いて評価し、居住用はほとんど0円。全国的に居住用の敷金は"
                        "財産に計上しないのが実務の運用）")

TOKYO = register("seisan.tokyo", "東京地裁の運用（退職金1/8）", [
    Provision({"threshold": THRESHOLD, "retirement": F(1, 8), "home_shikikin": False,
               "label": "東京地裁の運用（20万円以下の項目は0円・退職金1/8）"},
              KOJIN_SAISEI_START, None, f"{TOKYO_SOURCE}／{HOME_SHIKIKIN_SOURCE}", PRACTICE,
              "現金・預貯金・保険の解約返戻金・有価証券・自動車・退職金の1/8などは、項目（財産の種類）ごとの"
              "額が20万円以下なら0円、20万円を超えれば全額（20万円を超える部分だけではない）を算入し、"
              "項目どうしを合算しない。例: 現金20,000円・預貯金58,966円・過払金128,382円→いずれも0円、"
              "有価証券356,890円→356,890円、退職金見込額7,568,900円→1/8で946,113円。"
              "不動産は時価−被担保債権（マイナスは0円、他の財産と相殺しない）。"
              "ちょうど20万円の項目も0円（資料の「20万円以下」）。居住用の賃貸住宅の敷金は額にかかわらず0円"
              "（二次資料による。東京地裁の個人再生での扱いを直接述べた資料は確認できていない）。" + START_NOTE),
])

TOKYO_RETIRE_SOON = register("seisan.tokyo_retire_soon", "東京地裁の運用・退職が近い場合（退職金1/4）", [
    Provision({"threshold": THRESHOLD, "retirement": F(1, 4), "home_shikikin": False,
               "label": "東京地裁の運用・退職が近い場合（20万円以下の項目は0円・退職金1/4）"},
              KOJIN_SAISEI_START, None, f"{TOKYO_SOURCE}／{RETIRE_SOON_SOURCE}／{HOME_SHIKIKIN_SOURCE}", PRACTICE,
              "20万円の基準は東京地裁の運用と同じ。退職が近い・退職予定の場合に退職金見込額の1/4で評価する"
              "運用があるとする解説による（出典は弱く、裁判所・事案ごとに違う）。" + START_NOTE),
])

ALL = register("seisan.all", "全額で見積もる（20万円基準なし）", [
    Provision({"threshold": None, "retirement": F(1, 4), "home_shikikin": True,
               "label": "全額で見積もる（20万円基準なし・退職金は既定で1/4）"},
              KOJIN_SAISEI_START, None,
              "当サイトの保守的な見積り（裁判所の運用ではない）。退職金の既定1/4は民事執行法152条2項"
              "（差押禁止4分の3）から差し押さえられる部分を当サイトが推論したもの", INFERENCE,
              "どの財産も全額を算入し（居住用の敷金も含む）、20万円の基準を使わない。20万円基準のない裁判所や、"
              "申立て先の運用が分からないときの上限寄りの目安。" + START_NOTE),
])

PRESETS = ("tokyo", "tokyo_retire_soon", "all")


def preset(key: str) -> Provision:
    """The preset's provision, looked up by key (these practices are not dated)."""
    if key not in PRESETS:
        raise KeyError(key)
    return schedule(f"seisan.{key}").provisions[-1]

