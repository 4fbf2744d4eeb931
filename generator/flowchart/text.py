"""Text for flowchart labels: normalised, wrapped to a width, escaped for DOT.

Graphviz never wraps a label, so every line break in a node is computed here.
Labels are plain text (escString), never HTML-like: the embedded engine has no
libexpat and would silently drop an HTML label.
"""

from __future__ import annotations

import functools
import re
import textwrap

# Control characters (NUL ends a C string inside the engine); tab and newline
# are whitespace and are folded like spaces.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """`text` on one line: control characters removed, runs of whitespace made one space."""
    return _SPACE.sub(" ", _CONTROL.sub("", text)).strip()


def wrap(text: str, width: int) -> list[str]:
    """`text` broken into lines of at most `width` characters (long words are split)."""
    return list(_wrapped(text, width))


@functools.lru_cache(maxsize=4096)
def _wrapped(text: str, width: int) -> tuple[str, ...]:
    """`wrap`, remembered: lane names, legend texts and answers repeat on every page."""
    clean = normalise(text)
    if not clean:
        return ()
    return tuple(textwrap.wrap(clean, width=width, break_long_words=True, break_on_hyphens=False))


def dot_label(lines: list[str]) -> str:
    """Lines as one DOT escString: backslashes and `<...>` made literal, centred line breaks.

    The result is marked as not-HTML, so the `graphviz` package quotes it even
    when it starts with `<` and ends with `>`. (The swimlane's own DOT is written by
    `dotwriter`; this serves graphs built with the `graphviz` package.)
    """
    import graphviz  # only those graphs need it (~12 ms to import)

    return graphviz.nohtml("\\n".join(graphviz.escape(line) for line in lines))
