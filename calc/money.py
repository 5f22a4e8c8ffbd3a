"""Exact money arithmetic: integer yen, exact rates, named rounding rules.

Every place a calculator turns an exact amount (a Fraction) into whole yen goes through a
`RoundingRule`, so the rule and its source can be shown to the reader next to the figure.
"""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

Number = int | Fraction


@dataclass(frozen=True)
class RoundingRule:
    """How an exact amount becomes whole yen, and why.

    mode: 'floor' (切捨て), 'ceil' (切上げ) or 'half_up' (四捨五入).
    name: a short Japanese description shown to the reader, including where the rule comes from.
    """

    mode: str
    name: str

    def apply(self, amount: Number) -> int:
        x = Fraction(amount)
        if self.mode == "floor":
            return x.numerator // x.denominator
        if self.mode == "ceil":
            return -((-x.numerator) // x.denominator)
        if self.mode == "half_up":
            # 四捨五入 away from zero, as in Japanese practice for positive amounts.
            sign = -1 if x < 0 else 1
            a = abs(x) + Fraction(1, 2)
            return sign * (a.numerator // a.denominator)
        raise ValueError(f"unknown rounding mode {self.mode!r}")


# The rules used across calculators. Each names the reason; calculators cite them in results.
CAP_FLOOR = RoundingRule(
    "floor",
    "上限額の計算: 上限を超えない最大の円（円未満切捨て）",
)
INTEREST_FLOOR = RoundingRule(
    "floor",
    "利息・損害金: 期間ごとに円未満切捨て（計算実務の通例）",
)
INSTALLMENT_CEIL = RoundingRule(
    "ceil",
    "分割額: 円未満切上げ、最終回で端数調整（再生計画の返済計画表の記載例に同じ）",
)
ESTIMATE_FLOOR = RoundingRule(
    "floor",
    "概算: 円未満切捨て",
)


def fraction_str(x: Fraction) -> str:
    """A JSON-friendly exact representation of a rate: '73/500'."""
    x = Fraction(x)
    return str(x.numerator) if x.denominator == 1 else f"{x.numerator}/{x.denominator}"
