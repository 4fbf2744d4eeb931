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


# No module of the tool looks a registry up by id, or analyses arrows and timing, itself:
# names, laws, arrows and timing come from `generator/resolved.py`. Every module under
# generator/ is scanned; the exceptions below are the modules whose job is the registry
# itself (validating references, matching input against it, offering its choices), each
# with its reason. A new look-up anywhere else fails this test.
REGISTRY_EXCEPTIONS = {
    "resolved.py": "the one place that looks the registries up for every output",
    "loader.py": "validates every reference of an SOP against the registries",
    "check/rules/pemantauan_rujukan.py": "reports monitoring records naming unknown roles",
    "new_sop.py": "`sop new` offers the registry's units and roles to choose from",
    "commands/new.py": "`sop new` lists the registry's choices for its prompts",
    "commands/pantau.py": "`sop pantau` checks the evaluator against the registry's roles",
    "wordio/draft.py": "`sop import` matches Word text against the registry to guess ids",
    "wordio/registry_match.py": "`sop import`: the matching of names to registry ids",
    "scaffold/__init__.py": "a new project's own list of seksi, not a registry (same word)",
}
ANALYSIS_EXCEPTIONS = {
    "model/sop.py": "makes the one Flow of an SOP, kept on it (`Sop.flow`): the resolved "
    "SOP, the drawings and the size check of bare versions (old revisions) all read it",
    "resolved.py": "makes the one timing of a loaded SOP",
    "flow.py": "defines Flow, the one resolver of answers",
    "timing.py": "defines sop_timing",
}
# A lookup in a registry: jabatan / bidang / seksi / peraturan by .get(...) or [...],
# a membership test against one, or any use of the registries' tables.
REGISTRY_LOOKUP = re.compile(
    r"\b(?:jabatan|bidang|seksi|peraturan)(?:\.get\(|\[)"
    r"|\bin\s+[\w.]*\.(?:jabatan|bidang|peraturan)\s*(?:$|[):,\]])"
    r"|\borganisasi\.(?:jabatan|bidang)\b|\bperaturan\.peraturan\b"
)
# Arrows and timing worked out again instead of read from the resolved SOP.
ANALYSIS = re.compile(r"\bFlow\(|\bsop_timing\(")
GENERATOR = Path(__file__).resolve().parent.parent / "generator"


def test_the_lookup_pattern_finds_what_it_forbids():
    for line in (
        "jabatan = repository.organisasi.jabatan.get(role)",
        "name = org.jabatan[r].nama if r in org.jabatan else r",
        "law = repository.peraturan.peraturan.get(law_id)",
        "seksi = bidang.seksi.get(sop.unit.seksi)",
        "names = {k: j.label for k, j in repository.organisasi.jabatan.items()}",
        "for bidang_id in repository.organisasi.bidang:",
    ):
        assert REGISTRY_LOOKUP.search(line), line
    assert ANALYSIS.search("flow = Flow(sop)")
    assert not REGISTRY_LOOKUP.search("resolved.role(role_id).label")
    assert not ANALYSIS.search("resolved.flow.arrows")


def _modules() -> list[str]:
    return sorted(p.relative_to(GENERATOR).as_posix() for p in GENERATOR.rglob("*.py"))


def test_every_exception_names_a_module_that_exists():
    modules = set(_modules())
    assert set(REGISTRY_EXCEPTIONS) <= modules
    assert set(ANALYSIS_EXCEPTIONS) <= modules


@pytest.mark.parametrize("module", _modules())
def test_no_module_looks_a_registry_up_or_resolves_arrows_itself(module: str):
    lines = (GENERATOR / module).read_text("utf-8").splitlines()
    found = [
        f"{module}:{number}: {line.strip()}"
        for number, line in enumerate(lines, start=1)
        if not line.lstrip().startswith("#")
        and (
            (module not in REGISTRY_EXCEPTIONS and REGISTRY_LOOKUP.search(line))
            or (module not in ANALYSIS_EXCEPTIONS and ANALYSIS.search(line))
        )
    ]
    assert not found, "look names, laws, arrows and timing up in generator/resolved.py:\n" + (
        "\n".join(found)
    )
