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
from ruamel.yaml.error import CommentMark
from ruamel.yaml.tokens import CommentToken

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


def _reorder(mapping: CommentedMap, order: list[str]) -> tuple[str, ...] | None:
    """Put the keys of `mapping` in `order`; unknown keys keep their place at the end.

    Returns the new key order when it changed, else None.
    """
    wanted = [key for key in order if key in mapping]
    wanted += [key for key in mapping if key not in order]
    if list(mapping) == wanted:
        return None
    old_last = list(mapping)[-1]
    for key in wanted:
        mapping.move_to_end(key)
    _keep_trailing_blank_lines(mapping, old_last, wanted[-1])
    return tuple(wanted)


def _keep_trailing_blank_lines(mapping: CommentedMap, old_last: str, new_last: str) -> None:
    """Blank lines that closed the mapping stay at its end, after the key now last.

    ruamel keeps them with the key they followed; without this, a key moved to
    the end (say `keterangan`) would sit after the blank line and read as part
    of the next step.
    """
    if old_last == new_last:
        return
    slots = mapping.ca.items.get(old_last)
    token = slots[2] if slots and len(slots) > 2 else None
    if token is None or "\n\n" not in token.value:
        return
    comment, _, _blank = token.value.partition("\n")
    blank = token.value[len(comment) + 1 :]
    if comment.strip():
        token.value = comment + "\n"  # the key's own end-of-line comment stays with it
    else:
        slots[2] = None
        blank = token.value[1:] if token.value.startswith("\n") else token.value
    target = mapping.ca.items.setdefault(new_last, [None, None, None, None])
    if target[2] is None:
        target[2] = CommentToken("\n" + blank, CommentMark(0), None)
    else:
        target[2].value = target[2].value.rstrip("\n") + "\n" + blank


def _fields(model: type[BaseModel]) -> list[str]:
    return list(model.model_fields)


class CommentsWouldMove(Exception):
    """Reordering would separate a comment from the line it describes."""

    def __init__(self, line: int, comment: str, where: str = "", order: tuple[str, ...] = ()):
        super().__init__(f"line {line}: {comment}")
        self.line = line  # 1-based line of the comment in the original text
        self.comment = comment
        self.where = where  # the mapping whose keys to reorder ("", "prosedur 2", "unit")
        self.order = order  # its keys in the canonical order


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
    then reorders by hand, and nothing is lost. A file saved by Notepad keeps
    its byte-order mark and CRLF line ends: formatting changes keys, not bytes
    every editor on the author's machine writes.
    """
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    body = text.removeprefix("\ufeff")
    crlf = "\r\n" in body
    formatted = _format_mapping(body.replace("\r\n", "\n") if crlf else body)
    return bom + (formatted.replace("\n", "\r\n") if crlf else formatted)


def _format_mapping(text: str) -> str:
    """`format_sop_text` of a text with no byte-order mark and LF line ends."""
    yaml = _yaml()
    data: Any = yaml.load(text)
    if not isinstance(data, CommentedMap):
        return text
    reordered: list[tuple[str, tuple[str, ...]]] = []  # (where, canonical key order)

    def reorder(mapping: CommentedMap, model: type[BaseModel], where: str) -> None:
        changed = _reorder(mapping, _fields(model))
        if changed is not None:
            reordered.append((where, changed))

    reorder(data, Sop, "")
    for key, model in _NESTED.items():
        if isinstance(data.get(key), CommentedMap):
            reorder(data[key], model, key)
    links = data.get("keterkaitan")
    if isinstance(links, CommentedSeq):
        for number, link in enumerate(links, start=1):
            if isinstance(link, CommentedMap):
                reorder(link, TautanSop, f"keterkaitan {number}")
    steps = data.get("prosedur")
    if isinstance(steps, CommentedSeq):
        for number, step in enumerate(steps, start=1):
            if isinstance(step, CommentedMap):
                reorder(step, Langkah, f"prosedur {number}")
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
        anchor_key = moved[1].split(":", 1)[0].strip()
        where, order = next(
            ((w, o) for w, o in reordered if anchor_key in o),
            reordered[0] if reordered else ("", ()),
        )
        raise CommentsWouldMove(line, moved[0], where, order)
    return result
