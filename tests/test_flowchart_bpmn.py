"""`sop flowchart --format bpmn`: BPMN 2.0 XML, valid against the OMG schema, same flow.

The XSD files are the OMG's BPMN 2.0 schema as shipped in the SpiffWorkflow
wheel (a test dependency); lxml validates against them.
"""

from __future__ import annotations

import itertools
from collections import Counter
from functools import cache
from importlib import resources
from pathlib import Path

import pytest
from lxml import etree

from generator.flowchart.bpmn import flowchart_bpmn
from generator.loader import load_repository

from .conftest import SOPS
from .test_flow_drawings import checker_arrows

NS = {
    "bpmn": "http://www.omg.org/spec/BPMN/20100524/MODEL",
    "bpmndi": "http://www.omg.org/spec/BPMN/20100524/DI",
    "dc": "http://www.omg.org/spec/DD/20100524/DC",
    "di": "http://www.omg.org/spec/DD/20100524/DI",
}
SEEDS = ("inovasi-pelayanan", "pelayanan-kerjasama", "pemanfaatan-data-dan-dokumen")


@cache
def repository():
    result = load_repository(SOPS)
    assert result.repository is not None
    return result.repository


@cache
def schema() -> etree.XMLSchema:
    folder = resources.files("SpiffWorkflow") / "bpmn" / "parser" / "schema"
    return etree.XMLSchema(etree.parse(str(Path(str(folder)) / "BPMN20.xsd")))


def bpmn(sop_id: str) -> etree._Element:
    data = flowchart_bpmn(repository().sop(sop_id).sop, repository().organisasi)
    return etree.fromstring(data)


@pytest.mark.parametrize("sop_id", SEEDS)
def test_seed_is_valid_bpmn_and_every_reference_exists(sop_id: str):
    root = bpmn(sop_id)
    schema().assertValid(root)
    ids = {element.get("id") for element in root.iter() if element.get("id")}
    refs = [
        value
        for element in root.iter()
        for name, value in element.attrib.items()
        if name in ("sourceRef", "targetRef", "processRef", "bpmnElement")
    ]
    refs += [
        e.text
        for e in root.iter()
        if etree.QName(e).localname in ("flowNodeRef", "incoming", "outgoing")
    ]
    assert refs and all(ref in ids for ref in refs)
    # Every semantic element has its shape or edge: the file opens with a picture.
    drawn = {e.get("bpmnElement") for e in root.iterfind(".//bpmndi:BPMNPlane/*", NS)}
    for tag in ("task", "exclusiveGateway", "startEvent", "endEvent", "sequenceFlow", "lane"):
        for element in root.iterfind(f".//bpmn:{tag}", NS):
            assert element.get("id") in drawn, element.get("id")


def test_lanes_tasks_gateways_and_labelled_conditional_flows():
    root = bpmn("pelayanan-kerjasama")
    sop = repository().sop("pelayanan-kerjasama").sop
    lanes = [lane.get("name") for lane in root.iterfind(".//bpmn:lane", NS)]
    assert lanes == [repository().organisasi.jabatan[role].label for role in sop.pelaksana]
    assert len(root.findall(".//bpmn:participant", NS)) == 1
    assert len(root.findall(".//bpmn:startEvent", NS)) == 1
    assert len(root.findall(".//bpmn:endEvent", NS)) == 1
    gateways = root.findall(".//bpmn:exclusiveGateway", NS)
    assert [g.get("id") for g in gateways] == ["s2", "s4", "s5"]
    assert gateways[0].get("name") == "2. Berkas sudah sesuai?"
    flows = root.findall(".//bpmn:sequenceFlow", NS)
    from_gateways = [f for f in flows if f.get("sourceRef") in {"s2", "s4", "s5"}]
    assert {f.get("name") for f in from_gateways} == {"Ya", "Tidak"}
    for flow in from_gateways:
        condition = flow.find("bpmn:conditionExpression", NS)
        assert condition is not None and condition.text == flow.get("name")
    # The same arrows as the checker's (and the swimlane's).
    drawn = Counter((f.get("sourceRef"), f.get("targetRef"), f.get("name")) for f in flows)
    assert drawn == checker_arrows(sop, capsules=False)


def test_vertical_lanes_and_orthogonal_waypoints_from_our_layout():
    root = bpmn("pemanfaatan-data-dan-dokumen")
    shapes = {s.get("bpmnElement"): s for s in root.iterfind(".//bpmndi:BPMNShape", NS)}
    assert shapes["Lane_0"].get("isHorizontal") == "false"
    lane_x = [float(shapes[f"Lane_{i}"].find("dc:Bounds", NS).get("x")) for i in range(7)]
    assert lane_x == sorted(lane_x)
    for edge in root.iterfind(".//bpmndi:BPMNEdge", NS):
        points = [(float(p.get("x")), float(p.get("y"))) for p in edge.iterfind("di:waypoint", NS)]
        assert len(points) >= 2
        for (x0, y0), (x1, y1) in itertools.pairwise(points):
            assert x0 == x1 or y0 == y1  # right angles only


def test_same_input_same_bytes_and_hostile_text_is_escaped():
    from generator.model.sop import Sop

    sop = Sop.model_validate(
        {
            "nama": 'Uji <b>&</b> "kutip" ]]>',
            "unit": {"bidang": "pdip"},
            "pelaksana": ["staf"],
            "prosedur": [
                {"kegiatan": "Memeriksa <script>x</script>", "pelaksana": "staf"},
                {
                    "kegiatan": "Menilai",
                    "pelaksana": "staf",
                    "pertanyaan": "Lengkap & benar?",
                    "jawaban": {"Ya <1>": "lanjut", "Tidak": 1},
                },
            ],
        }
    )
    first = flowchart_bpmn(sop, repository().organisasi)
    assert first == flowchart_bpmn(sop, repository().organisasi)
    root = etree.fromstring(first)
    schema().assertValid(root)
    assert root.find(".//bpmn:task", NS).get("name") == "1. Memeriksa <script>x</script>"
    assert b"<script>" not in first


def test_parallel_steps_are_valid_bpmn_with_the_checkers_flows():
    from .test_flowchart import parallel_sop

    sop = parallel_sop()
    root = etree.fromstring(flowchart_bpmn(sop, repository().organisasi))
    schema().assertValid(root)
    flows = root.findall(".//bpmn:sequenceFlow", NS)
    drawn = Counter((f.get("sourceRef"), f.get("targetRef"), f.get("name")) for f in flows)
    assert drawn == checker_arrows(sop, capsules=False)
    # Side by side as in the swimlane: steps 2, 3 and 4 share a row.
    shapes = {s.get("bpmnElement"): s for s in root.iterfind(".//bpmndi:BPMNShape", NS)}
    ys = {shapes[f"s{n}"].find("dc:Bounds", NS).get("y") for n in (2, 3, 4)}
    assert len(ys) == 1
