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
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from generator import limits
from generator.limits import MAX_DEPTH, MAX_DIGITS, MAX_FILE_BYTES
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
_STR_TAG = "tag:yaml.org,2002:str"
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


class _Places:
    """Where a document's values and keys were written: libyaml's marks, kept per
    container (mapping or list) of the values, found by walking the data path.

    A table keyed by data path for every value of every file cost more than the
    rest of building the values, and most positions are never asked for; the
    marks are kept as the values are built, and turned into (line, column)
    only when a position is asked for.
    """

    def __init__(self, data: Any, root: Any, by_container: dict[int, Any]):
        self.data = data
        self.root = root  # the mark of the whole document
        # id(mapping) -> (key marks by key, value marks by key); id(list) -> item marks
        self.by_container = by_container

    def find(self, data_path: DataPath, key: bool) -> tuple[int, int] | None:
        """The (line, column) of the value (or key) at exactly `data_path`, if written."""
        if not data_path:
            mark = None if key else self.root
            return (mark.line + 1, mark.column + 1) if mark is not None else None
        container = self.data
        last = len(data_path) - 1
        for depth, element in enumerate(data_path):
            place = self.by_container.get(id(container))
            if place is None:
                return None
            if type(container) is dict:
                if type(element) is not str or element not in container:
                    return None
                if depth == last:
                    mark = place[0 if key else 1][element]
                    return mark.line + 1, mark.column + 1
            else:
                if type(element) is not int or not 0 <= element < len(container):
                    return None
                if depth == last:
                    if key:
                        return None  # an item of a list has no key
                    mark = place[element]
                    return mark.line + 1, mark.column + 1
            container = container[element]
        return None

    def every(self, key: bool) -> dict[DataPath, tuple[int, int]]:
        """Every value (or key) position by data path (for tests and tools)."""
        found: dict[DataPath, tuple[int, int]] = {}
        stack: list[tuple[DataPath, Any]] = [((), self.data)]
        if not key:
            found[()] = self.find((), False)  # type: ignore[assignment]
        while stack:
            data_path, value = stack.pop()
            if type(value) is dict:
                children = [(*data_path, name) for name in value]
            elif type(value) is list:
                children = [(*data_path, index) for index in range(len(value))]
            else:
                continue
            for child in children:
                where = self.find(child, key)
                if where is not None:
                    found[child] = where
                stack.append((child, value[child[-1]]))
        return found


class _PlaceTable(Mapping[DataPath, tuple[int, int]]):
    """The value or key positions of a document, looked up in its `_Places`."""

    def __init__(self, places: _Places, keys: bool):
        self._places = places
        self._keys = keys

    def __getitem__(self, data_path: DataPath) -> tuple[int, int]:
        found = self._places.find(data_path, self._keys)
        if found is None:
            raise KeyError(data_path)
        return found

    def get(self, data_path, default=None):  # the hot path of `YamlDocument.position`
        found = self._places.find(data_path, self._keys)
        return default if found is None else found

    def __iter__(self) -> Iterator[DataPath]:
        return iter(self._places.every(self._keys))

    def __len__(self) -> int:
        return len(self._places.every(self._keys))


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
    # An alias is written with "*": without one, no node can be met twice.
    build = _Build(shown, detect_shared and b"*" in raw)
    data = _value(root, 0, True, build, None, False)
    if build.over:  # nothing beyond the bounds reaches the model, the checks or a drawing
        return None, build.problems + build.over
    places = _Places(data, root.start_mark, build.places)
    doc = YamlDocument(
        shown,
        data,
        _PlaceTable(places, keys=False),
        _PlaceTable(places, keys=True),
        digest=content_digest(raw),
    )
    return doc, build.problems


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


class _Build:
    """What one pass over a document's nodes gathers besides its values."""

    __slots__ = ("over", "places", "problems", "seen", "shown")

    def __init__(self, shown: str, detect_shared: bool):
        self.shown = shown
        self.problems: list[Problem] = []  # the file is still read
        self.over: list[Problem] = []  # bounds gone over (`limits`): the file is refused
        self.places: dict[int, Any] = {}  # the marks inside each container (see `_Places`)
        self.seen: set[int] | None = set() if detect_shared else None

    def at(self, mark: Any) -> Position:
        """The position of a libyaml mark in this file."""
        return Position(self.shown, mark.line + 1, mark.column + 1)

    def limit(self, mark: Any, found: limits.Limit) -> None:
        """A bound gone over at `mark`."""
        code, args = found
        self.over.append(Problem(self.at(mark), code, args=args))


def _value(
    node: Node,
    depth: int,
    bounded: bool,
    build: _Build,
    list_key: str | None,
    in_list: bool,
) -> Any:
    """The value of `node` at `depth`, its bounds checked while `bounded` (a parent
    over a bound reports only itself). `list_key` names a list of the top level;
    `in_list`: the node is an item of a list."""
    if build.seen is not None:
        if id(node) in build.seen:
            raise _SharedNode
        build.seen.add(id(node))
    mark = node.start_mark
    kind = type(node)
    tag = node.tag
    if tag not in _STANDARD_TAGS:
        # Never constructed: reported, then read as if the tag were not there.
        build.problems.append(
            Problem(build.at(mark), "loader.unsafe_tag", args={"tag": _short_tag(tag)})
        )
        tag = node.tag = _DEFAULT_TAGS[kind]
    if kind is ScalarNode:
        if tag == _STR_TAG and not node.style:
            value = node.value
            if len(value) <= 5 or value[:1] in _NUMBER_START:  # else a word: text (most)
                value = _plain(value)
        else:
            value = _scalar(node)
        if type(value) is str:
            printable = value.isprintable()  # asked once: nearly every value is
            if not printable:
                if "\t" in value:
                    # libyaml keeps a tab inside a value: usually cells pasted from Excel.
                    build.problems.append(
                        Problem(build.at(mark), "loader.tab_in_text", Severity.WARNING)
                    )
                if not value.isascii() and _SURROGATE.search(value):
                    value = _without_surrogates(value)
                    if _SURROGATE.search(value):
                        build.problems.append(Problem(build.at(mark), "loader.surrogate"))
                        value = _SURROGATE.sub("\ufffd", value)
                printable = value.isprintable()
            if bounded and (len(value) > MAX_DIGITS or not printable):
                found = limits.text_over(value)
                if found is not None:
                    build.limit(mark, found)
        elif bounded and type(value) is int and (found := limits.number_over(value)):
            build.limit(mark, found)
        return value
    if depth > MAX_DEPTH:
        # Deeper than any SOP goes: not descended, and refused.
        if bounded:
            build.limit(mark, limits.too_deep())
        return []
    if kind is SequenceNode:
        items = node.value
        if node.flow_style and len(items) > 1:
            _check_flow_commas(node, build)
        if bounded:
            found = limits.too_many(len(items), limits.list_bound(list_key))
            if found is not None:
                build.limit(mark, found)
                bounded = False  # its items are not looked at
        depth += 1
        fast = build.seen is None
        result = []
        for item in items:
            if fast and type(item) is ScalarNode and item.tag == _STR_TAG:
                text = _printable_text(item, bounded, build)
                if text is not None:
                    result.append(text)
                    continue
            result.append(_value(item, depth, bounded, build, None, True))
        build.places[id(result)] = [item.start_mark for item in items]
        return result
    if kind is MappingNode:
        return _mapping(node, depth, bounded, build, in_list)
    raise AssertionError(f"unknown node type {kind.__name__}")


def _printable_text(node: ScalarNode, bounded: bool, build: _Build) -> str | None:
    """`_value` of a `str`-tagged scalar, the commonest node (most values and list
    items of an SOP are printable texts), without its general tests: the same value
    and the same problems; None when the scalar is not a printable text (a number,
    a date, a tab...), which `_value` then reads."""
    value = node.value
    if not node.style and (len(value) <= 5 or value[:1] in _NUMBER_START):
        value = _plain(value)
    if type(value) is not str or not value.isprintable():
        return None
    if bounded and len(value) > MAX_DIGITS:
        found = limits.text_over(value)
        if found is not None:
            build.limit(node.start_mark, found)
    return value


def _mapping(
    node: MappingNode, depth: int, bounded: bool, build: _Build, in_list: bool
) -> dict[str, Any]:
    result: dict[str, Any] = {}
    first_seen: dict[str, Any] = {}  # key marks, by key
    value_marks: dict[str, Any] = {}
    step_merged = False
    problems = build.problems
    child_depth = depth + 1
    fast = build.seen is None  # no alias to look for: a text value needs no `_value` call
    for key_node, value_node in node.value:
        mark = key_node.start_mark
        tag = key_node.tag
        if type(key_node) is not ScalarNode or tag == "tag:yaml.org,2002:null":
            problems.append(Problem(build.at(mark), "loader.bad_key"))
            continue
        if tag not in _STANDARD_TAGS:
            problems.append(
                Problem(build.at(mark), "loader.unsafe_tag", args={"tag": _short_tag(tag)})
            )
            continue
        key = str(key_node.value)
        if not key.isascii() and _SURROGATE.search(key):
            problems.append(Problem(build.at(mark), "loader.surrogate"))
            key = _SURROGATE.sub("\ufffd", _without_surrogates(key))
        if key == "<<":
            problems.append(Problem(build.at(mark), "loader.merge_key"))
            continue
        if key in first_seen:
            if not step_merged:  # after a merged step, its other keys repeat too: one report
                problems.append(_duplicate(build, key, mark, first_seen[key], in_list))
            step_merged = step_merged or _starts_a_step(key, in_list)
            continue
        first_seen[key] = mark
        value_marks[key] = value_node.start_mark
        key_bounded = bounded
        if bounded and not key.isprintable():
            found = limits.control_character(key)
            if found is not None:  # a key (e.g. an answer) with a control character: said once
                build.limit(value_node.start_mark, found)
                key_bounded = False
        if fast and type(value_node) is ScalarNode and value_node.tag == _STR_TAG:
            text = _printable_text(value_node, key_bounded, build)
            if text is not None:
                result[key] = text
                continue
        result[key] = _value(
            value_node, child_depth, key_bounded, build, key if depth == 0 else None, False
        )
    build.places[id(result)] = (first_seen, value_marks)
    return result


def _check_flow_commas(node: SequenceNode, build: _Build) -> None:
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
                position = build.at(opened.start_mark)
                build.problems.append(
                    Problem(position, "loader.flow_comma", Severity.WARNING, args)
                )
            depth, opened = 0, None


def _starts_a_step(key: str, in_list: bool) -> bool:
    """True for the key that opens a step (`kegiatan`) in an item of a list."""
    return key == "kegiatan" and in_list


def _duplicate(build: _Build, key: str, mark: Any, first: Any, in_list: bool) -> Problem:
    """A key written twice; a second `kegiatan` in one step is a new step without its "- "."""
    if _starts_a_step(key, in_list):
        return Problem(build.at(mark), "loader.duplicate_step", args={"first_line": first.line + 1})
    args = {"key": key, "first_line": first.line + 1, "first_column": first.column + 1}
    return Problem(build.at(mark), "loader.duplicate_key", args=args)


def _short_tag(tag: str) -> str:
    return tag.replace("tag:yaml.org,2002:", "!!")


_NULL_WORDS = {"", "~", "null", "Null", "NULL"}
_SURROGATE = re.compile("[\ud800-\udfff]")
_NUMBER_START = frozenset("+-.0123456789")
MAX_INT_DIGITS = 30  # longer digit strings stay text


def _without_surrogates(text: str) -> str:
    """Join "\\ud83d\\ude80"-style escaped pairs into the character they stand for."""
    return text.encode("utf-16", "surrogatepass").decode("utf-16", "surrogatepass")


def _plain(text: str) -> Any:
    """The value of a plain (unquoted, untagged) scalar: null, a boolean, a number, or text."""
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


def _scalar(node: ScalarNode) -> Any:
    text = node.value
    if node.tag == _STR_TAG and not node.style:
        return _plain(text)
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
