"""MkDocs hook: terms from the 用語集 (docs/yougo.md) explained on hover across the site.

The glossary page is the single source: a definition list whose term line is the term as it
appears in text (optionally followed by a reading in （）) and whose first sentence is the tooltip.
On every other page, the first occurrence of each term in running text becomes
<abbr title="…">term</abbr> (Material shows it as a tooltip). Headings, links, code, tables'
headers and calculators are left alone. Python-Markdown's `abbr` cannot do this for Japanese:
its word-boundary matching never fires between two kanji.
"""
from __future__ import annotations

import re
from html import escape
from pathlib import Path

_terms: list[tuple[str, str]] = []
SKIP_TAGS = {"a", "abbr", "code", "pre", "script", "style", "button", "label", "option", "select",
             "textarea", "svg", "title", "h1", "h2", "h3", "h4", "h5", "h6", "th", "dt", "summary",
             "figcaption"}
TAG = re.compile(r"(<[^>]+>)")
TAG_NAME = re.compile(r"<\s*(/?)\s*([a-zA-Z0-9]+)")


def parse_glossary(text: str) -> list[tuple[str, str]]:
    lines = text.splitlines()
    out = []
    for prev, line in zip(lines, lines[1:]):
        if not line.startswith(":   ") or not prev.strip() or prev.startswith(("#", ":", "-", "|", " ")):
            continue
        term = re.split(r"[（(]", prev.strip())[0].strip()
        body = line[4:].strip()
        tip = body.split("。")[0] + "。" if "。" in body else body
        if 1 < len(term) <= 20:
            out.append((term, tip))
    # longest first so 小規模個人再生 wins over 個人再生
    return sorted(out, key=lambda t: -len(t[0]))


def on_config(config):
    src = Path(config.docs_dir) / "yougo.md"
    _terms[:] = parse_glossary(src.read_text(encoding="utf-8")) if src.exists() else []
    return config


def annotate(html: str, terms: list[tuple[str, str]]) -> str:
    used: set[str] = set()
    skip = 0          # depth inside tags we never touch
    calc_depth = 0    # depth inside a calculator <section class="calc">
    parts = TAG.split(html)
    for i, part in enumerate(parts):
        if part.startswith("<"):
            m = TAG_NAME.match(part)
            if not m:
                continue
            closing, name = m.group(1) == "/", m.group(2).lower()
            self_closing = part.endswith("/>")
            if name == "section":
                if calc_depth:
                    calc_depth += -1 if closing else 1
                elif not closing and 'class="calc"' in part:
                    calc_depth = 1
            elif name in SKIP_TAGS and not self_closing:
                skip += -1 if closing else 1
                skip = max(skip, 0)
            continue
        if skip or calc_depth or not part.strip():
            continue
        spans: list[tuple[int, int, str]] = []   # chosen (start, end, tip) in this text, no overlaps
        for term, tip in terms:                   # longest first
            if term in used:
                continue
            start = part.find(term)
            while start >= 0 and any(a < start + len(term) and start < b for a, b, _ in spans):
                start = part.find(term, start + 1)
            if start < 0:
                continue
            spans.append((start, start + len(term), tip))
            used.add(term)
        for start, end, tip in sorted(spans, reverse=True):
            part = f'{part[:start]}<abbr title="{escape(tip)}">{part[start:end]}</abbr>{part[end:]}'
        parts[i] = part
    return "".join(parts)


def on_page_content(html, page, config, files):
    if not _terms or page.file.src_uri == "yougo.md":
        return html
    return annotate(html, _terms)
