"""An SOP's flow as BPMN 2.0 XML, with the picture (BPMNDI) taken from our own layout.

For offices that map their business processes (peta proses bisnis) in BPMN
tools such as bpmn.io, Camunda Modeler or Bizagi:

- one participant (the SOP) whose process has one lane per role, in the
  swimlane's order, drawn as vertical lanes (`isHorizontal="false"`);
- a start event (the derived "Mulai" or a written `mulai` step), an end event
  (the derived "Selesai" or a written `selesai` step), a task per process
  step, an exclusive gateway per decision (named with its question, the
  kegiatan as documentation) whose outgoing flows carry the answer as name
  and condition;
- the sequence flows are the checker's arrows (`generator.flow`), exactly as
  the swimlane draws them;
- shapes and waypoints come from the swimlane's lanes and rows and the shared
  orthogonal router, so the file opens with the same picture.

A step shared by several roles belongs to its first role's lane (BPMN puts a
flow node in one lane of a lane set); its documentation names the others.
Built with `xml.etree.ElementTree`: author text is escaped by the serialiser.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence

from generator.flowchart.geometry import channel_widths, header_lines, place_page
from generator.flowchart.layout import END_ID, START_ID, Chart, Node, Page, Symbol, build_chart
from generator.flowchart.router import Box, Channels, RouteStyle, route_arrows
from generator.flowchart.text import normalise
from generator.messages import DEFAULT_LANG, translate
from generator.model.organisasi import Organisasi
from generator.model.sop import Sop

BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"
BPMNDI = "http://www.omg.org/spec/BPMN/20100524/DI"
DC = "http://www.omg.org/spec/DD/20100524/DC"
DI = "http://www.omg.org/spec/DD/20100524/DI"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
TARGET_NAMESPACE = "https://sop-handbook.invalid/bpmn"

EVENT_SIZE = 36.0
GATEWAY_SIZE = 50.0
HEADER = 30.0  # the band where a vertical lane shows its name

for _prefix, _uri in (("bpmn", BPMN), ("bpmndi", BPMNDI), ("dc", DC), ("di", DI), ("xsi", XSI)):
    ET.register_namespace(_prefix, _uri)


def _q(namespace: str, tag: str) -> str:
    return f"{{{namespace}}}{tag}"


def flowchart_bpmn(sop: Sop, organisasi: Organisasi, lang: str = DEFAULT_LANG) -> bytes:
    """The BPMN 2.0 XML of `sop` (UTF-8, same input gives the same bytes)."""
    start, end = translate("flowchart.start", lang), translate("flowchart.end", lang)
    chart = build_chart(sop, organisasi, start, end, capsules_on_steps=False)
    page = Page(1, 1, chart, 0, chart.rows - 1, chart.nodes, chart.arrows)
    kinds = _kinds(chart)
    headers = [header_lines(lane.label) for lane in chart.lanes]
    waktu = translate("flowchart.waktu", lang, waktu="{waktu}")
    channels = channel_widths([page], False, waktu)
    drawing = place_page(page, [], headers, channels, False, waktu, route=False)  # ours below
    boxes = _bpmn_boxes(drawing.symbols, kinds)
    arrows = [(a.tail, a.head, a.label) for a in chart.arrows]
    routes = route_arrows(
        boxes,
        arrows,
        Channels(drawing.lane_left, drawing.lane_right),
        style=RouteStyle(first_track=10.0, track=7.0, edge_margin=3.0, turn=12.0, bottom_exit=10.0),
    )

    definitions = ET.Element(
        _q(BPMN, "definitions"),
        {
            "id": "Definitions_1",
            "targetNamespace": TARGET_NAMESPACE,
            "exporter": "sop-handbook",
            "exporterVersion": "1",
        },
    )
    collaboration = ET.SubElement(definitions, _q(BPMN, "collaboration"), id="Collaboration_1")
    ET.SubElement(
        collaboration,
        _q(BPMN, "participant"),
        id="Participant_1",
        name=normalise(chart.title),
        processRef="Process_1",
    )
    process = ET.SubElement(definitions, _q(BPMN, "process"), id="Process_1", isExecutable="false")
    lane_set = ET.SubElement(process, _q(BPMN, "laneSet"), id="LaneSet_1")
    for index, lane in enumerate(chart.lanes):
        element = ET.SubElement(
            lane_set, _q(BPMN, "lane"), id=f"Lane_{index}", name=normalise(lane.label) or " "
        )
        for node in chart.nodes:
            if node.lane == index:
                ET.SubElement(element, _q(BPMN, "flowNodeRef")).text = node.id

    flow_ids = [f"Flow_{number}" for number in range(1, len(arrows) + 1)]
    incoming: dict[str, list[str]] = {}
    outgoing: dict[str, list[str]] = {}
    for flow_id, (tail, head, _) in zip(flow_ids, arrows, strict=True):
        outgoing.setdefault(tail, []).append(flow_id)
        incoming.setdefault(head, []).append(flow_id)
    for node in chart.nodes:
        element = ET.SubElement(process, _q(BPMN, kinds[node.id]), id=node.id, name=_name(node))
        extra = _documentation(node, chart)
        if extra:
            ET.SubElement(element, _q(BPMN, "documentation")).text = extra
        for flow_id in incoming.get(node.id, []):
            ET.SubElement(element, _q(BPMN, "incoming")).text = flow_id
        for flow_id in outgoing.get(node.id, []):
            ET.SubElement(element, _q(BPMN, "outgoing")).text = flow_id
    for flow_id, (tail, head, label) in zip(flow_ids, arrows, strict=True):
        attributes = {"id": flow_id, "sourceRef": tail, "targetRef": head}
        if label:
            attributes["name"] = normalise(label)
        flow = ET.SubElement(process, _q(BPMN, "sequenceFlow"), attributes)
        if label and kinds[tail] == "exclusiveGateway":
            condition = ET.SubElement(
                flow, _q(BPMN, "conditionExpression"), {_q(XSI, "type"): "bpmn:tFormalExpression"}
            )
            condition.text = normalise(label)

    diagram = ET.SubElement(definitions, _q(BPMNDI, "BPMNDiagram"), id="BPMNDiagram_1")
    plane = ET.SubElement(
        diagram, _q(BPMNDI, "BPMNPlane"), id="BPMNPlane_1", bpmnElement="Collaboration_1"
    )
    left, right = drawing.lane_left[0], drawing.lane_right[-1]
    top, bottom = drawing.lanes_top - HEADER, drawing.lanes_bottom
    _shape(plane, "Participant_1", (left, top, right - left, bottom - top), horizontal=False)
    for index, (lane_left, lane_right) in enumerate(
        zip(drawing.lane_left, drawing.lane_right, strict=True)
    ):
        bounds = (lane_left, drawing.lanes_top, lane_right - lane_left, bottom - drawing.lanes_top)
        _shape(plane, f"Lane_{index}", bounds, horizontal=False)
    for node in chart.nodes:
        box = boxes[node.id]
        _shape(plane, node.id, (box.left, box.top, box.width, box.height))
    for flow_id, route in zip(flow_ids, routes, strict=True):
        edge = ET.SubElement(plane, _q(BPMNDI, "BPMNEdge"), id=f"{flow_id}_di", bpmnElement=flow_id)
        for x, y in route.points:
            ET.SubElement(edge, _q(DI, "waypoint"), x=_n(x), y=_n(y))
        if route.label:
            label = ET.SubElement(edge, _q(BPMNDI, "BPMNLabel"))
            ET.SubElement(
                label,
                _q(DC, "Bounds"),
                x=_n(route.label.x),
                y=_n(route.label.y - 10.0),
                width=_n(max(route.label.width, 1.0)),
                height="14",
            )
    ET.indent(definitions, space="  ")
    return ET.tostring(definitions, encoding="utf-8", xml_declaration=True) + b"\n"


def _kinds(chart: Chart) -> dict[str, str]:
    """The BPMN element of each node."""
    kinds = {}
    for node in chart.nodes:
        if node.symbol is Symbol.DECISION:
            kinds[node.id] = "exclusiveGateway"
        elif node.symbol is Symbol.TERMINATOR:
            first = node.id == START_ID or node.row == 0
            kinds[node.id] = "startEvent" if first and node.id != END_ID else "endEvent"
        else:
            kinds[node.id] = "task"
    return kinds


def _name(node: Node) -> str:
    text = normalise(node.text)
    return f"{node.number}. {text}" if node.number is not None else text


def _documentation(node: Node, chart: Chart) -> str:
    parts = []
    if node.detail:
        parts.append(normalise(node.detail))
    if len(node.lanes) > 1:
        parts.append(", ".join(normalise(chart.lanes[lane].label) for lane in node.lanes))
    if node.waktu:
        parts.append(normalise(node.waktu))
    return " | ".join(parts)


def _bpmn_boxes(symbols: Sequence, kinds: dict[str, str]) -> dict[str, Box]:
    """BPMN's own sizes (events 36, gateways 50) at our positions; first copies only."""
    boxes = {}
    for placed in symbols:
        if placed.copy:
            continue
        box = placed.box
        kind = kinds[placed.node_id]
        if kind in ("startEvent", "endEvent"):
            width = height = EVENT_SIZE
        elif kind == "exclusiveGateway":
            width = height = GATEWAY_SIZE
        else:
            width, height = box.width, box.height
        diamond = kind == "exclusiveGateway"
        boxes[box.id] = Box(box.id, box.row, box.lane, box.cx, box.cy, width, height, diamond)
    return boxes


def _shape(
    plane: ET.Element,
    element: str,
    bounds: tuple[float, float, float, float],
    horizontal: bool | None = None,
) -> None:
    attributes = {"id": f"{element}_di", "bpmnElement": element}
    if horizontal is not None:
        attributes["isHorizontal"] = "true" if horizontal else "false"
    shape = ET.SubElement(plane, _q(BPMNDI, "BPMNShape"), attributes)
    x, y, width, height = bounds
    ET.SubElement(shape, _q(DC, "Bounds"), x=_n(x), y=_n(y), width=_n(width), height=_n(height))


def _n(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")
