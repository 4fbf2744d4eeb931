"""Read one YAML file safely into plain Python values plus the position of every value.

PyYAML's loaders drop positions and silently keep the last of two equal keys,
so this module composes the node tree itself and builds the values by hand:

- only the standard YAML tags are accepted (no `!!python/...`, no custom tags);
- anchors and aliases are refused (they are never needed in an SOP, and they
  make "billion laughs" bombs possible);
- duplicate keys are reported with the place of the first one;
- `yes`/`no`/`on`/`off` stay text and `1:30` is not a number (YAML 1.1 quirks
  that would surprise an author); timestamps stay text for the model to parse.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from generator.limits import MAX_DEPTH, MAX_DIGITS, MAX_FILE_BYTES, check_limits
from generator.problems import Position, Problem, Severity
from generator.safepath import UnsafePathError, read_bytes_within

# A path to a value inside a document: keys and list indexes from the root.
DataPath = tuple[str | int, ...]


_STANDARD_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
}
_DEFAULT_TAGS: dict[type[Node], str] = {
    ScalarNode: "tag:yaml.org,2002:str",
    SequenceNode: "tag:yaml.org,2002:seq",
    MappingNode: "tag:yaml.org,2002:map",
}
_PLAIN_INT = re.compile(r"[-+]?[0-9]+")
_PLAIN_FLOAT = re.compile(r"[-+]?([0-9]+\.[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?")


@dataclass
class YamlDocument:
    """The values of one YAML file and where each of them was written."""

    path: str
    data: Any
    # (line, column), 1-based; Position objects are made only when asked for.
    value_positions: Mapping[DataPath, tuple[int, int]] = field(default_factory=dict)
    key_positions: Mapping[DataPath, tuple[int, int]] = field(default_factory=dict)
    # A hash of the file's bytes: what results derived from this file are keyed by.
    digest: bytes = b""

    def position(self, data_path: DataPath, *, key: bool = False) -> Position:
        """The position of the value (or its key) at `data_path`, or of its nearest parent."""
        table = self.key_positions if key else self.value_positions
        for end in range(len(data_path), -1, -1):
            found = table.get(data_path[:end]) or self.value_positions.get(data_path[:end])
            if found is not None:
                return Position(self.path, *found)
        return Position(self.path, 1, 1)

    def written(self, data_path: DataPath) -> Position | None:
        """The position of the value at exactly `data_path`, if it was written."""
        found = self.value_positions.get(data_path)
        return Position(self.path, *found) if found is not None else None


# Base loaders: no implicit typing by PyYAML (YAML 1.1 would turn `yes` into
# True and `1:30` into 90); plain scalars are typed by `_scalar` below.
_C_BASE_LOADER = getattr(yaml, "CBaseLoader", None)

if _C_BASE_LOADER is not None:

    class _FastLoader(_C_BASE_LOADER):  # type: ignore[misc, valid-type]
        """libyaml's composer with the resolver hooks it calls per node made trivial.

        A base loader has no implicit or path resolvers, so PyYAML's generic
        `resolve`, `descend_resolver` and `ascend_resolver` always come to the
        default tags and to nothing; they were a third of the parse time.
        """

        def resolve(self, kind: type[Node], value: Any, implicit: Any) -> str:
            return _DEFAULT_TAGS[kind]

        def descend_resolver(self, current_node: Any, current_index: Any) -> None:
            return None

        def ascend_resolver(self) -> None:
            return None

    _FAST_LOADER: type | None = _FastLoader
else:  # PyYAML built without libyaml: the pure-Python composer does everything
    _FAST_LOADER = None
_SLOW_PATH = object()


class _SharedNode(Exception):
    """A node met twice while building values: the document used an alias."""


class _AliasFound(Exception):
    def __init__(self, mark: yaml.Mark):
        self.mark = mark


class _NoAliasLoader(yaml.BaseLoader):
    """A BaseLoader whose composer refuses aliases before they can be expanded."""

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:  # type: ignore[override]
        if self.check_event(AliasEvent):
            raise _AliasFound(self.peek_event().start_mark)
        return super().compose_node(parent, index)


def read_yaml(
    path: Path,
    shown_path: str | None = None,
    parse: Callable[[bytes, str], tuple[YamlDocument | None, list[Problem]]] | None = None,
    project_root: Path | None = None,
    reader: Callable[..., bytes] = read_bytes_within,
) -> tuple[YamlDocument | None, list[Problem]]:
    """Read `path` into a YamlDocument, or return the problems that prevent it.

    `parse` replaces `parse_yaml_bytes`, e.g. with a cache's `parse`. The file
    must be a regular file inside `project_root` (default: its own folder, so a
    symlink that leaves the project is refused) of at most MAX_FILE_BYTES.
    `reader` is `safepath.read_bytes_within` or a `FileSnapshot`'s, which reads
    each file once per run.
    """
    shown = shown_path or str(path)
    try:  # by stat before reading: a 3 GB file is refused unread, a FIFO never blocks
        raw = reader(project_root or path.parent, path, max_bytes=MAX_FILE_BYTES, shown=shown)
    except UnsafePathError as exc:
        if exc.code == "too_large":
            args = {"size": exc.args_["size"], "limit": MAX_FILE_BYTES}
            return None, [Problem(Position(shown), "loader.too_large", args=args)]
        return None, [Problem(Position(shown), exc.key, args=exc.args_)]
    return (parse or parse_yaml_bytes)(raw, shown)


def _looks_utf16(raw: bytes) -> bool:
    """True for UTF-16 text: a UTF-16 byte-order mark, or NUL in every other byte."""
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return True
    head = raw[:200]
    return len(head) >= 4 and (
        head[1::2].count(0) == len(head[1::2]) or head[0::2].count(0) == len(head[0::2])
    )


def parse_yaml_bytes(raw: bytes, shown: str) -> tuple[YamlDocument | None, list[Problem]]:
    """Parse the bytes of a YAML file named `shown` (used in positions)."""
    if len(raw) > MAX_FILE_BYTES:
        return None, [
            Problem(
                Position(shown),
                "loader.too_large",
                args={"size": len(raw), "limit": MAX_FILE_BYTES},
            )
        ]
    if _looks_utf16(raw):  # Notepad's "Unicode": every other byte is NUL
        return None, [Problem(Position(shown), "loader.utf16")]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, [
            Problem(
                Position(shown, line, column),
                "loader.not_utf8",
                args={"byte": f"0x{raw[exc.start]:02x}"},
            )
        ]
    if "\x00" in text:
        offset = text.index("\x00")
        line = text.count("\n", 0, offset) + 1
        return None, [Problem(Position(shown, line, 1), "loader.binary")]

    # libyaml's composer is ~10x faster; on any error or alias, the pure-Python
    # composer runs again because its messages and positions are the precise ones.
    try:
        return _compose_and_build(text, shown, raw)
    except RecursionError:  # nesting far beyond MAX_DEPTH: refused, not a traceback
        return None, [Problem(Position(shown), "limits.too_deep", args={"limit": MAX_DEPTH})]


def _compose_and_build(
    text: str, shown: str, raw: bytes
) -> tuple[YamlDocument | None, list[Problem]]:
    if _FAST_LOADER is not None:
        try:
            root = yaml.compose(text, Loader=_FAST_LOADER)
        except yaml.YAMLError:
            root = _SLOW_PATH
        if root is not _SLOW_PATH:
            try:
                return _build(root, shown, raw, detect_shared=True)
            except _SharedNode:
                pass  # an alias: let the precise composer say where
    try:
        root = yaml.compose(text, Loader=_NoAliasLoader)
    except _AliasFound as exc:
        return None, [Problem(_mark_position(shown, exc.mark), "loader.alias")]
    except yaml.MarkedYAMLError as exc:
        return None, [_syntax_problem(shown, text, exc)]
    except yaml.YAMLError as exc:  # e.g. more than one document
        return None, [Problem(Position(shown), "loader.yaml_syntax", args={"detail": str(exc)})]

    return _build(root, shown, raw)


def content_digest(raw: bytes) -> bytes:
    """The hash a file's bytes are known by in caches (BLAKE2b, 20 bytes)."""
    return hashlib.blake2b(raw, digest_size=20).digest()


def _build(
    root: Node | None, shown: str, raw: bytes, *, detect_shared: bool = False
) -> tuple[YamlDocument | None, list[Problem]]:
    if root is None:
        return None, [Problem(Position(shown), "loader.empty")]

    # Problems found while building values (duplicate keys, tags) do not stop
    # the reading: the model is still validated so the author sees everything.
    doc = YamlDocument(shown, None, digest=content_digest(raw))
    problems: list[Problem] = []
    doc.data = _to_value(root, (), doc, problems, set() if detect_shared else None)
    over = check_limits(doc)
    if over:  # nothing beyond the bounds reaches the model, the checks or a drawing
        return None, problems + over
    return doc, problems


def _mark_position(shown: str, mark: yaml.Mark | None) -> Position:
    if mark is None:
        return Position(shown)
    return Position(shown, mark.line + 1, mark.column + 1)


# PyYAML's commonest complaints, in words an author understands (see locale/*/loader.yaml).
_KNOWN_SYNTAX_ERRORS = [
    (re.compile(r"mapping values are not allowed here"), "loader.yaml_colon"),
    (re.compile(r"expected <block end>, but found"), "loader.yaml_indent"),
    (re.compile(r"scanning a quoted scalar.*\| found unexpected end"), "loader.yaml_quote"),
    (re.compile(r"flow sequence.*\| expected ',' or '\]'"), "loader.yaml_bracket"),
    (re.compile(r"flow mapping.*\| expected ',' or '\}'"), "loader.yaml_brace"),
    (re.compile(r"found character '(?P<char>.)' that cannot start any token"), "loader.yaml_char"),
    (re.compile(r"could not find expected ':'"), "loader.yaml_missing_colon"),
    (re.compile(r"sequence entries are not allowed here"), "loader.yaml_dash"),
]


def _syntax_problem(shown: str, text: str, exc: yaml.MarkedYAMLError) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    position = _mark_position(shown, mark)
    if mark is not None:
        line_text = text.splitlines()[mark.line] if mark.line < len(text.splitlines()) else ""
        if "\t" in line_text[: mark.column + 1] or "'\\t'" in str(exc.problem):
            # A tab after text on the line, or a line that continues a value: cells
            # pasted from a spreadsheet, not indentation.
            pasted = "\t" in line_text.lstrip("\t ") or "plain scalar" in str(exc.context)
            return Problem(position, "loader.tab_pasted" if pasted else "loader.tab")
    if "expected a single document" in f"{exc.context} {exc.problem}":
        return Problem(position, "loader.many_documents")
    detail = (exc.problem or str(exc)).strip()
    started = exc.context_mark or mark
    where = f"{started.line + 1}:{started.column + 1}" if started is not None else "?"
    for pattern, code in _KNOWN_SYNTAX_ERRORS:
        found = pattern.search(f"{exc.context or ''} | {detail}")
        if found:
            return Problem(position, code, args={"started": where, **found.groupdict()})
    if exc.context and exc.context_mark is not None and exc.context_mark is not mark:
        started = exc.context_mark
        detail += f" ({exc.context}, {started.line + 1}:{started.column + 1})"
    return Problem(position, "loader.yaml_syntax", args={"detail": detail})


def _to_value(
    node: Node,
    data_path: DataPath,
    doc: YamlDocument,
    problems: list[Problem],
    seen: set[int] | None,
) -> Any:
    if seen is not None:
        if id(node) in seen:
            raise _SharedNode
        seen.add(id(node))
    mark = node.start_mark
    doc.value_positions[data_path] = (mark.line + 1, mark.column + 1)
    if node.tag not in _STANDARD_TAGS:
        # Never constructed: reported, then read as if the tag were not there.
        position = _mark_position(doc.path, mark)
        problems.append(Problem(position, "loader.unsafe_tag", args={"tag": _short_tag(node.tag)}))
        node.tag = _DEFAULT_TAGS[type(node)]
    if len(data_path) > MAX_DEPTH and type(node) is not ScalarNode:
        # Deeper than any SOP goes: not descended (check_limits reports it).
        return []
    if type(node) is ScalarNode:
        value = _scalar(node)
        if type(value) is str and "\t" in value:
            # libyaml keeps a tab inside a value: usually cells pasted from Excel.
            position = _mark_position(doc.path, mark)
            problems.append(Problem(position, "loader.tab_in_text", Severity.WARNING))
        if type(value) is str and not value.isascii() and _SURROGATE.search(value):
            value = _without_surrogates(value)
            if _SURROGATE.search(value):
                position = _mark_position(doc.path, mark)
                problems.append(Problem(position, "loader.surrogate"))
                value = _SURROGATE.sub("\ufffd", value)
        return value
    if isinstance(node, SequenceNode):
        if node.flow_style and len(node.value) > 1:
            _check_flow_commas(node, doc, problems)
        return [
            _to_value(item, (*data_path, i), doc, problems, seen)
            for i, item in enumerate(node.value)
        ]
    if isinstance(node, MappingNode):
        return _mapping(node, data_path, doc, problems, seen)
    raise AssertionError(f"unknown node type {type(node).__name__}")


def _mapping(
    node: MappingNode,
    data_path: DataPath,
    doc: YamlDocument,
    problems: list[Problem],
    seen: set[int] | None,
) -> dict[str, Any]:
    result: dict[str, Any] = {}
    first_seen: dict[str, tuple[int, int]] = {}
    step_merged = False
    for key_node, value_node in node.value:
        mark = key_node.start_mark
        key_at = (mark.line + 1, mark.column + 1)
        tag = key_node.tag
        if type(key_node) is not ScalarNode or tag == "tag:yaml.org,2002:null":
            problems.append(Problem(Position(doc.path, *key_at), "loader.bad_key"))
            continue
        if tag not in _STANDARD_TAGS:
            problems.append(
                Problem(
                    Position(doc.path, *key_at), "loader.unsafe_tag", args={"tag": _short_tag(tag)}
                )
            )
            continue
        key = str(key_node.value)
        if _SURROGATE.search(key):
            problems.append(Problem(Position(doc.path, *key_at), "loader.surrogate"))
            key = _SURROGATE.sub("\ufffd", _without_surrogates(key))
        if key == "<<":
            problems.append(Problem(Position(doc.path, *key_at), "loader.merge_key"))
            continue
        if key in first_seen:
            if not step_merged:  # after a merged step, its other keys repeat too: one report
                problems.append(_duplicate(doc, key, key_at, first_seen[key], data_path))
            step_merged = step_merged or _starts_a_step(key, data_path)
            continue
        first_seen[key] = key_at
        child_path = (*data_path, key)
        doc.key_positions[child_path] = key_at
        result[key] = _to_value(value_node, child_path, doc, problems, seen)
    return result


def _check_flow_commas(node: SequenceNode, doc: YamlDocument, problems: list[Problem]) -> None:
    """Warn where commas inside ( ) of a `[a, b]` list split one item: for YAML,
    `[Alat perekaman (kamera, sidik jari), Printer]` is three items, not two."""
    depth = 0
    opened: ScalarNode | None = None
    for item in node.value:
        if type(item) is not ScalarNode or item.style:  # only plain (unquoted) text
            depth, opened = 0, None
            continue
        depth += item.value.count("(") - item.value.count(")")
        if depth > 0 and opened is None:
            opened = item
        elif depth <= 0:
            if opened is not None and depth == 0:
                args = {"left": opened.value, "right": item.value}
                position = _mark_position(doc.path, opened.start_mark)
                problems.append(Problem(position, "loader.flow_comma", Severity.WARNING, args))
            depth, opened = 0, None


def _starts_a_step(key: str, data_path: DataPath) -> bool:
    """True for the key that opens a step (`kegiatan`) in an item of a list."""
    return key == "kegiatan" and bool(data_path) and isinstance(data_path[-1], int)


def _duplicate(
    doc: YamlDocument,
    key: str,
    key_at: tuple[int, int],
    first_at: tuple[int, int],
    data_path: DataPath,
) -> Problem:
    """A key written twice; a second `kegiatan` in one step is a new step without its "- "."""
    if _starts_a_step(key, data_path):
        return Problem(
            Position(doc.path, *key_at), "loader.duplicate_step", args={"first_line": first_at[0]}
        )
    args = {"key": key, "first_line": first_at[0], "first_column": first_at[1]}
    return Problem(Position(doc.path, *key_at), "loader.duplicate_key", args=args)


def _short_tag(tag: str) -> str:
    return tag.replace("tag:yaml.org,2002:", "!!")


_NULL_WORDS = {"", "~", "null", "Null", "NULL"}
_SURROGATE = re.compile("[\ud800-\udfff]")
_NUMBER_START = frozenset("+-.0123456789")
MAX_INT_DIGITS = 30  # longer digit strings stay text


def _without_surrogates(text: str) -> str:
    """Join "\\ud83d\\ude80"-style escaped pairs into the character they stand for."""
    return text.encode("utf-16", "surrogatepass").decode("utf-16", "surrogatepass")


def _scalar(node: ScalarNode) -> Any:
    text = node.value
    if node.tag == "tag:yaml.org,2002:str" and not node.style:  # plain: type it here
        if len(text) <= 5:
            if text in _NULL_WORDS:
                return None
            if text.lower() in ("true", "false"):
                return text.lower() == "true"
        if text[:1] not in _NUMBER_START or len(text) > MAX_DIGITS + 2:
            return text  # most plain scalars are words; a huge number stays text (limits)
        if _PLAIN_INT.fullmatch(text):
            # A number of thousands of digits is no quantity (and int() refuses it): text.
            return int(text) if len(text) <= MAX_INT_DIGITS else text
        if _PLAIN_FLOAT.fullmatch(text):
            return float(text)
        return text
    if node.tag == "tag:yaml.org,2002:null":
        return None
    if node.tag == "tag:yaml.org,2002:bool":
        lowered = text.lower()
        if lowered in ("true", "false"):
            return lowered == "true"
        return text  # yes/no/on/off: keep the author's word
    if len(text) > MAX_DIGITS + 2:
        return text  # reported by limits, never given to int() (which refuses 4,300 digits)
    if node.tag == "tag:yaml.org,2002:int" and _PLAIN_INT.fullmatch(text):
        return int(text) if len(text) <= MAX_INT_DIGITS else text
    if node.tag == "tag:yaml.org,2002:float" and _PLAIN_FLOAT.fullmatch(text):
        return float(text)
    return text
