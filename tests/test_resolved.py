"""The resolved SOP: names, signer, arrows and timing computed once, from the registries."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.check.base import SopContext
from generator.flow import Flow
from generator.loader import load_repository
from generator.resolved import resolve

from .conftest import SOPS


def _seed(sop_id: str):
    repository = load_repository(SOPS).repository
    assert repository is not None
    return repository.sop(sop_id), repository


def test_names_come_from_the_registry_and_unknown_ids_show_as_themselves():
    entry, repository = _seed("pelayanan-kerjasama")
    resolved = resolve(entry, repository)
    organisasi = repository.organisasi
    assert [lane.id for lane in resolved.lanes] == list(entry.sop.pelaksana)
    assert [lane.label for lane in resolved.lanes] == [
        organisasi.jabatan[role].label for role in entry.sop.pelaksana
    ]
    assert resolved.bidang_name == organisasi.bidang[entry.sop.unit.bidang].nama
    unknown = resolved.role("tidak_terdaftar")
    assert (unknown.label, unknown.registered) == ("tidak_terdaftar", False)


def test_signer_is_printed_as_the_registry_names_the_position():
    entry, repository = _seed("pelayanan-kerjasama")
    signer = resolve(entry, repository).signer
    assert signer is not None and entry.sop.disahkan_oleh is not None
    assert (
        signer.jabatan.nama == repository.organisasi.jabatan[entry.sop.disahkan_oleh.jabatan].nama
    )
    assert signer.nip == entry.sop.disahkan_oleh.nip


def test_the_checker_reads_the_same_arrows_and_timing():
    entry, repository = _seed("pemanfaatan-data-dan-dokumen")
    resolved = resolve(entry, repository)
    assert resolved.arrows == Flow(entry.sop).arrows
    context = SopContext(entry, repository, resolved.calendar)
    assert context.flow.arrows == resolved.arrows
    assert context.timing == resolved.timing
    assert resolved.timing.main_total.low == 11_760  # the README's seed total (minutes)


# The modules that make the outputs read names, signer, laws, arrows and timing from
# `generator.resolved`; none of them looks a registry up by id itself.
OUTPUT_MODULES = (
    "site/views.py",
    "site/pages.py",
    "handbook/views.py",
    "handbook/document.py",
    "review/diff.py",
    "review/render.py",
    "review/evaluation.py",
)
# A lookup by id in a registry: jabatan / bidang / seksi / peraturan by .get(...) or [...],
# or a membership test against one.
REGISTRY_LOOKUP = re.compile(
    r"\b(?:jabatan|bidang|seksi|peraturan)(?:\.get\(|\[)"
    r"|\bin\s+[\w.]*\.(?:jabatan|bidang|peraturan)\s*(?:$|[):,\]])"
    r"|\bFlow\(|\bsop_timing\("
)


def test_the_lookup_pattern_finds_what_it_forbids():
    for line in (
        "jabatan = repository.organisasi.jabatan.get(role)",
        "name = org.jabatan[r].nama if r in org.jabatan else r",
        "law = repository.peraturan.peraturan.get(law_id)",
        "seksi = bidang.seksi.get(sop.unit.seksi)",
        "flow = Flow(sop)",
    ):
        assert REGISTRY_LOOKUP.search(line), line
    assert not REGISTRY_LOOKUP.search("resolved.role(role_id).label")


@pytest.mark.parametrize("module", OUTPUT_MODULES)
def test_outputs_read_the_resolved_sop_not_the_registries(module: str):
    path = Path(__file__).resolve().parent.parent / "generator" / module
    found = [
        f"{module}:{number}: {line.strip()}"
        for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1)
        if REGISTRY_LOOKUP.search(line) and not line.lstrip().startswith("#")
    ]
    assert not found, "look names, laws, arrows and timing up in generator/resolved.py:\n" + (
        "\n".join(found)
    )
