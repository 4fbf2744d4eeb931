"""Property-based tests: random valid and random broken SOPs never make the tool
raise anything but its own error type, whatever the text holds."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.check import run_checks
from generator.flowchart import FlowchartOptions, flowchart_dot, flowchart_svg
from generator.fmt import CommentsWouldMove, format_sop_text
from generator.loader import load_repository
from generator.review.diff import diff_sops
from generator.yamlsource import parse_yaml_bytes

from .conftest import MINIMAL_SOP, SOPS

ROLES = ["staf", "kasi_kerjasama", "kabid_pdip", "sekretaris", "kadis", "instansi_terkait"]
WAKTU = ["15 menit", "1 jam", "1 hari", "1-2 hari", "", "x", "0 menit", "99 bulan", "½ hari"]

# Text with everything that has broken tools before: markup, Markdown, Jinja, YAML, DOT.
HOSTILE = st.text(
    alphabet=st.sampled_from(list("ab <>|*`{}%#&\"'\\\n:-[]!?é😀\t")) | st.characters(),
    max_size=40,
)


@st.composite
def sop_documents(draw) -> dict:
    """A random SOP document: valid in shape, random in content and flow."""
    columns = draw(st.lists(st.sampled_from(ROLES), min_size=1, max_size=6, unique=True))
    count = draw(st.integers(min_value=1, max_value=12))
    steps = []
    for _ in range(count):
        step = {
            "kegiatan": draw(HOSTILE.filter(lambda s: s.strip() != "")) or "x",
            "pelaksana": draw(st.lists(st.sampled_from(ROLES), max_size=2, unique=True)),
            "waktu": draw(st.sampled_from(WAKTU)),
            "output": draw(HOSTILE),
            "keterangan": draw(HOSTILE),
        }
        if draw(st.booleans()):
            targets = st.one_of(
                st.integers(min_value=-1, max_value=count + 2),
                st.sampled_from(["lanjut", "selesai", "nowhere"]),
            )
            step["jawaban"] = draw(
                st.dictionaries(st.sampled_from(["Ya", "Tidak", "Lengkap"]), targets, max_size=3)
            )
        if draw(st.booleans()):
            step["jenis"] = draw(st.sampled_from(["mulai", "proses", "keputusan", "selesai"]))
        steps.append(step)
    return {
        "nama": draw(HOSTILE.filter(lambda s: s.strip() != "")) or "x",
        "nomor": draw(HOSTILE),
        "unit": {"bidang": "pdip", "seksi": "kerjasama"},
        "tanggal": {"pembuatan": draw(st.sampled_from([2022, "2022-03", "2022-03-15"]))},
        "disahkan_oleh": {"jabatan": draw(st.sampled_from(ROLES)), "nama": draw(HOSTILE)},
        "standar_waktu": draw(st.sampled_from(WAKTU)),
        "peringatan": draw(HOSTILE),
        "pelaksana": columns,
        "prosedur": steps,
    }


def _folder(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("prop") / "sops"
    folder.mkdir()
    shutil.copy(SOPS / "organisasi.yaml", folder)
    shutil.copy(SOPS / "peraturan.yaml", folder)
    return folder


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(old=sop_documents(), new=sop_documents())
@pytest.mark.slow
def test_random_valid_sops_load_check_diff_and_format(tmp_path_factory, old, new):
    folder = _folder(tmp_path_factory)
    texts = {}
    for name, document in (("lama", old), ("baru", new)):
        texts[name] = yaml.safe_dump(document, allow_unicode=True, sort_keys=False)
        (folder / f"{name}.yaml").write_text(texts[name], "utf-8")
    result = load_repository(folder)
    if result.repository is None:
        return
    report = run_checks(result.repository)
    assert all(f.position.line >= 1 for f in report.findings)
    entries = {e.id: e for e in result.repository.sops}
    organisasi = result.repository.organisasi
    for entry in entries.values():
        for dot in flowchart_dot(entry.sop, organisasi, name=entry.id):
            assert dot.startswith("digraph")
        pages = flowchart_dot(entry.sop, organisasi, options=FlowchartOptions(max_rows=3))
        assert len(pages) >= 1
    if "baru" in entries:  # the real engine parses the DOT: hostile text never breaks it
        [svg] = flowchart_svg(entries["baru"].sop, organisasi, name="baru")
        assert svg.startswith(b"<?xml") or b"<svg" in svg[:400]
    if "lama" in entries and "baru" in entries:
        calendar = result.repository.pengaturan.kalender_kerja.calendar()
        diff_sops("x", entries["lama"].sop, entries["baru"].sop, calendar)
    for text in texts.values():
        try:
            formatted = format_sop_text(text)
        except CommentsWouldMove:
            continue
        assert yaml.safe_load(formatted) == yaml.safe_load(text)


@settings(max_examples=150, deadline=None)
@given(
    position=st.integers(min_value=0, max_value=len(MINIMAL_SOP)),
    junk=st.binary(max_size=12),
    cut=st.integers(min_value=0, max_value=20),
)
def test_random_broken_bytes_never_crash_the_reader(position, junk, cut):
    raw = MINIMAL_SOP.encode()
    broken = raw[:position] + junk + raw[position + cut :]
    doc, problems = parse_yaml_bytes(broken, "x.yaml")
    assert doc is not None or problems
    for problem in problems:
        assert problem.position.line >= 1 and problem.position.column >= 1
        assert problem.render("id") and problem.render("en")


def _report(folder: Path, cached: bool):
    from generator.check.cache import CheckCache

    result = load_repository(folder, cache=cached)
    if result.repository is None:
        return result.problems, None
    cache = CheckCache.beside(folder) if cached else None
    report = run_checks(result.repository, cache=cache)
    sources = [(e.id, e.source.data, e.source.value_positions) for e in result.repository.sops]
    timings = [(r.entry.id, r.timing) for r in report.sops]
    return result.problems, (report.findings, timings, sources)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(first=sop_documents(), second=sop_documents(), edited=sop_documents())
@pytest.mark.slow
def test_the_caches_never_change_what_load_and_check_report(
    tmp_path_factory, first, second, edited
):
    """Parse cache and per-SOP rule cache: a cached run reports exactly what a fresh
    run reports, before and after one file is replaced by another random SOP."""
    folder = _folder(tmp_path_factory)
    for name, document in (("satu", first), ("dua", second)):
        text = yaml.safe_dump(document, allow_unicode=True, sort_keys=False)
        (folder / f"{name}.yaml").write_text(text, "utf-8")
    assert _report(folder, cached=True) == _report(folder, cached=False)
    assert _report(folder, cached=True) == _report(folder, cached=False)  # read back
    text = yaml.safe_dump(edited, allow_unicode=True, sort_keys=False)
    (folder / "dua.yaml").write_text(text, "utf-8")
    assert _report(folder, cached=True) == _report(folder, cached=False)
