"""Escaping text from YAML for Markdown pages, tables and raw HTML.

Every value a template prints goes through `escape_text` (the Jinja
environment's `finalize`), so an author's `<script>`, `|`, `*`, backtick or
`{{ }}` shows as those characters and can never open a tag, emphasis, code
span or template expression, nor split a table row. Characters are replaced
by numeric character references: Markdown leaves them alone, HTML (and the
search index, which decodes the page text) reads them back as the characters.
"""

from __future__ import annotations

import json
import re
from urllib.parse import quote

from markupsafe import Markup

# Markdown, HTML and template punctuation, anywhere in the text.
_ALWAYS = "&<>\"'\\`*_{}[]|~!^=$"
_REFERENCES = {ord(char): f"&#{ord(char)};" for char in _ALWAYS}
# Control characters (Python-Markdown uses STX/ETX as placeholders) and line breaks.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")
_SPACES = re.compile(r"\s+")
# At the start of a line these begin a heading, list, quote or admonition.
_LEADING = re.compile(r"^(?:[-+#>:?%]|\d+[.)])")
# Most values need nothing done: no special character, single spaces only.
_NEEDS_WORK = re.compile(r"[&<>\"'\\`*_{}\[\]|~!^=$\x00-\x1f\x7f]|\s\s|^\s|\s$|[^\S ]")


def escape_text(value: object) -> Markup:
    """`value` as one line of inert text, safe in Markdown (tables included) and HTML."""
    if isinstance(value, Markup):
        return value
    text = str(value)
    if _NEEDS_WORK.search(text) is None and _LEADING.match(text) is None:
        return Markup(text)  # the common case, ~10 times faster
    text = _SPACES.sub(" ", _CONTROL.sub(" ", text)).strip()
    text = text.translate(_REFERENCES)
    leading = _LEADING.match(text)
    if leading:
        mark = leading.group(0)
        text = "".join(f"&#{ord(char)};" for char in mark) + text[len(mark) :]
    return Markup(text)


def yaml_string(value: object) -> Markup:
    """`value` as a double-quoted YAML scalar for front matter (JSON syntax, braces escaped)."""
    text = json.dumps(str(value), ensure_ascii=False)
    for char in "{}<>&`":
        text = text.replace(char, f"\\u{ord(char):04x}")
    return Markup(text)


def escape_url(path: str) -> Markup:
    """A relative link target, percent-encoded so it is one Markdown/HTML token."""
    return Markup(quote(path, safe="/#.-_~"))


__all__ = ["escape_text", "escape_url", "yaml_string"]
