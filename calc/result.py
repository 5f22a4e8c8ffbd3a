"""The part of every result that is not a figure: warnings, notes and citations.

A calculator's compute collects them in a `Findings` and returns `findings.fields()` within its
result (citations de-duplicated in first-seen order); the framework (`Calculator.blocks`) ends every
rendered result with the notes and the citations (`tail_blocks`), so a calculator's `render` draws
only what is its own. A calculator whose notes are written at render time says so with
`Calculator(standard_tail=False)` and ends its blocks with `tail_blocks(notes, citations)` itself.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

Block = dict[str, Any]


def unique(items: Iterable[str]) -> list[str]:
    """Items in first-seen order, each once."""
    return list(dict.fromkeys(items))


@dataclass
class Findings:
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    citations: list[str] = field(default_factory=list)

    def fields(self, unique_warnings: bool = False) -> dict[str, list[str]]:
        """The result's "warnings", "notes" and "citations" (citations each once)."""
        return {"warnings": unique(self.warnings) if unique_warnings else self.warnings,
                "notes": self.notes, "citations": unique(self.citations)}


def warnings_blocks(warnings: list[str], title: str = "") -> list[Block]:
    """The warnings block, or nothing when there are none."""
    if not warnings:
        return []
    return [{"type": "warnings", "title": title, "items": warnings} if title else
            {"type": "warnings", "items": warnings}]


def tail_blocks(notes: list[str], citations: list[str]) -> list[Block]:
    """The standard end of every result: the assumptions, then the law and sources cited."""
    return [{"type": "notes", "items": notes}, {"type": "citations", "items": citations}]


def standard_tail(result: dict[str, Any]) -> list[Block]:
    return tail_blocks(result.get("notes", []), result.get("citations", []))
