CASES = [
    ("chukai", {"price": "１，０００万円", "date": "R1.9.30"}),
    ("chukai", {"price": "500万", "date": "令和6年7月1日", "akiya": "apply", "side": "buyer"}),
    ("haibun", {"price": "１８００万円", "creditors": [
        {"name": "A銀行", "balance": "2,400万円", "principal": "", "hanko": ""},
        {"name": "B社", "balance": "300万", "principal": "250万", "hanko": ""},
        {"name": "C社", "balance": "80万", "principal": "", "hanko": ""}]}),
    ("haibun", {"kanri": "150万", "moving": "30万"}),
]
