"""Orthogonal arrow routes between symbols placed on a lane x row grid.

One router for every drawing of a flow: the swimlane chart
(`generator.flowchart.geometry`, in points) and the handbook's procedure
table (`generator.handbook.table`, in mm) both call `route_arrows`, so the
same arrows take the same shape in both. Coordinates grow rightwards and
downwards; the caller converts them (Graphviz counts y upwards).

How an arrow runs:

- to a later row with no symbol on the rows in between: straight down, or
  out of the tail's side towards the head, along the row and down into the
  head's top;
- any other arrow (a return arrow, a jump over rows, an arrow along a row):
  out of the tail's side, into a *track* of the channel between the symbols
  and the lane's edge, along the track to the head's row and into the head's
  side. Two arrows whose tracks would overlap get separate tracks, so return
  arrows are never merged; `track_slots` tells how many tracks each channel
  needs, so a drawing can make its channels wide enough for all of them;
- the answer of a decision is written beside the line where it leaves the
  symbol (above a sideways line, right of a downward one), never on it; with
  `RouteStyle.label_clear`, on the other side (or further off) when that spot
  comes closer than that to another line or a symbol;
- a step drawn in several lanes (a joint or either-or step: boxes `ID`,
  `ID__2`, ... joined by a bar along their middle) is met at its copy nearest
  to the other end of the arrow; no arrow leaves or enters a copy on the side
  where its bar starts (the bar would hide the line and the arrowhead): it
  leaves from the bottom, and enters above the bar or from the top.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from itertools import pairwise

Point = tuple[float, float]
# A line's extent (x from, x to, y from, y to) and, for a route's first line, its start.
Segment = tuple[float, float, float, float, Point | None]


# Not frozen: made dozens of times a chart, and a frozen dataclass's __init__ sets
# each field through object.__setattr__ (~10x slower); nothing changes one once made.
@dataclass(slots=True, unsafe_hash=True)
class Box:
    """A symbol's bounding box. `lane` is the lane arrows leave from and arrive at."""

    id: str
    row: int  # order of the row on the drawing (top = 0)
    lane: int
    cx: float
    cy: float
    width: float
    height: float
    diamond: bool = False  # arrows meet a diamond's slanted sides, not a box's
    above: float = 0.0  # more of the step drawn above the symbol (a decision's work box)
    work_width: float = 0.0  # the width of that work box (0: none)
    work_height: float = 0.0  # its height; it starts at `top`

    def side_x(self, side: str, y: float) -> float:
        """Where a horizontal line at `y` meets the `side` ("left"/"right") of the symbol."""
        half = self.width / 2
        if self.diamond:
            half *= max(0.0, 1 - abs(y - self.cy) / (self.height / 2))
        return self.cx - half if side == "left" else self.cx + half

    @property
    def left(self) -> float:
        """The x of the left side."""
        return self.cx - self.width / 2

    @property
    def right(self) -> float:
        """The x of the right side."""
        return self.cx + self.width / 2

    @property
    def top(self) -> float:
        """The y of the top side (of the work box, when the step has one above)."""
        return self.cy - self.height / 2 - self.above

    @property
    def bottom(self) -> float:
        """The y of the bottom side."""
        return self.cy + self.height / 2


@dataclass(frozen=True)
class RouteStyle:
    """Distances the router keeps, in the drawing's unit (defaults: mm, the table's)."""

    first_track: float = 1.0  # from the lane's edge to the first track
    track: float = 0.9  # between two tracks of one channel
    edge_margin: float = 0.4  # a track never comes closer than this to a symbol
    turn: float = 2.5  # a downward arrow turns at most this far above the head
    bottom_exit: float = 2.0  # a track reached from the bottom starts this far below it
    label_size: float = 2.25  # font size of answer labels
    label_gap: float = 0.4  # between a sideways line's start and its label
    label_rise: float = 0.7  # baseline of a sideways label above its line
    label_beside: float = 0.8  # between a downward line and its label
    label_drop: float = 2.6  # baseline of a downward label below the symbol
    label_fall: float | None = None  # baseline below a sideways line that turns up (None: above)
    label_clear: float | None = None  # room a label keeps from other lines (None: not checked)
    lane_pitch: float | None = None  # the narrowest lane's width (None: labels always fit)


# Not frozen, for the same reason as `Box`.
@dataclass(slots=True, unsafe_hash=True)
class Label:
    """An answer's text, its (first) baseline's left end and its width."""

    text: str
    x: float
    y: float
    width: float
    lines: tuple[str, ...] = ()  # the text on two lines, when one did not fit (else empty)

    def height_below(self, size: float) -> float:
        """How far the text reaches below its first baseline (font size `size`)."""
        extra_lines = len(self.lines) - 1
        return 0.2 * size + LINE_SPACING * size * (extra_lines if extra_lines > 0 else 0)


LINE_SPACING = 1.2  # a line of a label, in font sizes (as Graphviz sets them)


# Not frozen, for the same reason as `Box`.
@dataclass(slots=True, unsafe_hash=True)
class Route:
    """One arrow: the points of its polyline (the last one is the arrow's tip)."""

    tail: str
    head: str
    points: tuple[Point, ...]
    is_return: bool  # runs up, or back along its row (a "panah balik")
    label: Label | None = None


@dataclass(frozen=True)
class Channels:
    """The lanes' edges: tracks run between a lane's edge and its symbols."""

    left: tuple[float, ...]
    right: tuple[float, ...]


def route_arrows(
    boxes: Mapping[str, Box],
    arrows: Sequence[tuple[str, str, str | None]],
    channels: Channels,
    *,
    style: RouteStyle = RouteStyle(),
    label_width: Callable[[str], float] = lambda text: 0.55 * len(text),
    width: float | None = None,
) -> tuple[Route, ...]:
    """The route of each (tail id, head id, answer) arrow, in the same order.

    `label_width(text)` is the text's width at font size 1; labels are kept
    inside 0..`width` (default: the lanes' extent).
    """
    router = _Router(boxes, channels, style, label_width, width)
    return router.route_all(arrows)


def track_slots(
    boxes: Mapping[str, Box],
    arrows: Sequence[tuple[str, str, str | None]],
    lanes: int,
    *,
    style: RouteStyle = RouteStyle(),
    label_width: Callable[[str], float] = lambda text: 0.0,
) -> dict[tuple[int, str], int]:
    """How many tracks each (lane, "left"/"right") channel needs for `arrows` (`style` and
    `label_width` as `route_arrows` gets them, so that both take the same ports)."""
    channels = Channels(tuple(0.0 for _ in range(lanes)), tuple(0.0 for _ in range(lanes)))
    router = _Router(boxes, channels, style, label_width, 0.0)
    router.lane_count = lanes
    router.counting = True  # only the tracks matter: no labels, no tidied points
    router.route_all(arrows)
    return {key: 1 + max(slot for _, _, slot in used) for key, used in router.tracks.items()}


class _Router:
    """Draws the arrows of one page between placed symbols."""

    def __init__(
        self,
        boxes: Mapping[str, Box],
        channels: Channels,
        style: RouteStyle,
        label_width: Callable[[str], float],
        width: float | None,
    ) -> None:
        self.boxes = boxes
        self.channels = channels
        self.style = style
        self.label_width = label_width
        self.width = width if width is not None else (channels.right[-1] if channels.right else 0)
        self.ports: dict[str, set[str]] = {box_id: set() for box_id in boxes}
        self.tracks: dict[tuple[int, str], list[tuple[float, float, int]]] = {}
        self.on_row: dict[int, list[Box]] = {}  # the boxes of each row, in their order
        # A step drawn in several lanes: its copies (the first is the one named `id`).
        self.copies: dict[str, list[Box]] = {}
        # The least room between a lane's symbols and each of its edges.
        self.room: dict[tuple[int, str], float] = {}
        on_row, copies = self.on_row, self.copies
        # Each lane's leftmost and rightmost symbol side: the room is their distance
        # from the lane's edges (subtracting after the min or before it gives the same
        # float: rounding keeps order), two subtractions a lane instead of two a symbol.
        leftmost: dict[int, float] = {}
        rightmost: dict[int, float] = {}
        inf = math.inf
        shared: list[str] = []  # the steps drawn in several lanes (few)
        for box in boxes.values():  # one pass for all three
            on_row.setdefault(box.row, []).append(box)
            box_id = box.id
            if "__" in box_id:
                step = box_id.split("__", 1)[0]
                shared.append(step)
            else:
                step = box_id
            copies.setdefault(step, []).append(box)
            half = box.width / 2
            lane = box.lane
            left, right = box.cx - half, box.cx + half
            if left < leftmost.get(lane, inf):
                leftmost[lane] = left
            if right > rightmost.get(lane, -inf):
                rightmost[lane] = right
        lefts, rights = channels.left, channels.right
        lanes = len(lefts)
        for lane, left in leftmost.items():
            if 0 <= lane < lanes:
                self.room[(lane, "left")] = left - lefts[lane]
                self.room[(lane, "right")] = rights[lane] - rightmost[lane]
        self.rows_with_symbols = set(on_row)
        self.entries: dict[str, set[str]] = {}  # sides where arrows from a channel arrive
        self.arrivals: dict[str, int] = {}  # arrows arriving from a channel, per symbol
        self.arrived: dict[str, int] = {}
        self.counting = False  # True: only counting tracks (`track_slots`)
        self.lane_count = len(channels.left)
        # The sides of each copy of a step where the bar joining it to the next copy starts.
        self.barred: dict[str, tuple[str, ...]] = {}
        for step in dict.fromkeys(shared):
            copies = self.copies[step]
            if len(copies) > 1:
                ordered = sorted(copies, key=lambda box: box.cx)
                for left, right in pairwise(ordered):
                    self.barred[left.id] = (*self.barred.get(left.id, ()), "right")
                    self.barred[right.id] = (*self.barred.get(right.id, ()), "left")
        self.pending: list[tuple[int, str, str, Box, bool]] = []  # labels placed last
        self.answer_ports: dict[tuple[str, str], str] = {}  # (tail, answer) -> its port
        # For placing labels (`_obstacles`, `_near`): every line's and symbol's extent,
        # and those near the label being placed, within `zone` (None: not narrowed).
        self.segments: list[Segment] = []
        self.extents: list[tuple[float, float, float, float, Box]] = []
        self.near_segments: list[Segment] = []
        self.near_extents: list[tuple[float, float, float, float, Box]] = []
        self.zone: tuple[float, float, float, float] | None = None
        self._count = 0  # routes made so far (the index of the next one)
        self.spots: dict[bool, list[tuple[bool, float, bool]]] = {}  # `_label_spots`

    def route_all(self, arrows: Sequence[tuple[str, str, str | None]]) -> tuple[Route, ...]:
        """Every arrow of the page. Arrows arriving from a channel claim their side of the
        target first, so that an arrow leaving that symbol does not run along them."""
        boxes, copies = self.boxes, self.copies
        ends = [
            (boxes[tail_id], boxes[head_id])  # a step drawn once (most): its box
            if len(copies[tail_id]) == 1 and len(copies[head_id]) == 1
            else self._ends(tail_id, head_id)
            for tail_id, head_id, _ in arrows
        ]
        # To the very next row (most arrows): down, with no row in between to ask about.
        downs = [head.row == tail.row + 1 or self._is_down(tail, head) for tail, head in ends]
        for (tail, head), down in zip(ends, downs, strict=True):
            if not down:
                side = "right" if head.lane <= tail.lane else "left"
                self.entries.setdefault(head.id, set()).add(side)
                self.arrivals[head.id] = self.arrivals.get(head.id, 0) + 1
        if self.counting:  # only the tracks: an arrow down uses none, only its ports
            # And only the ports of a symbol that an arrow leaves through a channel: the
            # port an arrow down takes from any other symbol (or the top it enters) is
            # never one such an arrow asks for, so it changes no track.
            leaving = {tail.id for (tail, _), down in zip(ends, downs, strict=True) if not down}
            for (tail, head), down, (_, _, label) in zip(ends, downs, arrows, strict=True):
                if not down:
                    self._around(tail, head, label)
                elif tail.id in leaving:
                    self._down_port(tail, head, label)
            return ()
        routes = []
        for (tail, head), down, (tail_id, head_id, label) in zip(ends, downs, arrows, strict=True):
            route = self._down(tail, head, label) if down else self._around(tail, head, label)
            if "__" in route.tail or "__" in route.head:  # `copies_of`, inline
                route = replace(route, tail=tail_id, head=head_id)
            routes.append(route)
        if self.pending and self.style.label_clear is not None:
            self._obstacles(routes)
        for index, label, port, tail, rises in self.pending:
            placed = self._placed_label(label, port, tail, rises, routes[index], routes)
            route = routes[index]  # a new Route, not `replace`: ~10x cheaper, once per label
            routes[index] = Route(route.tail, route.head, route.points, route.is_return, placed)
        return tuple(routes)

    def copies_of(self, route: Route) -> bool:
        """True when `route` runs between copies other than the first (its ids are the
        copies', not the steps')."""
        return "__" in route.tail or "__" in route.head

    def _ends(self, tail_id: str, head_id: str) -> tuple[Box, Box]:
        """The boxes an arrow runs between: of a step drawn in several lanes, the copy
        nearest to the other end (the first-named on a tie)."""
        tail, head = self.boxes[tail_id], self.boxes[head_id]
        tails, heads = self.copies[tail_id], self.copies[head_id]
        if len(tails) > 1:
            tail = min(tails, key=lambda box: abs(box.cx - head.cx))
        if len(heads) > 1:
            head = min(heads, key=lambda box: abs(box.cx - tail.cx))
        return tail, head

    def _is_down(self, tail: Box, head: Box) -> bool:
        if head.row <= tail.row:
            return False
        return self.rows_with_symbols.isdisjoint(range(tail.row + 1, head.row))

    def _blocked(self, tail: Box, x: float) -> bool:
        """True when a symbol on the tail's row stands between the tail and `x`."""
        low, high = sorted((tail.cx, x))
        return any(
            box.id != tail.id and box.right > low and box.left < high
            for box in self.on_row[tail.row]
        )

    def _take(self, box: Box, wanted: list[str]) -> str:
        arriving = self.entries.get(box.id, ())
        used = self.ports[box.id]
        barred = self.barred.get(box.id)
        if barred:  # never out along the bar of a step drawn in several lanes
            wanted = [port for port in wanted if port not in barred] or ["bottom"]
        for port in wanted:
            if port not in used and port not in arriving:
                used.add(port)
                return port
        for port in wanted:
            if port not in used:
                used.add(port)
                return port
        return wanted[0]

    def _answer_port(self, tail: Box, label: str | None, allowed: list[str]) -> str | None:
        """The port an earlier arrow of the same answer left from, when it suits this one:
        one answer forking to steps done at the same time leaves from one point, and
        two answers never share one."""
        if not label:
            return None
        port = self.answer_ports.get((tail.id, label))
        return port if port in allowed else None

    def _remember_port(self, tail: Box, label: str | None, port: str) -> None:
        if label:
            self.answer_ports.setdefault((tail.id, label), port)

    def _down_port(self, tail: Box, head: Box, label: str | None) -> str:
        """The port an arrow to a later row leaves from (taken, with the head's top)."""
        tx, hx = tail.cx, head.cx
        if tx == hx or math.isclose(tx, hx):  # (equal, mostly: the call only when not)
            wanted = ["bottom", "right", "left"]
        elif self._blocked(tail, hx):  # another symbol on the row: down first, then across
            wanted = ["bottom"]
        else:
            wanted = ["right" if hx > tx else "left", "bottom"]
        if not label:  # (most arrows: no answer to leave from the port of an earlier one)
            port = self._take(tail, wanted)
        else:
            port = self._answer_port(tail, label, wanted[:2]) or self._take(tail, wanted)
            self._remember_port(tail, label, port)
        self.ports[head.id].add("top")
        return port

    def _down(self, tail: Box, head: Box, label: str | None) -> Route:
        """To a later row with no symbol in between: straight down, or along then down."""
        tx, hx = tail.cx, head.cx
        port = self._down_port(tail, head, label)
        if port == "bottom":
            top, bottom = head.top, tail.bottom
            turn = top - min(self.style.turn, (top - bottom) / 2)
            if tx == hx and not math.isclose(turn, top) and not math.isclose(bottom, top):
                # Straight down (most arrows): the two points `simplify` would leave.
                points = [(tx, bottom), (hx, top)]
                return self._route(tail, head, points, label, port, is_return=False, simple=True)
            points = [(tx, tail.bottom), (tx, turn), (hx, turn), (hx, head.top)]
        else:
            side = tail.right if port == "right" else tail.left
            points = [(side, tail.cy), (hx, tail.cy), (hx, head.top)]
        return self._route(tail, head, points, label, port, is_return=False)

    def _around(self, tail: Box, head: Box, label: str | None) -> Route:
        """Back up (panah balik) or over other rows: beside the lane, in a channel."""
        if head.cx > tail.cx or math.isclose(head.cx, tail.cx):
            wanted = ["right", "left", "bottom"]
        else:
            wanted = ["left", "right", "bottom"]
        if label and not self._fits(label, tail, wanted[0]) and self._fits(label, tail, wanted[1]):
            # No room for the answer before the page's edge: it would be pushed back
            # onto the symbol. Out of the other side, where it fits.
            wanted[0], wanted[1] = wanted[1], wanted[0]
        port = self._answer_port(tail, label, wanted) or self._take(tail, wanted)
        self._remember_port(tail, label, port)
        side = "left" if port == "left" else "right"
        if port == "bottom":
            y_exit = tail.bottom + self.style.bottom_exit
            first = [(tail.cx, tail.bottom), (tail.cx, y_exit)]
        else:
            y_exit = tail.cy
            first = [((tail.left if side == "left" else tail.right), tail.cy)]
        if head.id == tail.id:  # an answer that repeats the step itself
            return self._to_itself(tail, label, port, side, first, y_exit)
        y_entry = self._entry_y(head)
        if self._row_blocked(head, self._track_x(tail, side)):
            return self._around_over(tail, head, label, port, side, first, y_exit)
        x = self._track(tail.lane, side, head, y_exit, y_entry)
        enter = "right" if x > head.cx else "left"
        if enter in self.barred.get(head.id, ()):  # above the bar, which would hide the tip
            y_entry = min(y_entry, head.cy - head.height / 4)
        self.ports[head.id].add(enter)
        points = [*first, (x, y_exit), (x, y_entry), (head.side_x(enter, y_entry), y_entry)]
        return self._route(tail, head, points, label, port, is_return=head.row <= tail.row)

    def _fits(self, label: str, tail: Box, side: str) -> bool:
        """True when `label` fits between `tail` and the page's edge on `side`, counted in
        the narrowest lanes (`RouteStyle.lane_pitch`), so that counting tracks and
        routing agree; always True without a pitch."""
        pitch = self.style.lane_pitch
        if pitch is None:
            return True
        lanes = self.lane_count - 1 - tail.lane if side == "right" else tail.lane
        width = self.label_width(label) * self.style.label_size
        return width + self.style.label_gap <= lanes * pitch + self.style.first_track

    def _around_over(
        self,
        tail: Box,
        head: Box,
        label: str | None,
        port: str,
        side: str,
        first: list[Point],
        y_exit: float,
    ) -> Route:
        """Into the head's top when a symbol beside it on its row (a parallel step) stands
        between the channel and the head: along the track to the gap above the head's
        row, across it, and down into the head (beside the middle when the top is taken)."""
        index = self.arrived.get(head.id, 1) - 1
        y_gap = head.top - self.style.turn * (1 + 0.5 * index)
        x = self._track(tail.lane, side, head, y_exit, y_gap)
        x_top = head.cx
        if "top" in self.ports[head.id]:
            x_top += head.width / 4 if x > head.cx else -head.width / 4
        self.ports[head.id].add("top")
        points = [*first, (x, y_exit), (x, y_gap), (x_top, y_gap), (x_top, head.top)]
        return self._route(tail, head, points, label, port, is_return=head.row <= tail.row)

    def _to_itself(
        self, box: Box, label: str | None, port: str, side: str, first: list[Point], y_exit: float
    ) -> Route:
        """A decision whose answer repeats its own work ("Data terkirim? Tidak": send
        again): out of the diamond, along the channel and into the side of the work box
        above it; a symbol without a work box is entered from above instead."""
        if not box.work_width:
            return self._around_over(box, box, label, port, side, first, y_exit)
        y_entry = box.top + box.work_height / 2
        x = self._track(box.lane, side, box, y_exit, y_entry)
        x_side = box.cx - box.work_width / 2 if side == "left" else box.cx + box.work_width / 2
        points = [*first, (x, y_exit), (x, y_entry), (x_side, y_entry)]
        return self._route(box, box, points, label, port, is_return=True)

    def _track_x(self, tail: Box, side: str) -> float:
        """Roughly where the tracks beside `tail` run: its lane's edge (the tail's side
        while only counting tracks, when the lanes' edges are not known yet)."""
        if not any(self.channels.left) and not any(self.channels.right):
            return tail.left if side == "left" else tail.right
        if side == "left":
            return self.channels.left[tail.lane]
        return self.channels.right[tail.lane]

    def _row_blocked(self, head: Box, x: float) -> bool:
        """True when another symbol on the head's row stands between `x` and the head."""
        low, high = sorted((head.cx, x))
        return any(
            box.id != head.id and box.right > low and box.left < high
            for box in self.on_row[head.row]
        )

    def _entry_y(self, head: Box) -> float:
        """The y where the next arrow from a channel enters `head`: arrows arriving at one
        symbol enter at different heights, so they never run together."""
        count = self.arrivals.get(head.id, 1)
        index = self.arrived.get(head.id, 0)
        self.arrived[head.id] = index + 1
        if count <= 1:
            return head.cy
        spread = min(self.style.track, head.height * 0.5 / (count - 1))
        return head.cy + (index - (count - 1) / 2) * spread

    def _track(self, lane: int, side: str, head: Box, y: float, y_entry: float) -> float:
        """The x of a free track in the channel on `side` of `lane`."""
        low, high = sorted((y, y_entry))
        used = self.tracks.setdefault((lane, side), [])
        slot = 0
        while any(s == slot and not (high < a - 1 or low > b + 1) for a, b, s in used):
            slot += 1
        used.append((low, high, slot))
        style = self.style
        room = self.room.get((lane, side), math.inf)
        offset = min(style.first_track + style.track * slot, max(0.4, room - style.edge_margin))
        if not self.channels.left:
            return 0.0
        if side == "left":
            return self.channels.left[lane] + offset
        return self.channels.right[lane] - offset

    def _route(
        self,
        tail: Box,
        head: Box,
        points: list[Point],
        label: str | None,
        port: str,
        *,
        is_return: bool,
        simple: bool = False,
    ) -> Route:
        """The route through `points` (`simple`: already as `simplify` leaves them)."""
        if self.counting:
            return Route(tail.id, head.id, tuple(points), False)
        rises = len(points) > 2 and points[2][1] < points[1][1] - 1e-9
        if label:  # placed once every line is known (`_placed_label`)
            self.pending.append((self._count, label, port, tail, rises))
        self._count += 1
        return Route(tail.id, head.id, tuple(points if simple else simplify(points)), is_return)

    def _placed_label(
        self,
        label: str,
        port: str,
        tail: Box,
        rises: bool,
        own: Route,
        routes: Sequence[Route],
    ) -> Label:
        """The first of `_label`'s spots that keeps `label_clear` from every other line
        and symbol (the first spot when none does, or when not checked)."""
        spots = self._label_spots(port)
        first = self._label(label, port, tail, rises, *spots[0])
        clear = self.style.label_clear
        if clear is None:
            return first
        self.zone = None  # the first spot against everything; most labels stay there
        if not self._crowded(first, own, routes, clear):
            return first
        self._near(tail, own, first.width + clear)
        for spot in spots[1:]:
            placed = self._label(label, port, tail, rises, *spot)
            if not self._crowded(placed, own, routes, clear):
                return placed
        # Along its own first line, past the line that crosses it.
        (ax, ay), (bx, by) = own.points[0], own.points[1]
        length = abs(bx - ax) + abs(by - ay)
        step = self.style.label_size * 0.5
        for near in (spots[0], spots[1]):
            start = self._label(label, port, tail, rises, *near)
            for count in range(1, 13):
                shift = count * step
                if shift + (start.width if port != "bottom" else 0.0) > length:
                    break
                x, y = start.x, start.y
                if port == "bottom":
                    y += shift
                else:
                    x += shift if port == "right" else -shift
                placed = Label(start.text, x, y, start.width, start.lines)
                if not self._crowded(placed, own, routes, clear):
                    return placed
        # On two lines, when its words allow.
        words = label.split()
        if len(words) > 1:
            lines = _two_lines(words)
            for spot in spots:
                placed = self._label(label, port, tail, rises, *spot, lines=lines)
                if not self._crowded(placed, own, routes, clear):
                    return placed
        return first

    def _label_spots(self, port: str) -> list[tuple[bool, float, bool]]:
        """Where a label may go, best first: (on the far side of its line?, extra
        distance from it, above the symbol's top corner instead?). The same for every
        label of a page: made once a router."""
        spots = self.spots.get(port == "bottom")
        if spots is not None:
            return spots
        extra = self.style.label_size * 0.5
        if port == "bottom":
            spots = [(False, 0.0, False), (True, 0.0, False), (False, extra, False)]
        else:
            spots = [
                (False, 0.0, False),
                (True, 0.0, False),
                (False, extra, False),
                (True, extra, False),
                (False, 0.0, True),
                # Further off, where a diamond's slanted side leaves room under its tip.
                (False, 3 * extra, False),
                (False, 5 * extra, False),
            ]
        self.spots[port == "bottom"] = spots
        return spots

    def _obstacles(self, routes: Sequence[Route]) -> None:
        """Every line's extent (and whether it is the first of its route, from which
        point) and every symbol's, for `_crowded` (worked out once a page)."""
        segments = []
        for route in routes:
            points = route.points
            first = points[0]
            for index, ((ax, ay), (bx, by)) in enumerate(pairwise(points)):
                low_x, high_x = (ax, bx) if ax <= bx else (bx, ax)
                low_y, high_y = (ay, by) if ay <= by else (by, ay)
                segments.append((low_x, high_x, low_y, high_y, first if index == 0 else None))
        self.segments = segments
        self.extents = [
            (box.left, box.right, box.top, box.bottom, box) for box in self.boxes.values()
        ]

    def _near(self, tail: Box, own: Route, reach: float) -> None:
        """Keep the lines and symbols near `tail` for `_crowded`: every spot its label
        may take lies within `reach` of the tail and its first line, plus a few lines of
        text (a label pushed further, by the page's edge, is checked against all)."""
        (ax, ay), (bx, by) = own.points[0], own.points[1]
        size = self.style.label_size
        zone = (
            min(tail.left, ax, bx) - reach - size,
            min(tail.top, ay, by) - reach - 4 * size,
            max(tail.right, ax, bx) + reach + size,
            max(tail.bottom, ay, by) + reach + 4 * size,
        )
        x0, y0, x1, y1 = zone
        self.zone = zone
        self.near_segments = [
            segment
            for segment in self.segments
            if segment[0] <= x1 and segment[1] >= x0 and segment[2] <= y1 and segment[3] >= y0
        ]
        self.near_extents = [
            extent
            for extent in self.extents
            if extent[0] <= x1 and extent[1] >= x0 and extent[2] <= y1 and extent[3] >= y0
        ]

    def _crowded(self, label: Label, own: Route, routes: Sequence[Route], clear: float) -> bool:
        """True when `label` comes closer than `clear` to a line (its own first one
        excepted: it sits beside it) or to a symbol."""
        size = self.style.label_size
        below_baseline = label.height_below(size)
        low, high = label.x - clear, label.x + label.width + clear
        top, bottom = label.y - 0.8 * size - clear, label.y + 0.2 * size + clear
        bottom += below_baseline - 0.2 * size
        start = own.points[0]
        inside = False
        if self.zone is not None:
            x0, y0, x1, y1 = self.zone
            inside = x0 <= low and high <= x1 and y0 <= top and bottom <= y1
        segments = self.near_segments if inside else self.segments
        extents = self.near_extents if inside else self.extents
        for low_x, high_x, low_y, high_y, first in segments:
            # Its own first line, and the same first line of its siblings (one answer
            # forking to parallel steps), is the line it sits beside.
            if (
                low_x <= high
                and high_x >= low
                and low_y <= bottom
                and high_y >= top
                and (first is None or first != start)
            ):
                return True
        margin = clear / 2
        x0, x1 = label.x - margin, label.x + label.width + margin
        y0, y1 = label.y - 0.8 * size - margin, label.y + below_baseline + margin
        for left, right, above, below, box in extents:  # a loop: ~4x a label, 25 symbols
            if (
                left < x1
                and right > x0
                and above < y1
                and below > y0
                and _overlaps(box, x0, y0, x1, y1)
            ):
                return True
        return False

    def _label(
        self,
        label: str,
        port: str,
        tail: Box,
        rises: bool,
        far: bool = False,
        extra: float = 0.0,
        corner: bool = False,
        lines: tuple[str, ...] = (),
    ) -> Label:
        """The answer next to where its arrow leaves; beside a sideways line that turns up,
        below it (the line above is the arrow's own way up). `far`: on the other side of
        the line; `extra`: that much further from it; `corner`: above the symbol, on the
        line's side (where a long answer at the page's edge has room); `lines`: the text
        on two lines, its block then ending where the line's would."""
        style = self.style
        measured = lines or (label,)
        if lines:
            width = max(self.label_width(line) for line in lines) * style.label_size
        else:  # one line (most answers)
            width = self.label_width(label) * style.label_size
        lift = LINE_SPACING * style.label_size * (len(measured) - 1)  # above a line: up
        below = (rises and style.label_fall is not None) != far
        fall = style.label_fall
        if fall is None:  # below a line: as far as a label above it
            fall = style.label_rise + 0.8 * style.label_size
        y_side = tail.cy + fall + extra if below else tail.cy - style.label_rise - extra - lift
        if port == "bottom":
            y = tail.bottom + style.label_drop + extra
            if far:
                x, anchor = tail.cx - style.label_beside, "end"
            else:
                x, anchor = tail.cx + style.label_beside, "start"
        elif corner:
            y = tail.cy - tail.height / 2 - style.label_rise - lift
            right = port == "right"
            x = tail.cx + (style.label_beside if right else -style.label_beside)
            anchor = "start" if right else "end"
        elif port == "right":
            x, y, anchor = tail.right + style.label_gap, y_side, "start"
        else:
            x, y, anchor = tail.left - style.label_gap, y_side, "end"
        left = x if anchor == "start" else x - width
        # Inside the lanes: a label out in the margin widens the drawing's bounding box,
        # so the engine shifts the whole chart and the label's edge is cut off. The
        # engine measures text up to ~10 % wider than `label_width`: that much room too.
        low = (self.channels.left[0] if self.channels.left else 0.0) + 0.2 + 0.1 * width
        left = min(max(left, low), self.width - width - 0.2)
        return Label(label, left, y, width, lines)


def _two_lines(words: list[str]) -> tuple[str, str]:
    """`words` as two lines, as even as they can be (the first the longer on a tie)."""
    best = min(
        range(1, len(words)),
        key=lambda cut: max(len(" ".join(words[:cut])), len(" ".join(words[cut:]))),
    )
    return " ".join(words[:best]), " ".join(words[best:])


def _overlaps(box: Box, x0: float, y0: float, x1: float, y1: float) -> bool:
    """True when the rectangle x0..x1, y0..y1 meets the symbol `box` (its diamond, and
    the work box above it)."""
    half_w, half_h = box.width / 2, box.height / 2
    work = box.work_width / 2
    across = x0 < box.cx + work and x1 > box.cx - work
    if box.work_height and across and y0 < box.top + box.work_height and y1 > box.top:
        return True
    if not box.diamond:
        return x0 < box.right and x1 > box.left and y0 < box.bottom and y1 > box.cy - half_h
    # The rectangle's point nearest the centre in the diamond's own measure
    # (|dx| / half width + |dy| / half height) is each coordinate clamped apart.
    dx = abs(min(max(box.cx, x0), x1) - box.cx)
    dy = abs(min(max(box.cy, y0), y1) - box.cy)
    return dx / half_w + dy / half_h < 1


def simplify(points: list[Point]) -> list[Point]:
    """Drop repeated points and points in the middle of a straight run.

    Coordinates are compared as `math.isclose` does; most are exactly equal,
    so `==` is tried first (the same answer, without a call).
    """
    isclose = math.isclose
    result: list[Point] = []
    for point in points:
        x, y = point
        if result:
            bx, by = result[-1]
            if (bx == x or isclose(bx, x)) and (by == y or isclose(by, y)):
                continue
            if len(result) >= 2:
                ax, ay = result[-2]
                if ((ax == bx or isclose(ax, bx)) and (bx == x or isclose(bx, x))) or (
                    (ay == by or isclose(ay, by)) and (by == y or isclose(by, y))
                ):
                    result[-1] = point
                    continue
        result.append(point)
    if len(result) == 1:
        result.append(result[0])
    return result
