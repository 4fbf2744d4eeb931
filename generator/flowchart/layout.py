"""From an SOP to the flowchart's abstract shape: lanes, rows, symbols and arrows.

No Graphviz here, only decisions about what is drawn where:

- one lane per `pelaksana` of the SOP, in the declared order; a step whose role
  is not one of the SOP's columns gets an extra lane at the right (headed with
  the role's name, or its id when the registry does not know it), so nothing
  the author wrote disappears; the checker reports the mistake;
- one row per step, in order; in the swimlane (`side_by_side`) the steps of
  a parallel group (`bersamaan`) share a row, a member whose lane is taken
  going to the group's next row;
- the capsules sit on the activities (PermenPAN-RB 35/2012, `terminals`):
  the first activity and every activity that ends the procedure are drawn
  as terminators; a derived "Mulai" row comes before step 1 only when the
  flow starts with a decision, a derived "Selesai" row after the last step
  only for a decision's answer that ends the procedure;
- a step with no pelaksana sits in the lane of the step before it (the first
  lane when it is the first step);
- a step with several pelaksana is drawn once in each of their lanes on its
  row; arrows leave from and arrive at its first-named lane; a step done by
  one of them (`pelaksana_salah_satu`) is marked `either` (drawn dashed);
- a decision with a question keeps its kegiatan (`detail`): the diamond
  shows the work and then the question;
- the arrows are `sop.flow.arrows` (`generator.flow.Flow`), the ones the checker
  analyses (a process step to the next step or its `lanjut_ke`, the derived
  "Selesai" after the last one; one labelled arrow per answer of a decision);
  an arrow to the end from an activity carrying the end capsule is that
  capsule; any other goes to the derived "Selesai", or to the first
  `selesai` step; an answer whose target does not exist draws no arrow (the
  checker reports it);
- an arrow whose head is on the same row or above its tail is a return arrow
  ("panah balik");
- `paginate` splits the rows over pages of at most N rows; an arrow that
  leaves its page ends at an off-page connector, and a connector with the
  same letter on the target's page leads to the target.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import StrEnum
from functools import cached_property

from generator.flow import END as FLOW_END
from generator.flow import Flow
from generator.model.organisasi import Organisasi
from generator.model.sop import JenisLangkah, Langkah, Sop
from generator.resolved import role_in


class Symbol(StrEnum):
    """The five SOP AP symbols (the arrow is an `Arrow`, not a node)."""

    TERMINATOR = "terminator"
    PROCESS = "process"
    DECISION = "decision"
    CONNECTOR = "connector"


@dataclass(frozen=True)
class Lane:
    """A column of the chart: one role."""

    role: str
    label: str
    extra: bool = False  # not one of the SOP's declared pelaksana


# Not frozen: made dozens of times a chart, and a frozen dataclass's __init__ sets
# each field through object.__setattr__ (~10x slower); nothing changes one once made.
@dataclass(slots=True, unsafe_hash=True)
class Node:
    """One symbol on the chart. A multi-role step is one node in several lanes."""

    id: str
    symbol: Symbol
    row: int
    lanes: tuple[int, ...]
    text: str
    number: int | None = None  # step number (1-based), None for derived symbols
    waktu: str | None = None
    detail: str | None = None  # the kegiatan, when the symbol shows the question instead
    either: bool = False  # done by ONE of its roles (pelaksana_salah_satu), not by all
    parallel: bool = False  # one of a group of steps done at the same time (bersamaan)

    @property
    def lane(self) -> int:
        """The lane arrows leave from and arrive at."""
        return self.lanes[0]


# Not frozen, for the same reason as `Node`.
@dataclass(slots=True, unsafe_hash=True)
class Arrow:
    """A flow arrow, labelled with the answer when it leaves a decision."""

    tail: str
    head: str
    label: str | None = None


@dataclass(frozen=True)
class Chart:
    """The whole flowchart of one SOP, before pagination."""

    title: str
    lanes: tuple[Lane, ...]
    nodes: tuple[Node, ...]
    arrows: tuple[Arrow, ...]
    rows: int

    def node(self, node_id: str) -> Node:
        """The node with id `node_id`."""
        found = self._by_id.get(node_id)
        if found is None:  # not in the chart: StopIteration, as a search would raise
            return next(node for node in self.nodes if node.id == node_id)
        return found

    @cached_property
    def _by_id(self) -> dict[str, Node]:
        """Each node by its id (the first of equal ids), looked up once per arrow."""
        return {node.id: node for node in reversed(self.nodes)}

    def is_return(self, arrow: Arrow) -> bool:
        """True for a return arrow: its head is on the tail's row or above it."""
        return self.node(arrow.head).row <= self.node(arrow.tail).row


@dataclass(frozen=True)
class Page:
    """One page of a chart: the rows `first_row`..`last_row` plus connectors."""

    number: int
    count: int
    chart: Chart
    first_row: int
    last_row: int
    nodes: tuple[Node, ...] = field(default=())
    arrows: tuple[Arrow, ...] = field(default=())

    @property
    def rows(self) -> list[int]:
        """The row numbers on this page, top to bottom (connector rows included)."""
        return sorted({node.row for node in self.nodes})


def step_id(number: int) -> str:
    """The node id of step `number` (1-based)."""
    return f"s{number}"


START_ID = "start"
END_ID = "end"


@dataclass(frozen=True)
class Terminals:
    """Where the capsules (terminators) go: on the first and last activity (SOP AP).

    PermenPAN-RB 35/2012 draws the capsule ON the activity that starts the
    flow and on each activity that ends it, not as rows of their own. A capsule
    is drawn on its own ("Mulai"/"Selesai" rows, `derived_*`) only where the
    flow starts or ends without an activity to carry it: a first step that is
    a decision, a decision's answer that ends the procedure. Steps written as
    `jenis: mulai`/`selesai` are capsules already.
    """

    starts: tuple[int, ...]  # step indexes drawn as the start capsule
    ends: tuple[int, ...]  # step indexes drawn as an end capsule (their arrow to END is it)
    derived_start: bool
    derived_end: bool


def terminals(sop: Sop) -> Terminals:
    """Which steps carry the start and end capsules, and which capsules stand alone."""
    steps = sop.prosedur
    flow = sop.flow
    starts: tuple[int, ...] = ()
    derived_start = False
    if steps[0].kind is not JenisLangkah.MULAI:
        if all(steps[index].kind is JenisLangkah.PROSES for index in flow.starts):
            starts = flow.starts
        else:
            derived_start = True
    if any(step.kind is JenisLangkah.SELESAI for step in steps):
        return Terminals(starts, (), derived_start, False)
    to_end = [arrow for arrow in flow.arrows if arrow.target == FLOW_END]
    ends = tuple(
        dict.fromkeys(
            a.source for a in to_end if steps[a.source].kind is JenisLangkah.PROSES and not a.label
        )
    )
    derived_end = any(arrow.source not in ends for arrow in to_end)
    return Terminals(starts, ends, derived_start, derived_end)


def _separate_terminals(sop: Sop) -> Terminals:
    """Start and end as symbols of their own, unless written as `mulai`/`selesai` steps."""
    steps = sop.prosedur
    derived_end = not any(step.kind is JenisLangkah.SELESAI for step in steps)
    return Terminals((), (), steps[0].kind is not JenisLangkah.MULAI, derived_end)


def _roles(sop: Sop) -> list[tuple[str, bool]]:
    """The lanes' roles in order, each with True when it is not a declared pelaksana."""
    roles = [(role, False) for role in dict.fromkeys(sop.pelaksana)]
    declared = {role for role, _ in roles}
    for step in sop.prosedur:
        for role in step.pelaksana:
            if role not in declared:
                declared.add(role)
                roles.append((role, True))
    return roles or [("", True)]  # an SOP without columns still gets one (unnamed) lane


def _step_lanes(sop: Sop, roles: list[tuple[str, bool]] | None = None) -> list[tuple[int, ...]]:
    """The lanes of each step; a step without pelaksana sits in the lane of the one before.
    `roles`: `_roles(sop)`, when the caller has them already."""
    lane_of = {role: index for index, (role, _) in enumerate(roles or _roles(sop))}
    previous: tuple[int, ...] = (0,)
    result: list[tuple[int, ...]] = []
    for step in sop.prosedur:
        roles = step.pelaksana
        if len(roles) == 1:  # most steps: one role
            own: tuple[int, ...] = (lane_of[roles[0]],)
        else:
            own = tuple(dict.fromkeys(lane_of[role] for role in roles))
        result.append(own or previous[:1])
        previous = result[-1]
    return result


def _step_rows(
    sop: Sop, flow: Flow, lanes: list[tuple[int, ...]], first: int, side_by_side: bool
) -> tuple[list[int], int]:
    """The row of each step, and the row after the last one.

    One row per step; with `side_by_side`, the steps of a parallel group
    (`bersamaan`) share the group's row, each in its lanes. A member whose
    lanes (or the span between them, where a shared step's join runs) meet
    a member already on that row goes to the group's next row instead.
    """
    rows: list[int] = []
    row = first
    group_rows: list[set[int]] = []  # per row of the current group, the lanes in use
    for index, own in enumerate(lanes):
        group = flow.group_of.get(index) if side_by_side else None
        if not group:  # most steps: a row of their own
            rows.append(row)
            row += 1
            continue
        span = set(range(min(own), max(own) + 1))
        if index != group[0]:
            free = next((k for k, used in enumerate(group_rows) if not used & span), None)
            if free is None:
                group_rows.append(set())
                free = len(group_rows) - 1
            group_rows[free] |= span
            rows.append(row + free)
            if index == group[-1]:
                row += len(group_rows)
            continue
        # The first member opens the group's rows.
        group_rows = [set(span)]
        rows.append(row)
    return rows, row


def chart_rows(sop: Sop, side_by_side: bool = True) -> int:
    """How many rows `build_chart` gives `sop` (for planning pages before drawing)."""
    ends = terminals(sop)
    first = 1 if ends.derived_start else 0
    _, after = _step_rows(sop, sop.flow, _step_lanes(sop), first, side_by_side)
    return after + (1 if ends.derived_end else 0)


def build_chart(
    sop: Sop,
    organisasi: Organisasi,
    start: str,
    end: str,
    side_by_side: bool = True,
    capsules_on_steps: bool = True,
) -> Chart:
    """The chart of `sop`; `start` and `end` are the texts of derived terminators.

    With `side_by_side` (the swimlane) the steps of a parallel group share a
    row; without it (the procedure table: one row per step) each has its own.
    With `capsules_on_steps` (the SOP AP form, `terminals`) the first and last
    activities carry the capsules; without it (BPMN, whose events are nodes of
    their own) a derived start and end stand before and after the steps.
    """
    steps = sop.prosedur
    roles = _roles(sop)  # the lanes, and each step's lanes among them
    lanes = _lanes(roles, organisasi)
    flow = sop.flow
    ends = terminals(sop) if capsules_on_steps else _separate_terminals(sop)
    step_lanes = _step_lanes(sop, roles)
    rows, after = _step_rows(sop, flow, step_lanes, 1 if ends.derived_start else 0, side_by_side)

    nodes: list[Node] = []
    if ends.derived_start:
        nodes.append(Node(START_ID, Symbol.TERMINATOR, 0, step_lanes[0][:1], start))
    capsules = set(ends.starts) | set(ends.ends)
    for index, (step, own) in enumerate(zip(steps, step_lanes, strict=True)):
        node = _step_node(step, index + 1, rows[index], own, index in capsules)
        if index in flow.group_of:
            node = replace(node, parallel=True)
        nodes.append(node)
    end_id = END_ID
    if ends.derived_end:
        nodes.append(Node(END_ID, Symbol.TERMINATOR, after, step_lanes[-1][:1], end))
    elif not ends.ends:
        explicit = next((n for n, s in enumerate(steps, 1) if s.kind is JenisLangkah.SELESAI), None)
        end_id = step_id(explicit) if explicit else END_ID

    arrows: list[Arrow] = []
    if ends.derived_start:
        arrows += [Arrow(START_ID, step_id(index + 1)) for index in flow.starts]
    # The flow's arrows, the ones the checker analyses: never resolved again here.
    for arrow in flow.arrows:
        if arrow.target is None:
            continue  # an answer to a step that does not exist: the checker reports it
        if arrow.target == FLOW_END and arrow.source in ends.ends and not arrow.label:
            continue  # the end capsule is drawn on this step itself
        head = end_id if arrow.target == FLOW_END else step_id(arrow.target + 1)
        arrows.append(Arrow(step_id(arrow.source + 1), head, arrow.label))
    title = f"{sop.nama} ({sop.nomor})" if sop.nomor else sop.nama
    total = after + (1 if ends.derived_end else 0)
    return Chart(title, lanes, tuple(nodes), tuple(arrows), total)


def _lanes(roles: list[tuple[str, bool]], organisasi: Organisasi) -> tuple[Lane, ...]:
    def label(role: str) -> str:
        return role_in(organisasi, role).label

    return tuple(Lane(role, label(role), extra=extra) for role, extra in roles)


def _step_node(
    step: Langkah, number: int, row: int, lanes: tuple[int, ...], capsule: bool = False
) -> Node:
    kind = step.kind
    if capsule or kind in (JenisLangkah.MULAI, JenisLangkah.SELESAI):
        symbol = Symbol.TERMINATOR
    elif kind is JenisLangkah.KEPUTUSAN:
        symbol = Symbol.DECISION
    else:
        symbol = Symbol.PROCESS
    text, detail = step.kegiatan, None
    if symbol is Symbol.DECISION and step.pertanyaan:
        text, detail = step.pertanyaan, step.kegiatan
    either = step.pelaksana_salah_satu and len(lanes) > 1
    return Node(step_id(number), symbol, row, lanes, text, number, step.waktu, detail, either)


# Graphviz's layout time grows fast with the rows of one graph (200 steps on
# one page: 15 s to 100 s; in pages of 40 rows: 2 s), and such a page is
# unreadable anyway: longer charts are always split.
MAX_ROWS_PER_PAGE = 40


def page_breaks(chart: Chart, max_rows: int | None) -> list[int]:
    """The first row of each page: pages as even as they can be, never a page with only the end.

    At most `max_rows` rows a page (and never more than 40): 10 rows at 4 a
    page are 4 + 3 + 3, not 4 + 4 + 2. When the last page would hold only the
    end symbol, that symbol joins the page before (one row over the limit).
    """
    cap = min(max_rows or chart.rows, MAX_ROWS_PER_PAGE) or 1
    count = max(1, -(-chart.rows // cap))
    base, extra = divmod(chart.rows, count)
    starts, row = [], 0
    for index in range(count):
        starts.append(row)
        row += base + (1 if index < extra else 0)
    if len(starts) > 1:
        last_rows = [node for node in chart.nodes if node.row >= starts[-1]]
        if all(node.symbol is Symbol.TERMINATOR for node in last_rows):
            starts.pop()
    return starts


def paginate(chart: Chart, max_rows: int | None) -> list[Page]:
    """`chart` split into pages (`page_breaks`), joined by off-page connectors.

    An arrow that crosses pages ends at an off-page connector, and a connector
    with the same label leads to its target on the other page. Each target
    has one letter and one connector on its page; arrows to it from one page
    share the connector below that page. Labels run A, B, ..., Z, AA.

    - Flow continuing on a later page: the connector sits on a row below the
      page, in the lane the arrow leaves from; on the target's page, on a row
      above the page, in the target's lane.
    - A return to an earlier page: every step that returns there gets a
      connector with that letter on its own row, in a free lane towards the
      target's lane (ids `out_B`, `out_B_2`, ...), so a return never runs
      along a row past other symbols. On the target's page the connector sits
      on the target's row, beside it (never above the page's first symbol).

    A connector never shares a cell: when its cell is taken it moves to the
    nearest free lane, or one row further out.
    """
    starts = page_breaks(chart, max_rows)
    count = len(starts)
    if count == 1:  # one page (most charts): every node and arrow as it is
        return [Page(1, 1, chart, 0, chart.rows - 1, chart.nodes, chart.arrows)]
    ends = [*starts[1:], chart.rows]

    def page_of_row(row: int) -> int:
        return max(index for index, start in enumerate(starts) if start <= row)

    page_of = {node.id: page_of_row(node.row) for node in chart.nodes}
    page_nodes: list[list[Node]] = [[] for _ in range(count)]
    page_arrows: list[list[Arrow]] = [[] for _ in range(count)]
    taken: set[tuple[int, int, int]] = set()  # (page, row, lane) cells in use

    def place(page: int, node: Node) -> None:
        page_nodes[page].append(node)
        taken.update((page, node.row, lane) for lane in node.lanes)

    def free_cell(page: int, row: int, lane: int, step: int) -> tuple[int, int]:
        while True:
            free = [k for k in range(len(chart.lanes)) if (page, row, k) not in taken]
            if free:
                return row, min(free, key=lambda k: (abs(k - lane), k < lane))
            row += step

    for node in chart.nodes:
        place(page_of[node.id], node)
    pairs: dict[str, str] = {}  # target -> its letter
    outs: set[tuple[int, str]] = set()  # (page, target) with a connector below the page
    beside: dict[tuple[str, str], str] = {}  # (tail, letter) -> its return connector
    for arrow in chart.arrows:
        tail_page, head_page = page_of[arrow.tail], page_of[arrow.head]
        if tail_page == head_page:
            page_arrows[tail_page].append(arrow)
            continue
        key = arrow.head  # one letter, and one connector on its page, per target
        head, tail = chart.node(arrow.head), chart.node(arrow.tail)
        if key in pairs and head_page > tail_page and (tail_page, key) not in outs:
            out_cell = free_cell(tail_page, ends[tail_page], tail.lane, 1)
            letter = pairs[key]
            place(
                tail_page,
                Node(f"out_{letter}", Symbol.CONNECTOR, out_cell[0], out_cell[1:], letter),
            )
            outs.add((tail_page, key))
        if key not in pairs:
            letter = _connector_label(len(pairs))
            pairs[key] = letter
            in_cell = None
            if head_page < tail_page:  # a return: the target's connector sits beside it
                lane = _free_lane(head_page, head.row, head.lane + 1, head.lane, chart, taken)
                in_cell = (head.row, lane) if lane is not None else None
            else:
                out_cell = free_cell(tail_page, ends[tail_page], tail.lane, 1)
                out = Node(f"out_{letter}", Symbol.CONNECTOR, out_cell[0], out_cell[1:], letter)
                place(tail_page, out)
                outs.add((tail_page, key))
            if in_cell is None:  # above the page, in the target's lane
                in_cell = free_cell(head_page, starts[head_page] - 1, head.lane, -1)
            place(
                head_page, Node(f"in_{letter}", Symbol.CONNECTOR, in_cell[0], in_cell[1:], letter)
            )
            page_arrows[head_page].append(Arrow(f"in_{letter}", arrow.head))
        letter = pairs[key]
        out_id = f"out_{letter}"
        if head_page < tail_page:
            # Every step that returns gets its own connector (same letter) on its own
            # row, beside it: the return never runs along rows past other symbols.
            if (arrow.tail, letter) not in beside:
                others = sum(1 for _, other in beside if other == letter)
                out_id = f"out_{letter}" + (f"_{others + 1}" if others else "")
                lane = _free_lane(tail_page, tail.row, head.lane, tail.lane, chart, taken)
                cell = (
                    (tail.row, lane)
                    if lane is not None
                    else free_cell(tail_page, ends[tail_page], tail.lane, 1)
                )
                place(tail_page, Node(out_id, Symbol.CONNECTOR, cell[0], cell[1:], letter))
                beside[(arrow.tail, letter)] = out_id
            out_id = beside[(arrow.tail, letter)]
        page_arrows[tail_page].append(Arrow(arrow.tail, out_id, arrow.label))
    return [
        Page(
            number=index + 1,
            count=count,
            chart=chart,
            first_row=starts[index],
            last_row=ends[index] - 1,
            nodes=tuple(page_nodes[index]),
            arrows=tuple(page_arrows[index]),
        )
        for index in range(count)
    ]


def _free_lane(
    page: int,
    row: int,
    wanted: int,
    tail_lane: int,
    chart: Chart,
    taken: set[tuple[int, int, int]],
) -> int | None:
    """A free lane on `row`: `wanted`, else the nearest free one on the side away from the tail.

    With no free lane on that side, the nearest free lane on the other side;
    None when every lane is busy on that row.
    """
    lanes = range(len(chart.lanes))
    wanted = min(max(wanted, 0), len(chart.lanes) - 1)
    if (page, row, wanted) not in taken:
        return wanted
    towards = -1 if wanted <= tail_lane else 1
    ordered = sorted(lanes, key=lambda lane: (towards * (lane - tail_lane) < 0, abs(lane - wanted)))
    return next((lane for lane in ordered if (page, row, lane) not in taken), None)


def _connector_label(index: int) -> str:
    """A, B, ..., Z, AA, AB, ... for index 0, 1, ..."""
    label = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        label = chr(ord("A") + rest) + label
    return label
