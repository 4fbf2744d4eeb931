"""The shortcuts that keep `sop check` fast give the same answers as the long way.

Each rule, reading and lookup below was made cheaper by a quick test that rules
most inputs out before the exact one runs; these tests hold the quick test to
the exact one on the inputs where the two could part: case, accents and
non-ASCII letters that match ASCII ones when case is ignored.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest
import yaml

from generator.check.output import _duration_text
from generator.check.rules import nama_unit_berbeda, pengesah_tak_terlibat
from generator.duration import Duration, WorkCalendar, format_duration, read_waktu
from generator.lastownermemo import LastOwnerMemo
from generator.model import Organisasi
from generator.resolved import _role_shown, role_in
from generator.timing import waktu_reading

EXAMPLES = Path(str(resources.files("generator.check").joinpath("examples")))

TEXTS = [
    "Menandatangani surat",
    "Menanda tangani",
    "tanda  tangan kepala",
    "TTD kadis",
    "ttd.",
    "Sah",
    "mengesahkan dokumen",
    "Pengesahan",
    "PERSETUJUAN Kabid",
    "menyetujui",
    "Memaraf konsep",
    "paraf",
    "Menerima berkas",
    "Memeriksa kelengkapan",
    "sahkan",
    "sahabat",  # no word boundary: no approval
    "ſah",  # long s: matches "sah" when case is ignored
    "ﬅtd",  # a ligature, no approval
    "Tanda tangan é",
    "",
]


@pytest.mark.parametrize("text", TEXTS)
def test_approval_shortcut_agrees_with_the_pattern(text):
    expected = pengesah_tak_terlibat._APPROVAL.search(text) is not None
    assert pengesah_tak_terlibat._is_approval(text) is expected


def _registry() -> Organisasi:
    """The example registry of the rules' docs (a bidang with an alias), read afresh."""
    text = (EXAMPLES / "organisasi.yaml").read_text(encoding="utf-8")
    return Organisasi.model_validate(yaml.safe_load(text))


def test_aliases_are_made_once_per_registry():
    registry = _registry()
    first = nama_unit_berbeda._ALIASES.get(registry, None)
    assert nama_unit_berbeda._ALIASES.get(registry, None) is first
    assert [alias for _, alias, _, _ in first] == ["Bidang Pelayanan Pendaftaran"]
    assert nama_unit_berbeda._ALIASES.get(_registry(), None) is not first  # another registry


@pytest.mark.parametrize(
    "text",
    [
        "ke bidang pelayanan pendaftaran.",
        "KE BIDANG PELAYANAN PENDAFTARAN",
        "ke Bidang Pelayanan Pendaftaran Penduduk",
        "ke Bidang Pelayanan  Pendaftaran",
        "ke BİDANG PELAYANAN PENDAFTARAN",
        "ke Bidang Layanan",
    ],
)
def test_alias_shortcut_agrees_with_the_pattern(text):
    """An ASCII text is passed over only when it cannot hold the alias."""
    aliases = nama_unit_berbeda._ALIASES.get(_registry(), None)
    assert aliases
    for pattern, _alias, _official, lowered in aliases:
        found = pattern.search(text) is not None
        if text.isascii() and lowered is not None and lowered not in text.lower():
            assert not found
        if text.isascii() and found:
            assert lowered is not None and lowered in text.lower()


def test_roles_shown_are_the_same_as_made_afresh():
    registry = _registry()
    assert role_in(registry, "kadis") == _role_shown(registry, "kadis")
    assert role_in(registry, "kadis").registered
    assert role_in(registry, "kadis") is role_in(registry, "kadis")
    assert role_in(registry, "tamu") == _role_shown(registry, "tamu")
    assert not role_in(registry, "tamu").registered
    other = _registry()
    assert role_in(other, "kadis") is not role_in(registry, "kadis")


def test_readings_are_those_of_read_waktu_per_calendar():
    five_hours = WorkCalendar(hours_per_day=5)
    for text in ("1 hari", "2 jam", "segera", "1 hari"):
        assert waktu_reading(text, five_hours) == read_waktu(text, five_hours)
    assert waktu_reading("1 hari", WorkCalendar()) == read_waktu("1 hari", WorkCalendar())
    assert waktu_reading("1 hari", WorkCalendar()) != waktu_reading("1 hari", five_hours)


def test_duration_texts_are_those_of_format_duration():
    five_hours = WorkCalendar(hours_per_day=5)
    values = [Duration(0, 0), Duration(3600, 3600), Duration(27000, 54000, at_most=True)]
    for calendar in (WorkCalendar(), five_hours, WorkCalendar()):
        for lang in ("id", "en"):
            for value in values:
                assert _duration_text(value, calendar, lang) == format_duration(
                    value, calendar, lang
                )


def test_a_memo_keeps_the_last_owner_only_and_stays_bounded():
    made: list[tuple[object, int]] = []

    def make(owner: object, key: int) -> tuple[object, int]:
        made.append((owner, key))
        return (owner, key)

    memo: LastOwnerMemo[object, int, tuple[object, int]] = LastOwnerMemo(make, limit=3)
    first, second = object(), object()
    assert memo.get(first, 1) is memo.get(first, 1)  # made once
    assert memo.get(second, 1) == (second, 1)  # another owner: made for it
    assert memo.get(first, 1) == (first, 1) and len(made) == 3  # only the last is kept
    for key in range(6):
        memo.get(first, key)
    assert len(memo._last[1]) <= 4  # emptied past the limit, never growing without end


def test_a_step_kind_kept_once_found_is_found_again_in_a_changed_copy():
    from generator.model.sop import JenisLangkah, Langkah

    step = Langkah.model_validate({"kegiatan": "Memeriksa berkas", "pelaksana": "staf"})
    assert step.kind is JenisLangkah.PROSES  # now kept on the step
    decision = step.model_copy(update={"jawaban": {"Ya": "lanjut", "Tidak": 1}})
    assert decision.kind is JenisLangkah.KEPUTUSAN
    assert step == Langkah.model_validate(step.model_dump())  # the kept kind is no field
    assert "kind" not in step.model_dump()


def test_a_check_entry_round_trips_in_its_compact_form(tmp_path: Path):
    """The check cache writes the timing as plain lists: read back, it is the same
    SopTiming, field for field, for SOPs with waiting, either-or roles, a standard
    and untimed steps (the seeds); another layout or shape is a miss, never data."""
    import shutil

    from generator.check import run_checks
    from generator.check.cache import CheckCache
    from generator.loader import load_repository

    from .conftest import SOPS

    root = tmp_path / "sops"
    shutil.copytree(SOPS, root)
    repository = load_repository(root).repository
    report = run_checks(repository)
    pack = CheckCache.beside(root)
    for sop_report in report.sops:
        findings = tuple(f for f in report.findings if f.position.path == sop_report.entry.path)
        stored = pack.encode_value((findings, sop_report.timing))
        assert pack.decode_value(stored) == (findings, sop_report.timing)
        wrong = ["sop-result-1", *stored[1:]]
        with pytest.raises(ValueError):
            pack.decode_value(wrong)
        with pytest.raises((ValueError, TypeError)):
            pack.decode_value([stored[0], stored[1], stored[2][:-1]])
