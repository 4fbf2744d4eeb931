"""`sop fmt`: canonical order and style, comments kept, meaning never changed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from generator.fmt import CommentsWouldMove, comment_anchors, format_sop_text
from generator.loader import load_repository

from .conftest import MINIMAL_SOP, REPO, SOPS

SEEDS = sorted((SOPS / "pdip").glob("*.yaml"))


def sop(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator.cli", *args], cwd=cwd, capture_output=True, text=True
    )


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem)
def test_formatted_seed_is_left_byte_identical(path: Path):
    text = path.read_text("utf-8")
    assert format_sop_text(text) == text


SCRAMBLED = """\
# yaml-language-server: $schema=../docs/schema/sop.schema.json
# Komentar kepala berkas.
unit:
  seksi: kerjasama   # seksi pemilik
  bidang: pdip
nama: Contoh Layanan
pelaksana: [staf, kasi_kerjasama]
prosedur:
  - waktu: 15 menit   # perkiraan
    pelaksana: staf
    kegiatan: Menyiapkan berkas
  - pelaksana: kasi_kerjasama
    jawaban: {Ya: lanjut, Tidak: 1}
    kegiatan: Memeriksa berkas
    waktu: 30 menit
"""

CANONICAL = """\
# yaml-language-server: $schema=../docs/schema/sop.schema.json
# Komentar kepala berkas.
nama: Contoh Layanan
unit:
  bidang: pdip
  seksi: kerjasama   # seksi pemilik
pelaksana: [staf, kasi_kerjasama]
prosedur:
  - kegiatan: Menyiapkan berkas
    pelaksana: staf
    waktu: 15 menit   # perkiraan
  - kegiatan: Memeriksa berkas
    pelaksana: kasi_kerjasama
    jawaban: {Ya: lanjut, Tidak: 1}
    waktu: 30 menit
"""


def test_canonical_order_keeps_comments_and_meaning(sops_dir: Path):
    assert format_sop_text(SCRAMBLED) == CANONICAL
    assert comment_anchors(CANONICAL) == comment_anchors(SCRAMBLED)
    assert format_sop_text(CANONICAL) == CANONICAL  # idempotent
    models = []
    for text in (SCRAMBLED, CANONICAL):
        (sops_dir / "x.yaml").write_text(text, "utf-8")
        result = load_repository(sops_dir)
        assert result.problems == ()
        models.append(result.repository.sops[0].sop)
    assert models[0] == models[1]


def test_refuses_to_separate_a_comment_from_its_line():
    text = "prosedur:\n  - kegiatan: A\n    pelaksana: staf\n# tentang nama\nnama: X\n"
    with pytest.raises(CommentsWouldMove) as moved:
        format_sop_text(text)
    assert (moved.value.line, moved.value.comment) == (4, "# tentang nama")


@pytest.mark.slow
def test_cli_check_write_and_skip(sops_dir: Path):
    (sops_dir / "a.yaml").write_text(SCRAMBLED, "utf-8")
    (sops_dir / "b.yaml").write_text(MINIMAL_SOP, "utf-8")
    (sops_dir / "c.yaml").write_text("nama: [\n", "utf-8")
    checked = sop("fmt", "--check", "sops", cwd=sops_dir.parent)
    assert checked.returncode == 1
    assert checked.stdout.splitlines() == ["perlu diformat: sops/a.yaml"]
    assert "sops/c.yaml: dilewati" in checked.stderr
    assert (sops_dir / "a.yaml").read_text("utf-8") == SCRAMBLED  # --check writes nothing
    written = sop("fmt", "sops/a.yaml", cwd=sops_dir.parent)
    assert written.returncode == 0
    assert (sops_dir / "a.yaml").read_text("utf-8") == CANONICAL
    assert sop("fmt", "--check", "sops/a.yaml", "sops/b.yaml", cwd=sops_dir.parent).returncode == 0


def test_repository_seeds_are_canonical():
    assert sop("fmt", "--check", "sops", cwd=REPO).returncode == 0


def test_a_moved_comment_names_the_keys_to_reorder(sops_dir: Path):
    text = MINIMAL_SOP.replace(
        "  - kegiatan: Memeriksa berkas\n    pelaksana: kasi_kerjasama\n",
        "  - pelaksana: kasi_kerjasama\n    # langkah inti\n    kegiatan: Memeriksa berkas\n",
    )
    (sops_dir / "a.yaml").write_text(text, "utf-8")
    checked = sop("fmt", "--check", "sops", cwd=sops_dir.parent)
    assert checked.returncode == 1
    assert "prosedur 2" in checked.stderr and "kegiatan, pelaksana" in checked.stderr


def test_keterangan_moved_to_the_end_stays_before_the_blank_line():
    text = (
        "nama: A\nunit: {bidang: pdip}\npelaksana: [staf]\nprosedur:\n"
        "  - kegiatan: A\n    pelaksana: staf\n    keterangan: catatan\n    waktu: 15 menit\n\n"
        "  - kegiatan: B\n    pelaksana: staf\n    waktu: 30 menit\n"
    )
    result = format_sop_text(text)
    assert "    waktu: 15 menit\n    keterangan: catatan\n\n  - kegiatan: B\n" in result
    assert format_sop_text(result) == result
