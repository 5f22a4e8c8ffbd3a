"""The one entry point for the browser (via Pyodide) and the tests.

    run(calc_id, raw_inputs) -> {"id", "ok", "errors", "result", "html"}

`raw_inputs` maps field names to the strings a reader typed (rows fields: a list of such dicts).
On success `result` holds the JSON-able figures and `html` the rendered result; on a reader's
mistake `errors` maps field names (rows: "name.i.column") to Japanese messages. No exception and
no traceback ever reaches the reader: an unexpected failure becomes a polite message, and
`internal_error` is set so tests can catch it. Neither `run` nor `run_json` raises, whatever it is
given: absurd values (a 5,000-digit number, 1e400, a list where a number belongs) are field errors
in Japanese (calc.parse.as_text), and input that is not a JSON object is one polite message.
"""
from __future__ import annotations

import json
from decimal import Decimal
from typing import Any
from collections.abc import Mapping

from .calculators import all_calculators, get
from .core import FieldError, FieldErrors, jsonable
from .parse import MAX_INPUT_LENGTH, HugeNumber
from .render import render_html

INTERNAL_ERROR_MESSAGE = "計算できませんでした。入力を見直すか、ページを再読み込みしてください。"
BAD_INPUT_MESSAGE = "入力を読み取れませんでした。ページを再読み込みしてください。"


def calculator_ids() -> list[str]:
    return sorted(all_calculators())


def describe(calc_id: str) -> dict[str, Any]:
    return get(calc_id).describe()


def example_inputs(calc_id: str) -> dict[str, Any]:
    return get(calc_id).example_inputs()


def run(calc_id: str, raw: Mapping[str, Any] | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"id": calc_id if isinstance(calc_id, str) else "", "ok": False, "errors": {},
                           "result": None, "html": ""}
    try:
        calc = get(calc_id)
    except Exception:               # unknown, or not even a string
        out["errors"] = {"_": "この計算機は見つかりません"}
        return out
    try:
        if raw is None:
            raw = calc.example_inputs()
        values = calc.parse_inputs(raw if isinstance(raw, Mapping) else {})
        result = calc.compute(values)
        blocks = calc.blocks(result)
        notices = calc.link_notices(values)
        if notices:     # an older link whose figure a deliberate change altered: say so first
            result = {**result, "link_notices": notices}
            blocks = [{"type": "warnings", "title": "このリンクについて", "items": notices}, *blocks]
        out["result"] = jsonable(result)
        out["html"] = render_html(blocks)
        out["ok"] = True
    except FieldErrors as e:
        out["errors"] = dict(e.errors)
    except FieldError as e:
        out["errors"] = {e.name: e.message}
    except Exception as e:  # never let a traceback reach a reader
        out.update(ok=False, result=None, html="", errors={"_": INTERNAL_ERROR_MESSAGE})
        out["internal_error"] = _describe(e)
    return out


def _describe(e: BaseException) -> str:
    try:
        return f"{type(e).__name__}: {str(e)[:500]}"
    except Exception:
        return type(e).__name__


def _json_int(text: str) -> int | HugeNumber:
    # int() of more than 4,300 digits raises (and would fail the whole document): keep the size only
    digits = len(text.lstrip("-"))
    return HugeNumber(digits) if digits > MAX_INPUT_LENGTH else int(text)


def loads(raw_json: str) -> Any:
    """The browser's inputs: JSON with exact decimals (1e400 stays a number too large, not inf)."""
    return json.loads(raw_json, parse_int=_json_int, parse_float=Decimal)


def run_json(calc_id: str, raw_json: str) -> str:
    """Browser entry point: JSON string in, JSON string out. Never raises."""
    try:
        try:
            raw = loads(raw_json) if raw_json else {}
        except (ValueError, TypeError, RecursionError, MemoryError):   # not JSON, or nested too deep
            raw = None
        if isinstance(raw, Mapping):
            out = run(calc_id, raw)
        else:
            out = {"id": calc_id if isinstance(calc_id, str) else "", "ok": False,
                   "errors": {"_": BAD_INPUT_MESSAGE}, "result": None, "html": ""}
        return json.dumps(out, ensure_ascii=False)
    except Exception as e:  # e.g. a result that cannot be written as JSON: still an answer
        return json.dumps({"id": "", "ok": False, "errors": {"_": INTERNAL_ERROR_MESSAGE}, "result": None,
                           "html": "", "internal_error": _describe(e)}, ensure_ascii=False)
