"""Bounds on what one YAML file may hold, checked when it is read.

Drafts are untrusted: a file of 10,000 steps, 500 lanes or a 2 MB label
would make the swimlane, the pages and the book work for minutes and take
gigabytes. Every file is held to these bounds as soon as it is parsed (before
the model sees it), so no check, drawing or rendering ever gets an unbounded
input. Each bound is far above what a real SOP needs (the README lists them);
a file over one is reported at the place that goes over, and not loaded.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from generator.problems import Problem

if TYPE_CHECKING:  # yamlsource calls check_limits: import its types for checking only
    from generator.yamlsource import DataPath, YamlDocument

MAX_FILE_BYTES = 2_000_000  # checked by stat before reading (yamlsource.read_yaml)
MAX_STEPS = 200  # `prosedur` items of one SOP; real SOPs have 5 to 30
MAX_LANES = 30  # `pelaksana` of one SOP (swimlane columns); real SOPs have 2 to 8
MAX_LIST_ITEMS = 200  # items of any other list (kelengkapan, dasar_hukum, ...)
MAX_TEXT_CHARS = 2_000  # characters of one text field; a long kegiatan is ~300
MAX_DIGITS = 30  # digits in a row in one value (a NIP has 18)
MAX_DEPTH = 12  # nesting of mappings and lists; an SOP needs 5

_DIGIT_RUN = re.compile(rf"\d{{{MAX_DIGITS + 1},}}")
# C0 control characters except tab, line feed and carriage return: YAML lets
# them in through escapes ("\x01", "\0"), and XML 1.0 (SVG, BPMN, .docx) cannot
# hold them, so every text is refused with one. (DEL and C1 are legal XML.)
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def check_limits(doc: YamlDocument) -> list[Problem]:
    """The bounds `doc` goes over, each at its place (at most one problem per value)."""
    problems: list[Problem] = []
    _walk(doc, doc.data, (), problems)
    return problems


def _list_limit(path: DataPath) -> tuple[int, str]:
    if path == ("prosedur",):
        return MAX_STEPS, "steps"
    if path == ("pelaksana",):
        return MAX_LANES, "lanes"
    return MAX_LIST_ITEMS, "items"


def _walk(doc: YamlDocument, node: Any, path: DataPath, problems: list[Problem]) -> None:
    if len(path) > MAX_DEPTH and isinstance(node, dict | list):
        problems.append(Problem(doc.position(path), "limits.too_deep", args={"limit": MAX_DEPTH}))
        return
    if isinstance(node, dict):
        for key, value in node.items():
            if isinstance(key, str) and _control(doc, key, (*path, key), problems):
                continue  # a key (e.g. an answer) with a control character: said once
            _walk(doc, value, (*path, key), problems)
    elif isinstance(node, list):
        limit, what = _list_limit(path)
        if len(node) > limit:
            problems.append(
                Problem(
                    doc.position(path),
                    f"limits.too_many_{what}",
                    args={"count": len(node), "limit": limit},
                )
            )
            return
        for index, value in enumerate(node):
            _walk(doc, value, (*path, index), problems)
    elif isinstance(node, str):
        if _control(doc, node, path, problems):
            pass
        elif _DIGIT_RUN.search(node):  # first: "99999...9 menit" is a number gone wrong
            problems.append(
                Problem(doc.position(path), "limits.too_many_digits", args={"limit": MAX_DIGITS})
            )
        elif len(node) > MAX_TEXT_CHARS:
            problems.append(
                Problem(
                    doc.position(path),
                    "limits.text_too_long",
                    args={"count": len(node), "limit": MAX_TEXT_CHARS},
                )
            )
    elif isinstance(node, int) and not isinstance(node, bool) and abs(node) >= 10**MAX_DIGITS:
        problems.append(
            Problem(doc.position(path), "limits.too_many_digits", args={"limit": MAX_DIGITS})
        )


def _control(doc: YamlDocument, text: str, path: DataPath, problems: list[Problem]) -> bool:
    """Report the first control character of `text`; True when there was one."""
    found = _CONTROL.search(text)
    if found is None:
        return False
    char = f"U+{ord(found.group()):04X}"
    problems.append(Problem(doc.position(path), "limits.control_character", args={"char": char}))
    return True
