CASES = [
    ("ninni", {"creditors": [
        {"name": "Aカード", "balance": "５０万円", "rate": "年18％", "payment": "１万５千円"},
        {"name": "B社", "balance": "32万", "rate": "15%", "payment": "1万"},
        {"name": "Cローン", "balance": "１２０万円", "rate": "", "payment": ""}],
        "count": "custom", "count_custom": "４８回"}),
    ("ninni", {"count": "36", "start": "令和7年6月27日"}),
    ("chien", {"principal": "５０万円", "start": "令和5年12月1日", "end": "令和6年3月1日", "method": "kakunen"}),
    ("chien", {"principal": "１００万", "rate_kind": "hotei", "start": "R2.3.31", "end": "令和6年3月31日",
               "first_day": "include", "rounding": "segment"}),
    # issue 11: 東京地裁民事21部's 0.1円 method on its own example; 商事法定利率 with the 商行為 date
    ("chien", {"principal": "10万円", "rate_kind": "custom", "rate": "18%", "start": "令和3年8月2日",
               "end": "令和7年7月15日", "first_day": "include", "method": "nen_hi", "rounding": "tokyo21"}),
    ("chien", {"principal": "１００万円", "rate_kind": "shoji", "obligation_date": "令和2年3月15日",
               "start": "R2.6.30", "end": "令和2年12月31日", "rounding": "total"}),
]
