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
    # Most texts are already so: printable (no control character, and no whitespace
    # but the plain space: every other one is a separator or a control character),
    # no two spaces in a row, none at either end. Two regex passes less each.
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text
    return _SPACE.sub(" ", _CONTROL.sub("", text)).strip()


def wrap(text: str, width: int) -> list[str]:
    """`text` broken into lines of at most `width` characters (long words are split)."""
    return list(wrapped(text, width))


@functools.lru_cache(maxsize=4096)
def wrapped(text: str, width: int) -> tuple[str, ...]:
    """`wrap` as a tuple, remembered (lane names, legend texts and answers repeat on
    every page): for a caller that keeps the lines as they are, without a list made."""
    clean = normalise(text)
    if not clean:
        return ()
    if len(clean) <= width:  # one line: the common case for answers, lane names, short steps
        return (clean,)
    if width < 1:  # textwrap's own error
        return tuple(textwrap.wrap(clean, width=width))
    return _greedy(clean, width)


def _greedy(clean: str, width: int) -> tuple[str, ...]:
    """`textwrap.wrap(clean, width, break_long_words=True, break_on_hyphens=False)`, faster.

    `clean` is normalised (words separated by single spaces), so the chunks are
    the words and the spaces between them; the loop is textwrap's own
    (`_wrap_chunks` and `_handle_long_word`), without its regex split, its
    whitespace munging and a `TextWrapper` per call: a test compares the two
    on random texts and widths.
    """
    chunks: list[str] = []
    for word in reversed(clean.split(" ")):
        chunks.append(word)
        chunks.append(" ")
    chunks.pop()  # reversed: the last chunk is the first word
    lines: list[str] = []
    while chunks:
        if lines and chunks[-1] == " ":  # a line after the first starts at a word
            chunks.pop()
        line: list[str] = []
        used = 0
        while chunks and used + len(chunks[-1]) <= width:
            chunk = chunks.pop()
            line.append(chunk)
            used += len(chunk)
        if chunks and len(chunks[-1]) > width:  # a word longer than a line: split it
            chunk = chunks[-1]
            line.append(chunk[: width - used])
            chunks[-1] = chunk[width - used :]
        if line and not line[-1].strip():
            line.pop()
        if line:
            lines.append("".join(line))
    return tuple(lines)


def dot_label(lines: list[str]) -> str:
    """Lines as one DOT escString: backslashes and `<...>` made literal, centred line breaks.

    The result is marked as not-HTML, so the `graphviz` package quotes it even
    when it starts with `<` and ends with `>`. (The swimlane's own DOT is written by
    `dotwriter`; this serves graphs built with the `graphviz` package.)
    """
    import graphviz  # only those graphs need it (~12 ms to import)

    return graphviz.nohtml("\\n".join(graphviz.escape(line) for line in lines))
