"""Shared unit-test helper: run a calculator on raw inputs and insist it computed."""
from __future__ import annotations

from typing import Any

from calc import api


def computed(calc_id: str, base: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    """calc.api.run on `base` updated by `changes`; fails the test on a field error or an internal
    error (a traceback caught by api.run); returns the whole answer (ok, result, html)."""
    out = api.run(calc_id, {**base, **changes})
    assert out["ok"], out["errors"]
    assert "internal_error" not in out, out["internal_error"]
    return out
