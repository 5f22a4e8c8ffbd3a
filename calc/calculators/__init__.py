"""Every calculator is one module here defining `CALCULATOR`; they are found automatically."""
from __future__ import annotations

import importlib
import pkgutil

from ..core import Calculator

_CALCULATORS: dict[str, Calculator] = {}


def all_calculators() -> dict[str, Calculator]:
    if not _CALCULATORS:
        for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
            module = importlib.import_module(f"{__name__}.{info.name}")
            calc = getattr(module, "CALCULATOR", None)
            if isinstance(calc, Calculator):
                if calc.id in _CALCULATORS:
                    raise ValueError(f"duplicate calculator id {calc.id}")
                _CALCULATORS[calc.id] = calc
    return _CALCULATORS


def get(calc_id: str) -> Calculator:
    calcs = all_calculators()
    if calc_id not in calcs:
        raise KeyError(calc_id)
    return calcs[calc_id]
