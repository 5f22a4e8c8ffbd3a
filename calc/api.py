"""The one entry point for the browser (via Pyodide) and the tests.

    run(calc_id, raw_inputs) -> {"id", "ok", "errors", "result", "html"}

`raw_inputs` maps field names to the strings a reader typed (rows fields: a list of such dicts).
On success `result` holds the JSON-able figures and `html` the rendered result; on a reader's
mistake `errors` maps field names (rows: "name.i.column") to Japanese messages. No exception and
no traceback ever reaches the reader: an unexpected failure becomes a polite message, and
`internal_error` is set so tests can catch it.
"""
from __future__ import annotations

import json
from typing import Any, Mapping

from .calculators import all_calculators, get
from .core import FieldError, FieldErrors, jsonable
from .render import render_html

INTERNAL_ERROR_MESSAGE = "計算できませんでした。入力を見直すか、ページを再読み込みしてください。"


def calculator_ids() -> list[str]:
    return sorted(all_calculators())


def describe(calc_id: str) -> dict[str, Any]:
    return get(calc_id).describe()


def example_inputs(calc_id: str) -> dict[str, Any]:
    return get(calc_id).example_inputs()


def run(calc_id: str, raw: Mapping[str, Any] | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"id": calc_id, "ok": False, "errors": {}, "result": None, "html": ""}
    try:
        calc = get(calc_id)
    except KeyError:
        out["errors"] = {"_": "この計算機は見つかりません"}
        return out
    if raw is None:
        raw = calc.example_inputs()
    try:
        values = calc.parse_inputs(raw if isinstance(raw, Mapping) else {})
        result = calc.compute(values)
        blocks = calc.render(result)
        out["result"] = jsonable(result)
        out["html"] = render_html(blocks)
        out["ok"] = True
    except FieldErrors as e:
        out["errors"] = dict(e.errors)
    except FieldError as e:
        out["errors"] = {e.name: e.message}
    except Exception as e:  # never let a traceback reach a reader
        out["errors"] = {"_": INTERNAL_ERROR_MESSAGE}
        out["internal_error"] = f"{type(e).__name__}: {e}"
    return out


def run_json(calc_id: str, raw_json: str) -> str:
    """Browser entry point: JSON string in, JSON string out."""
    try:
        raw = json.loads(raw_json) if raw_json else {}
    except ValueError:
        raw = {}
    return json.dumps(run(calc_id, raw), ensure_ascii=False)
