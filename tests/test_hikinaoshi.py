"""引き直し計算 — published ledgers and hand-derived cases, boundaries, and properties.

Expectations are derived independently of the engine: literal figures copied from a published
ledger (source named), or the statute arithmetic written out with exact fractions (`fl(...)` is
the floor of an exact amount — the per-period 円未満切捨て).
"""
from datetime import date
from fractions import Fraction as F

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from calc import api
from calc.periods import period_end
from calc.hikinaoshi import (Settings, Transaction, compare, day_split, ledger_csv,
                             recalculate)


def fl(x) -> int:
    x = F(x)
    return x.numerator // x.denominator


def B(d, amount):
    return Transaction(d, borrow=amount)


def R(d, amount):
    return Transaction(d, repay=amount)


def H(year, month, day):
    """平成 year → date."""
    return date(1988 + year, month, day)


def rows_of(ledger):
    return [(r.date, r.borrow, r.repay, r.days, r.interest, r.unpaid, r.balance) for r in ledger.rows]


# --- published ledgers ------------------------------------------------------------------------------
def test_2ch_example2_rate_steps_down_and_stays():
    """2ちゃんねる借金生活板「過払金返還見習いスレ20社目」>>15 例2 (mimizun.com/log/2ch/debt/1274284758/15):
    the 29.2% history recomputed. 50,000円 → 20%; the same-day borrowing of 166,000円 after the
    payment makes the 元本 198,323円 → 18% (A); when the balance falls below 10万円 it stays 18% (B).
    The source prints 191,457 on row 7, but its own next row (174,662 = x + 3,210 − 20,000) needs
    191,452 = 198,323 + 3,129 − 10,000: a typo in the source; every other figure is matched."""
    tx = [B(H(13, 1, 15), 50_000), R(H(13, 1, 29), 5_000), R(H(13, 2, 26), 5_000), R(H(13, 3, 30), 5_000),
          R(H(13, 4, 25), 5_000), B(H(13, 4, 25), 166_000), R(H(13, 5, 27), 10_000), R(H(13, 6, 30), 20_000),
          R(H(13, 7, 27), 20_000), R(H(13, 8, 10), 100_000), R(H(13, 8, 27), 20_000), R(H(13, 9, 29), 10_000),
          R(H(13, 10, 25), 38_438)]
    led = recalculate(tx)
    got = [(r.days, r.interest, r.balance) for r in led.rows]
    assert got == [
        (0, 0, 50_000), (14, 383, 45_383), (28, 696, 41_079), (32, 720, 36_799), (26, 524, 32_323),
        (0, 0, 198_323), (32, 3_129, 191_452), (34, 3_210, 174_662), (27, 2_325, 156_987),
        (14, 1_083, 58_070), (17, 486, 38_556), (33, 627, 29_183), (26, 374, -8_881),
    ]
    assert [r.rate_label for r in led.rows[:6]] == ["20%"] * 5 + ["18%"]
    assert all(r.rate_label == "18%" for r in led.rows[6:12])
    assert led.kabarai == 8_881 and led.first_kabarai_date == H(13, 10, 25)


def test_2ch_first_rows_200000_at_18():
    """yomi.tokyo/agate/life9/debt/1199539288/85: 200,000×0.18×17/365 = 1,676.71 → 1,676円 →
    191,676円; 191,676×0.18×30/365 = 2,835.75 → 2,835円 → 184,511円."""
    led = recalculate([B(H(13, 1, 10), 200_000), R(H(13, 1, 27), 10_000), R(H(13, 2, 26), 10_000)])
    assert [(r.interest, r.balance) for r in led.rows] == [(0, 200_000), (1_676, 191_676), (2_835, 184_511)]


CHIBA = [B(date(2000, 3, 1), 500_000), R(date(2000, 3, 31), 25_000), R(date(2000, 4, 30), 25_000),
         R(date(2000, 5, 31), 25_000), B(date(2000, 6, 1), 40_000), R(date(2000, 6, 30), 25_000),
         R(date(2000, 7, 31), 25_000), R(date(2000, 8, 31), 475_286)]


def test_chiba_bengoshi_contract_ledger_leap_year_and_unpaid_interest():
    """chiba-bengoshi.pro/work/per_kabarai/ 「過払い金の計算方法と具体例」: the 約定 ledger at 25% in
    2000 (a leap year: ÷366). The 1 day of interest before the 6/1 borrowing (310円) is not added to
    the balance (借入残高 495,144円) and is paid with the next payment: 310 + 9,808 = 10,118円, each
    part truncated. Every published figure: 10,245 / 485,245; 9,943 / 470,188; 9,956 / 455,144;
    495,144; 10,118 / 480,262; 10,169 / 465,431; 9,855 / 完済."""
    led = recalculate(CHIBA, Settings(rate_mode="fixed", fixed_rate=F(25, 100)))
    r = led.rows
    assert [x.interest for x in r] == [0, 10_245, 9_943, 9_956, 310, 9_808, 10_169, 9_855]
    assert [x.balance for x in r] == [500_000, 485_245, 470_188, 455_144, 495_144, 480_262, 465_431, 0]
    assert r[4].unpaid == 310 and r[5].unpaid == 0
    assert r[4].interest + r[5].interest == 10_118
    assert led.claim == 0 and led.debt == 0


def test_chiba_bengoshi_recomputed_at_18():
    """The same history at 利息制限法 18% (元本 500,000円), derived by hand:
    3/31 fl(500,000×.18×30/366)=7,377 → 482,377; 4/30 fl(482,377×.18×30/366)=7,117 → 464,494;
    5/31 fl(464,494×.18×31/366)=7,081 → 446,575; 6/1 fl(446,575×.18×1/366)=219 未払 → 486,575;
    6/30 fl(486,575×.18×29/366)=6,939, pays 219+6,939 → 468,733; 7/31 7,146 → 450,879;
    8/31 fl(450,879×.18×31/366)=6,874 → 475,286 − 457,753 = 過払金 17,533円 (5%)."""
    led = recalculate(CHIBA)
    assert fl(F(500_000) * F(18, 100) * F(30, 366)) == 7_377
    assert [x.interest for x in led.rows] == [0, 7_377, 7_117, 7_081, 219, 6_939, 7_146, 6_874]
    assert [x.balance for x in led.rows][-1] == -17_533
    assert led.tranches[0].rate == F(5, 100) and led.tranches[0].arose == date(2000, 8, 31)


def test_shomin_law_leap_year_366():
    """shomin-law.com/kabaraiuruudoshi.html (レイクの計算書): 478,594円, 2000-03-27 → 2000-04-25, 29 days.
    ÷366: 478,594×0.18×29/366 = 6,825.8 → 6,825円 (what 引き直し uses); ÷365: 6,844.5 → 6,844円."""
    tx = [B(date(2000, 3, 27), 478_594), R(date(2000, 4, 25), 10_000)]
    fixed = dict(rate_mode="fixed", fixed_rate=F(18, 100))
    assert recalculate(tx, Settings(**fixed)).rows[1].interest == 6_825
    assert recalculate(tx, Settings(**fixed, days_mode="365")).rows[1].interest == 6_844


def test_bengoshi_mie_year_parts_added_before_flooring():
    """bengoshi-mie.com/matsusakashi/blog/1280: 100万円×5%, 平成22年6月3日〜平成24年3月2日 (両端入れ from
    6/3 = our 片端 from 6/2): 1年 + 212日/365 + 62日/366. The source floors each part:
    50,000 + 29,041 + 8,469 = 87,510円; PERIOD_FLOOR adds the parts exactly first:
    50,000 + 29,041.09 + 8,469.95 = 87,511.04 → 87,511円 (the documented 1-yen difference)."""
    led = recalculate([B(date(2010, 6, 2), 1_000_000)],
                      Settings(rate_mode="fixed", fixed_rate=F(5, 100), end_date=date(2012, 3, 2)))
    assert day_split(date(2010, 6, 2), date(2012, 3, 2)) == (212 + 365, 62)
    assert led.unpaid == fl(F(1_000_000) * F(5, 100) * (F(212, 365) + 1 + F(62, 366))) == 87_511


def test_keiji_sample_rates_20_18_15_and_no_rise():
    """The sample of keiji.py (github.com/hata48915b/makdo, `keiji --sample`): 10,000円 (H24.1.1),
    +100,000円 (H25.1.1), +1,000,000円 (H26.1.1), then 300,000円 every 1 January H27–R2. Rates by
    最判H22.4.20: 20% (元本 10,000) → 18% (10,000+100,000) → 15% (110,000+1,000,000), then 15% to the end.
    Interest by hand (片端入れ, 各年計算; 2012 and 2016 are leap years):
      2012-01-01→2013-01-01: fl(10,000×.20×(365/366+1/365)) = 2,000 (未払)
      2013-01-01→2014-01-01: fl(110,000×.18×1) = 19,800 (未払 21,800)
      2014-01-01→2015-01-01: fl(1,110,000×.15) = 166,500; 300,000 pays 188,300 未払 → 998,300
      2015→2016: fl(998,300×.15×(364/365+1/366)) = 149,743 → 848,043   (2016-01-01 is in 2016)
      2016→2017: fl(848,043×.15×(365/366+1/365)) = 127,207 → 675,250
      2017→2018: fl(675,250×.15×(364/365+1/365)) = 101,287 → 476,537;  2018→2019: 71,480 → 248,017;
      2019→2020: fl(248,017×.15) = 37,202 → −14,781 (過払金 at 5%, arising 2020-01-01)."""
    tx = [B(H(24, 1, 1), 10_000), B(H(25, 1, 1), 100_000), B(H(26, 1, 1), 1_000_000)]
    tx += [R(date(y, 1, 1), 300_000) for y in range(2015, 2021)]
    led = recalculate(tx)
    assert [(d, r) for d, r, _ in led.rate_changes] == [(date(2012, 1, 1), F(20, 100)), (date(2013, 1, 1), F(18, 100)),
                                                       (date(2014, 1, 1), F(15, 100))]
    assert [b for _, _, b in led.rate_changes] == [10_000, 110_000, 1_110_000]
    assert fl(F(998_300) * F(15, 100) * (F(364, 365) + F(1, 366))) == 149_743
    assert [r.interest for r in led.rows] == [0, 2_000, 19_800, 166_500, 149_743, 127_207, 101_287, 71_480, 37_202]
    assert [r.balance for r in led.rows][-5:] == [848_043, 675_250, 476_537, 248_017, -14_781]
    assert all(r.rate_label == "15%" for r in led.rows[2:-1])
    assert led.tranches[0].rate == F(5, 100)


# --- leap years --------------------------------------------------------------------------------------
def test_period_spanning_new_year_into_leap_year():
    # 2011-12-31 → 2012-01-01: the one day counted is 2012-01-01 (leap) → ÷366.
    assert day_split(date(2011, 12, 31), date(2012, 1, 1)) == (0, 1)
    led = recalculate([B(date(2011, 12, 31), 1_000_000), R(date(2012, 1, 1), 1_000)])
    assert led.rows[1].interest == fl(F(1_000_000) * F(15, 100) / 366) == 409      # ÷365 would give 410
    # 2011-12-01 → 2012-02-01: 30 days of 2011 (÷365) + 32 days of 2012 (÷366), added then floored:
    # 12,328.77 + 13,114.75 = 25,443.52 → 25,443 (flooring each part would give 25,442).
    assert day_split(date(2011, 12, 1), date(2012, 2, 1)) == (30, 32)
    led = recalculate([B(date(2011, 12, 1), 1_000_000), R(date(2012, 2, 1), 1_000)])
    assert led.rows[1].interest == 25_443


def test_period_inside_leap_year_and_over_29_february():
    # 2012-03-01 → 2012-04-01: 31 days ÷366 = 12,704.9 → 12,704
    led = recalculate([B(date(2012, 3, 1), 1_000_000), R(date(2012, 4, 1), 1_000)])
    assert led.rows[1].interest == fl(F(150_000) * 31 / 366) == 12_704
    # 2012-02-28 → 2012-03-01 counts 2/29 and 3/1: 2 days ÷366
    assert day_split(date(2012, 2, 28), date(2012, 3, 1)) == (0, 2)
    # 2011-06-01 → 2013-06-01 with ÷365 always: 731 days
    assert day_split(date(2011, 6, 1), date(2013, 6, 1), "365") == (731, 0)
    assert day_split(date(2011, 6, 1), date(2013, 6, 1)) == (731 - 366, 366)


# --- rate steps (最判平成22年4月20日) -----------------------------------------------------------------
@pytest.mark.parametrize("second, rate", [(49_999, F(20, 100)), (50_000, F(18, 100))])
def test_step_at_100000(second, rate):
    # 50,000 (20%) + a same-day borrowing: 99,999 stays 20%, 100,000 becomes 18%
    led = recalculate([B(date(2005, 1, 1), 50_000), B(date(2005, 1, 1), second), R(date(2005, 12, 31), 1_000)])
    assert led.rate_changes[-1][1] == rate
    assert led.rows[-1].interest == fl(F(50_000 + second) * rate * F(364, 365))


@pytest.mark.parametrize("third, rate", [(499_999, F(18, 100)), (500_000, F(15, 100))])
def test_step_at_1000000(third, rate):
    led = recalculate([B(date(2005, 1, 1), 500_000), B(date(2005, 1, 1), third)])
    assert led.rate_changes[-1][1] == rate
    assert [r for _, r, _ in led.rate_changes] == ([F(18, 100)] if rate == F(18, 100) else [F(18, 100), F(15, 100)])


def test_unpaid_interest_is_not_part_of_the_base():
    # 50,000 on 2001-01-01 (20%); on 2001-02-01 未払 fl(50,000×.2×31/365) = 849; borrowing 49,999 →
    # 元本 99,999 (the 849 of interest does not count) → still 20%; borrowing 50,000 → 100,000 → 18%.
    a = recalculate([B(date(2001, 1, 1), 50_000), B(date(2001, 2, 1), 49_999)])
    assert a.rows[1].unpaid == 849 and a.rate_changes[-1] == (date(2001, 1, 1), F(20, 100), 50_000)
    b = recalculate([B(date(2001, 1, 1), 50_000), B(date(2001, 2, 1), 50_000)])
    assert b.rate_changes[-1] == (date(2001, 2, 1), F(18, 100), 100_000)


def test_balance_below_100000_keeps_18_and_small_borrowing_does_not_raise_it():
    # 200,000 at 18%; after 150,000 is repaid the balance is below 10万 but the rate stays 18%.
    tx = [B(date(2006, 1, 1), 200_000), R(date(2006, 7, 1), 150_000), R(date(2007, 1, 1), 10_000),
          B(date(2007, 2, 1), 5_000), R(date(2007, 3, 1), 10_000)]
    led = recalculate(tx)
    i1 = fl(F(200_000) * F(18, 100) * F(181, 365))                       # 17,852
    p1 = 200_000 + i1 - 150_000
    i2 = fl(F(p1) * F(18, 100) * F(184, 365))                            # still 18%, not 20%
    assert [r.interest for r in led.rows[1:3]] == [i1, i2]
    assert [r for _, r, _ in led.rate_changes] == [F(18, 100)]            # the 5,000 borrowing changes nothing
    assert all(r.rate_label == "18%" for r in led.rows)


def test_rate_never_rises_after_overpayment_and_new_small_borrowing():
    # 100万 → 15%; fully overpaid; a later borrowing of 5万 (20% tier on its own) stays at 15%.
    tx = [B(date(2003, 1, 1), 1_000_000), R(date(2003, 1, 1), 1_100_000), B(date(2004, 1, 1), 150_000),
          R(date(2004, 7, 1), 10_000)]
    led = recalculate(tx)
    assert [r for _, r, _ in led.rate_changes] == [F(15, 100)]


def test_fixed_rate_mode_uses_the_given_rate():
    led = recalculate([B(date(2005, 1, 1), 50_000), R(date(2006, 1, 1), 1_000)],
                      Settings(rate_mode="fixed", fixed_rate=F(18, 100)))
    assert led.rows[1].interest == 9_000 and led.rate_changes == []


# --- 過払利息 5% / 3% --------------------------------------------------------------------------------
def test_tranche_arising_2020_03_31_is_5_percent_for_good():
    # borrow 100,000 (18%) on 2020-03-01; 2020-03-31 interest fl(100,000×.18×30/366) = 1,475;
    # 200,000 repaid → 過払金 98,525 at 5% (arose before 2020-04-01, 附則15条1項), to 2021-03-31:
    # 274+1 … days 2020-04-01..12-31 = 275 (÷366) and 2021-01-01..03-31 = 90 (÷365)
    led = recalculate([B(date(2020, 3, 1), 100_000), R(date(2020, 3, 31), 200_000)],
                      Settings(end_date=date(2021, 3, 31)))
    assert led.kabarai == 98_525
    assert led.kabarai_interest == fl(F(98_525) * F(5, 100) * (F(275, 366) + F(90, 365))) == 4_916
    assert led.kabarai_split() == (98_525, 0)


def test_tranche_arising_2020_04_01_is_3_percent():
    # same, repaid a day later: interest fl(100,000×.18×31/366) = 1,524 → 過払金 98,476 at 3%;
    # to 2021-03-31: 274 days of 2020 (÷366) + 90 of 2021 (÷365)
    led = recalculate([B(date(2020, 3, 1), 100_000), R(date(2020, 4, 1), 200_000)],
                      Settings(end_date=date(2021, 3, 31)))
    assert led.kabarai == 98_476
    assert led.kabarai_interest == fl(F(98_476) * F(3, 100) * (F(274, 366) + F(90, 365)))
    assert led.kabarai_split() == (0, 98_476)


def test_two_tranches_each_keep_their_rate_and_first_mode_keeps_5():
    tx = [B(date(2020, 3, 1), 100_000), R(date(2020, 3, 31), 200_000), R(date(2020, 6, 1), 50_000)]
    end = date(2021, 6, 1)
    led = recalculate(tx, Settings(end_date=end))
    assert [(t.amount, t.rate) for t in led.tranches] == [(98_525, F(5, 100)), (50_000, F(3, 100))]
    # period 3/31→6/1: 62 days of 2020 on 98,525 at 5%; period 6/1→end: 213 days of 2020 + 152 of 2021
    # on 98,525 at 5% and 50,000 at 3%, added exactly, floored once per period
    p1 = fl(F(98_525) * F(5, 100) * F(62, 366))
    p2 = fl((F(98_525) * F(5, 100) + F(50_000) * F(3, 100)) * (F(213, 366) + F(152, 365)))
    assert led.kabarai_interest == p1 + p2
    first = recalculate(tx, Settings(end_date=end, kabarai_interest="first"))
    assert {t.rate for t in first.tranches} == {F(5, 100)}
    none = recalculate(tx, Settings(end_date=end, kabarai_interest="none"))
    assert none.kabarai_interest == 0 and none.kabarai == 148_525


def test_unknown_future_legal_rate_is_refused_not_guessed():
    from calc.hikinaoshi import LedgerError
    with pytest.raises(LedgerError):
        recalculate([B(date(2029, 4, 1), 10_000, ), R(date(2029, 4, 1), 20_000)])
    out = api.run("hikinaoshi", {**api.example_inputs("hikinaoshi"), "end_date": "",
                                 "transactions": [{"date": "2029/4/1", "borrow": "1万", "repay": "2万"}]})
    assert not out["ok"] and "transactions.0.date" in out["errors"] and "internal_error" not in out


# --- borrowing during 過払金 (最判平成25年4月11日) -------------------------------------------------------
def test_borrowing_during_overpayment_takes_interest_first_then_kabarai():
    # 50,000 (20%) borrowed and 150,000 repaid the same day → 過払金 100,000 (5%).
    # 2006-01-01: 過払利息 100,000×5%×365/365 = 5,000; borrow 30,000 = 5,000 (利息) + 25,000 (過払金)
    # 2007-01-01: 過払利息 75,000×5% = 3,750; borrow 100,000 = 3,750 + 75,000 + 元本 21,250;
    # the rate is judged on the whole borrowing (100,000 → 18%).
    tx = [B(date(2005, 1, 1), 50_000), R(date(2005, 1, 1), 150_000), B(date(2006, 1, 1), 30_000),
          B(date(2007, 1, 1), 100_000)]
    led = recalculate(tx)
    assert led.applied_to_borrowing == [(date(2006, 1, 1), 5_000, 25_000), (date(2007, 1, 1), 3_750, 75_000)]
    assert led.rows[2].balance == -75_000 and led.rows[2].kabarai_interest_total == 0
    assert led.principal == 21_250 and led.kabarai == 0
    assert [r for _, r, _ in led.rate_changes] == [F(20, 100), F(18, 100)]


def test_borrowing_smaller_than_accrued_interest_leaves_kabarai_untouched():
    tx = [B(date(2005, 1, 1), 50_000), R(date(2005, 1, 1), 150_000), B(date(2006, 1, 1), 3_000)]
    led = recalculate(tx)
    assert led.kabarai == 100_000 and led.kabarai_interest == 2_000 and led.principal == 0


# --- payments smaller than interest -----------------------------------------------------------------------
def test_payment_below_interest_is_carried_as_unpaid_not_added_to_principal():
    # 300,000 at 18% for 365 days = 54,000; a 20,000 payment leaves 34,000 未払, 元本 unchanged;
    # next year's interest is on 300,000 again (単利), and the next payment clears 未払 first.
    tx = [B(date(2005, 1, 1), 300_000), R(date(2006, 1, 1), 20_000), R(date(2007, 1, 1), 100_000)]
    led = recalculate(tx)
    assert (led.rows[1].interest, led.rows[1].unpaid, led.rows[1].balance) == (54_000, 34_000, 300_000)
    assert (led.rows[2].interest, led.rows[2].unpaid, led.rows[2].balance) == (54_000, 0, 288_000)


# --- 一連 vs 分断 --------------------------------------------------------------------------------------
GAP_TX = [B(date(2001, 1, 1), 100_000), R(date(2002, 1, 1), 150_000), B(date(2004, 1, 1), 50_000),
          R(date(2004, 7, 1), 20_000)]


def test_ichiren_and_bundan_with_a_gap():
    """By hand. 2002-01-01: interest 100,000×18% = 18,000 → 過払金 32,000 (5%). Gap 730 days to a
    borrowing: 一連 — 過払利息 fl(32,000×5%×(364/365 + 365/365 + 1/366)) = 3,199 and 32,000 meet the
    50,000 borrowing → 元本 14,801 at 18% (the rate does not rise); 2004-07-01 interest
    fl(14,801×18%×182/366) = 1,324 → 20,000 − 16,125 = 過払金 3,875 (5%).
    分断 — part 1 keeps 32,000 with 5% to the end; part 2 starts afresh: 50,000 → 20%, interest
    fl(50,000×20%×182/366) = 4,972 → 元本 34,972 remains."""
    end = date(2005, 7, 1)
    cmp = compare(GAP_TX, Settings(end_date=end))
    assert [(g.after, g.before, g.days, g.balance) for g in cmp.gaps] == [(date(2002, 1, 1), date(2004, 1, 1), 730, -32_000)]
    one = cmp.ichiren
    assert one.applied_to_borrowing == [(date(2004, 1, 1), 3_199, 32_000)]
    assert one.rows[3].interest == 1_324 and one.kabarai == 3_875
    # 2004-07-01 → 2005-07-01: 183 days of 2004 (÷366) + 182 days of 2005 (÷365)
    assert one.kabarai_interest == fl(F(3_875) * F(5, 100) * (F(183, 366) + F(182, 365)))
    seg1, seg2 = cmp.segments
    assert seg1.kabarai == 32_000
    # 2002-01-01 → 2005-07-01 in one period: 364 + 365 + 182 days ÷365 and 366 days of 2004 ÷366
    assert seg1.kabarai_interest == fl(F(32_000) * F(5, 100) * (F(364 + 365 + 182, 365) + F(366, 366))) == 5_593
    assert seg2.rate_changes == [(date(2004, 1, 1), F(20, 100), 50_000)]
    assert seg2.rows[1].interest == 4_972 and seg2.rows[1].balance == 34_972
    assert seg2.principal == 34_972
    assert seg2.unpaid == fl(F(34_972) * F(20, 100) * (F(183, 366) + F(182, 365)))
    assert cmp.bundan_net == seg1.net + seg2.net
    # a threshold above the gap: no split, 分断 = 一連
    same = compare(GAP_TX, Settings(end_date=end, gap_days=731))
    assert same.gaps == [] and same.segments == [same.ichiren]


def test_long_gap_with_debt_outstanding_is_not_a_split():
    tx = [B(date(2001, 1, 1), 500_000), R(date(2001, 2, 1), 10_000), B(date(2004, 1, 1), 50_000)]
    assert compare(tx).gaps == []


def test_limitation_dates_by_minpo_143():
    # 取引終了 2015-03-10 → the period starts 3/11 and ends the day before 2025-03-11
    assert period_end(date(2015, 3, 10), 120) == date(2025, 3, 10)
    # 2008-02-28 → starts 2008-02-29; 2018 has no 2/29 → month end 2018-02-28
    assert period_end(date(2008, 2, 28), 120) == date(2018, 2, 28)
    # 2012-02-29 → starts 3/1 → ends 2022-02-28
    assert period_end(date(2012, 2, 29), 120) == date(2022, 2, 28)
    cmp = compare(GAP_TX, Settings(end_date=date(2005, 7, 1)))
    assert cmp.limitation.ten_years == date(2014, 7, 1) and cmp.limitation.old_law and not cmp.limitation.new_law
    assert cmp.segment_limitations[0].ten_years == date(2012, 1, 1)


def test_five_year_limitation_only_for_kabarai_from_2020():
    tx = [B(date(2020, 3, 1), 100_000), R(date(2020, 4, 1), 200_000)]
    cmp = compare(tx, Settings(known_date=date(2021, 5, 10), end_date=date(2022, 1, 1)))
    assert cmp.limitation.new_law and cmp.limitation.five_years == date(2026, 5, 10)
    assert cmp.limitation.last_day() == date(2026, 5, 10)
    old = compare([B(date(2019, 3, 1), 100_000), R(date(2019, 4, 1), 200_000)],
                  Settings(known_date=date(2021, 5, 10)))
    assert old.limitation.five_years is None and old.limitation.ten_years == date(2029, 4, 1)


# --- same-day order ----------------------------------------------------------------------------------
def test_same_day_order_input_vs_borrow_first():
    # 95,000 owed; on one day 10,000 repaid and 10,000 borrowed. In the order entered (repay first)
    # the 元本 at the borrowing is 85,000+10,000 = 95,000 → 20%; borrowing first: 105,000 → 18%.
    tx = [B(date(2005, 1, 1), 95_000), R(date(2005, 1, 1), 10_000), B(date(2005, 1, 1), 10_000)]
    assert recalculate(tx).rate_changes[-1][1] == F(20, 100)
    assert recalculate(tx, Settings(same_day="borrow_first")).rate_changes[-1][1] == F(18, 100)


def test_newest_first_history_is_read_bottom_up():
    tx = [R(H(13, 2, 26), 10_000), R(H(13, 1, 27), 10_000), B(H(13, 1, 10), 200_000)]
    assert recalculate(tx).principal == 184_511


def test_row_with_both_amounts_is_borrow_then_repay():
    a = recalculate([B(date(2005, 1, 1), 95_000), Transaction(date(2005, 1, 1), borrow=10_000, repay=10_000)])
    assert a.rate_changes[-1][1] == F(18, 100) and a.principal == 95_000


# --- calculator (api) --------------------------------------------------------------------------------
def test_worked_example_figures():
    out = api.run("hikinaoshi")
    assert out["ok"], out["errors"]
    r = out["result"]
    i = r["ichiren"]
    assert (i["kabarai"], i["kabarai_interest"], i["claim"]) == (95_879, 47_367, 143_246)
    assert i["first_kabarai_date"] == "2008-09-01" and i["trade_end"] == "2016-03-01"
    assert i["limitation"]["ten_years"] == "2026-03-01"
    assert r["gaps"] == [{"after": "2008-09-01", "before": "2010-03-01", "days": 546, "balance": -23_410}]
    assert r["bundan"]["net"] == 108_217 and r["bundan_difference"] == 35_029
    assert r["bundan"]["net_unbarred"] == 65_401
    # first rows by hand: 500,000 at 18%, 185 days: fl(500,000×.18×185/365) = 45,616 → 465,616
    row = dict(zip(r["ledger_fields"], r["ledger"][1]))
    assert row["interest"] == 45_616 and row["balance"] == 465_616 and row["date"] == "2005-10-03"
    # the 2010-03-01 borrowing is met by 過払利息 then 過払金: 2008-09-01 → 2010-03-01 is 121 days of
    # 2008 (leap, ÷366) + 365 of 2009 + 60 of 2010: fl(23,410×5%×(121/366 + 425/365)) = 1,749
    assert fl(F(23_410) * F(5, 100) * (F(121, 366) + F(425, 365))) == 1_749
    assert r["applied_to_borrowing"] == [{"date": "2010-03-01", "from_interest": 1_749, "from_kabarai": 23_410}]
    assert "143,246円" in out["html"]


def test_csv_has_header_and_every_ledger_row():
    out = api.run("hikinaoshi")
    lines = out["result"]["csv"].split("\r\n")
    assert lines[0] == "年月日,借入金額,弁済額,利率,日数,利息,未払利息,残元金,過払利息,過払利息累計,摘要"
    assert len([l for l in lines[1:] if l]) == len(out["result"]["ledger"])
    assert lines[1].startswith("2005/04/01,500000,,18%,0,0,0,500000")
    assert any(",-95879," in l for l in lines)


def test_typed_inputs_and_errors():
    base = api.example_inputs("hikinaoshi")
    out = api.run("hikinaoshi", {**base, "transactions": [{"date": "平成１７年４月１日", "borrow": "５０万円", "repay": ""},
                                                          {"date": "2006/4/1", "borrow": "", "repay": "60万"}]})
    assert out["ok"] and out["result"]["ichiren"]["kabarai"] > 0
    bad = api.run("hikinaoshi", {**base, "transactions": [{"date": "H17.4.1", "borrow": "", "repay": ""},
                                                          {"date": "H17.5.1", "borrow": "", "repay": "1万"}]})
    assert bad["errors"] == {"transactions.0.borrow": "借入額か返済額を入力してください"}
    early = api.run("hikinaoshi", {**base, "end_date": "H17.1.1"})
    assert list(early["errors"]) == ["end_date"]
    fixed = api.run("hikinaoshi", {**base, "rate_mode": "fixed", "fixed_rate": ""})
    assert fixed["errors"] == {"fixed_rate": "利率を入力してください"}
    over = api.run("hikinaoshi", {**base, "rate_mode": "fixed", "fixed_rate": "28%"})
    assert over["ok"] and any("超えています" in w for w in over["result"]["warnings"])


def test_thousand_rows_accepted_and_1001_refused():
    start = date(2001, 1, 1)
    rows = [{"date": "2001/1/1", "borrow": "100万", "repay": ""}]
    rows += [{"date": date.fromordinal(start.toordinal() + 7 * (k + 1)).isoformat(), "borrow": "", "repay": "5千"}
             for k in range(999)]
    out = api.run("hikinaoshi", {**api.example_inputs("hikinaoshi"), "transactions": rows, "end_date": ""})
    assert out["ok"], out["errors"]
    assert len(out["result"]["ledger"]) == 1000
    out = api.run("hikinaoshi", {**api.example_inputs("hikinaoshi"), "transactions": rows + rows[-1:]})
    assert out["errors"] == {"transactions": "1000行までです"}


# --- properties --------------------------------------------------------------------------------------
days = st.one_of(st.just(0), st.integers(min_value=1, max_value=800))   # many same-day rows
amount = st.integers(min_value=1, max_value=3_000_000)
txs = st.lists(st.tuples(days, st.sampled_from(["b", "r"]), amount), min_size=1, max_size=25)
modes = st.fixed_dictionaries({
    "rate_mode": st.sampled_from(["hanrei", "fixed"]),
    "days_mode": st.sampled_from(["kakunen", "nen_hi", "365"]),
    "first_day": st.sampled_from(["exclude", "include"]),
    "tier_base": st.sampled_from(["gross", "net"]),
    "kabarai_interest": st.sampled_from(["tranche", "first", "none"]),
    "same_day": st.sampled_from(["input", "borrow_first"]),
})


def build(steps, start=date(2005, 1, 1)):
    out, d = [], start
    for gap, kind, a in steps:
        d = date.fromordinal(d.toordinal() + gap)
        out.append(B(d, a) if kind == "b" else R(d, a))
    return out


def make_settings(m, extra_days=0, last=None):
    end = date.fromordinal(last.toordinal() + extra_days) if last else None
    return Settings(rate_mode=m["rate_mode"], fixed_rate=F(18, 100) if m["rate_mode"] == "fixed" else None,
                    days_mode=m["days_mode"], kabarai_interest=m["kabarai_interest"], same_day=m["same_day"],
                    end_date=end, first_day=m["first_day"],
                    tier_base=m["tier_base"] if m["rate_mode"] == "hanrei" else "gross")


@settings(max_examples=80, deadline=None)
@given(steps=txs, m=modes, extra=st.integers(min_value=0, max_value=1000))
def test_ledger_invariants(steps, m, extra):
    tx = build(steps)
    if tx[-1].date >= date(2029, 1, 1):
        return
    led = recalculate(tx, make_settings(m, extra, max(t.date for t in tx)))
    prev = None
    for r in led.rows:
        assert r.unpaid >= 0 and r.kabarai_interest_total >= 0 and r.interest >= 0
        assert not (r.balance > 0 and r.kabarai_interest_total > 0)
        if r.kind == "repay" and prev is not None:
            # a payment never raises the balance (元本, or 過払金 as a negative balance)
            assert r.balance <= prev.balance
            assert r.unpaid <= prev.unpaid + r.interest
        prev = r
    if m["rate_mode"] == "hanrei":       # 最判H22.4.20: the rate only ever steps down
        rates = [r for _, r, _ in led.rate_changes]
        assert all(a > b for a, b in zip(rates, rates[1:]))
    # conservation: what was paid minus what was borrowed and the interest owed = the final position
    assert led.net == led.repaid - led.borrowed - led.total_interest + led.total_kabarai_interest


@settings(max_examples=60, deadline=None)
@given(steps=txs, m=modes, i=st.integers(min_value=0, max_value=30))
def test_swapping_same_day_rows_is_stable(steps, m, i):
    """borrow_first: any two rows of one day may be swapped; input order: two rows of the same kind."""
    tx = build(steps)
    if tx[-1].date >= date(2029, 1, 1):
        return
    pairs = [k for k in range(len(tx) - 1) if tx[k].date == tx[k + 1].date
             and (m["same_day"] == "borrow_first" or (tx[k].borrow > 0) == (tx[k + 1].borrow > 0))]
    if not pairs:
        return
    k = pairs[i % len(pairs)]
    swapped = tx[:k] + [tx[k + 1], tx[k]] + tx[k + 2:]
    s = make_settings(m, 100, tx[-1].date)
    x, y = recalculate(tx, s), recalculate(swapped, s)
    assert (x.principal, x.unpaid, x.kabarai, x.kabarai_interest) == (y.principal, y.unpaid, y.kabarai, y.kabarai_interest)
    assert [(t.amount, t.rate, t.arose) for t in x.tranches] == [(t.amount, t.rate, t.arose) for t in y.tranches]
    assert rows_of(x)[-1] == rows_of(y)[-1]


junk = st.one_of(st.text(max_size=20), st.sampled_from(
    ["", "H17.4.1", "R2.4.1", "2029/4/1", "1954/6/14", "令和99年1月1日", "50万", "-5", "0", "1e9", "３万円",
     "9" * 30, "2/30", "NaN", "<b>", "H31.5.1", "元年", "1,0,0"]))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_no_internal_error_on_junk(data):
    n = data.draw(st.integers(min_value=0, max_value=6))
    raw = {f["name"]: data.draw(junk) for f in api.describe("hikinaoshi")["fields"] if f["kind"] != "rows"}
    raw["rate_mode"] = data.draw(st.sampled_from(["hanrei", "fixed", "x"]))
    raw["transactions"] = [{"date": data.draw(junk), "borrow": data.draw(junk), "repay": data.draw(junk)}
                           for _ in range(n)]
    out = api.run("hikinaoshi", raw)
    assert "internal_error" not in out, out
    if not out["ok"]:
        assert out["errors"] and all(isinstance(v, str) and v for v in out["errors"].values())


@settings(max_examples=40, deadline=None)
@given(steps=txs, m=modes)
def test_api_matches_engine_and_csv_has_every_row(steps, m):
    tx = build(steps)
    if tx[-1].date >= date(2029, 1, 1):
        return
    raw = {"transactions": [{"date": t.date.isoformat(), "borrow": str(t.borrow or ""), "repay": str(t.repay or "")}
                            for t in tx],
           "end_date": "", "rate_mode": m["rate_mode"], "fixed_rate": "18%", "days_mode": m["days_mode"],
           "kabarai_interest": m["kabarai_interest"], "same_day": m["same_day"], "gap_days": "365", "known_date": "",
           "first_day": m["first_day"], "tier_base": m["tier_base"]}
    out = api.run("hikinaoshi", raw)
    assert out["ok"], out
    led = recalculate(tx, make_settings(m))
    assert out["result"]["ichiren"]["net"] == led.net
    assert ledger_csv(led) == out["result"]["csv"]
