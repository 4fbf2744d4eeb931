"""`sop build` prints the handbook into the site and links it from the home page."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from .test_reliability import project_copy

SOP = str(Path(sys.executable).parent / "sop")


def build(folder: Path, *options: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [SOP, "build", *options], cwd=folder, capture_output=True, text=True, timeout=600
    )


@pytest.mark.slow
def test_build_puts_the_handbook_in_the_site_and_links_it(tmp_path: Path):
    folder = project_copy(tmp_path / "p")
    result = build(folder)
    assert result.returncode == 0, result.stdout + result.stderr
    pdf = folder / "site" / "buku-sop.pdf"
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "Pelayanan Kerjasama" in text.replace("\n", " ")
    home = (folder / "site" / "index.html").read_text("utf-8")
    assert 'href="buku-sop.pdf" download>Unduh buku SOP untuk dicetak (PDF)<' in home
    # One PDF per SOP, its own pages only, linked from its page.
    own = PdfReader(folder / "site" / "sop" / "pelayanan-kerjasama.pdf")
    own_text = " ".join(" ".join(p.extract_text().split()) for p in own.pages)
    assert "Pelayanan Kerjasama" in own_text and "Daftar Isi" not in own_text
    assert len(own.pages) < len(PdfReader(pdf).pages)
    page = (folder / "site" / "sop" / "pelayanan-kerjasama" / "index.html").read_text("utf-8")
    assert 'href="../pelayanan-kerjasama.pdf" download>Unduh PDF<' in page


@pytest.mark.slow
def test_no_handbook_means_no_file_and_no_link(tmp_path: Path):
    folder = project_copy(tmp_path / "p")
    result = build(folder, "--no-handbook")
    assert result.returncode == 0, result.stdout + result.stderr
    assert not (folder / "site" / "buku-sop.pdf").exists()
    assert "buku-sop.pdf" not in (folder / "site" / "index.html").read_text("utf-8")
    assert not (folder / "site" / "sop" / "pelayanan-kerjasama.pdf").exists()
    page = (folder / "site" / "sop" / "pelayanan-kerjasama" / "index.html").read_text("utf-8")
    assert "Unduh PDF" not in page
