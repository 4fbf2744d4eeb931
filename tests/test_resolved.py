"""The resolved SOP: names, signer, arrows and timing computed once, from the registries."""

from __future__ import annotations

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
