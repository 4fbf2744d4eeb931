"""Bounds on what one YAML file may hold, checked when it is read.

Drafts are untrusted: a file of 10,000 steps, 500 lanes or a 2 MB label
would make the swimlane, the pages and the book work for minutes and take
gigabytes. Every file is held to these bounds as soon as it is parsed (before
the model sees it), so no check, drawing or rendering ever gets an unbounded
input. Each bound is far above what a real SOP needs (the README lists them);
a file over one is reported at the place that goes over, and not loaded.

The bounds are checked in the same pass that builds the values
(`yamlsource`), with the small tests below: the tree is walked once.
"""

from __future__ import annotations

import re

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
_TOO_BIG = 10**MAX_DIGITS
# The lists of the SOP's top level with bounds of their own: (bound, what).
_TOP_LEVEL_LISTS = {"prosedur": (MAX_STEPS, "steps"), "pelaksana": (MAX_LANES, "lanes")}
_OTHER_LISTS = (MAX_LIST_ITEMS, "items")

Limit = tuple[str, dict[str, int | str]]  # a problem's code and its message's values


def list_bound(key: str | None) -> tuple[int, str]:
    """The bound of a list and what it counts: `key` names a list of the top level
    (`prosedur`, `pelaksana`), None any other list."""
    return _TOP_LEVEL_LISTS.get(key, _OTHER_LISTS) if key is not None else _OTHER_LISTS


def too_many(count: int, bound: tuple[int, str]) -> Limit | None:
    """A list of `count` items over `bound` (from `list_bound`)."""
    limit, what = bound
    if count <= limit:
        return None
    return f"limits.too_many_{what}", {"count": count, "limit": limit}


def too_deep() -> Limit:
    """A mapping or list nested deeper than MAX_DEPTH."""
    return "limits.too_deep", {"limit": MAX_DEPTH}


def control_character(text: str) -> Limit | None:
    """The first control character of `text` (a key or a value), if there is one."""
    if text.isprintable():  # the common case, without a regular expression
        return None
    found = _CONTROL.search(text)
    if found is None:
        return None
    return "limits.control_character", {"char": f"U+{ord(found.group()):04X}"}


def text_over(text: str) -> Limit | None:
    """A text value over a bound (at most one problem): a control character, a run
    of digits too long (first: "99999...9 menit" is a number gone wrong), or too
    many characters."""
    found = control_character(text)
    if found is not None:
        return found
    if len(text) > MAX_DIGITS and _DIGIT_RUN.search(text):
        return "limits.too_many_digits", {"limit": MAX_DIGITS}
    if len(text) > MAX_TEXT_CHARS:
        return "limits.text_too_long", {"count": len(text), "limit": MAX_TEXT_CHARS}
    return None


def number_over(number: int) -> Limit | None:
    """An integer of more than MAX_DIGITS digits."""
    if abs(number) >= _TOO_BIG:
        return "limits.too_many_digits", {"limit": MAX_DIGITS}
    return None
