"""Round 6 hostile files (i13): Word packages with active or linked content, files renamed
.docx, parts too large, nested tables; YAML folders with FIFOs and links to folders.

Each test failed before its fix unless its docstring says "Holds" (a class that already
worked, kept so that it stays so). SVG logos: tests/test_svg_allowlist.py; every output
sink: tests/test_sinks.py.
"""

from __future__ import annotations

import io
import os
import shutil
import zipfile
from pathlib import Path

import pytest

from generator.loader import load_repository
from generator.wordio.docx_reader import DocxError, read_docx_bytes
from generator.wordio.import_run import import_run

from . import docx_fixtures as fx
from .site_project import copy_project, run_sop

SOPS = Path(__file__).resolve().parent.parent / "sops"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _with_parts(source: bytes, extra: dict[str, bytes], rels: str = "") -> bytes:
    """`source` (a .docx) with `extra` parts and `rels` added to the document's
    relationships part."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(source)) as old, zipfile.ZipFile(buffer, "w") as new:
        names = old.namelist()
        for name in names:
            new.writestr(name, old.read(name))
        if rels:
            new.writestr(
                "word/_rels/document.xml.rels",
                '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns='
                f'"http://schemas.openxmlformats.org/package/2006/relationships">{rels}'
                "</Relationships>",
            )
        for name, data in extra.items():
            new.writestr(name, data)
    return buffer.getvalue()


def _import(tmp_path: Path, name: str, data: bytes) -> tuple[str, str, int]:
    source = tmp_path / name
    source.write_bytes(data)
    repository = load_repository(SOPS).repository
    run = import_run((source,), tmp_path / "draf", SOPS, repository, "id")
    return run.stdout, run.stderr, run.exit_code


MACRO = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1Attribute VB_Name = AutoOpen: Shell(KANARI)"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x01Ole10Native KANARI.exe"


def test_macros_embedded_objects_and_external_links_are_named_as_left_unread(
    tmp_path: Path,
) -> None:
    """A .docm renamed .docx with a VBA project, an embedded OLE object (a packaged
    program), an ActiveX control, a template on a web server and a linked picture:
    the text is imported and one line names each kind left unread (it was silent).
    Ordinary hyperlinks are not listed."""
    rels = (
        f'<Relationship Id="r1" Type="{REL}/attachedTemplate" '
        'Target="http://203.0.113.9/template.dotm" TargetMode="External"/>'
        f'<Relationship Id="r2" Type="{REL}/image" '
        'Target="file:///C:/rahasia/gambar.png" TargetMode="External"/>'
        f'<Relationship Id="r3" Type="{REL}/hyperlink" '
        'Target="https://jdih.example.go.id/" TargetMode="External"/>'
        f'<Relationship Id="r4" Type="{REL}/oleObject" Target="embeddings/oleObject1.bin"/>'
        '<Relationship Id="r5" Type="http://schemas.microsoft.com/office/2006/relationships/'
        'vbaProject" Target="vbaProject.bin"/>'
    )
    extra = {
        "word/vbaProject.bin": MACRO,
        "word/embeddings/oleObject1.bin": OLE,
        "word/activeX/activeX1.xml": b"<ax:ocx xmlns:ax='x'/>",
    }
    stdout, stderr, code = _import(
        tmp_path, "makro.docx", _with_parts(fx.word_style_sop(), extra, rels)
    )
    assert code == 0, stderr
    assert "SOP baru" in stdout or "draf" in stdout
    lines = [line for line in stderr.splitlines() if "makro.docx: " in line]
    assert len(lines) == 4, stderr
    macros, embedded, activex, external = lines
    assert "makro (word/vbaProject.bin) diabaikan" in macros
    assert "1 objek tersemat" in embedded and "1 kontrol ActiveX" in activex
    assert "2 rujukan ke luar berkas" in external and "203.0.113.9/template.dotm" in external
    assert "jdih" not in stderr
    drafts = list((tmp_path / "draf").iterdir())
    assert len(drafts) == 1 and "KANARI" not in drafts[0].read_text("utf-8")


def test_a_plain_word_file_gets_no_such_line(tmp_path: Path) -> None:
    _, stderr, code = _import(tmp_path, "biasa.docx", fx.word_style_sop())
    assert code == 0 and "diabaikan" not in stderr and "luar berkas" not in stderr


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
        (b"{\\rtf1\\ansi\\deff0 SOP}", "RTF"),
        (b"\xef\xbb\xbf<html><body>SOP</body></html>", "HTML"),
        (b'<?xml version="1.0"?><?mso-application progid="Word.Document"?>', "XML"),
    ],
    ids=["pdf", "rtf", "html", "word-2003-xml"],
)
def test_a_file_renamed_docx_is_named_for_what_it_is(
    data: bytes, kind: str, tmp_path: Path
) -> None:
    """Was "not a Word .docx document" for all of them; the author could not tell why."""
    _, stderr, code = _import(tmp_path, "sop.docx", data)
    assert code == 1
    assert f"berkas ini {kind}, bukan dokumen Word .docx" in stderr, stderr


def test_a_part_too_large_is_named_not_called_a_zip_bomb(tmp_path: Path) -> None:
    """A document part of 41 MB that compresses normally (stored here): was "zip bomb"."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("[Content_Types].xml", fx.CONTENT_TYPES)
        archive.writestr("_rels/.rels", fx.RELS)
        archive.writestr("word/document.xml", b"<w:document>" + b"x" * (41 * 1024 * 1024))
    with pytest.raises(DocxError) as refused:
        read_docx_bytes(buffer.getvalue())
    assert refused.value.key == "wordio.error.part_too_large"
    assert refused.value.details == {"part": "word/document.xml", "size": 42, "limit": 40}


def _nested(depth: int) -> bytes:
    """The Word SOP fixture with its body wrapped in `depth` one-cell tables."""
    with zipfile.ZipFile(io.BytesIO(fx.word_style_sop())) as source:
        document = source.read("word/document.xml").decode("utf-8")
    body = document[document.index("<w:body>") + 8 : document.index("<w:sectPr")]
    for _ in range(depth):
        body = fx.table([9000], fx.row(fx.cell(body)))
    return fx.package(body)


def test_deeply_nested_tables_import_or_are_refused_by_depth(tmp_path: Path) -> None:
    """Holds: an SOP inside 55 nested one-cell tables is read as the plain one (5 steps);
    100 levels pass libxml2's depth limit and get one line saying so."""
    stdout, stderr, code = _import(tmp_path, "dalam.docx", _nested(55))
    assert code == 0 and "(5 langkah" in stdout, stdout + stderr
    _, stderr, code = _import(tmp_path, "lebihdalam.docx", _nested(100))
    assert code == 1 and "256 tingkat" in stderr and "Traceback" not in stderr


# --- YAML folders ---------------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
@pytest.mark.slow
def test_a_fifo_added_and_removed_is_seen_by_the_cached_check(tmp_path: Path) -> None:
    """The run cache hashed regular files only: a FIFO added after a run was not
    reported (the cached result was replayed), and once reported it stayed in the
    report after it was removed."""
    project = copy_project(tmp_path / "proyek")
    fifo = project / "sops" / "pdip" / "antre.yaml"
    assert "antre" not in run_sop(project, "check").stdout
    os.mkfifo(fifo)
    found = run_sop(project, "check")
    assert "sops/pdip/antre.yaml:1:1: galat safepath.not_regular" in found.stdout
    assert "berkas gambar biasa" not in found.stdout  # the hint was for images only
    fifo.unlink()
    assert "antre" not in run_sop(project, "check").stdout


@pytest.mark.slow
def test_a_link_to_a_folder_is_said_to_be_skipped(tmp_path: Path) -> None:
    """A folder under sops/ that links out of the project (or back into it) was skipped
    without a word: its SOPs were silently missing from the site."""
    project = copy_project(tmp_path / "proyek")
    outside = tmp_path / "di-luar"
    shutil.copytree(project / "sops" / "pdip", outside)
    link = project / "sops" / "bidang-lain"
    try:
        link.symlink_to(outside, target_is_directory=True)
    except OSError:
        pytest.skip("no symlinks here")
    result = run_sop(project, "check")
    expected = "sops/bidang-lain:1:1: peringatan loader.linked_folder 'sops/bidang-lain'"
    assert expected in result.stdout, result.stdout
    assert result.returncode == 0  # a warning: the SOPs inside the project still build
    link.unlink()
    assert "linked_folder" not in run_sop(project, "check").stdout


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ('nama: "' + "a" * 3_000_000 + '"\n', "loader.too_large"),
        ("nama: " + "[" * 100_000 + "]" * 100_000 + "\n", "limits.too_deep"),
        ('nama: !!python/object/apply:os.system ["echo KANARI"]\n', "loader.unsafe_tag"),
        ("a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n", "loader.alias"),
    ],
    ids=["large-scalar", "deep-nesting", "python-tag", "aliases"],
)
@pytest.mark.slow
def test_hostile_yaml_is_one_finding_at_its_place(text: str, code: str, tmp_path: Path) -> None:
    """Holds: a scalar over the file limit, 100,000 levels of flow nesting, a Python tag
    and aliases are each refused with their code, without running or expanding anything."""
    sops = tmp_path / "sops"
    shutil.copytree(SOPS, sops)
    (sops / "pdip" / "jahat.yaml").write_text(text, encoding="utf-8")
    problems = load_repository(sops).problems
    codes = {p.code for p in problems if "jahat" in p.position.path}
    assert code in codes, codes
