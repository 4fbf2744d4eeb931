"""An SVG logo rebuilt from an allow-list of drawing elements and attributes.

A logo comes from a draft or a clone, so it is untrusted. Instead of looking
for what is dangerous in the bytes (a block-list always misses one variant),
the file is parsed with `defusedxml` (no external references: nothing is ever
fetched) and written out again with only:

- the drawing elements of `ELEMENTS` (shapes, text, gradients, clips, masks,
  patterns), in the SVG namespace or none; filter effects (`<filter>`, `fe*`) and
  markers are left out: a logo does not need them, and their numbers set the
  renderer's work without a bound (`numOctaves`, a blur's size; a marker drawn
  at each of 100,000 points of a line: 2 minutes and 49 MB of PDF in Typst);
- the presentation and geometry attributes of `ATTRIBUTES`, whose values hold
  no backslash and no `url()` but to a `#fragment`;
- `href` / `xlink:href` only to a `#fragment` of the file, or (on `<image>`) to an
  embedded PNG, JPEG or GIF (`data:image/png;base64,...`);
- `style` attributes and `<style>` sheets re-written from parsed declarations
  whose properties are in `ATTRIBUTES` and whose values are plain (no escapes,
  no `@` rules, no `expression`, no `url()` but to a `#fragment`).

What a logo never needs and a renderer could act on (script, event attributes,
animation, `foreignObject`, links, external references, XHTML, CSS at-rules) is
refused with its line and column, so the author learns why; everything else
outside the allow-list (editor metadata such as Inkscape's or Illustrator's)
is left out of the cleaned file. Same input, same output bytes.

Drawing programs write a DOCTYPE: CorelDRAW and old Inkscape a plain one (`<!DOCTYPE
svg PUBLIC "..." "http://.../svg11.dtd">`), Adobe Illustrator one whose internal
subset declares its namespaces as entities (`<!ENTITY ns_ai "http://...">`, used as
`xmlns:i="&ns_ai;"`). Such a DOCTYPE is read: its external id is never fetched
(parameter entities are not parsed, external entities are refused), and its
internal subset may hold only plain text entities (`_DoctypeParser`): no external,
parameter or unparsed entity, no value that refers to another entity or holds
markup, at most `MAX_ENTITIES` of at most `MAX_ENTITY_VALUE` characters, and at
most `MAX_ENTITY_EXPANSION` characters if every `&` of the file expanded the
longest. `<!ELEMENT>`, `<!ATTLIST>` (default attributes would add to every element)
and `<!NOTATION>` are refused with their position. Illustrator's fallback for
itself (`<switch><foreignObject requiredExtensions="&ns_ai;">` pointing at its
private `<i:pgf>` data) is left out like other editor data, so the drawing after it
in the `<switch>` is what shows; a `foreignObject` without `requiredExtensions` is
still refused.

The work is bounded too: only expat's own encodings are read (UTF-8, UTF-16,
ISO-8859-1, US-ASCII), an attribute value or a
style sheet above `MAX_VALUE` / `MAX_STYLE` characters is refused, every check
runs in time linear in its text (no backtracking pattern), and a `<use>` graph
that would draw more than `MAX_USE_EXPANSION` copies (`<use>` of a group of
`<use>`, doubling at each level) is refused.
"""

from __future__ import annotations

import binascii
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from pyexpat import XML_PARAM_ENTITY_PARSING_NEVER
from typing import Any
from xml.sax import SAXParseException
from xml.sax.handler import ContentHandler, feature_namespaces
from xml.sax.saxutils import escape, quoteattr
from xml.sax.xmlreader import AttributesNSImpl, Locator

from defusedxml import DefusedXmlException
from defusedxml.expatreader import DefusedExpatParser

from generator.imagesize import too_many_pixels

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
XML_NS = "http://www.w3.org/XML/1998/namespace"
MAX_DEPTH = 64  # a logo is a few groups deep; thousands of levels are an attack on a parser
# A value other than a path (`d`, `points`) or an embedded image: a colour, a length, a
# transform is a few dozen characters; a path of a detailed emblem is tens of kB.
MAX_VALUE = 4_096
MAX_STYLE = 16_384  # a `style` attribute or a `<style>` sheet
MAX_USE_EXPANSION = 400  # copies drawn through `<use>`, nested uses multiplied out
# Entities of a DOCTYPE's internal subset: Illustrator declares about ten namespaces and,
# in old versions, one per style (`<!ENTITY st0 "fill:#FFF;">`), each well under 200
# characters.
MAX_ENTITIES = 256
MAX_ENTITY_VALUE = 512
MAX_ENTITY_EXPANSION = 1_000_000  # characters, if every `&` expanded the longest entity
_LONG_ATTRIBUTES = frozenset({"d", "points"})
# Expat's own encodings (old Illustrator exports write ISO-8859-1); any other goes
# through a Python codec (utf-7, rot13, idna, ...): refused, it crashed the parser.
ENCODINGS = frozenset({"utf-8", "utf-16", "utf-16le", "utf-16be", "iso-8859-1", "us-ascii"})


def _names(text: str) -> frozenset[str]:
    """The words of `text`: long lists of names stay readable as prose."""
    return frozenset(text.split())


ELEMENTS: frozenset[str] = _names(
    """svg g defs symbol use title desc path rect circle ellipse line polyline polygon
    text tspan textPath linearGradient radialGradient stop pattern clipPath mask
    image switch"""
)
# Presentation attributes: also the CSS properties a style may set.
PROPERTIES: frozenset[str] = _names(
    """fill fill-opacity fill-rule stroke stroke-width stroke-linecap stroke-linejoin
    stroke-miterlimit stroke-dasharray stroke-dashoffset stroke-opacity opacity clip-path
    clip-rule mask color display visibility overflow font font-family font-size
    font-weight font-style font-variant font-stretch text-anchor dominant-baseline
    alignment-baseline baseline-shift letter-spacing word-spacing text-decoration
    writing-mode stop-color stop-opacity flood-color flood-opacity lighting-color
    color-interpolation color-interpolation-filters shape-rendering text-rendering
    image-rendering mix-blend-mode isolation vector-effect paint-order"""
)
ATTRIBUTES: frozenset[str] = PROPERTIES | _names(
    """id class x y x1 y1 x2 y2 cx cy r rx ry fx fy fr width height d points transform
    viewBox preserveAspectRatio version dx dy rotate textLength lengthAdjust offset
    gradientUnits gradientTransform spreadMethod patternUnits patternContentUnits
    patternTransform clipPathUnits maskUnits maskContentUnits pathLength startOffset method
    spacing side style"""
)
# Elements a logo never needs that run, load or animate something: refused, in any
# namespace (`<html:script>`, `<s:set>`), so that the author hears why.
ACTIVE_ELEMENTS: frozenset[str] = _names(
    """script foreignobject set animate animatemotion animatetransform animatecolor
    handler listener a iframe embed object feimage discard cursor audio video canvas
    font-face-uri"""
)
ACTIVE_NAMESPACES = ("http://www.w3.org/1999/xhtml", "http://www.w3.org/2001/xml-events")

_FRAGMENT = re.compile(r"#[A-Za-z_][\w.\-]*")
_RASTER_DATA = re.compile(r"data:image/(?:png|jpeg|jpg|gif);base64,[A-Za-z0-9+/=\s]*+")
# A value a drawing needs: numbers, units, colours, names, lists and functions such as
# rgb(), matrix() and url(#id). No quotes but plain font names; no <, >, {, }, ;, \ or @.
_PLAIN_VALUE = re.compile(r"[\w\s#%.,+\-()/'\"!]*")
_SAFE_FUNCTIONS = _names(
    "url rgb rgba hsl hsla matrix translate translatex translatey scale rotate skewx skewy"
)
# CSS functions that load an image or a resource, or run script (old IE): refused. Any
# other function outside `_SAFE_FUNCTIONS` (calc, var, ...) only drops its declaration.
_ACTIVE_FUNCTIONS = _names(
    """expression image image-set -webkit-image-set cross-fade -webkit-cross-fade element
    -moz-element src paint"""
)
# Possessive and anchored to the start of a name: one pass over the text, whatever it is.
_FUNCTION = re.compile(r"(?<![A-Za-z\-])([A-Za-z\-]++)\s*+\(")
_SELECTOR = re.compile(r"[\w\s.#,>*:\-]+")
# The encoding named by an XML declaration at the start of the document.
_DECLARED_ENCODING = re.compile(
    r"<\?xml[^?>]{0,200}?\bencoding\s{0,20}=\s{0,20}([\"'])([^\"']{0,60})\1"
)


class SvgRefused(Exception):
    """An SVG that will not be used: what was found (`what`) and where (1-based)."""

    def __init__(self, what: str, line: int, column: int, *, broken: bool = False) -> None:
        super().__init__(f"{line}:{column}: {what}")
        self.what = what
        self.line = line
        self.column = column
        self.broken = broken  # not well-formed XML, rather than active content


def clean_svg(data: bytes) -> bytes:
    """`data` (an SVG document, UTF-8 or UTF-16 with its BOM) rebuilt from the allow-list,
    as UTF-8. Raises `SvgRefused` for active content, a DTD or entity, or broken XML."""
    encoding = _declared_encoding(data)
    if encoding is not None and encoding.lower() not in ENCODINGS:
        raise SvgRefused(f"encoding={encoding[:30]!r} (UTF-8)", 1, 1, broken=True)
    handler = _Cleaner()
    # References to entities: every "&" but a character reference's "&#" (in UTF-16
    # "&#" is not adjacent bytes: counted, which only errs on the safe side).
    parser = _DoctypeParser(handler, references=data.count(b"&") - data.count(b"&#"))
    parser.setFeature(feature_namespaces, True)
    parser.setContentHandler(handler)
    try:
        parser.parse(io.BytesIO(data))
    except SAXParseException as error:
        raise SvgRefused(
            error.getMessage(), error.getLineNumber(), error.getColumnNumber() + 1, broken=True
        ) from None
    except DefusedXmlException:
        line, column = handler.position()
        raise SvgRefused("DOCTYPE/ENTITY SYSTEM", line, column) from None
    except RecursionError:
        raise SvgRefused("nesting", 1, 1) from None
    except (LookupError, UnicodeError, ValueError):  # an encoding expat hands to Python
        raise SvgRefused("encoding (UTF-8)", 1, 1, broken=True) from None
    if not handler.rooted:
        raise SvgRefused("<svg>", 1, 1, broken=True)
    handler.check_uses()
    return handler.output()


def _declared_encoding(data: bytes) -> str | None:
    """The encoding an XML declaration at the start of `data` names, or None."""
    head = data[:512]
    if head.startswith((b"\xff\xfe", b"<\x00")):
        text = head.decode("utf-16-le", errors="replace")
    elif head.startswith((b"\xfe\xff", b"\x00<")):
        text = head.decode("utf-16-be", errors="replace")
    else:
        text = head.removeprefix(b"\xef\xbb\xbf").decode("latin-1")
    match = _DECLARED_ENCODING.match(text.lstrip("\ufeff\ufffe"))
    return match.group(2).strip() if match else None


class _DoctypeParser(DefusedExpatParser):
    """Expat reading a DOCTYPE without fetching anything, whose internal subset may
    declare only plain text entities (see the module's docstring)."""

    def __init__(self, cleaner: _Cleaner, *, references: int) -> None:
        super().__init__(forbid_dtd=False, forbid_entities=True, forbid_external=True)
        self._cleaner = cleaner
        self._references = references  # `&` in the file: an upper bound of references
        self._entities = 0
        self._longest = 0

    def reset(self) -> None:
        super().reset()
        parser = self._parser
        # The external DTD (svg11.dtd) is never asked for; `%name;` is never expanded.
        parser.SetParamEntityParsing(XML_PARAM_ENTITY_PARSING_NEVER)
        parser.EntityDeclHandler = self._entity
        parser.UnparsedEntityDeclHandler = self._refusing("<!ENTITY NDATA>")
        parser.ElementDeclHandler = self._refusing("<!ELEMENT>")
        parser.AttlistDeclHandler = self._refusing("<!ATTLIST>")
        parser.NotationDeclHandler = self._refusing("<!NOTATION>")
        parser.EndDoctypeDeclHandler = self._doctype_end

    def _refusing(self, what: str) -> Callable[..., None]:
        def refuse(*_declaration: object) -> None:
            raise self._cleaner.refuse(what)

        return refuse

    def _entity(
        self,
        name: str,
        is_parameter_entity: bool,
        value: str | None,
        base: str | None,
        system_id: str | None,
        public_id: str | None,
        notation: str | None,
    ) -> None:
        if is_parameter_entity:
            raise self._cleaner.refuse(f"<!ENTITY % {name[:40]}>")
        if value is None or system_id or public_id or notation:
            raise self._cleaner.refuse(f"<!ENTITY {name[:40]} SYSTEM>")
        if "&" in value or "<" in value:  # another entity, or markup, once expanded
            raise self._cleaner.refuse(f"<!ENTITY {name[:40]} {value[:40]!r}>")
        if len(value) > MAX_ENTITY_VALUE:
            raise self._cleaner.refuse(f"<!ENTITY {name[:40]}> > {MAX_ENTITY_VALUE}")
        self._entities += 1
        if self._entities > MAX_ENTITIES:
            raise self._cleaner.refuse(f"<!ENTITY> x {self._entities}")
        self._longest = max(self._longest, len(value))

    def _doctype_end(self) -> None:
        if self._references * self._longest > MAX_ENTITY_EXPANSION:
            raise self._cleaner.refuse(f"<!ENTITY> x {self._references} '&'")


@dataclass
class _Open:
    """An element being written (`kept`) or skipped with its subtree."""

    name: str
    kept: bool
    node: int = -1  # index in `_Cleaner._nodes` when kept


class _Cleaner(ContentHandler):
    """Writes the allowed part of the document as it is parsed."""

    def __init__(self) -> None:
        super().__init__()
        self._locator: Locator | None = None
        self._parts: list[str] = []
        self._stack: list[_Open] = []
        self._style: list[str] | None = None  # text of an open <style>
        self._style_size = 0
        self.rooted = False
        # The kept elements as a tree, to count what `<use>` draws: children, the
        # `#id` a use points at, the position of each use.
        self._children: list[list[int]] = []
        self._targets: dict[int, str] = {}
        self._where: dict[int, tuple[int, int]] = {}
        self._ids: dict[str, int] = {}

    def setDocumentLocator(self, locator: Locator) -> None:
        self._locator = locator

    def position(self) -> tuple[int, int]:
        """The parser's position, 1-based line and column."""
        if self._locator is None:
            return 1, 1
        return self._locator.getLineNumber() or 1, (self._locator.getColumnNumber() or 0) + 1

    def refuse(self, what: str) -> SvgRefused:
        """An `SvgRefused` at the current position."""
        line, column = self.position()
        return SvgRefused(what, line, column)

    def output(self) -> bytes:
        """The cleaned document."""
        return "".join(self._parts).encode("utf-8")

    def startElementNS(
        self, name: tuple[str | None, str], qname: str | None, attrs: AttributesNSImpl
    ) -> None:
        namespace, local = name
        fallback = _illustrator_fallback(namespace, local, attrs)
        if not fallback and (local.lower() in ACTIVE_ELEMENTS or namespace in ACTIVE_NAMESPACES):
            raise self.refuse(f"<{qname or local}>")
        if len(self._stack) >= MAX_DEPTH:
            raise self.refuse(f"nesting > {MAX_DEPTH}")
        if self._stack and self._stack[-1].name == "style":
            raise self.refuse(f"<{qname or local}> in <style>")
        if fallback and self._stack:
            self._attributes(local, attrs)  # checked, then left out with its subtree
            self._stack.append(_Open(local, False))
            return
        inside_kept = all(item.kept for item in self._stack)
        is_svg = namespace in (None, "", SVG_NS)
        if not self._stack:
            if not (is_svg and local == "svg"):
                raise SvgRefused("<svg>", *self.position(), broken=True)
            self.rooted = True
        is_style = is_svg and local == "style"
        kept = inside_kept and is_svg and (local in ELEMENTS or is_style)
        cleaned = self._attributes(local, attrs)  # checked even when skipped
        self._stack.append(_Open(local, kept))
        if not kept:
            return
        if is_style:
            self._style = []
            self._style_size = 0
            return
        self._stack[-1].node = self._node(local, cleaned)
        self._parts.append(f"<{local}")
        if len(self._stack) == 1:
            self._parts.append(f' xmlns="{SVG_NS}" xmlns:xlink="{XLINK_NS}"')
        for key, value in cleaned:
            self._parts.append(f" {key}={quoteattr(value)}")
        self._parts.append(">")

    def endElementNS(self, name: tuple[str | None, str], qname: str | None) -> None:
        closed = self._stack.pop()
        if not closed.kept:
            return
        if self._style is not None:
            sheet = clean_stylesheet("".join(self._style), self.refuse)
            self._style = None
            if sheet:
                self._parts.append(f"<style>{escape(sheet)}</style>")
            return
        self._parts.append(f"</{closed.name}>")

    def characters(self, content: str) -> None:
        if not self._stack or not all(item.kept for item in self._stack):
            return
        if self._style is not None:
            self._style_size += len(content)
            if self._style_size > MAX_STYLE:
                raise self.refuse(f"<style> > {MAX_STYLE}")
            self._style.append(content)
        else:
            self._parts.append(escape(content))

    def _node(self, element: str, attributes: list[tuple[str, str]]) -> int:
        """Records a kept element in the tree that `check_uses` counts."""
        index = len(self._children)
        self._children.append([])
        parent = next((item.node for item in reversed(self._stack[:-1]) if item.node >= 0), -1)
        if parent >= 0:
            self._children[parent].append(index)
        for key, value in attributes:
            if key == "id":
                self._ids.setdefault(value, index)
            elif element == "use" and key.endswith("href"):
                self._targets[index] = value[1:]
                self._where[index] = self.position()
        return index

    def check_uses(self) -> None:
        """Refuses a document whose `<use>` elements, multiplied out, draw more than
        `MAX_USE_EXPANSION` copies (a use of an ancestor draws nothing: renderers skip it)."""
        if not self._targets:
            return
        cap = MAX_USE_EXPANSION + 1
        drawn: dict[int, int] = {}  # copies a node draws through uses, its subtree's too
        visiting: set[int] = set()
        stack: list[tuple[int, bool]] = [(0, False)]
        while stack:  # depth first, without recursion: a chain of uses may be long
            node, finished = stack.pop()
            target = self._ids.get(self._targets.get(node, "\0"))
            edges = self._children[node] + ([target] if target is not None else [])
            if finished:
                total = sum(drawn.get(edge, 0) for edge in edges) + (node in self._targets)
                drawn[node] = min(total, cap)
                visiting.discard(node)
                continue
            if node in drawn:
                continue
            visiting.add(node)
            stack.append((node, True))
            for edge in edges:  # a use of itself or of an ancestor draws nothing
                if edge not in drawn and edge not in visiting:
                    stack.append((edge, False))
        if drawn[0] > MAX_USE_EXPANSION:
            first = min(self._where)
            line, column = self._where[first]
            raise SvgRefused(f"<use> > {MAX_USE_EXPANSION}", line, column)

    def processingInstruction(self, target: str, data: str) -> None:
        """Left out (an `<?xml-stylesheet href=...?>` would load a sheet)."""

    def _attributes(self, element: str, attrs: AttributesNSImpl) -> list[tuple[str, str]]:
        kept: list[tuple[str, str]] = []
        for (namespace, local), value in sorted(
            attrs.items(), key=lambda item: (item[0][0] or "", item[0][1])
        ):
            lowered = local.lower()
            if lowered.startswith("on") or namespace in ACTIVE_NAMESPACES:
                raise self.refuse(f"{local}=")
            if lowered == "href":
                if namespace not in (None, "", XLINK_NS):
                    continue
                kept.append((_href_name(namespace), self._href(element, value)))
                continue
            if namespace == XML_NS and local == "space":
                kept.append(("xml:space", "preserve" if value == "preserve" else "default"))
                continue
            if namespace not in (None, "") or local not in ATTRIBUTES:
                continue  # editor metadata (inkscape:, sodipodi:, ...) and the unknown
            if len(value) > (MAX_STYLE if local == "style" else MAX_VALUE) and (
                local not in _LONG_ATTRIBUTES
            ):
                raise self.refuse(f"{local}= > {MAX_VALUE if local != 'style' else MAX_STYLE}")
            if local == "style":
                declarations = clean_declarations(value, self.refuse)
                if declarations:
                    kept.append(("style", declarations))
                continue
            checked = _plain(value, self.refuse)
            if checked is not None:
                kept.append((local, checked))
        return kept

    def _href(self, element: str, value: str) -> str:
        if _FRAGMENT.fullmatch(value):
            return value
        if element == "image" and _RASTER_DATA.fullmatch(value):
            size = too_many_pixels(_decoded(value))
            if size is not None:  # a small file that decodes to gigabytes
                raise self.refuse(f"<image> {size[0]} x {size[1]} px")
            return value
        raise self.refuse(f"href={value[:60]!r}")


def _illustrator_fallback(namespace: str | None, local: str, attrs: AttributesNSImpl) -> bool:
    """True for the `<foreignObject requiredExtensions="...">` with which Illustrator
    points at its own private data: left out, so its `<switch>` draws the next child."""
    return (
        local == "foreignObject"
        and namespace in (None, "", SVG_NS)
        and bool(attrs.get((None, "requiredExtensions"), "").strip())
    )


def _decoded(value: str) -> bytes:
    """The bytes of a `data:image/...;base64,` address (empty when not valid base64)."""
    try:
        return binascii.a2b_base64(value.partition(",")[2].encode("ascii"))
    except (binascii.Error, ValueError):
        return b""


def _href_name(namespace: str | None) -> str:
    return "xlink:href" if namespace == XLINK_NS else "href"


def _plain(value: str, refuse: Any) -> str | None:
    """`value` if it is a plain drawing value; None (dropped) if it is odd but inert.
    Raises through `refuse` when it would load or run something."""
    if "\\" in value or "@" in value:
        raise refuse(f"{value[:60]!r}")
    functions = {function.lower() for function in _FUNCTION.findall(value)}
    for function in sorted(functions & _ACTIVE_FUNCTIONS):
        raise refuse(f"{function}()")
    _check_urls(value, refuse)
    if functions - _SAFE_FUNCTIONS or not _PLAIN_VALUE.fullmatch(value):
        return None
    return value


def _check_urls(value: str, refuse: Any) -> None:
    """Raises through `refuse` unless every `url(` of `value` is closed and holds only
    a `#fragment` (quoted or not). One pass: each search starts where the last ended."""
    lowered = value.lower()
    start = lowered.find("url(")
    while start >= 0:
        close = value.find(")", start + 4)
        inner = value[start + 4 : close].strip() if close >= 0 else value[start + 4 :]
        if len(inner) >= 2 and inner[0] == inner[-1] and inner[0] in "'\"":
            inner = inner[1:-1]
        if close < 0 or not _FRAGMENT.fullmatch(inner):
            raise refuse(f"url({inner[:60]}")
        start = lowered.find("url(", close + 1)


def _rules(text: str) -> tuple[list[tuple[str, str]], str]:
    """The `selector{body}` rules of a sheet and the text outside them (stray text,
    nested or unbalanced braces), in one pass."""
    rules: list[tuple[str, str]] = []
    leftover: list[str] = []
    position = 0
    while position < len(text):
        opening = text.find("{", position)
        closing = text.find("}", opening + 1) if opening >= 0 else -1
        if closing < 0:
            leftover.append(text[position:])
            break
        selector, body = text[position:opening], text[opening + 1 : closing]
        if "}" in selector or "{" in body:
            leftover.append(text[position : closing + 1])
        else:
            rules.append((selector, body))
        position = closing + 1
    return rules, " ".join(leftover)


def clean_declarations(text: str, refuse: Any) -> str:
    """A `style` attribute's declarations, only allowed properties with plain values,
    written back as `name:value;...` in their order."""
    text = _strip_comments(text, refuse)
    kept: list[str] = []
    for declaration in text.split(";"):
        name, colon, value = declaration.partition(":")
        name, value = name.strip().lower(), value.strip()
        if not colon:
            if name:
                _plain(name, refuse)
            continue
        checked = _plain(value, refuse)
        if name in PROPERTIES and checked is not None:
            kept.append(f"{name}:{checked}")
        elif name.startswith(("-moz-binding", "behavior")):
            raise refuse(name)
    return ";".join(kept)


def clean_stylesheet(text: str, refuse: Any) -> str:
    """A `<style>` sheet: rules with simple selectors and cleaned declarations, one a line."""
    text = _strip_comments(text, refuse)
    rules: list[str] = []
    found, leftover = _rules(text)
    for selector, body in found:
        selector = selector.strip()
        declarations = clean_declarations(body, refuse)
        if declarations and _SELECTOR.fullmatch(selector):
            rules.append(f"{' '.join(selector.split())}{{{declarations}}}")
    if leftover.strip():
        _plain(leftover.strip(), refuse)  # stray text: refused if active, else dropped
    return "\n".join(rules)


def _strip_comments(text: str, refuse: Any) -> str:
    if "\\" in text or "@" in text or "<" in text:
        raise refuse(f"{text.strip()[:60]!r}")
    parts: list[str] = []
    position = 0
    while True:
        opening = text.find("/*", position)
        if opening < 0:
            parts.append(text[position:])
            return " ".join(parts)
        closing = text.find("*/", opening + 2)
        if closing < 0:
            raise refuse("/*")
        parts.append(text[position:opening])
        position = closing + 2
