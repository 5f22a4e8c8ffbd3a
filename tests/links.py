"""Shared links as the site writes them, and the result each gives: a promise kept across changes.

A reader's 「この計算のリンクをコピー」 writes the calculator's inputs into the URL fragment
(overrides/assets/calc/runtime.js, `writeHash` + `flatten`):

    #<calc>.<field>=<value>&<calc>.<rows>.<i>.<column>=<value>

encoded by the browser's URLSearchParams, blank values left out. Opening such a link, the page reads
the fragment back against the form (`hashParams` + `valuesFromPairs`), puts the values into the form's
inputs and sends what the inputs then hold to `calc.api.run`. `encode` and `decode` below mirror those
functions rule for rule, so a recorded link replays here exactly as a reader's browser replays it.

The corpus under tests/data/links/ holds, per calculator, the worked example and every choice value
and flag (rows' choice columns included) changed one at a time, each with what `calc.api.run` gave
when it was recorded. tests/test_links.py replays all of them; tests/e2e/test_links.py replays one
per calculator through the page.

    python -m tests.links --update     # rewrite the corpus; prints every link whose result changed

A changed result is a broken promise unless it is deliberate: a renamed field or option keeps its
old spelling as an alias (`Field.aliases`, `Field.value_aliases`), and a deliberate change of
default or method is declared in `Calculator.changes`, which tells a reader opening an older link
what changed (see CONTRIBUTING.md).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from pathlib import Path
from typing import Any
from urllib.parse import unquote_to_bytes

from calc import api

CORPUS = Path(__file__).resolve().parent / "data" / "links"
MAX_VALUE_CHARS = 2000            # runtime.js: a single field value read from a link
_SAFE = set(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789*-._")


# ---- writing: runtime.js flatten() + URLSearchParams ---------------------------------------------
def _form_encode(s: str) -> str:
    """application/x-www-form-urlencoded as URLSearchParams writes it (space → +, `*-._` kept)."""
    out = []
    for b in s.encode("utf-8"):
        if b in _SAFE:
            out.append(chr(b))
        elif b == 0x20:
            out.append("+")
        else:
            out.append(f"%{b:02X}")
    return "".join(out)


def flatten(values: dict[str, Any]) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for k, v in values.items():
        if isinstance(v, list):
            for i, row in enumerate(v):
                out.extend((f"{k}.{i}.{c}", cv) for c, cv in row.items() if cv != "")
        elif v != "":
            out.append((k, v))
    return out


def encode(calc_id: str, values: dict[str, Any]) -> str:
    """The fragment (without '#') the page writes for these form values."""
    return "&".join(f"{_form_encode(calc_id + '.' + k)}={_form_encode(v)}" for k, v in flatten(values))


# ---- what the form's inputs hold ------------------------------------------------------------------
def _input_value(field: dict[str, Any], v: str) -> str:
    """What an input holds after runtime.js `writeInput(inp, v)` and reads back as `readInput(inp)`:
    a checkbox is checked only by "1"; a <select> set to a value it has no option for holds "";
    a one-line text input drops line breaks (the HTML value sanitization)."""
    if field["kind"] == "flag":
        return "1" if v == "1" else ""
    if field["kind"] == "choice":     # an old value (alias) is a hidden <option>: it is held too
        held = {o["value"] for o in field["options"] + field.get("value_aliases", [])}
        return v if v in held else ""
    return v.replace("\r", "").replace("\n", "")


def _rendered_value(field: dict[str, Any], v: Any) -> str:
    """What an input holds as the form template renders it with value `v` (the worked example):
    a <select> whose value has no option shows its first option."""
    if field["kind"] == "flag":
        return "1" if v else ""
    if field["kind"] == "choice":
        values = [o["value"] for o in field["options"]]
        return v if v in values else values[0]
    return "" if v is None else str(v)


def form_fields(calc_id: str) -> dict[str, dict[str, Any]]:
    """The form's fields by name, as runtime.js `readSchema()` finds them: each declared field, and
    a hidden input for each old name of a renamed field (calc resolves it)."""
    out: dict[str, dict[str, Any]] = {}
    for f in api.describe(calc_id)["fields"]:
        out[f["name"]] = f
        for old in f.get("aliases", []):
            out[old] = {"name": old, "kind": "alias", "options": []}
    return out


def form_values(calc_id: str, raw: dict[str, Any]) -> dict[str, Any]:
    """The form's values (runtime.js `values()`) once it shows `raw` as the template renders it."""
    out: dict[str, Any] = {}
    for f in form_fields(calc_id).values():
        if f["kind"] == "rows":
            out[f["name"]] = [{c["name"]: _rendered_value(c, row.get(c["name"], "")) for c in f["columns"]}
                              for row in raw.get(f["name"], [])]
        else:
            out[f["name"]] = _rendered_value(f, raw.get(f["name"], ""))
    return out


# ---- reading: runtime.js hashParams() + valuesFromPairs() + setValues()/values() -------------------
def _decode_component(s: str) -> str:
    """decodeURIComponent: every %XX decoded; a malformed escape or bad UTF-8 raises ValueError."""
    if re.search(r"%(?![0-9A-Fa-f]{2})", s):
        raise ValueError("malformed escape")
    return unquote_to_bytes(s).decode("utf-8")      # strict: invalid UTF-8 raises


def hash_params(fragment: str) -> list[tuple[str, str]]:
    raw = fragment[1:] if fragment.startswith("#") else fragment
    out: list[tuple[str, str]] = []
    if not raw:
        return out
    for part in raw.split("&"):
        eq = part.find("=")
        if eq < 0:
            continue                                  # an anchor, not an input
        try:
            out.append((_decode_component(part[:eq].replace("+", " ")),
                        _decode_component(part[eq + 1:].replace("+", " "))))
        except ValueError:
            continue
    return out


def decode(calc_id: str, fragment: str) -> tuple[dict[str, Any] | None, dict[str, int]]:
    """The inputs the page sends to calc.api.run for a link, or None when the link holds none for
    this calculator (the page then keeps the worked example); and the row tables clipped to their
    maximum (name → maximum)."""
    fields = form_fields(calc_id)
    prefix = f"{calc_id}."
    values: dict[str, Any] = {name: [] if f["kind"] == "rows" else "" for name, f in fields.items()}
    rows: dict[str, dict[int, dict[str, str]]] = {}
    clipped: dict[str, int] = {}
    found = False
    for key, v in hash_params(fragment):
        if not key.startswith(prefix) or len(v) > MAX_VALUE_CHARS:
            continue
        parts = key[len(prefix):].split(".")
        f = fields.get(parts[0])
        if f is None:
            continue
        if f["kind"] == "rows":
            columns = {c["name"] for c in f["columns"]}
            if len(parts) != 3 or parts[2] not in columns or not re.fullmatch(r"[0-9]{1,7}", parts[1]):
                continue
            i, limit = int(parts[1]), max(1, int(f["max_rows"] or 50))
            if i >= limit:
                clipped[f["name"]] = limit
                continue
            rows.setdefault(f["name"], {}).setdefault(i, {})[parts[2]] = v
            found = True
        elif len(parts) == 1:
            values[f["name"]] = v
            found = True
    for name, by_index in rows.items():
        values[name] = [by_index.get(i, {}) for i in range(max(by_index) + 1)]
    if not found:
        return None, clipped
    return _through_inputs(fields, values), clipped


def _through_inputs(fields: dict[str, dict[str, Any]], values: dict[str, Any]) -> dict[str, Any]:
    """setValues() then values(): what each input holds; every row has every column."""
    out: dict[str, Any] = {}
    for name, f in fields.items():
        v = values[name]
        if f["kind"] == "rows":
            out[name] = [{c["name"]: _input_value(c, row.get(c["name"], "")) for c in f["columns"]}
                         for row in v[: max(1, int(f["max_rows"] or 50))]]
        else:
            out[name] = _input_value(f, v)
    return out


# ---- the corpus --------------------------------------------------------------------------------------
def variants(calc_id: str) -> list[tuple[str, dict[str, Any]]]:
    """(name, form values): the worked example, then every choice value and flag changed alone."""
    base = form_values(calc_id, api.example_inputs(calc_id))
    out: list[tuple[str, dict[str, Any]]] = [("example", base)]
    for f in api.describe(calc_id)["fields"]:
        name = f["name"]
        if f["kind"] == "choice":
            for o in f["options"]:
                if o["value"] != base[name]:
                    out.append((f"{name}={o['value']}", {**base, name: o["value"]}))
        elif f["kind"] == "flag":
            out.append((f"{name}={'' if base[name] else '1'}", {**base, name: "" if base[name] else "1"}))
        elif f["kind"] == "rows" and base[name]:
            for c in f["columns"]:
                for o in c["options"] if c["kind"] == "choice" else []:
                    if o["value"] != base[name][0][c["name"]]:
                        changed = [dict(r) for r in base[name]]
                        changed[0][c["name"]] = o["value"]
                        out.append((f"{name}.0.{c['name']}={o['value']}", {**base, name: changed}))
            out.append((f"{name}: last row only", {**base, name: base[name][-1:]}))
    return out


def outcome(calc_id: str, values: dict[str, Any]) -> dict[str, Any]:
    """What is recorded of calc.api.run's answer: everything, the HTML as its SHA-256."""
    out = api.run(calc_id, values)
    return {"ok": out["ok"], "errors": out["errors"], "result": out["result"],
            "internal_error": out.get("internal_error"),
            "html_sha256": hashlib.sha256(out["html"].encode("utf-8")).hexdigest()}


def replay(calc_id: str, fragment: str) -> dict[str, Any]:
    values, _ = decode(calc_id, fragment)
    return outcome(calc_id, values if values is not None else api.example_inputs(calc_id))


def build(calc_id: str) -> list[dict[str, Any]]:
    entries = []
    for name, values in variants(calc_id):
        fragment = encode(calc_id, values)
        entries.append({"name": name, "link": "#" + fragment, "outcome": replay(calc_id, fragment)})
    return entries


def load(calc_id: str) -> list[dict[str, Any]]:
    path = CORPUS / f"{calc_id}.json"
    return json.loads(path.read_text("utf-8")) if path.exists() else []


def update() -> list[str]:
    """Rewrite the corpus from today's code; return the links whose recorded result changed."""
    CORPUS.mkdir(parents=True, exist_ok=True)
    changed: list[str] = []
    for calc_id in api.calculator_ids():
        recorded = load(calc_id)
        old = {e["link"]: e["outcome"] for e in recorded}
        entries = build(calc_id)
        for e in entries:
            if e["link"] in old and old[e["link"]] != e["outcome"]:
                changed.append(f"{calc_id} [{e['name']}] {e['link']}")
        links = {e["link"] for e in entries}
        for e in recorded:        # a link no longer generated stays in the corpus, with today's result
            if e["link"] not in links:
                entries.append({"name": e["name"], "link": e["link"], "outcome": replay(calc_id, e["link"][1:])})
                if entries[-1]["outcome"] != e["outcome"]:
                    changed.append(f"{calc_id} [{e['name']}] {e['link']}")
        (CORPUS / f"{calc_id}.json").write_text(
            json.dumps(entries, ensure_ascii=False, indent=1, sort_keys=True) + "\n", "utf-8")
    return changed


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m tests.links", description=__doc__.split("\n\n")[0])
    ap.add_argument("--update", action="store_true", help="rewrite tests/data/links/ and print changed links")
    args = ap.parse_args(argv)
    if not args.update:
        ap.print_help()
        return 2
    changed = update()
    for line in changed:
        print("CHANGED", line)
    print(f"{len(changed)} recorded link(s) changed their result", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
