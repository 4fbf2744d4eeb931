"""From a Word document's blocks to the SOPs it holds, as read (`RawSop`).

A .docx may hold several SOPs. Each has an identity block (a table or
"LABEL : value" paragraphs), the six fields (a two-column table or headed
paragraphs) and a procedure table, possibly continued over several tables
(a page break) or with repeated header rows. Performers come from the
flowchart shapes in a row (the column they are anchored in or drawn over)
or from marks (✓, √, X, a symbol) written in a performer's cell.

Only reading here: matching names against the registries is
`registry_match`, and writing the draft is `draft`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from generator.wordio.docx_reader import Block, Cell, Paragraph, Row, Shape, Table
from generator.wordio.vocabulary import (
    MARKS,
    column_kind,
    identity_field,
    normalise,
    section_field,
)

_NUMBER = re.compile(r"\s*\(?(\d{1,4})\s*[.)]?\s*")
# Rows numbered "a.", "b)" or "I", "II" (older forms): numbered, but not by a figure.
_ORDINAL = re.compile(r"\s*\(?(?:[a-z]|[ivxl]{1,6})\s*[.)]?\s*", re.IGNORECASE)
_PROCEDURE_TITLE = re.compile(r"\s*(?:prosedur|procedure)\b\s*[:\-]?\s*(.*)", re.I | re.S)
_LABEL_LINE = re.compile(r"\s*(.{2,40}?)\s*(?:\t+\s*:?|:)\s*(.*)", re.S)
_ANSWER = re.compile(r"(.+?)\s*(?:→|->|⟶|=>)\s*(.*)", re.S)
_ANSWER_WORDS = {
    "ya",
    "tidak",
    "yes",
    "no",
    "lengkap",
    "tidak lengkap",
    "sesuai",
    "tidak sesuai",
    "setuju",
    "tidak setuju",
    "benar",
    "salah",
    "ok",
}
SYMBOL_KINDS = ("terminator", "process", "decision", "offpage")


@dataclass
class Note:
    """What the importer guessed (`guess`) or could not read (`unread`), at a field."""

    kind: str  # "guess" or "unread"
    key: str  # message key under wordio.note
    args: dict[str, object] = field(default_factory=dict)


@dataclass
class RawStep:
    """One row of the procedure table, as read."""

    number: int | None
    kegiatan: str
    performers: list[int] = field(default_factory=list)  # indexes into RawSop.roles
    symbol: str | None = None  # terminator, process, decision, offpage
    shape_text: str = ""
    labels: list[str] = field(default_factory=list)
    targets: list[int] = field(default_factory=list)  # where its connectors lead (step numbers)
    kelengkapan: list[str] = field(default_factory=list)
    waktu: str = ""
    output: str = ""
    keterangan: str = ""
    notes: list[Note] = field(default_factory=list)


@dataclass
class RawSop:
    """One SOP as found in the document, before matching names to the registries."""

    heading_lines: list[str] = field(default_factory=list)
    identity: dict[str, str] = field(default_factory=dict)
    sections: dict[str, list[str]] = field(default_factory=dict)
    procedure_title: str | None = None
    roles: list[str] = field(default_factory=list)
    steps: list[RawStep] = field(default_factory=list)
    columns: dict[int, str] | None = None  # grid column -> kind, of the last table read


@dataclass
class _Floating:
    """A symbol or label drawn over the procedure table rather than in its row: in a
    group or drawing canvas, or anchored in a paragraph outside the table."""

    shape: Shape
    cell_start: int | None  # left edge (twips) of the cell it is anchored in; None: a paragraph
    anchor: int  # order of the anchors in the document

    def middle(self, table: Table) -> int:
        """Its horizontal middle, in twips from the table's left edge."""
        if self.shape.frame == "page":
            start = -table.page_margin
        elif self.shape.frame == "column" and self.cell_start is not None:
            start = self.cell_start
        else:
            start = 0  # the margin (a paragraph's text column): where tables start
        return start + (self.shape.offset or 0) + (self.shape.width or 0) // 2


def read_sops(blocks: list[Block]) -> list[RawSop]:
    """The SOPs in a document's blocks, in order (those with a procedure table)."""
    sops: list[RawSop] = []
    current = RawSop()
    pending: list[str] = []  # paragraphs after a procedure: the next SOP's heading
    section: str | None = None
    after_procedure = False
    floating: list[_Floating] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            for shape in block.shapes:
                if shape.kind in (*SYMBOL_KINDS, "label", "arrow"):
                    floating.append(_Floating(shape, None, len(floating)))
            text = block.text.strip()
            if not text:
                continue
            title = _PROCEDURE_TITLE.fullmatch(text)
            if title and not current.steps:
                current.procedure_title = title.group(1).strip() or None
                section = None
                continue
            heading = section_field(text)
            if heading is not None:
                current, pending = _start_if_done(sops, current, pending)
                section = heading
                current.sections.setdefault(heading, [])
                continue
            label = _label_value(text)
            if label is not None:
                current, pending = _start_if_done(sops, current, pending, label[0])
                current.identity.setdefault(label[0], label[1])
                section = None
                continue
            if current.steps:
                pending.append(text)
            elif section is not None:
                current.sections[section].append(block.text)
            elif not current.identity:
                current.heading_lines.append(text)
            continue
        section = None
        columns = _procedure_columns(block)
        if columns is not None:
            header_rows, kinds = columns
            continues = (
                current.steps
                and after_procedure
                and current.columns is not None
                and _role_headers(block, kinds, header_rows) == current.roles
                and _first_number(block, kinds, header_rows) == _next_number(current)
            )
            if current.steps and not continues:
                sops.append(current)
                current = RawSop(heading_lines=pending)
                pending = []
            if not continues:
                current.roles = _role_headers(block, kinds, header_rows)
            current.columns = kinds
            _read_steps(current, block, kinds, header_rows, floating)
            after_procedure = True
            continue
        if (
            current.steps
            and current.columns is not None
            and block.columns == max(current.columns) + 1
            and _first_number(block, current.columns, 0) == _next_number(current)
        ):
            _read_steps(current, block, current.columns, 0, floating)  # continued, no headers
            continue
        after_procedure = False
        current, pending = _start_if_done(sops, current, pending, _first_identity(block))
        _read_front_table(current, block)
    if current.steps:
        sops.append(current)
    for sop in sops:
        _attach_stray_labels(sop.steps)
    return sops


def _attach_stray_labels(steps: list[RawStep]) -> None:
    """Bare answer labels ("Tidak") that landed in a row without a diamond belong to
    the nearest decision above them (text boxes float over the row lines)."""
    for index, step in enumerate(steps):
        if step.symbol == "decision" or not step.labels:
            continue
        answers = [parse_answer(label) for label in step.labels]
        if not all(a is not None and a[1] is None for a in answers):
            continue
        for earlier in reversed(steps[:index]):
            if earlier.symbol == "decision":
                earlier.labels += step.labels
                step.labels = []
                break


_SECTION = ""  # what `_start_if_done` is told for a six-field heading (no identity label)


def _start_if_done(
    sops: list[RawSop], current: RawSop, pending: list[str], label: str | None = _SECTION
) -> tuple[RawSop, list[str]]:
    """A new SOP when the current one has its procedure, or when an identity label
    comes again (a second identity block); `label` None: nothing to start."""
    if label is None:
        return current, pending
    if current.steps or (label != _SECTION and label in current.identity):
        if current.steps:
            sops.append(current)
        return RawSop(heading_lines=pending), []
    return current, pending


def _label_value(text: str) -> tuple[str, str] | None:
    """('nomor', '470/...') for a paragraph like 'NOMOR SOP : 470/...'."""
    match = _LABEL_LINE.fullmatch(text)
    if match is None:
        return None
    key = identity_field(match.group(1))
    return (key, match.group(2).strip()) if key else None


def _distinct(row: Row) -> list[Cell]:
    """The row's cells without vertical-merge continuations."""
    return [cell for cell in row.cells if cell.vmerge != "continue"]


def _section_headings(cells: list[Cell]) -> dict[int, str]:
    """Grid column -> section field when every filled cell of the row is a heading of
    the six fields (KELENGKAPAN, PERALATAN, ...); else empty: the row is no heading row."""
    headings = {c.grid_start: section_field(c.text) for c in cells if c.text}
    if not headings or not all(headings.values()):
        return {}
    return {column: key for column, key in headings.items() if key}


def _first_identity(table: Table) -> str | None:
    """The first identity label of `table`, reading it as `_read_front_table` does: the
    row under a row of section headings is their content, never a label (a PERINGATAN
    that says "NAMA PEJABAT ..." must not start a second SOP)."""
    under_headings = False
    for row in table.rows:
        if _section_headings(_distinct(row)):
            under_headings = True
            continue
        if under_headings:
            under_headings = False
            continue
        for cell in row.cells:
            key = identity_field(cell.text)
            if key is not None:
                return key
            match = _label_value(cell.text)
            if match is not None:
                return match[0]
    return None


def _read_front_table(sop: RawSop, table: Table) -> None:
    """Identity rows, six-field sections and heading text from a table before the procedure."""
    pending_sections: dict[int, str] = {}
    last: str | None = None
    for row in table.rows:
        cells = _distinct(row)
        headings = _section_headings(cells)
        if headings:
            pending_sections = headings
            for key in pending_sections.values():
                sop.sections.setdefault(key, [])
            continue
        if pending_sections:
            for cell in cells:
                key = pending_sections.get(cell.grid_start)
                if key is not None:
                    sop.sections[key] += [p.text for p in cell.paragraphs]
            pending_sections = {}
            continue
        last = _read_identity_row(sop, cells, last) or (
            last
            if last == "disahkan" and not any(c.grid_start == 0 and c.text for c in cells)
            else None
        )


def _read_identity_row(sop: RawSop, cells: list[Cell], last: str | None) -> str | None:
    """Read one row of an identity table; return the label it had (None: no label).

    A row without a label after "Disahkan oleh" continues the signature block
    (name, rank and NIP are often written in the rows below the title).
    """
    for index, cell in enumerate(cells):
        key = identity_field(cell.text)
        if key is not None:
            rest = [c.text for c in cells[index + 1 :] if c.text.strip() != ":"]
            value = re.sub(r"^:\s+|^:$", "", rest[0]) if rest else ""
            sop.identity.setdefault(key, value)
            return key
        match = _label_value(cell.text)
        if match is not None:
            sop.identity.setdefault(*match)
            return match[0]
        paragraphs = cell.paragraphs
        key = section_field(paragraphs[0].text.strip() or "-") if paragraphs else None
        if key is not None:
            sop.sections.setdefault(key, []).extend(p.text for p in paragraphs[1:])
            continue
        if last == "disahkan" and cell.text.strip(" :"):
            sop.identity["disahkan"] = "\n".join(
                part for part in (sop.identity.get("disahkan", ""), cell.text) if part
            )
            continue
        sop.heading_lines += [line.strip() for line in cell.text.split("\n") if line.strip()]
    return None


# -- the procedure table ------------------------------------------------------


def _procedure_columns(table: Table) -> tuple[int, dict[int, str]] | None:
    """(number of header rows, grid column -> kind) when `table` is a procedure table.

    Kinds: nomor_urut, kegiatan, role, kelengkapan, waktu, output, keterangan.
    """
    header_rows = 0
    stacks: dict[int, list[str]] = {c: [] for c in range(table.columns)}
    spanned: set[int] = set()  # columns under a heading that spans several (Pelaksana)
    for row in table.rows[:5]:
        first = row.at(0)
        if first is not None and _NUMBER.fullmatch(first.text) and header_rows:
            break
        if _is_column_numbers(row):
            break
        texts = {c.grid_start: c.text for c in _distinct(row) if c.text}
        named = any(column_kind(text) for text in texts.values())
        under = texts and all(column in spanned for column in texts)
        if header_rows and not named and not under:
            break  # a data row (in a table without a No column)
        for cell in _distinct(row):
            if cell.grid_span > 1:
                spanned.update(range(cell.grid_start, cell.grid_start + cell.grid_span))
        header_rows += 1
        for column in stacks:
            cell = row.at(column)
            if cell is not None and cell.vmerge != "continue" and cell.text:
                stacks[column].append(cell.text)
    found = {c: [column_kind(text) for text in texts] for c, texts in stacks.items()}
    flat = {kind for kinds in found.values() for kind in kinds}
    if "kegiatan" not in flat or not (
        {"pelaksana", "mutu_baku"} & flat or len({"kelengkapan", "waktu", "output"} & flat) >= 2
    ):
        return None
    kinds: dict[int, str] = {}
    for column, texts in stacks.items():
        words = found[column]
        specific = [k for k in words if k not in (None, "pelaksana", "mutu_baku")]
        if specific:
            kinds[column] = specific[-1]
        elif "pelaksana" in words or (texts and None in words and "mutu_baku" not in words):
            kinds[column] = "role"
    # Skip a row of column numbers (1 2 3 ...) under the headings.
    if len(table.rows) > header_rows and _is_column_numbers(table.rows[header_rows]):
        header_rows += 1
    return header_rows, kinds


def _is_column_numbers(row: Row) -> bool:
    texts = [c.text for c in _distinct(row) if c.text]
    if len(texts) < 3:
        return False
    return all(t.strip("() .").isdigit() for t in texts) and [
        int(t.strip("() .")) for t in texts
    ] == list(range(int(texts[0].strip("() .")), int(texts[0].strip("() .")) + len(texts)))


def _role_headers(table: Table, kinds: dict[int, str], header_rows: int) -> list[str]:
    names = []
    for column in sorted(c for c, k in kinds.items() if k == "role"):
        text = ""
        for row in table.rows[:header_rows]:
            if _is_column_numbers(row):
                continue
            cell = row.at(column)
            usable = cell is not None and cell.vmerge != "continue" and cell.text
            if usable and column_kind(cell.text) != "pelaksana":
                text = cell.text
        names.append(text)
    return names


def _first_number(table: Table, kinds: dict[int, str], header_rows: int) -> int | None:
    number_column = next((c for c, k in kinds.items() if k == "nomor_urut"), 0)
    for row in table.rows[header_rows:]:
        cell = row.at(number_column)
        match = _NUMBER.fullmatch(cell.text) if cell else None
        if match:
            return int(match.group(1))
    return None


def _next_number(sop: RawSop) -> int | None:
    numbers = [s.number for s in sop.steps if s.number is not None]
    return numbers[-1] + 1 if numbers else None


def _read_steps(
    sop: RawSop,
    table: Table,
    kinds: dict[int, str],
    header_rows: int,
    floating: list[_Floating],
) -> None:
    """Read the table's step rows into `sop`; then place the symbols drawn over the
    table (`floating`, and groups found in its cells) on the steps, which empties it."""
    role_columns = sorted(c for c, k in kinds.items() if k == "role")
    first_new = len(sop.steps)
    header_texts = [[c.text for c in _distinct(row)] for row in table.rows[:header_rows]]
    by_kind = {k: c for c, k in sorted(kinds.items()) if k != "role"}
    previous: list[RawStep] = []
    for row in table.rows[header_rows:]:
        texts = [c.text for c in _distinct(row)]
        for cell in row.cells:
            for shape in cell.shapes:
                if shape.grouped:
                    start = table.column_start(cell.grid_start)
                    floating.append(_Floating(shape, start, len(floating)))
        if texts in header_texts or _is_column_numbers(row):
            continue  # a header row repeated by hand
        step = _read_row(table, row, by_kind, role_columns, previous[-1] if previous else None)
        if step is not None:
            sop.steps.append(step)
            previous.append(step)
    _place_floating(sop.steps[first_new:], floating, table, role_columns, first_new)
    floating.clear()


_SAME_ROW = 200  # twips (3.5 mm): symbols closer than this in height stand in one row


def _place_floating(
    steps: list[RawStep],
    floating: list[_Floating],
    table: Table,
    role_columns: list[int],
    first_number: int = 0,
) -> None:
    """Give the steps without a performer the symbols drawn over the table, row by
    row from the top, when there are as many rows of symbols as such steps."""
    symbols = sorted(
        (f for f in floating if f.shape.kind in SYMBOL_KINDS),
        key=lambda f: (f.shape.top or 0, f.anchor),
    )
    rows: list[list[_Floating]] = []
    for item in symbols:
        if rows and abs((item.shape.top or 0) - (rows[-1][0].shape.top or 0)) < _SAME_ROW:
            rows[-1].append(item)
        else:
            rows.append([item])
    waiting = [step for step in steps if not step.performers]
    if not rows or len(rows) != len(waiting):
        return
    for step, row in zip(waiting, rows, strict=True):
        for item in row:
            column = _column_at(table, item.middle(table), -1)
            if column in role_columns and role_columns.index(column) not in step.performers:
                step.performers.append(role_columns.index(column))
                if step.symbol != "decision":
                    step.symbol = item.shape.kind
                step.shape_text = step.shape_text or item.shape.text
        step.performers.sort()
        if step.performers:
            step.notes = [n for n in step.notes if n.key != "no_performer"]
            step.notes.append(Note("guess", "performer_drawing"))
    _follow_connectors(
        steps, floating, dict(zip(map(id, waiting), rows, strict=True)), first_number
    )
    tops = [(row[0].shape.top or 0, step) for step, row in zip(waiting, rows, strict=True)]
    for item in floating:
        if item.shape.kind != "label" or not item.shape.text:
            continue
        above = [step for top, step in tops if top <= (item.shape.top or 0) + _SAME_ROW]
        decisions = [step for step in above if step.symbol == "decision"]
        if decisions:
            decisions[-1].labels.append(item.shape.text)


def _text(row: Row, column: int | None, *, one_line: bool = False) -> tuple[str, Cell | None]:
    """The cell's text, paragraphs joined by line breaks.

    `one_line` (kegiatan, waktu, output): a soft break (Shift+Enter) inside a paragraph
    is how a narrow cell is wrapped by hand, so it reads as a space.
    """
    if column is None:
        return "", None
    cell = row.at(column)
    if cell is None or cell.grid_start != column:
        return "", cell
    lines = [" ".join(p.text.split("\n")) if one_line else p.text for p in cell.paragraphs]
    return "\n".join(lines).strip(), cell


def _read_row(
    table: Table,
    row: Row,
    by_kind: dict[str, int],
    role_columns: list[int],
    previous: RawStep | None,
) -> RawStep | None:
    number_text, _ = _text(row, by_kind.get("nomor_urut"))
    kegiatan, _ = _text(row, by_kind.get("kegiatan"), one_line=True)
    number_match = _NUMBER.fullmatch(number_text)
    shapes = _row_shapes(table, row, role_columns)
    symbols = [(c, shape, moved) for c, shape, moved in shapes if shape.kind in SYMBOL_KINDS]
    marks = _row_marks(row, role_columns)
    if not kegiatan and not symbols:
        return None
    step = RawStep(int(number_match.group(1)) if number_match else None, kegiatan)
    if number_match is None and not _ORDINAL.fullmatch(number_text):
        step.notes.append(Note("guess", "unnumbered"))
    performers: list[int] = []
    for column, shape, moved in symbols:
        if column in role_columns and role_columns.index(column) not in performers:
            performers.append(role_columns.index(column))
            step.symbol = step.symbol or shape.kind
            if shape.kind == "decision":
                step.symbol = "decision"
            step.shape_text = step.shape_text or shape.text
            if moved:
                step.notes.append(Note("guess", "performer_position"))
    for column, mark, symbol in marks:
        if role_columns.index(column) not in performers:
            performers.append(role_columns.index(column))
            step.notes.append(Note("guess", "performer_mark", {"mark": mark}))
            if step.symbol is None:
                step.symbol = symbol
                if symbol is None and not any(n.key == "kind_guess" for n in step.notes):
                    step.notes.append(Note("guess", "kind_guess"))
    step.performers = sorted(performers)
    if not performers:
        step.notes.append(Note("unread", "no_performer"))
    step.labels = [s.text for _c, s, _m in shapes if s.kind == "label" and s.text]
    for column in role_columns:
        cell = row.at(column)
        if cell is not None and cell.grid_start == column:
            step.labels += [
                p.text.strip() for p in cell.paragraphs if p.text.strip() and _mark(p.text) is None
            ]
    for kind in ("waktu", "output", "keterangan"):
        text, cell = _text(row, by_kind.get(kind), one_line=kind != "keterangan")
        if cell is not None and cell.vmerge == "continue" and previous is not None:
            step.notes.append(Note("guess", "merged", {"step": previous.number or "?"}))
        setattr(step, kind, text)
    column = by_kind.get("kelengkapan")
    cell = row.at(column) if column is not None else None
    if cell is not None and cell.grid_start == column and cell.vmerge != "continue":
        step.kelengkapan = [p.text.strip() for p in cell.paragraphs if p.text.strip()]
    return step


def _row_shapes(table: Table, row: Row, role_columns: list[int]) -> list[tuple[int, Shape, bool]]:
    """Every shape of the row with the grid column it stands in."""
    found = []
    for cell in row.cells:
        for shape in cell.shapes:
            if shape.grouped:
                continue  # drawn over the table: placed by _place_floating
            column = cell.grid_start
            moved = False
            if shape.offset is not None and table.grid:
                start = {
                    "column": table.column_start(cell.grid_start),
                    "margin": 0,  # a table usually starts at the margin
                    "page": -table.page_margin,
                }[shape.frame]
                middle = start + shape.offset + (shape.width or 0) // 2
                column = _column_at(table, middle, cell.grid_start)
                moved = not cell.grid_start <= column < cell.grid_start + cell.grid_span
            elif cell.grid_span > 1:
                inside = [
                    c
                    for c in role_columns
                    if cell.grid_start <= c < cell.grid_start + cell.grid_span
                ]
                column = inside[0] if inside else cell.grid_start
            found.append((column, shape, moved))
    return found


def _follow_connectors(
    steps: list[RawStep],
    floating: list[_Floating],
    placed: dict[int, list[_Floating]],
    first_number: int,
) -> None:
    """A decision's targets from the connectors that leave its diamond (a:stCxn and
    a:endCxn name the shapes they join): any step but the next one."""
    owner: dict[str, int] = {}
    for index, step in enumerate(steps):
        for item in placed.get(id(step), []):
            if item.shape.ident:
                owner[item.shape.ident] = index
    for item in floating:
        start, end = item.shape.joins
        if item.shape.kind != "arrow" or start not in owner or end not in owner:
            continue
        source, target = owner[start], owner[end]
        if steps[source].symbol == "decision" and target != source + 1:
            steps[source].targets.append(first_number + target + 1)


def _column_at(table: Table, x: int, default: int) -> int:
    start = 0
    for column, width in enumerate(table.grid):
        if start <= x < start + width:
            return column
        start += width
    return default


def _mark(text: str) -> tuple[str, str | None] | None:
    """(mark, symbol) when `text` is a performer mark like '✓' or 'X'."""
    stripped = text.strip()
    if not stripped or len(stripped) > 3:
        return None
    for character in stripped:
        if character.lower() in MARKS:
            return stripped, MARKS[character.lower()]
    return None


def _row_marks(row: Row, role_columns: list[int]) -> list[tuple[int, str, str | None]]:
    marks = []
    for column in role_columns:
        cell = row.at(column)
        if cell is None or cell.grid_start != column:
            continue
        for paragraph in cell.paragraphs:
            found = _mark(paragraph.text)
            if found is not None:
                marks.append((column, *found))
                break
    return marks


def parse_answer(label: str) -> tuple[str, str | None] | None:
    """('Tidak', '1') from 'Tidak → 1'; ('Ya', None) from a bare 'Ya'; None otherwise."""
    match = _ANSWER.fullmatch(label)
    if match:
        return match.group(1).strip(), match.group(2).strip()
    if normalise(label) in _ANSWER_WORDS:
        return label.strip(), None
    return None
