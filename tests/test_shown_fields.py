"""An optional text field of the SOP reaches the site page, the book and `sop diff` from
its declaration alone.

Adding one touches four files: the field in `generator/model/sop.py` (declared with
`shown_text(...)` or `text_list(..., shown=True)`), its label in
`generator/locale/id/isian.yaml` and `generator/locale/en/isian.yaml`, and the
regenerated `docs/schema/sop.schema.json`. These tests hold every such field to
appearing, with its label, in all three outputs, so none needs its own code.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from generator.check import run_checks
from generator.handbook import HandbookOptions, build_handbook_document
from generator.loader import load_repository
from generator.messages import available_languages, translate
from generator.model.sop import Sop
from generator.review.diff import diff_sops

from .conftest import MINIMAL_SOP

SHOWN = Sop.shown_field_names()


def _marker(name: str) -> str:
    return f"Penanda {name.replace('_', ' ')} 7Q"


def _with_every_shown_field() -> str:
    lines = [MINIMAL_SOP]
    for name in SHOWN:
        value = _marker(name)
        lines.append(
            f"{name}: [{value!r}]\n" if Sop.shown_field_is_list(name) else f"{name}: {value!r}\n"
        )
    return "".join(lines)


def test_the_form_fields_are_declared_shown():
    # The standar pelayanan components an SOP may carry (PermenPAN-RB 15/2014).
    assert {"jenis_layanan", "persyaratan", "biaya_tarif", "produk_layanan"} <= set(SHOWN)
    assert "penanganan_pengaduan" in SHOWN


@pytest.mark.parametrize("lang", available_languages())
def test_every_shown_field_has_a_label(lang: str):
    for name in SHOWN:
        assert translate(f"isian.{name}", lang)  # KeyError when the label is missing


@pytest.mark.slow
def test_every_shown_field_is_on_the_site_page_and_in_the_book(sops_dir: Path):
    (sops_dir / "contoh.yaml").write_text(_with_every_shown_field(), encoding="utf-8")
    out = sops_dir.parent / "out"
    command = [sys.executable, "-m", "generator.cli", "generate", "--no-cache", "--out", str(out)]
    result = subprocess.run(command, cwd=sops_dir.parent, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    page = (out / "sop" / "contoh" / "index.md").read_text("utf-8")
    repository = load_repository(sops_dir).repository
    assert repository is not None
    options = HandbookOptions(front_matter=False, flowchart=False, evaluation=False)
    book = json.dumps(
        build_handbook_document(repository, run_checks(repository), options=options),
        ensure_ascii=False,
    )
    for name in SHOWN:
        label = translate(f"isian.{name}", "id")
        assert _marker(name) in page and label in page, name
        assert _marker(name) in book and label in book, name


def test_a_changed_shown_field_is_in_the_diff(sops_dir: Path):
    (sops_dir / "lama.yaml").write_text(MINIMAL_SOP, encoding="utf-8")
    (sops_dir / "baru.yaml").write_text(_with_every_shown_field(), encoding="utf-8")
    repository = load_repository(sops_dir).repository
    assert repository is not None
    old, new = repository.sop("lama"), repository.sop("baru")
    calendar = repository.pengaturan.kalender_kerja.calendar()
    changed = {change.field for change in diff_sops("x", old.sop, new.sop, calendar).changes}
    assert set(SHOWN) <= changed
