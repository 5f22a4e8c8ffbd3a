"""自己破産 — the statute's figures (自由財産の現金, 非免責債権) and the court practice that sorts cases.

Statute (read in the e-Gov-derived copies of the public repository ledmonster/japanese-law):

- 破産法34条3項1号: 「民事執行法…第百三十一条第三号に規定する額に二分の三を乗じた額の金銭」 is not part of
  the 破産財団 (read in raw/416/416AC0000000075_20250601_504AC0000000068.html, the version in force from
  2025-06-01). 民事執行法131条3号 leaves that amount to a 政令; 民事執行法施行令1条 says 「六十六万円とする」
  (read in raw/355/355CO0000000230_20050401_416CO0000000419.html — the version in force from 2005-04-01 as
  amended by 平成16年政令第419号, the latest version of that 政令 the repository holds). 66万円 × 3/2 =
  99万円. Whether the 政令 was amended after that is NOT confirmed (one site shows 67万円, which would make
  100万5,000円), so the calculator also takes the limit as an input that defaults to this value.
- 破産法253条1項1〜7号 (非免責債権), read in the same 2025-06-01 copy; 租税等の請求権 and 罰金等の請求権
  are defined in 97条4号・6号 of that copy.

Practice (not law), recorded with the sources that describe it and looked up by key, not by date:

- 東京地裁の振分け: 現金33万円以上, or a non-cash asset of 20万円以上 (per kind), → 管財事件; 少額管財の
  引継予納金 20万円 (law_rules §6.4). The sorting test reads 「以上」: an item of exactly 20万円 makes the case a
  管財事件 (hashi-law.com, sakura39-saimu.com/column/jikohasans/309/, jikohasan.kokoro-tokyo.com).
- 東京地裁の換価基準 (個人の破産で換価等をしない財産, 東京地裁破産再生部): 残高が20万円「以下」の預貯金, 見込額が
  20万円以下の解約返戻金, 処分見込価額が20万円以下の自動車, 支給見込額の1/8が20万円以下の退職金債権 (超えれば7/8),
  居住用家屋の敷金債権 (no amount), 電話加入権, 家財道具, 差押禁止財産 — not sold, treated as if 自由財産の拡張 had
  been granted. It reads 「以下」: an item of exactly 20万円 is NOT sold, although the same item makes the case a
  管財事件. Quoted in full by legal-counsel.jp/jikohasan-taishokukin/ (as 東京地方裁判所破産再生部の換価基準),
  shoh.info/archives/489 (citing 「破産管財の手引」), gohara-law-office.com/column/94/ and musamura-law.com.
- for the 債務整理の比較: the 特定調停 fee per creditor (東京簡裁's guidance) and its usual 3〜5年 (practice).

Each Schedule needs a start date. Statute schedules start on 2005-01-01, the day the present 破産法 (平成16年
法律第75号) came into force (as the site's 自己破産 guide states; the 政令 fixing that day was not read).
The practice presets carry the same day as a formal lower bound only: when each practice began is not
confirmed (the 少額管財 itself is said to date from 1999, under the old 破産法).
"""
from datetime import date
from fractions import Fraction as F

from . import PRACTICE, SECONDARY, STATUTE, Provision, register, schedule

HASAN_START = date(2005, 1, 1)      # 破産法（平成16年法律第75号）の施行日（サイトの自己破産ガイドの記載による）
START_NOTE = ("始期の2005年1月1日は現行の破産法の施行日（当サイトの自己破産ガイドの記載。施行期日を定める政令の"
              "本文は確認していません）")
PRACTICE_START_NOTE = ("運用の開始時期は確認できていません。現行破産法の施行日（2005年1月1日）を形式上の始期として"
                       "いるだけで、その日から同じ運用だったという意味ではありません")

# Our own estimate — neither statute nor a court's practice.
INFERENCE = "当サイトの推論"

STATUTE_COPY = "公開リポジトリ ledmonster/japanese-law の e-Gov 由来の写し"
SEIREI_FILE = "raw/355/355CO0000000230_20050401_416CO0000000419.html"
HASAN_FILE = "raw/416/416AC0000000075_20250601_504AC0000000068.html"

# --- 自由財産になる現金（本来的自由財産） -----------------------------------------------------------------
FREE_CASH = register("hasan.free_cash", "破産財団に属しない金銭（自由財産の現金）の上限", [
    Provision({"base": 660_000, "multiplier": F(3, 2)}, HASAN_START, None,
              "破産法34条3項1号（民事執行法131条3号に規定する額に2分の3を乗じた額の金銭）・"
              "民事執行法施行令1条（民事執行法131条3号の政令で定める額は66万円）",
              STATUTE,
              f"66万円×3/2＝99万円。条文は{STATUTE_COPY}で確認（施行令は{SEIREI_FILE}＝平成16年政令第419号による"
              f"改正後、2005年4月1日施行の版。破産法は{HASAN_FILE}）。施行令がその後改正されたかは確認できて"
              "いません。e-Gov由来とする別の写し（jplaws.app）は1条を670,000円と表示しますが、読めた範囲の附則に"
              "額を改めた政令は見当たらず、日本法令外国語訳データベース（最終更新: 平成16年政令第419号）と elaws.jp は"
              "66万円です。67万円なら上限は100万5,000円になります。どちらが施行中か、いつからかは確認できていないため、"
              "計算機では上限を入力で変えられるようにしています。" + START_NOTE),
])

# --- 非免責債権（破産法253条1項ただし書） ------------------------------------------------------------------
# (key, 号, short label). 6号（知りながら債権者名簿に載せなかった請求権）is listed for completeness; a
# calculator that lists the reader's debts does not offer it as a kind (a listed debt is not unlisted).
NONDISCHARGEABLE = register("hasan.nondischargeable", "免責されない請求権（非免責債権）", [
    Provision((
        ("tax", 1, "租税等の請求権（税金など）"),
        ("malice", 2, "悪意で加えた不法行為の損害賠償"),
        ("injury", 3, "故意・重大な過失で人の生命・身体を害した不法行為の損害賠償"),
        ("family", 4, "夫婦の扶助・婚姻費用・子の監護（養育費など）・扶養の義務"),
        ("employee", 5, "雇っていた人の給料など・預り金"),
        ("unlisted", 6, "知りながら債権者名簿に載せなかった請求権"),
        ("fine", 7, "罰金等"),
    ), HASAN_START, None,
        "破産法253条1項ただし書1号〜7号（租税等の請求権は97条4号、罰金等の請求権は97条6号の定義による）",
        STATUTE,
        f"条文は{STATUTE_COPY}（{HASAN_FILE}、2025年6月1日施行の版）で確認。租税等の請求権は「国税徴収法又は"
        "国税徴収の例によって徴収することのできる請求権」（97条4号）。罰金等は罰金・科料・刑事訴訟費用・"
        "追徴金・過料（97条6号）。6号は破産手続開始を知っていた債権者の請求権を除く。" + START_NOTE),
])

# --- 東京地裁の運用（振分け・少額管財・自由財産の拡張） -------------------------------------------------------
TOKYO_SOURCE = ("東京地裁の運用 — 振分け基準: jikohasan.kokoro-tokyo.com/info/shogakukanzai-kijun/、bengoshi-ikebukuro.com、"
                "6161.jp（例: 現金20万円と預金15万円はどちらも基準に届かない）。少額管財の引継予納金20万円・1999年開始: "
                "saimu4.com/jikohasan/2056/。自由財産の拡張の類型（預貯金・自動車・解約返戻金の20万円の基準、退職金債権の"
                "1/8など）: site-affiliate10.com/1996（この資料は「20万円未満」と書くが、換価基準の原文は「20万円以下」で、"
                "計算は「以下」による）")
RETIREMENT_SOURCE = ("退職金見込額の1/8（退職が近いときは1/4）: 東京地裁の破産の資産目録に「8分の1（4分の1）相当額」の欄が"
                     "ある（shakkinseiri.jp）・拡張の類型の「退職金債権（1/8等）」（site-affiliate10.com/1996）")

KANKA_SOURCE = ("東京地裁の換価基準（個人の破産で換価等をしない財産。東京地裁破産再生部）: legal-counsel.jp/"
                "jikohasan-taishokukin/（基準の全文を引用）、shoh.info/archives/489（「破産管財の手引」による）、"
                "gohara-law-office.com/column/94/、musamura-law.com")
SORTING_EXACT_SOURCE = ("振分けの「20万円以上」: hashi-law.com/2020/10/13/jikohasan-furiwakekijun/、"
                        "sakura39-saimu.com/column/jikohasans/309/")
HOME_SHIKIKIN_NOTE = ("居住用家屋の敷金債権は、換価基準で額にかかわらず換価しない財産とされる（額の定めがない）。"
                      "東京地裁など多くの裁判所で居住用の敷金は処分しない扱いとする解説もある（shakkinseiri.jp、"
                      "houtori.com）。事業用の敷金・保証金はこれに当たらない。振分け（同時廃止か管財か）で居住用の敷金を"
                      "数えるかは確認できていないため、計算機では数えず、20万円以上なら数えた場合の結果も示す")

TOKYO = register("hasan.tokyo", "東京地裁の運用（破産の振分け・換価基準・少額管財）", [
    Provision({"label": "東京地裁の運用",
               "cash_threshold": 330_000,       # 現金がこの額以上 → 管財（振分け）
               "item_threshold": 200_000,       # 現金以外の財産が種類ごとにこの額以上 → 管財（振分け）
               "keep_threshold": 200_000,       # 換価基準: この額以下なら換価しない（keep_kinds）
               "deposit": 200_000,              # 少額管財の引継予納金（弁護士が代理人の場合）
               "keep_kinds": ("deposits", "insurance", "car", "retirement"),
               "keep_any_amount": ("shikikin_home",),   # 居住用家屋の敷金債権（額の定めなし）
               "retirement": F(1, 8),
               "closing_months": 3},            # 少額管財: 開始決定から約3か月後の債権者集会で終結を目指す
              HASAN_START, None, f"{TOKYO_SOURCE}／{SORTING_EXACT_SOURCE}／{KANKA_SOURCE}／{RETIREMENT_SOURCE}",
              PRACTICE,
              "振分け: 現金が33万円以上、または現金以外の財産が種類ごとに20万円以上あれば管財事件（弁護士が代理人なら"
              "少額管財、引継予納金20万円が目安）。どちらにも当たらなければ同時廃止の見込み。"
              "換価基準: 残高20万円以下の預貯金、見込額20万円以下の解約返戻金、処分見込価額20万円以下の自動車、支給見込額の"
              "1/8が20万円以下の退職金債権（超えるときは7/8）、居住用家屋の敷金債権、電話加入権、家財道具、差押禁止財産は"
              "換価しない（その範囲で自由財産の拡張の裁判があったものとして扱う）。振分けは「以上」、換価基準は「以下」"
              "なので、ちょうど20万円の預貯金は管財事件の基準に当たるが、換価はされない。" + HOME_SHIKIKIN_NOTE + "。"
              "33万円は66万円の1/2に当たる（当サイトの推論で、資料にそう書かれているわけではない）。"
              "総債務が500万円を超えるときや免責不許可事由の調査が必要なときも管財になりやすいとされる"
              "（jikohasan.kokoro-tokyo.com）。少額管財は開始決定からおよそ3か月後の債権者集会で終わることを目指す"
              "とされる（saimu4.com）。" + PRACTICE_START_NOTE),
])

COURTS = ("tokyo",)

# --- 特定調停（債務整理の比較で使う）: the court's guidance on the fee, and the usual length as practice -----------
# They live here because the comparison calculator is the only user; there is no 特定調停 module yet.
# When these began is not confirmed; the start date is the same formal lower bound as above.
TOKUTEI_FEE = register("seiri.tokutei_fee", "特定調停の申立手数料（債権者1社あたりの目安）", [
    Provision({"per_creditor": 500}, HASAN_START, None,
              "裁判所ウェブサイト 東京簡易裁判所「特定調停」の案内（courts.go.jp/tokyo-s/saiban/tokubetutyoutei/index.html:"
              " 個人の申立費用は業者1社につき500円程度、出頭は2回程度）", SECONDARY,
              "「程度」とされる目安で、借入額などにより変わることがある。ほかに郵便切手が必要で、額は裁判所ごとに違う"
              "（東京簡裁430円分の例: ai-saretsuma-shibuya.com）。" + PRACTICE_START_NOTE),
])

TOKUTEI_PERIOD = register("seiri.tokutei_period", "特定調停の分割期間（実務の目安）", [
    Provision({"min_years": 3, "max_years": 5}, HASAN_START, None,
              "実務の目安（当サイトの特定調停・費用と期間のガイドの記載。法律の定めではない）", PRACTICE,
              "将来利息を付けずに3〜5年程度で分割する形が多いとされる。法律の上限ではなく、個別の出典での確認は"
              "していない。" + PRACTICE_START_NOTE),
])


def court(key: str) -> Provision:
    """The court preset's provision, looked up by key (these practices are not dated)."""
    if key not in COURTS:
        raise KeyError(key)
    return schedule(f"hasan.{key}").provisions[-1]


def free_cash() -> Provision:
    """The current provision for the 自由財産 cash limit (the calculators have no date input)."""
    return FREE_CASH.provisions[-1]


def nondischargeable() -> Provision:
    return NONDISCHARGEABLE.provisions[-1]
