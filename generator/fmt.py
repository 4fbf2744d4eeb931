"""Canonical form of an SOP file: keys in the form's order, one indentation style,
comments kept. Used by `sop fmt` so that diffs between versions stay small.

Formatting is a pure function of the text (ruamel.yaml round-trip): the
values never change, only the order of keys and the layout.
"""

from __future__ import annotations

import io
from typing import Any

from pydantic import BaseModel
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from generator.model import Langkah, Sop
from generator.model.sop import Pengesah, TanggalSop, TautanSop, Unit

# For each mapping, the model whose field order is canonical.
_NESTED: dict[str, type[BaseModel]] = {
    "unit": Unit,
    "tanggal": TanggalSop,
    "disahkan_oleh": Pengesah,
}


def _yaml() -> YAML:
    yaml = YAML()  # round-trip mode: keeps comments, quotes and block scalars
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096  # never re-wrap an author's lines
    yaml.preserve_quotes = True
    return yaml


def _reorder(mapping: CommentedMap, order: list[str]) -> None:
    """Put the keys of `mapping` in `order`; unknown keys keep their place at the end."""
    wanted = [key for key in order if key in mapping]
    wanted += [key for key in mapping if key not in order]
    if list(mapping) == wanted:
        return
    for key in wanted:
        mapping.move_to_end(key)


def _fields(model: type[BaseModel]) -> list[str]:
    return list(model.model_fields)


class CommentsWouldMove(Exception):
    """Reordering would separate a comment from the line it describes."""

    def __init__(self, line: int, comment: str):
        super().__init__(f"line {line}: {comment}")
        self.line = line  # 1-based line of the comment in the original text
        self.comment = comment


def _line_key(line: str) -> str:
    # A key may move into or out of the "- " position of a list item.
    return line.strip().removeprefix("- ").strip()


def comment_anchors(text: str) -> list[tuple[str, str]]:
    """Every comment with the line it belongs to, as a sorted list of pairs.

    A full-line comment belongs to the next non-comment line (those above the
    first key to the file); an end-of-line comment to its own line.
    Formatting must keep this list unchanged.
    """
    lines = text.splitlines()
    pairs: list[tuple[str, str]] = []
    in_head = True  # comments above the first key belong to the file, not to a key
    for index, line in enumerate(lines):
        stripped = line.strip()
        if in_head and stripped.startswith("#"):
            pairs.append((stripped, "<head>"))
            continue
        if stripped:
            in_head = False
        if stripped.startswith("#"):
            following = next(
                (
                    x.strip()
                    for x in lines[index + 1 :]
                    if x.strip() and not x.strip().startswith("#")
                ),
                "",
            )
            pairs.append((stripped, following))
        elif " #" in line and not stripped.startswith(("'", '"')):
            code, _, comment = line.partition(" #")
            pairs.append(("#" + comment.strip(), _line_key(code)))
    return sorted(pairs)


def format_sop_text(text: str) -> str:
    """The canonical text of an SOP file (its content must be a mapping).

    Raises CommentsWouldMove when the canonical order would detach a comment
    from its line (ruamel keeps a comment with the key before it): the author
    then reorders by hand, and nothing is lost.
    """
    yaml = _yaml()
    data: Any = yaml.load(text)
    if not isinstance(data, CommentedMap):
        return text
    _reorder(data, _fields(Sop))
    for key, model in _NESTED.items():
        if isinstance(data.get(key), CommentedMap):
            _reorder(data[key], _fields(model))
    links = data.get("keterkaitan")
    if isinstance(links, CommentedSeq):
        for link in links:
            if isinstance(link, CommentedMap):
                _reorder(link, _fields(TautanSop))
    steps = data.get("prosedur")
    if isinstance(steps, CommentedSeq):
        for step in steps:
            if isinstance(step, CommentedMap):
                _reorder(step, _fields(Langkah))
    out = io.StringIO()
    yaml.dump(data, out)
    result = out.getvalue()
    before, after = comment_anchors(text), comment_anchors(result)
    if before != after:
        remaining = list(after)
        moved = next(pair for pair in before if pair not in remaining or remaining.remove(pair))
        line = next(
            (n for n, raw in enumerate(text.splitlines(), 1) if moved[0][1:].strip() in raw),
            1,
        )
        raise CommentsWouldMove(line, moved[0])
    return result
