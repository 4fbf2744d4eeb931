"""Every output that user text reaches, fed the payloads of that output's language through
every field that reaches it (SECURITY.md, "Where user text goes").

The fields come from `tests/injection/corpus.py`, which walks every free-text string of
every SOP and registry: a field added to the model is poisoned without a change here.
The site's HTML (Markdown, titles, meta, nav, search filters) is `test_injection.py`;
this file covers the other sinks: the handbook's Typst (cover, Keputusan, identity
pages, table and chart SVGs), the chart's SVG and DOT, BPMN, the check's JSON and SARIF,
the register (CSV and XLSX), the terminal and `sop new`.
"""

from __future__ import annotations

import csv
import json
import re
import shutil
from pathlib import Path
from xml.etree import ElementTree

import pytest
import yaml

from generator.flowchart import flowchart_svg
from generator.flowchart.bpmn import flowchart_bpmn
from generator.loader import load_repository

from .injection.corpus import _strings, poison_project
from .site_project import copy_project, run_sop

# Typst markup and code: a function call, a file read, a link, an import, math, labels,
# comments, set and show rules, escapes, a heading.
TYPST = (
    '#read("/etc/passwd")',
    '#eval("1+1") #sys.inputs',
    '#link("http://203.0.113.9/")[klik]',
    '#import "/x.typ": *',
    '#image("/etc/hostname")',
    "$ x^2 $ *tebal* _miring_ `kode`",
    "<label> @label [kurung] ]",
    "// komentar /* blok",
    "#set page(width: 1pt) #show: none",
    '\\ \\u{41} #" }',
    "= Judul palsu",
)
# XML and SVG: a DTD with an external entity, CDATA end, markup, a processing instruction.
XML = (
    '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>&e;',
    "]]><x/><script>alert(1)</script>",
    "\"'&amp;&lt;&#60;",
    '<?xml-stylesheet href="http://203.0.113.9/x"?>',
)
# DOT: closing the label and adding attributes, nodes or a graph; escapes that Graphviz
# expands in labels (\N node name, \G graph name, \L left-justify); an HTML-like label.
DOT = (
    '"]; x [URL="javascript:alert(1)" href="http://203.0.113.9/"]; //',
    "\\N \\G \\E \\T \\H \\L \\l \\r \\n",
    "<<b>x</b>> } digraph { a -> b",
)
# Spreadsheet formulas (CSV injection): each opens the cell.
CSV_FORMULAS = (
    '=HYPERLINK("http://203.0.113.9/","klik")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
)


def _poisoned(tmp_path: Path, payloads: tuple[str, ...], first: str = "=") -> Path:
    project = copy_project(tmp_path / "proyek")
    counts = poison_project(project, payloads=payloads, first=first)
    assert sum(counts.values()) > 100 and all(counts.values()), counts
    return project


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.slow
def test_the_handbook_prints_typst_and_xml_payloads_as_text(tmp_path: Path) -> None:
    """Cover, Keputusan, contents, identity pages, procedure table and chart (SVG inside
    the PDF): Typst compiles, the payloads are printed literally, nothing is read, linked
    or re-laid out by them."""
    import pypdf

    project = _poisoned(tmp_path, TYPST + XML)
    result = run_sop(project, "handbook", "-o", "buku.pdf")
    assert result.returncode == 0, result.stdout + result.stderr
    reader = pypdf.PdfReader(project / "buku.pdf")
    text = _flat("".join(page.extract_text() for page in reader.pages))
    for token in ("#read(", "#eval(", "#link(", "#import", "#image(", "$x^2$", "<label>@label"):
        assert _flat(token) in text, token
    for token in ("//komentar/*blok", "#setpage(width:1pt)", "=Judulpalsu", "]]><x/>"):
        assert token in text, token
    assert "root:x:0" not in text  # #read was not run
    sizes = {(round(p.mediabox.width), round(p.mediabox.height)) for p in reader.pages}
    assert sizes <= {(595, 842), (842, 595)}  # A4 either way: `#set page` changed none
    uris = [
        str(annotation.get_object().get("/A", {}).get("/URI", ""))
        for page in reader.pages
        for annotation in page.get("/Annots", []) or []
    ]
    assert not [uri for uri in uris if "203.0.113.9" in uri or "javascript" in uri.lower()]


def _texts(root: ElementTree.Element) -> str:
    parts = []
    for element in root.iter():
        parts += [element.text or "", *element.attrib.values()]
    return "\n".join(parts)


def test_charts_and_bpmn_keep_xml_and_dot_payloads_inert(tmp_path: Path) -> None:
    """SVG of every chart page and the BPMN of every SOP: well-formed, no DTD or entity,
    the payloads intact as text (BPMN names) and no node, link or script added (SVG)."""
    project = _poisoned(tmp_path, XML + DOT)
    repository = load_repository(project / "sops").repository
    polos = copy_project(tmp_path / "polos") / "sops"
    plain = {e.id: e for e in load_repository(polos).repository.sops}
    assert len(repository.sops) >= len(plain) * 2
    bpmn_text = ""
    for entry in repository.sops:
        bpmn = flowchart_bpmn(entry.sop, repository.organisasi)
        assert b"<!DOCTYPE" not in bpmn and b"<!ENTITY" not in bpmn
        bpmn_text += _texts(ElementTree.fromstring(bpmn))
        original = plain[entry.id.rsplit("-r", 1)[0]]
        for page, plain_page in zip(
            flowchart_svg(entry.sop, repository.organisasi, placeholder=False),
            flowchart_svg(original.sop, repository.organisasi, placeholder=False),
            strict=True,
        ):
            assert b"<!DOCTYPE" not in page[200:] and b"<!ENTITY" not in page
            root, baseline = ElementTree.fromstring(page), ElementTree.fromstring(plain_page)
            assert _structure(root) == _structure(baseline), entry.id
    for payload in XML + DOT:
        assert payload in bpmn_text, payload


def _structure(root: ElementTree.Element) -> dict[str, object]:
    """What a payload could add to a chart: nodes, edges, links, scripts, handlers."""
    classes = [element.get("class") for element in root.iter()]
    tags = {element.tag.rsplit("}", 1)[-1] for element in root.iter()}
    links = sorted(
        value
        for element in root.iter()
        for name, value in element.attrib.items()
        if name.endswith("href")
    )
    handlers = [n for e in root.iter() for n in e.attrib if n.lower().startswith("on")]
    return {
        "nodes": classes.count("node"),
        "edges": classes.count("edge"),
        "active": tags & {"script", "a", "foreignObject", "iframe", "style"},
        "links": links,
        "handlers": handlers,
    }


@pytest.mark.slow
def test_check_json_and_sarif_are_valid_and_hold_no_markup(tmp_path: Path) -> None:
    """`sop check --format json|sarif`: JSON that parses, user text only in plain-text
    message fields (SARIF's `markdown` would be rendered by code-scanning viewers)."""
    project = _poisoned(tmp_path, XML + DOT + ("<img src=x onerror=alert(1)> [x](javascript:1)",))
    for form in ("json", "sarif"):
        result = run_sop(project, "check", "--format", form)
        assert result.returncode in (0, 1) and "Traceback" not in result.stderr, result.stderr
        data = json.loads(result.stdout)
        assert "markdown" not in result.stdout
        assert "\x1b" not in result.stdout
        assert data


@pytest.mark.slow
def test_register_cells_never_open_a_formula(tmp_path: Path) -> None:
    """CSV and XLSX register: a text cell that would start with = + - @ (a formula in
    Excel or LibreOffice) is written with a leading apostrophe; XLSX holds no formula."""
    import openpyxl

    project = _poisoned(tmp_path, CSV_FORMULAS, first="=+-@")
    result = run_sop(project, "report", "--csv", "r.csv", "--xlsx", "r.xlsx")
    assert "Traceback" not in result.stderr, result.stderr
    with (project / "r.csv").open(encoding="utf-8-sig", newline="") as handle:
        cells = [cell for row in csv.reader(handle) for cell in row]
    assert any("cmd|" in cell for cell in cells)  # the payloads reached the register
    opening = [cell for cell in cells if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert opening == []
    book = openpyxl.load_workbook(project / "r.xlsx")
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)


CONTROL = "\x1b[31mMERAH\x1b]0;judul\x07\x9b2J"


@pytest.mark.slow
def test_the_terminal_never_receives_control_sequences(tmp_path: Path) -> None:
    """ESC, BEL and C1 sequences written in any field (YAML escapes \\e, \\a, \\x9b)
    are refused at read with their position; none reaches the terminal raw."""
    project = copy_project(tmp_path / "proyek")
    root = project / "sops"
    poisoned = 0
    for path in sorted(root.rglob("*.yaml")):
        data = yaml.safe_load(path.read_text("utf-8"))
        for string in _strings(data):
            node = data
            for part in string[:-1]:
                node = node[part]
            node[string[-1]] = f"{node[string[-1]]} {CONTROL}"
            poisoned += 1
        path.write_text(yaml.safe_dump(data, allow_unicode=False, width=10_000), "utf-8")
    assert "\\e[31m" in (root / "organisasi.yaml").read_text("utf-8")
    assert poisoned > 100
    for command in (("check",), ("validate",), ("check", "--format", "json"), ("report",)):
        result = run_sop(project, *command)
        output = result.stdout + result.stderr
        assert "Traceback" not in output, output[-2000:]
        for char in ("\x1b", "\x07", "\x9b"):
            assert char not in output, (command, char)
    result = run_sop(project, "validate")
    assert result.stdout.count("limits.control_character") == poisoned  # each at its line


@pytest.mark.parametrize(
    "name",
    [
        'Uji: a # b "c" {{ x }} - [y] &z *w !t',
        "- daftar\n? kunci",
        "'kutip' \\ \"ganda\" %{x}",
        "<script>alert(1)</script> =1+1",
    ],
)
def test_sop_new_writes_any_name_as_text(tmp_path: Path, name: str) -> None:
    """`sop new --nama`: the name is a YAML string in the new file, read back unchanged."""
    project = copy_project(tmp_path / "proyek")
    result = run_sop(
        project, "new", "--nama", name, "--bidang", "pdip", "--seksi", "inovasi_pelayanan",
        "--pelaksana", "staf", "--pengesah", "kadis",
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    loaded = load_repository(project / "sops")
    (entry,) = [e for e in loaded.repository.sops if e.sop.nama == name]
    assert entry is not None
    shutil.rmtree(project)
