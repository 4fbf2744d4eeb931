"""SOP diffs as text, Markdown (to paste into a review) and JSON-ready data."""

from __future__ import annotations

from dataclasses import asdict
from functools import cache
from typing import Any

import jinja2

from generator import templating
from generator.escape import escape_text
from generator.messages import translate
from generator.review.diff import Change, SopDiff
from generator.timing import timing_json


def change_text(change: Change, lang: str) -> str:
    """One change in words."""
    values = {k: ("" if v is None else v) for k, v in asdict(change).items()}
    return translate(f"diff.{change.kind}", lang, **values)


def diff_text(diffs: list[SopDiff], lang: str) -> str:
    """Plain text, one block per SOP."""
    lines: list[str] = []
    for diff in diffs:
        lines.append(
            translate(
                "diff.judul",
                lang,
                sop_id=diff.sop_id,
                old_label=diff.old_label,
                new_label=diff.new_label,
            )
        )
        if not diff.changes:
            lines.append(f"  {translate('diff.tidak-berubah', lang)}")
        lines += [f"  - {change_text(c, lang)}" for c in diff.changes]
        lines += [
            f"  ! {translate('diff.peringatan', lang)}: {change_text(w, lang)}"
            for w in diff.warnings
        ]
        lines.append("")
    return "\n".join(lines)


@cache
def environment() -> jinja2.Environment:
    """The review templates' environment, made once (compiling a template is costly)."""
    # Markdown; values pass through the `md` filter (`sop diff`, read on a forge) or
    # the `text` filter (pages of the site: the site's escaper, see generator.escape).
    return templating.environment(
        "generator.review",
        autoescape=False,
        filters={"md": markdown_escape, "text": escape_text},
    )


_MARKDOWN_ESCAPES = str.maketrans(
    {
        "\\": "\\\\",  # first of all: "\\[x\\](javascript:...)" must not become a link
        "&": "&amp;",
        "<": "&lt;",
        ">": "&gt;",
        "|": "\\|",
        "`": "\\`",
        "*": "\\*",
        "_": "\\_",
        "[": "\\[",
        "]": "\\]",
        "!": "\\!",
        "#": "\\#",
        "{": "&#123;",
        "}": "&#125;",
        "\r": " ",
        "\n": " ",
    }
)


def markdown_escape(text: str) -> str:
    """Text from an SOP as literal, readable text in the Markdown of `sop diff` (pasted
    into a review on a forge): every character that would start markup is escaped,
    the backslash included, and line breaks become spaces."""
    return str(text).translate(_MARKDOWN_ESCAPES)


def diff_markdown(diffs: list[SopDiff], lang: str) -> str:
    """Markdown for a review comment: a heading and a list per SOP."""
    rows = [
        {
            "diff": diff,
            "title": translate(
                "diff.judul",
                lang,
                sop_id=diff.sop_id,
                old_label=diff.old_label,
                new_label=diff.new_label,
            ),
            "changes": [change_text(c, lang) for c in diff.changes],
            "warnings": [change_text(w, lang) for w in diff.warnings],
        }
        for diff in diffs
    ]
    return (
        environment()
        .get_template("diff.md.j2")
        .render(
            rows=rows,
            unchanged=translate("diff.tidak-berubah", lang),
            warning=translate("diff.peringatan", lang),
        )
    )


def diff_json(diffs: list[SopDiff], lang: str) -> list[dict[str, Any]]:
    """JSON-ready data: every change with its kind, steps, values and message."""
    return [
        {
            "id": diff.sop_id,
            "old": diff.old_label,
            "new": diff.new_label,
            "main_path_minutes_before": diff.minutes_before,
            "main_path_minutes_after": diff.minutes_after,
            "timing_before": timing_json(diff.timing_before) if diff.timing_before else None,
            "timing_after": timing_json(diff.timing_after) if diff.timing_after else None,
            "changes": [{**asdict(c), "message": change_text(c, lang)} for c in diff.changes],
            "warnings": [{**asdict(w), "message": change_text(w, lang)} for w in diff.warnings],
        }
        for diff in diffs
    ]
