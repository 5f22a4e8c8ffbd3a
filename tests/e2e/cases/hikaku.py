CASES = [
    # 自己破産: cash 40万 (≥ 33万 → 管財 under the 東京地裁 practice, still all 自由財産 by statute), deposits under 20万,
    # a 国民健康保険料 arrear that a 免責 leaves standing; 全角 digits as typed on a phone
    ("hasan", {"court": "tokyo", "cash": "４０万円", "deposits": "１２万", "car": "",
               "debts": [{"name": "Aカード", "balance": "２５０万円", "kind": ""},
                         {"name": "国民健康保険料", "balance": "１８万", "kind": "tax"}]}),
    # no court practice: a home with equity and a 退職金 (1/4), everything but cash goes to the 財団
    ("hasan", {"court": "none", "cash": "", "deposits": "30万", "car": "", "retirement": "８００万円",
               "properties": [{"name": "自宅", "value": "2,200万", "secured": "2,000万円"}],
               "debts": [{"name": "住宅ローン", "balance": "2,000万円", "kind": ""},
                         {"name": "慰謝料", "balance": "100万", "kind": "malice"}]}),
    # the 20万円 boundary: a deposit of exactly 20万円 (管財 by the 振分け, not sold by the 換価基準) and a
    # 居住用 敷金 (never sold; not counted in the 振分け, the other reading shown)
    ("hasan", {"court": "tokyo", "cash": "", "deposits": "２０万円", "shikikin": "３０万円", "shikikin_use": "home",
               "debts": [{"name": "Aカード", "balance": "150万円", "kind": ""}]}),
    # 比較: no home, a car loan kept out of 任意整理, 36回 and 5年
    ("hikaku", {"debts": [{"name": "Aカード", "balance": "６０万円", "rate": "18%", "payment": "２万円", "kind": ""},
                          {"name": "B社", "balance": "１４０万", "rate": "15%", "payment": "４万", "kind": ""},
                          {"name": "車のローン", "balance": "90万", "rate": "5%", "payment": "3万",
                           "kind": "secured"}],
                "income": "２２万円", "deposits": "８万", "cash": "３万", "home_value": "", "keep_home": "",
                "ninni_count": "36", "years": "5"}),
    # over 5,000万 (個人再生 not available), keeping the home
    ("hikaku", {"debts": [{"name": "事業資金", "balance": "５，５００万円", "rate": "", "payment": "", "kind": ""},
                          {"name": "住宅ローン", "balance": "3,000万", "rate": "", "payment": "12万",
                           "kind": "housing"}],
                "home_value": "3,200万円", "keep_home": "1", "income": "40万"}),
]
