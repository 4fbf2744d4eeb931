"""DOT text written directly: a graph's statements with correctly quoted IDs and strings.

The charts are pinned graphs of ~80 statements; building them through the
`graphviz` package (a general `Digraph` with a quoting pass over every value)
cost more than Graphviz's drawing of them. This writer does only what the
charts need, with the same quoting rules as the `graphviz` package (its
output is byte for byte what the package would write):

- `quote(value)`: a plain name or number stays bare; anything else is put in
  double quotes with every quote escaped. Backslashes pass through as
  written, so a text meant literally goes through `text` or `label` first.
- `text(value)` / `label(lines)` / `tooltip(value)`: an author's text as a DOT escString shown
  literally (its backslashes doubled, so `\\n` or `\\N` in a text never acts
  as an escape; `&` as `&amp;`, so `&lt;` is not shown as `<`), lines joined
  by centred line breaks. Inside quotes nothing else is special to DOT: `<`,
  `;`, braces, right-to-left and other Unicode text are plain characters
  there. Control characters are removed before (`text.normalise`); a NUL
  would end the text inside the engine.

DOT's lexer reads `\\"` as a quote and `\\\\` as two backslashes, so a value
whose backslashes come in pairs (every escaped text) can never end its
string early; `quote` doubles a final odd backslash for the same reason.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import lru_cache

_ID = re.compile(r"([a-zA-Z_][a-zA-Z0-9_]*|-?(\.[0-9]+|[0-9]+(\.[0-9]*)?))\Z")
_KEYWORDS = frozenset({"node", "edge", "graph", "digraph", "subgraph", "strict"})
# A quote, with the backslash pairs before it and an optional escaping backslash
# (`\"` is taken as `"`, as the `graphviz` package does).
_QUOTE = re.compile(r'(?P<pairs>(?:\\{2})*)\\?"')
_FINAL_ODD_BACKSLASH = re.compile(r"(?<!\\)(?:\\{2})*\\\Z")


def quote(value: str) -> str:
    """`value` as a DOT ID: bare when it is a plain name or number (not a keyword),
    else in double quotes with its quotes escaped."""
    if _ID.match(value) and value.lower() not in _KEYWORDS:
        return value
    quoted = _QUOTE.sub(r'\g<pairs>\\"', value) if '"' in value else value
    if quoted.endswith("\\") and _FINAL_ODD_BACKSLASH.search(quoted):
        quoted += "\\"  # else the closing quote would read as an escaped one
    return f'"{quoted}"'


# Node names, colours and answers repeat on every page and chart; texts do not.
quote_name = lru_cache(maxsize=4096)(quote)


def text(value: str) -> str:
    """`value` as an escString that Graphviz shows literally: backslashes doubled, and
    `&` written as `&amp;` (Graphviz passes an entity such as `&lt;` through to the
    SVG, where it would show as `<`; `&amp;` comes out as `&amp;`, shown as `&`)."""
    if "&" in value:
        value = value.replace("&", "&amp;")
    return value.replace("\\", "\\\\")


def tooltip(value: str) -> str:
    """`value` as a tooltip shown literally: Graphviz reads a tooltip's escapes twice
    (`\\N` would become the node's name), so its backslashes are doubled twice."""
    return text(value).replace("\\", "\\\\")


def label(lines: list[str] | tuple[str, ...]) -> str:
    """Lines as one escString shown literally (see `text`), joined by centred line
    breaks (`\\n`)."""
    plain = "".join(lines)
    if "&" not in plain and "\\" not in plain:  # nothing to escape (most texts)
        return "\\n".join(lines)
    return "\\n".join([text(line) for line in lines])


class DotGraph:
    """A directed graph as DOT statements; `source` is its text. `name` is shown as
    written (an ID, not an escString).

    Attribute values of `text_keys` (an author's text, already passed through
    `text` or `label`) and every ID are quoted by `quote`; the other values
    are the writer's own (numbers, colours, shape names, `pos` lists): they
    hold no quote or backslash and are written in quotes as they are.
    """

    def __init__(
        self, name: str, text_keys: frozenset[str] = frozenset({"label", "xlabel", "tooltip", "id"})
    ) -> None:
        self.name = name
        self.text_keys = text_keys
        self.head: list[str] = []
        self.part_head: list[str] = []  # the defaults that parts share (see `defaults`)
        self.lines: list[str] = []
        # Statements written after `start_part(name)`: in `source` after the others,
        # and also on their own (`part_source`), for a part rendered once and reused.
        self.parts: dict[str, list[str]] = {}
        self._target = self.lines
        # Statements `lines[start:end]` that the engine need not draw, and what draws
        # them instead (SVG elements set in behind the rest: `parts.render_graph`).
        self.backdrop: tuple[int, int, Callable[[], bytes]] | None = None

    def start_part(self, part: str) -> None:
        """Write the next statements into the part named `part`."""
        self._target = self.parts.setdefault(part, [])

    def defaults(self, kind: str, *, page_only: bool = False, **attrs: str) -> None:
        """A `graph`, `node` or `edge` default statement (attributes sorted, as the
        `graphviz` package writes them); `graph` attributes are written bare.
        `page_only`: not in `part_source` (e.g. the page's extent, which differs
        between pages that share a part)."""
        listed = " ".join(f"{key}={quote_name(value)}" for key, value in sorted(attrs.items()))
        line = f"\t{listed}\n" if kind == "graph" else f"\t{kind} [{listed}]\n"
        self.head.append(line)
        if not page_only:
            self.part_head.append(line)

    def add_defaults(self, statements: Sequence[str]) -> None:
        """Default statements written by `defaults` of another graph (the same on every
        page: written once), shared with the parts like the graph's own."""
        self.head.extend(statements)
        self.part_head.extend(statements)

    def _attrs(self, attrs: dict[str, str]) -> str:
        text_keys = self.text_keys
        return " ".join(
            f"{key}={quote(value)}" if key in text_keys else f'{key}="{value}"'
            for key, value in attrs.items()
        )

    def node(self, name: str, label: str, **attrs: str) -> None:
        """A node statement; `label` is already escaped (`label` or `text`)."""
        rest = self._attrs(attrs)
        self._target.append(f"\t{quote_name(name)} [label={quote(label)} {rest}]\n")

    def edge(self, tail: str, head: str, **attrs: str) -> None:
        """An edge statement."""
        rest = self._attrs(attrs)
        self._target.append(f"\t{quote_name(tail)} -> {quote_name(head)} [{rest}]\n")

    def extend(self, statements: Sequence[str]) -> None:
        """Statements written before by another `DotGraph` (its `lines`)."""
        self._target.extend(statements)

    @property
    def source(self) -> str:
        """The DOT text of the graph (its parts included)."""
        parts = "".join("".join(lines) for lines in self.parts.values())
        return self._text(f"{''.join(self.lines)}{parts}")

    @property
    def source_without_parts(self) -> str:
        """The DOT text of the graph without the statements of its parts."""
        return self._text("".join(self.lines))

    @property
    def source_to_render(self) -> str:
        """The DOT text the embedded engine draws: without the parts and the backdrop."""
        if self.backdrop is None:
            return self.source_without_parts
        start, end, _ = self.backdrop
        lines = self.lines
        return self._text("".join([*lines[:start], *lines[end:]]))

    def part_source(self, part: str) -> str:
        """The DOT text of a graph named `part` with this graph's shared defaults and only
        `part`'s statements: the same for every page that draws the same part."""
        return f"digraph {quote(part)} {{\n{''.join(self.part_head)}{''.join(self.parts[part])}}}\n"

    def _text(self, statements: str) -> str:
        return f"digraph {quote(self.name)} {{\n{''.join(self.head)}{statements}}}\n"
