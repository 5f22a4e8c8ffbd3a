CASES = [
    # the source's worked example typed with 全角 digits and 万円 (東京地裁の運用)
    ("seisan", {"preset": "tokyo", "cash": "２万円", "deposits": "５８，９６６円", "overpayment": "128,382",
                "securities": "356,890円", "retirement": "７５６万８９００円", "properties": []}),
    # a home with equity and an underwater second property: never netted; 全額で見積もる
    ("seisan", {"preset": "all", "deposits": "35万円", "insurance": "60万", "insurance_loan": "20万",
                "retirement": "", "properties": [
                    {"name": "自宅", "value": "３，０００万円", "secured": "2,400万円"},
                    {"name": "別荘", "value": "500万", "secured": "800万"}]}),
    # retirement near: 1/4 and a car under 所有権留保
    ("seisan", {"preset": "tokyo_retire_soon", "retirement": "1,200万円", "car": "150万",
                "car_loan": "90万", "retirement_fraction": ""}),
    # a business deposit (the 20万円 rule applies) next to a deposit of exactly 20万円 (0: 「20万円以下」)
    ("seisan", {"preset": "tokyo", "deposits": "２０万円", "shikikin": "45万円", "shikikin_use": "other",
                "retirement": "", "properties": []}),
]
