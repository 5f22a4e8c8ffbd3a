"""Every calculator is one module here defining `CALCULATOR`; they are found automatically.

A calculator's module is named after its id, so `get(id)` imports just that module (and what it
reuses): the browser imports only the calculators on the page, which keeps start-up short.
"""
from __future__ import annotations

import importlib
import pkgutil
import re
from types import ModuleType

from ..core import Calculator

_CALCULATORS: dict[str, Calculator] = {}
_ALL_LOADED = False
_ID = re.compile(r"^[a-z][a-z0-9_]*$")


def _register(module: ModuleType) -> None:
    calc = getattr(module, "CALCULATOR", None)
    if isinstance(calc, Calculator):
        if calc.id != module.__name__.rsplit(".", 1)[-1]:
            raise ValueError(f"calculator id {calc.id!r} must match its module name {module.__name__}")
        _CALCULATORS[calc.id] = calc


def all_calculators() -> dict[str, Calculator]:
    global _ALL_LOADED
    if not _ALL_LOADED:
        for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
            _register(importlib.import_module(f"{__name__}.{info.name}"))
        _ALL_LOADED = True
    return _CALCULATORS


def get(calc_id: str) -> Calculator:
    if calc_id not in _CALCULATORS and isinstance(calc_id, str) and _ID.match(calc_id):
        try:
            _register(importlib.import_module(f"{__name__}.{calc_id}"))
        except ModuleNotFoundError as e:
            if e.name != f"{__name__}.{calc_id}":
                raise  # the calculator exists but something it imports is missing
    if calc_id not in _CALCULATORS:
        raise KeyError(calc_id)
    return _CALCULATORS[calc_id]
