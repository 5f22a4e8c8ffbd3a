# Fields that appear only under a checkbox (show_if) are listed after the checkbox, so they are visible
# when typed into.
CASES = [
    # 最低弁済額: no 住宅ローン, 全角 digits → K = 1,200万 → 240万
    ("saitei", {"total": "１，２００万円", "housing_loan": ""}),
    # without the 特別条項: T = 1,500万, K = 1,500万 + 担保不足700万 = 2,200万 → 300万
    ("saitei", {"total": "4,000万円", "housing_loan": "2,500万", "housing_clause": "",
                "housing_secured": "1,800万円"}),
    # over the 5,000万円 limit → not available
    ("saitei", {"total": "6000万", "housing_loan": "", "secured": "５００万円"}),
    # 可処分所得: イ (10か月), 全角
    ("kashobun", {"kubun": "i", "months": "１０か月", "income": "３００万円", "income_tax": "10万",
                  "resident_tax": "15万", "social": "25万"}),
    # ロ: 7か月, an annual amount that needs rounding up, only 住居費 entered
    ("kashobun", {"kubun": "ro", "months": "7", "income": "1,000,000", "income_tax": "", "resident_tax": "",
                  "social": "", "kojin": "", "setai": "", "toki": "", "jukyo": "120万", "kinro": ""}),
    # 再生計画: kojinsaiseisoudan.com's example (2,000万・清算価値80万・可処分所得900万), no 住宅ローン
    ("saisei", {"total": "２，０００万円", "housing_loan": "", "housing_clause": "", "liquidation": "80万円",
                "disposable_2y": "900万円"}),
    # 5 years every 3 months (特別の事情), 清算価値 decides the 小規模 total
    ("saisei", {"years": "5", "interval": "3", "liquidation": "３５０万円"}),
    # 代位弁済 令和7年3月10日 → 期限 2025年9月10日; 基準日 R7.9.11 is past it
    ("saisei", {"housing_clause": "1", "subrogation_date": "令和7年3月10日", "reference_date": "R7.9.11"}),
]
