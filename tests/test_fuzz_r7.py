"""Fuzzing for crash classes (round 7): damaged SOP files and damaged Word files.

The customer's seed SOPs and the round-6 field fixtures are mutated the way drafts
get damaged (lines deleted, duplicated, swapped, re-indented; a scalar replaced by a
list, a mapping, a number, a boolean, null, very long text, control characters,
right-to-left and combining marks, emoji; keys misspelt; values emptied; steps
duplicated; jumps to missing steps, to other SOPs, in cycles) and the commands run
in-process: `sop check` (text and JSON), `sop generate`, `sop flowchart` (DOT and
BPMN). `sop import` gets damaged .docx files (document.xml mutated, the zip cut
short, wrong content types). Properties: never an exception out of a command, exit
0 or 1 only, every finding has a file and a line, generate writes its site or says
why. Examples are derandomised: the same ones on every run, so a failure repeats.

A longer exploratory run of the same kinds of damage (12,150 damaged projects through
`sop check` text and JSON, one in three to ten also through generate and flowchart;
150 damaged `pengaturan.yaml`; 9,600 damaged .docx files; 20,000 damaged zip
directories) found one crash class, fixed with its own test in
`test_crash_classes_r7.py`.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.cli import cli

from . import docx_fixtures as fx

REPO = Path(__file__).resolve().parent.parent
PROJECTS = [REPO / "sops", *sorted((REPO / "tests" / "fixtures" / "kantor_r6").glob("*/sops"))]
REGISTRIES = {"organisasi.yaml", "peraturan.yaml", "pengaturan.yaml"}

ODD_SCALARS = (
    "[a, b]",
    "{a: 1}",
    "12",
    "-1",
    "3.5",
    "true",
    "null",
    "''",
    "x" * 5_000,
    '"\\x01\\x07\\x1b[31m"',
    '"\u202e\u0627\u0644\u0639\u0631\u0628\u064a\u0629"',
    '"e\u0301\u0301\u0301 \U0001f600\U0001f468\u200d\U0001f469"',
    '"99999999999999999999999"',
    "2022-02-30",
    "!!binary aGVsbG8=",
    "|\n      dua\n      baris",
    "-",
    "[]",
    "{}",
)
JUMP_TARGETS = (
    "99",
    "0",
    "-3",
    "lanjut",
    "selesai",
    "1",
    "2",
    "[1, 2]",
    "{x: 1}",
    "pelayanan-kerjasama",
)
OPERATIONS = (
    "delete",
    "duplicate",
    "swap",
    "indent",
    "dedent",
    "scalar",
    "key",
    "empty",
    "jump",
    "steps",
    "cycle",
)
_KEY_LINE = re.compile(r"^(\s*-?\s*)([A-Za-z_]+):(.*)$")
_STEP_START = re.compile(r"^  - kegiatan:")


def _typo(key: str, kind: int) -> str:
    """A misspelling of `key` as people make them."""
    return (key[:-1], key + key[-1], key[1:], key.upper(), key.replace("a", "e", 1))[kind % 5]


@st.composite
def _mutated(draw: st.DrawFn, text: str) -> str:
    """`text` (an SOP or registry file) with one to three damages."""
    lines = text.split("\n")
    for _ in range(draw(st.integers(1, 3))):
        op = draw(st.sampled_from(OPERATIONS))
        at = draw(st.integers(0, len(lines) - 1))
        line = lines[at]
        found = _KEY_LINE.match(line)
        if op == "delete":
            del lines[at]
        elif op == "duplicate":
            lines.insert(at, line)
        elif op == "swap":
            other = draw(st.integers(0, len(lines) - 1))
            lines[at], lines[other] = lines[other], lines[at]
        elif op == "indent":
            lines[at] = "  " + line
        elif op == "dedent":
            lines[at] = line.removeprefix("  ")
        elif op == "scalar" and found:
            lines[at] = f"{found[1]}{found[2]}: {draw(st.sampled_from(ODD_SCALARS))}"
        elif op == "key" and found:
            lines[at] = f"{found[1]}{_typo(found[2], draw(st.integers(0, 4)))}:{found[3]}"
        elif op == "empty" and found:
            lines[at] = f"{found[1]}{found[2]}:"
        elif op in ("jump", "cycle", "steps"):
            starts = [index for index, text in enumerate(lines) if _STEP_START.match(text)]
            if not starts:
                continue
            start = draw(st.sampled_from(starts))
            if op == "steps":  # a step written twice
                end = next((index for index in starts if index > start), len(lines))
                lines[start:start] = lines[start:end]
            else:
                yes = draw(st.sampled_from(JUMP_TARGETS)) if op == "jump" else str(len(starts))
                lines.insert(start + 1, f"    jawaban:\n      Ya: {yes}\n      Tidak: 1")
    return "\n".join(lines)


@contextmanager
def _project(source: Path) -> Iterator[Path]:
    root = Path(tempfile.mkdtemp(prefix="r7-fuzz-"))
    try:
        shutil.copytree(source, root / "sops")
        yield root
    finally:
        shutil.rmtree(root, ignore_errors=True)


def _run(root: Path, *args: str) -> Result:
    old = Path.cwd()
    os.chdir(root)
    try:
        result = CliRunner().invoke(cli, list(args))
    finally:
        os.chdir(old)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"sop {' '.join(args)} raised") from result.exception
    assert result.exit_code in (0, 1), (args, result.exit_code, result.output[-2000:])
    assert "Traceback" not in result.output, result.output[-2000:]
    return result


def _damage(data: st.DataObject, root: Path) -> list[Path]:
    """Damages one to three files of the project at `root`; returns its SOP files."""
    files = sorted((root / "sops").rglob("*.yaml"))
    for path in data.draw(st.lists(st.sampled_from(files), min_size=1, max_size=3, unique=True)):
        path.write_text(data.draw(_mutated(path.read_text("utf-8"))), "utf-8")
    return [path for path in files if path.name not in REGISTRIES]


def _findings_have_positions(result: Result) -> None:
    for finding in json.loads(result.stdout)["findings"]:
        assert finding["path"] and finding["line"] >= 1, finding


FUZZ = settings(
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@settings(FUZZ, max_examples=25)
@given(data=st.data())
@pytest.mark.slow
def test_sop_check_survives_damaged_sops(data: st.DataObject) -> None:
    source = data.draw(st.sampled_from(PROJECTS))
    with _project(source) as root:
        _damage(data, root)
        _run(root, "check", "--no-cache", "sops")
        _findings_have_positions(_run(root, "check", "--no-cache", "--format", "json", "sops"))


@pytest.mark.slow
@settings(FUZZ, max_examples=30)
@given(data=st.data())
def test_generate_and_flowchart_survive_damaged_sops(data: st.DataObject) -> None:
    source = data.draw(st.sampled_from(PROJECTS))
    with _project(source) as root:
        sops = _damage(data, root)
        _findings_have_positions(_run(root, "check", "--no-cache", "--format", "json", "sops"))
        drawn = str(data.draw(st.sampled_from(sops)).relative_to(root))
        for fmt in ("dot", "bpmn"):
            _run(root, "flowchart", "--no-cache", drawn, "--format", fmt)
        result = _run(root, "generate", "--no-cache", "--sops", "sops", "-o", "out")
        written = (root / "out" / "index.md").is_file()
        assert written or result.output.strip(), "generate neither wrote a site nor said why"


# --- sop import: damaged Word files ----------------------------------------------------

DOCX_SOURCES = (fx.word_style_sop(), fx.marks_sop(), fx.two_sops())


def _zip_parts(data: bytes) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return [(name, package.read(name)) for name in package.namelist()]


def _zipped(parts: list[tuple[str, bytes]]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for name, body in parts:
            package.writestr(name, body)
    return out.getvalue()


@st.composite
def _damaged_docx(draw: st.DrawFn) -> bytes:
    data = draw(st.sampled_from(DOCX_SOURCES))
    op = draw(st.sampled_from(["document", "document", "cut", "types", "drop", "bytes", "header"]))
    if op == "header":  # a byte of the zip directory (versions, flags, method, sizes)
        at = data.index(b"PK\x01\x02") + draw(st.integers(4, 45))
        return data[:at] + bytes([draw(st.integers(0, 255))]) + data[at + 1 :]
    if op == "cut":
        return data[: draw(st.integers(0, len(data) - 1))]
    if op == "bytes":
        flipped = bytearray(data)
        for _ in range(draw(st.integers(1, 5))):
            flipped[draw(st.integers(0, len(data) - 1))] = draw(st.integers(0, 255))
        return bytes(flipped)
    parts = _zip_parts(data)
    if op == "drop":
        del parts[draw(st.integers(0, len(parts) - 1))]
    elif op == "types":
        wrong = draw(st.sampled_from([b"", b"<Types/>", b"bukan xml", b"<Types><x/></Types>"]))
        parts = [(n, wrong if n == "[Content_Types].xml" else b) for n, b in parts]
    else:
        parts = [(n, draw(_damaged_xml(b)) if n == "word/document.xml" else b) for n, b in parts]
    return _zipped(parts)


@st.composite
def _damaged_xml(draw: st.DrawFn, body: bytes) -> bytes:
    text = body.decode("utf-8")
    tags = [match.span() for match in re.finditer(r"<[^<>]+>", text)]
    start, end = draw(st.sampled_from(tags))
    op = draw(st.sampled_from(["cut", "delete", "duplicate", "value", "text", "nest"]))
    if op == "cut":
        return body[: draw(st.integers(0, len(body)))]
    if op == "delete":
        text = text[:start] + text[end:]
    elif op == "duplicate":
        text = text[:end] + text[start:end] + text[end:]
    elif op == "value":
        odd = draw(st.sampled_from(["-1", "999999999999", "", "x", "restart"]))
        text = re.sub(r'(w:val|w:w|w:gridSpan|w:vMerge)="[^"]*"', rf'\1="{odd}"', text)
    elif op == "text":
        odd = draw(st.sampled_from(["", "x" * 10_000, "\u202e", "Ya", "\U0001f600", "&amp;"]))
        text = re.sub(r"<w:t(?: [^>]*)?>[^<]*</w:t>", f"<w:t>{odd}</w:t>", text, count=9)
    else:
        text = text[:start] + "<w:tbl><w:tr><w:tc>" * draw(st.integers(1, 300)) + text[start:]
    return text.encode("utf-8")


@settings(FUZZ, max_examples=30)
@given(damaged=_damaged_docx())
@pytest.mark.slow
def test_sop_import_survives_damaged_word_files(damaged: bytes) -> None:
    with _project(REPO / "sops") as root:
        (root / "draf.docx").write_bytes(damaged)
        result = _run(root, "import", "--sops", "sops", "--out", "draf", "draf.docx")
        if result.exit_code == 1:  # nothing half-written for a file that was refused
            written = list((root / "draf").glob("*.yaml")) if (root / "draf").is_dir() else []
            assert written or "draf.docx" in result.output, result.output
