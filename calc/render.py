"""Render a calculator's result blocks to HTML — the same code at build time and in the browser.

Calculators describe results as a list of plain blocks (dicts); this module is the only place
that turns them into markup, so the pre-rendered worked example and the live result can never
drift apart. Everything is escaped; charts are inline SVG (no scripts, no external resources).
"""
from __future__ import annotations

from html import escape
from typing import Any
from collections.abc import Iterable


def render_html(blocks: Iterable[dict[str, Any]]) -> str:
    return "".join(_block(b) for b in blocks)


def _cell(c: Any, tag: str, numeric: bool, scope: str = "", key: bool = False) -> str:
    cls = []
    strong = False
    if isinstance(c, dict):
        text = c.get("text", "")
        strong = bool(c.get("strong"))
        if c.get("class"):
            cls.append(str(c["class"]))
        if "numeric" in c:
            numeric = bool(c["numeric"])
    else:
        text = "" if c is None else c
    if numeric:
        cls.append("num")
    if key:
        cls.append("calc-keycol")
    attrs = f' class="{" ".join(cls)}"' if cls else ""
    if scope:
        attrs += f' scope="{scope}"'
    body = escape(str(text))
    if strong:
        body = f"<strong>{body}</strong>"
    if isinstance(c, dict) and c.get("note"):
        body += f'<span class="calc-cellnote">{escape(str(c["note"]))}</span>'
    return f"<{tag}{attrs}>{body}</{tag}>"


def _text(c: Any) -> str:
    return str(c.get("text", "") if isinstance(c, dict) else ("" if c is None else c))


def _key_column(b: dict[str, Any], numeric: set[int], width: int) -> int | None:
    """The column that answers the table's question, kept in view at the right edge when the table
    scrolls sideways on a phone. A table may name it (`"key": index`, or None for no such column);
    otherwise it is the last column when that column holds amounts (残債, 年末の残高, 合計 …)."""
    if "key" in b:
        key: int | None = b["key"]
        return key
    last = width - 1
    return last if width >= 3 and last in numeric else None


def _table(b: dict[str, Any]) -> str:
    numeric = set(b.get("numeric", []))
    row_headers = bool(b.get("row_headers", True))
    cols = b.get("columns", [])
    width = max([len(cols)] + [len(r["cells"] if isinstance(r, dict) else r) for r in b.get("rows", [])])
    key = _key_column(b, numeric, width)
    # The wrapper scrolls sideways when the table is wider than a phone: a named region in the tab
    # order, so a keyboard reader can scroll it too (WCAG 2.1.1; axe scrollable-region-focusable).
    name = b.get("caption") or "表（" + "・".join(_text(c) for c in cols if _text(c)) + "）"
    parts = [f'<div class="calc-table-wrap" role="region" tabindex="0" aria-label="{escape(name)}">'
             '<table class="calc-table">']
    if b.get("caption"):
        parts.append(f"<caption>{escape(b['caption'])}</caption>")
    if cols:
        parts.append("<thead><tr>" + "".join(
            _cell(c, "th", i in numeric, "col", i == key) for i, c in enumerate(cols)) + "</tr></thead>")
    parts.append("<tbody>")
    for row in b.get("rows", []):
        cls = ""
        if isinstance(row, dict):
            cls = f' class="{escape(row.get("class", ""))}"' if row.get("class") else ""
            row = row["cells"]
        cells = []
        for i, c in enumerate(row):
            if i == 0 and row_headers:
                cells.append(_cell(c, "th", i in numeric, "row"))
            else:
                cells.append(_cell(c, "td", i in numeric, key=i == key))
        parts.append(f"<tr{cls}>" + "".join(cells) + "</tr>")
    parts.append("</tbody>")
    if b.get("foot"):
        parts.append("<tfoot>")
        for row in b["foot"]:
            parts.append("<tr>" + "".join(
                _cell(c, "th" if i == 0 else "td", i in numeric, "row" if i == 0 else "", i == key and i != 0)
                for i, c in enumerate(row)) + "</tr>")
        parts.append("</tfoot>")
    parts.append("</table></div>")
    return "".join(parts)


def _summary(b: dict[str, Any]) -> str:
    parts = ['<dl class="calc-summary">']
    for it in b.get("items", []):
        cls = ' class="calc-key"' if it.get("strong") else ""
        note = f'<span class="calc-note">{escape(it["note"])}</span>' if it.get("note") else ""
        parts.append(f'<div{cls}><dt>{escape(it["label"])}</dt><dd>'
                     f'<span class="calc-value">{escape(str(it["value"]))}</span>{note}</dd></div>')
    parts.append("</dl>")
    return "".join(parts)


def _list(b: dict[str, Any], cls: str, title: str) -> str:
    items = b.get("items", [])
    if not items:
        return ""
    head = escape(b.get("title") or title)
    lis = "".join(f"<li>{escape(str(i))}</li>" for i in items)
    return f'<div class="{cls}"><p class="calc-list-title">{head}</p><ul>{lis}</ul></div>'


def _bars(b: dict[str, Any]) -> str:
    """Horizontal bar chart. Values are yen; negative values are drawn as zero-length bars."""
    bars = b.get("bars", [])
    unit = b.get("unit", "円")
    fmt = b.get("format") or (lambda v: f"{v:,}{unit}")
    width, label_w, value_w, bar_h, gap = 420, 132, 104, 24, 12  # narrow viewBox: legible on a phone
    plot_w = width - label_w - value_w - 10
    top = 8
    height = top + len(bars) * (bar_h + gap)
    vmax = max([max(0, int(x["value"])) for x in bars] + [1])
    desc = "、".join(f'{x["label"]}: {fmt(int(x["value"]))}' for x in bars)
    title = escape(b.get("title", ""))
    parts = [f'<figure class="calc-chart"><svg viewBox="0 0 {width} {height}" role="img" '
             f'aria-label="{title}。{escape(desc)}" xmlns="http://www.w3.org/2000/svg">']
    for i, x in enumerate(bars):
        y = top + i * (bar_h + gap)
        v = max(0, int(x["value"]))
        w = round(plot_w * v / vmax, 1)
        cls = escape(x.get("class", f"s{i % 4}"))
        parts.append(f'<text x="{label_w - 8}" y="{y + bar_h * 0.7:.1f}" text-anchor="end" '
                     f'class="lbl">{escape(x["label"])}</text>')
        parts.append(f'<rect x="{label_w}" y="{y}" width="{w}" height="{bar_h}" rx="3" class="bar {cls}"/>')
        parts.append(f'<text x="{label_w + w + 6:.1f}" y="{y + bar_h * 0.7:.1f}" class="val">'
                     f'{escape(fmt(int(x["value"])))}</text>')
    parts.append("</svg>")
    if title:
        parts.append(f"<figcaption>{title}</figcaption>")
    parts.append("</figure>")
    return "".join(parts)


def _line(b: dict[str, Any]) -> str:
    """A simple line chart of one or more series over an integer x axis (e.g. payment number)."""
    series = b.get("series", [])
    width, height, left, bottom, top, right = 420, 220, 84, 28, 12, 12
    xs = [p[0] for s in series for p in s["points"]] or [0, 1]
    ys = [p[1] for s in series for p in s["points"]] or [0, 1]
    x0, x1 = min(xs), max(xs) if max(xs) > min(xs) else min(xs) + 1
    y1 = max(max(ys), 1)
    pw, ph = width - left - right, height - top - bottom

    def sx(x: float) -> float:
        scaled: float = left + pw * (x - x0) / (x1 - x0)
        return scaled

    def sy(y: float) -> float:
        scaled: float = top + ph * (1 - max(0, y) / y1)
        return scaled

    title = escape(b.get("title", ""))
    desc = escape(b.get("description", ""))
    parts = [f'<figure class="calc-chart"><svg viewBox="0 0 {width} {height}" role="img" '
             f'aria-label="{title}。{desc}" xmlns="http://www.w3.org/2000/svg">',
             f'<line x1="{left}" y1="{top + ph}" x2="{left + pw}" y2="{top + ph}" class="axis"/>',
             f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + ph}" class="axis"/>',
             f'<text x="{left - 6}" y="{top + 10}" text-anchor="end" class="tick">'
             f'{escape(b.get("y_max_label", f"{y1:,}"))}</text>',
             f'<text x="{left - 6}" y="{top + ph}" text-anchor="end" class="tick">0</text>',
             f'<text x="{left + pw}" y="{height - 8}" text-anchor="end" class="tick">'
             f'{escape(b.get("x_label", ""))}</text>']
    for i, s in enumerate(series):
        pts = " ".join(f"{sx(x):.1f},{sy(y):.1f}" for x, y in s["points"])
        parts.append(f'<polyline points="{pts}" class="series s{i % 4}" fill="none"/>')
    parts.append("</svg>")
    legend = "".join(f'<span class="legend s{i % 4}">{escape(s["label"])}</span>' for i, s in enumerate(series))
    parts.append(f"<figcaption>{title} {legend}</figcaption></figure>")
    return "".join(parts)


def _block(b: dict[str, Any]) -> str:
    t = b.get("type")
    if t == "summary":
        return _summary(b)
    if t == "table":
        return _table(b)
    if t == "warnings":
        return _list(b, "calc-warnings", "注意")
    if t == "notes":
        return _list(b, "calc-notes", "計算の前提")
    if t == "citations":
        return _list(b, "calc-citations", "根拠")
    if t == "bars":
        return _bars(b)
    if t == "line":
        return _line(b)
    if t == "heading":
        return f'<h3 class="calc-h">{escape(b["text"])}</h3>'
    if t == "paragraph":
        return f'<p class="calc-p">{escape(b["text"])}</p>'
    if t == "details":
        inner = render_html(b.get("blocks", []))
        return f'<details class="calc-details"><summary>{escape(b["summary"])}</summary>{inner}</details>'
    if t == "columns":
        inner = "".join(f'<div class="calc-col">{render_html(col)}</div>' for col in b.get("columns", []))
        return f'<div class="calc-cols">{inner}</div>'
    raise ValueError(f"unknown block type {t!r}")
