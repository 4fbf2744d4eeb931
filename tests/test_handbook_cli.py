"""`sop handbook` as a user runs it: files written, exit codes, a missing PDF engine."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pypdf
import pytest
from click.testing import CliRunner

from generator.cli import cli
from generator.handbook import books as command

from .conftest import MINIMAL_SOP


def run(*args: str) -> object:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_one_book_and_one_file_per_sop(sops_dir: Path):
    (sops_dir / "contoh.yaml").write_text(MINIMAL_SOP, encoding="utf-8")
    result = run("handbook", "-o", "keluar/buku.pdf", "--no-evaluasi")
    assert result.exit_code == 0, result.output
    book = Path("keluar/buku.pdf")
    assert book.read_bytes().startswith(b"%PDF-")
    assert [p.name for p in book.parent.iterdir()] == ["buku.pdf"]  # no temporary file left
    assert "ditulis: keluar/buku.pdf (" in result.output

    result = run("handbook", "--each", "satu", "contoh")
    assert result.exit_code == 0, result.output
    single = Path("satu/contoh.pdf").read_bytes()
    assert single.startswith(b"%PDF-")
    title = pypdf.PdfReader(io.BytesIO(single)).metadata.title
    assert title == "Contoh Layanan"  # the file's title is the SOP's name


def test_unknown_sop_or_empty_selection_is_a_usage_error(sops_dir: Path):
    (sops_dir / "contoh.yaml").write_text(MINIMAL_SOP, encoding="utf-8")
    result = run("handbook", "tidak-ada")
    assert result.exit_code == 2
    assert "SOP 'tidak-ada' tidak ditemukan" in result.output
    result = run("handbook", "--status", "berlaku")
    assert result.exit_code == 2
    assert "tidak ada SOP yang cocok" in result.output
    assert not Path("buku-sop.pdf").exists()


def test_sops_with_errors_exit_1(sops_dir: Path):
    (sops_dir / "rusak.yaml").write_text(MINIMAL_SOP.replace("nama:", "nomr: 1\nnama:"))
    result = run("handbook")
    assert result.exit_code == 1
    assert "rusak.yaml:1:1" in result.output
    assert not Path("buku-sop.pdf").exists()


def test_missing_pdf_engine_says_how_to_install_it(sops_dir: Path, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "typst", None)  # as if the wheel were not installed
    result = run("handbook")
    assert result.exit_code == 1
    assert "Typst" in result.output and "pip install" in result.output
    assert "Traceback" not in result.output


def test_an_unchanged_rerun_reuses_the_pdf_and_an_edit_renders_again(sops_dir: Path, monkeypatch):
    (sops_dir / "contoh.yaml").write_text(MINIMAL_SOP, encoding="utf-8")
    assert run("handbook", "--no-evaluasi").exit_code == 0
    first = Path("buku-sop.pdf").read_bytes()
    rendered = []
    real = command.build_handbook
    monkeypatch.setattr(
        command, "build_handbook", lambda *a, **k: rendered.append(1) or real(*a, **k)
    )
    assert run("handbook", "--no-evaluasi").exit_code == 0
    assert rendered == [] and Path("buku-sop.pdf").read_bytes() == first
    assert run("handbook", "--no-evaluasi", "--no-cache").exit_code == 0
    assert rendered == [1]
    (sops_dir / "contoh.yaml").write_text(MINIMAL_SOP.replace("Contoh", "Contoh Baru"))
    assert run("handbook", "--no-evaluasi").exit_code == 0
    assert rendered == [1, 1] and Path("buku-sop.pdf").read_bytes() != first


@pytest.mark.slow
def test_an_edited_sop_lays_out_only_its_own_pages_again(sops_dir: Path):
    (sops_dir / "satu.yaml").write_text(MINIMAL_SOP, encoding="utf-8")
    (sops_dir / "dua.yaml").write_text(MINIMAL_SOP.replace("Contoh", "Kedua"), encoding="utf-8")
    bodies = sops_dir.parent / ".sop-cache" / "handbook_sop"
    assert run("handbook", "--no-evaluasi").exit_code == 0
    before = {p.name for p in bodies.glob("*/*")}
    assert len(before) == 2  # one body per SOP
    (sops_dir / "dua.yaml").write_text(MINIMAL_SOP.replace("Contoh", "Ketiga"), encoding="utf-8")
    assert run("handbook", "--no-evaluasi").exit_code == 0
    after = {p.name for p in bodies.glob("*/*")}
    assert len(after - before) == 1  # only the edited SOP was laid out again
    text = " ".join(p.extract_text() for p in pypdf.PdfReader("buku-sop.pdf").pages)
    assert "Ketiga" in text and "Kedua" not in text
    # A damaged entry is recomputed, never trusted.
    damaged = bodies / (lambda name: f"{name[:2]}/{name}")(next(iter(after - before)))
    damaged.write_bytes(b"%PDF-1.7 not really")
    shutil.rmtree(sops_dir.parent / ".sop-cache" / "book")  # the whole book's cache
    assert run("handbook", "--no-evaluasi", "-o", "lagi.pdf").exit_code == 0
    assert pypdf.PdfReader("lagi.pdf").pages
    assert len(damaged.read_bytes()) > 1000  # rendered again, not trusted
