"""Escaping text from YAML for Markdown pages, tables, raw HTML and page titles.

The escaping policy of the whole tool (issue 14), in one place:

1. Text from YAML (SOPs, registries) is untrusted. It enters a page only
   through a template, whose environment escapes every `{{ value }}`
   (`finalize=escape_text` in `generator.site.render`, the `text` filter in
   `generator.review.render`; the Markdown of `sop diff`, read on a forge,
   uses backslash escapes there, the backslash itself included).
   No HTML or Markdown is assembled from author text in Python.
2. Text that passes through Markdown is escaped completely by `escape_text`:
   every character Markdown, HTML, `attr_list` (`{: ...}`), tables (`|`),
   links (`[`, `]`, `!`), backslash escapes (`\\`) or Jinja (`{`, `}`) give
   meaning to becomes a numeric character reference, and line breaks (so
   blank lines, which would end a raw HTML block) become spaces.
   Markdown leaves references alone; HTML reads them back as the characters.
3. Page titles are HTML for MkDocs and Material: they print `page.title` and
   `page.meta.title` unescaped in `<title>`, the header, the nav and the
   search index. So a title written in front matter is HTML-escaped first
   (`yaml_string`), and the search plugin's titles too (`search.py`).
4. Link targets from YAML are never printed as written: the templates link
   only to the tool's own pages (`|href`, percent-encoded by `escape_url`).
5. The SVG flowcharts get their text through the DOT writer's quoting and the
   embedded Graphviz's XML escaping (`generator.flowchart.dot`); the PDF
   through its own template language's escaping (`generator.handbook`).

6. Messages on the terminal show what the author cannot see: an invisible
   character of an id or a text (zero-width, bidi control, control character,
   odd space) is written as `<U+200B>` (`visible`), so "'staf' is unknown;
   did you mean 'staf'?" never happens.

`tests/test_injection.py` holds the whole site to this: a build from a
corpus of hostile text must contain exactly the elements, attributes, URL
schemes and scripts that a build from plain text contains, and no page may
call `alert`, `fetch` or navigate when opened in Chromium.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from urllib.parse import quote

from markupsafe import Markup

# Markdown, HTML and template punctuation, anywhere in the text.
_ALWAYS = "&<>\"'\\`*_{}[]|~!^=$"
_REFERENCES = {ord(char): f"&#{ord(char)};" for char in _ALWAYS}
# Control characters (Python-Markdown uses STX/ETX as placeholders) and line breaks.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")
# The ASCII characters `visible` writes as <U+XXXX>: controls but tab and line feed.
_ASCII_INVISIBLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
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
    """`value` as a page title in front matter: one line, HTML-escaped (MkDocs and
    Material print titles as HTML), as a double-quoted YAML scalar (JSON syntax)."""
    text = html.escape(_SPACES.sub(" ", _CONTROL.sub(" ", str(value))).strip())
    text = json.dumps(text, ensure_ascii=False)
    for char in "{}<>&`":
        text = text.replace(char, f"\\u{ord(char):04x}")
    return Markup(text)


def escape_url(path: str) -> Markup:
    """A relative link target, percent-encoded so it is one Markdown/HTML token."""
    return Markup(quote(path, safe="/#.-_~"))


__all__ = ["escape_text", "escape_url", "yaml_string"]


def visible(text: str) -> str:
    """`text` with every invisible or look-alike-space character written as `<U+XXXX>`
    (controls, formats such as zero-width and bidi marks, separators other than the
    space, private use and unassigned code points), for messages on a terminal."""
    if text.isascii() and (text.isprintable() or not _ASCII_INVISIBLE.search(text)):
        return text  # the common case (a finding with its hint has line breaks), at C speed
    return "".join(_visible_char(char) for char in text)


def visible_line(text: str) -> str:
    """`visible(text)` for a message argument that must stay on its line: line breaks
    and tabs are written as `<U+000A>`, `<U+000D>`, `<U+0009>` too, so a value (a link
    target in a Word file, a name) cannot start a line of its own that looks like
    the tool's output."""
    return visible(text).replace("\n", "<U+000A>").replace("\t", "<U+0009>")


def _visible_char(char: str) -> str:
    category = unicodedata.category(char)
    if char == " " or category[0] not in "CZ" or char in "\n\t":
        return char
    return f"<U+{ord(char):04X}>"
