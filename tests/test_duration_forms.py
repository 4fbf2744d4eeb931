"""The time phrases offices write in published SOPs and service standards (issue 13):
each is read as a value, a known unknown or "no waktu", never a false error or a zero;
and any text at all gives one of those or a finding with a hint, never an exception."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.check.rules.waktu_tak_terbaca import ID as UNREADABLE
from generator.duration import (
    WaktuStatus,
    WorkCalendar,
    closest_readable,
    numbers_in_words,
    read_waktu,
)
from generator.messages import translate

DAY = 450

READ = [
    # (as written, low minutes, high minutes, at_most, at_least)
    ("paling lama 14 hari kerja", 14 * DAY, 14 * DAY, True, False),
    ("1 x 24 jam", DAY, DAY, False, False),
    ("3 (tiga) hari kerja", 3 * DAY, 3 * DAY, False, False),
    ("± 15 menit", 15, 15, False, False),
    ("5-10 menit", 5, 10, False, False),
    ("30 menit s/d 1 jam", 30, 60, False, False),
    ("2 jam/berkas", 120, 120, False, False),
    ("5 menit per pemohon", 5, 5, False, False),
    ("30 Menit / Berkas", 30, 30, False, False),
    ("15 menit/ 1 berkas", 15, 15, False, False),
    ("dua hari", 2 * DAY, 2 * DAY, False, False),
    ("lima belas menit", 15, 15, False, False),
    ("dua puluh lima menit", 25, 25, False, False),
    ("satu setengah jam", 90, 90, False, False),
    ("setengah hari", DAY // 2, DAY // 2, False, False),
    ("sehari", DAY, DAY, False, False),
    ("1 ½ jam", 90, 90, False, False),
    ("14 hari kalender", 10 * DAY, 10 * DAY, False, False),
    ("1 tahun", 240 * DAY, 240 * DAY, False, False),
    ("1 hari kerja*", DAY, DAY, False, False),
    ("s.d. 14 hari kerja", 14 * DAY, 14 * DAY, True, False),
    ("kurang dari 1 jam", 60, 60, True, False),
    ("lebih dari 1 hari", DAY, DAY, False, True),
    ("tidak lebih dari 2 hari", 2 * DAY, 2 * DAY, True, False),
    ("selama 3 hari", 3 * DAY, 3 * DAY, False, False),
    ("1 X 24 Jam", DAY, DAY, False, False),
    ("1/2 hari", DAY // 2, DAY // 2, False, False),
    ("1 1/2 jam", 90, 90, False, False),
    ("15’", 15, 15, False, False),
    ("10' - 15'", 10, 15, False, False),
    ("2 (dua) x 24 jam", 2 * DAY, 2 * DAY, False, False),
    ("2 x 15 menit", 30, 30, False, False),
    ("1 triwulan", 60 * DAY, 60 * DAY, False, False),
    ("menunggu 3 hari", 3 * DAY, 3 * DAY, False, False),
    ("30 menit atau 1 jam", 30, 60, False, False),
    ("1:30", 90, 90, False, False),
    ("0:45 jam", 45, 45, False, False),
    ("paling lama 2:00", 120, 120, True, False),
    ("dalam 2 hari", 2 * DAY, 2 * DAY, True, False),
    ("dalam dua hari kerja", 2 * DAY, 2 * DAY, True, False),
    ("seperempat jam", 15, 15, False, False),
    ("satu seperempat jam", 75, 75, False, False),
    ("tiga perempat jam", 45, 45, False, False),
]


@pytest.mark.parametrize(("text", "low", "high", "at_most", "at_least"), READ)
def test_offices_forms_are_read(text: str, low: int, high: int, at_most: bool, at_least: bool):
    reading = read_waktu(text)
    assert reading.status is WaktuStatus.TERBACA, text
    assert reading.duration is not None
    duration = reading.duration
    assert (duration.low, duration.high) == (low, high)
    assert (duration.at_most, duration.at_least) == (at_most, at_least)
    assert reading.condition is None


@pytest.mark.parametrize(
    ("text", "minutes", "condition"),
    [
        ("3 hari kerja setelah berkas lengkap", 3 * DAY, "setelah berkas lengkap"),
        ("1 x 24 jam, bila berkas lengkap", DAY, "bila berkas lengkap"),
        (
            "Paling lama 14 (empat belas) hari kerja sejak berkas diterima lengkap",
            14 * DAY,
            "sejak berkas diterima lengkap",
        ),
        ("1 jam atau sesuai kebutuhan", 60, "atau sesuai kebutuhan"),
    ],
)
def test_a_value_with_a_condition_is_read_and_the_condition_kept(
    text: str, minutes: int, condition: str
):
    reading = read_waktu(text)
    assert reading.status is WaktuStatus.TERBACA
    assert reading.duration is not None and reading.duration.high == minutes
    assert reading.condition == condition


@pytest.mark.parametrize(
    "text",
    [
        "segera",
        "tentatif",
        "sesuai jadwal",
        "setiap hari",
        "tiap bulan",
        "per hari",
        "sewaktu-waktu",
        "langsung",
        "saat itu juga",
        "real time",
        "beberapa hari",
        "tergantung jumlah berkas",
        "paling lambat akhir bulan Juni",
        "sebelum tanggal 10 setiap bulan",
        "paling lambat 31 Desember",
        "akhir triwulan",
        "H+3",
        "menunggu jadwal",
        "08.00-16.00",
        "08:00 - 15:00 WIB",
        "paling lambat pukul 15.00",
        "8.00-16.00",
        "7:30 - 15:30",
        "Senin-Jumat 8:00-16:00",
    ],
)
def test_schedules_and_no_delay_are_known_unknowns(text: str):
    assert read_waktu(text).status is WaktuStatus.TAK_TENTU


@pytest.mark.parametrize("text", ["-", "–", "—", " - ", "n/a"])
def test_a_dash_is_no_waktu_not_an_unreadable_one(text: str):
    assert read_waktu(text).status is WaktuStatus.KOSONG


@pytest.mark.parametrize(
    "text",
    ["2 - 1 hari", "kilat", "15", "3 hri setelah berkas lengkap", "10:30", "1:75", "7:30", "8:00"],
)
def test_what_is_still_unreadable_stays_unreadable(text: str):
    assert read_waktu(text).status is WaktuStatus.TAK_TERBACA


def test_calendar_days_follow_the_office_calendar():
    six_days = WorkCalendar(days_per_week=6)
    assert read_waktu("14 hari kalender", six_days).duration.low == 12 * DAY


@pytest.mark.parametrize(
    ("words", "digits"),
    [
        ("dua belas hari", "12 hari"),
        ("sepuluh menit", "10 menit"),
        ("tiga puluh menit", "30 menit"),
        ("1 (satu) hari", "1 (satu) hari"),
        ("belas", "belas"),
    ],
)
def test_numbers_in_words(words: str, digits: str):
    assert numbers_in_words(words) == digits


TEXT = st.one_of(
    st.text(max_size=60),
    st.lists(
        st.sampled_from(
            [
                "1",
                "15",
                "2,5",
                "½",
                "x",
                "24",
                "jam",
                "menit",
                "hari",
                "kerja",
                "kalender",
                "minggu",
                "bulan",
                "tahun",
                "paling",
                "lama",
                "cepat",
                "maksimal",
                "s.d.",
                "s/d",
                "-",
                "–",
                "/",
                "per",
                "setiap",
                "berkas",
                "setelah",
                "lengkap",
                "(",
                ")",
                "satu",
                "dua",
                "belas",
                "puluh",
                "setengah",
                "±",
                "*",
                ",",
                "segera",
                "tergantung",
                " ",
                "lebih",
                "kurang",
                "dari",
                "tidak",
                "sekitar",
                "\t",
                "\n",
                "9999999999",
            ]
        ),
        max_size=12,
    ).map(" ".join),
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT)
@pytest.mark.slow
def test_any_text_is_a_value_a_known_unknown_or_a_finding_with_a_hint(text: str):
    reading = read_waktu(text)
    assert isinstance(reading.status, WaktuStatus)
    if reading.status is WaktuStatus.TERBACA:
        assert reading.duration is not None
        assert 0 <= reading.duration.low_seconds <= reading.duration.high_seconds
    else:
        assert reading.duration is None
    if reading.status is WaktuStatus.TAK_TERBACA:
        forms = closest_readable(text)
        assert forms
        assert all(read_waktu(form).status is WaktuStatus.TERBACA for form in forms)
        saran = ", ".join(f"'{form}'" for form in forms)
        hint = translate(f"check.{UNREADABLE}.hint", "id", waktu=text, saran=saran)
        assert saran in hint and "keterangan" in hint


def test_fractions_of_a_minute_stay_exact():
    assert read_waktu("½ menit").duration.low == Fraction(1, 2)


WAKTU_SOP = """\
nama: Contoh
unit: {{bidang: pdip, seksi: kerjasama}}
standar_waktu: {standar}
pelaksana: [staf, kasi_kerjasama, instansi_terkait]
prosedur:
  - kegiatan: Menyiapkan berkas
    pelaksana: staf
    waktu: {first}
  - kegiatan: Menunggu jawaban
    pelaksana: instansi_terkait
    bersamaan: true
    waktu: {second}
  - kegiatan: Memeriksa berkas
    pelaksana: kasi_kerjasama
    jawaban: {{Ya: lanjut, Tidak: 1}}
    waktu: {third}
"""


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT, TEXT, TEXT, TEXT)
def test_any_waktu_in_an_sop_gives_findings_with_hints_never_an_exception(
    tmp_path_factory: pytest.TempPathFactory, standar: str, first: str, second: str, third: str
):
    import json as json_module
    import shutil

    from generator.check import run_checks
    from generator.loader import load_repository
    from generator.site.views import sop_view
    from generator.timing_words import timing_words

    from .conftest import SOPS

    folder = tmp_path_factory.mktemp("waktu") / "sops"
    folder.mkdir()
    for name in ("organisasi.yaml", "peraturan.yaml"):
        shutil.copy(SOPS / name, folder / name)
    values = [json_module.dumps(v, ensure_ascii=False) for v in (standar, first, second, third)]
    text = WAKTU_SOP.format(standar=values[0], first=values[1], second=values[2], third=values[3])
    (folder / "contoh.yaml").write_text(text, encoding="utf-8")
    loaded = load_repository(folder)
    repository = loaded.repository
    assert repository is not None
    entry = repository.sop("contoh")
    if entry is None:  # a value the loader refuses (e.g. a NUL): a problem with a place
        assert all(p.position.line for p in loaded.problems)
        return
    report = run_checks(repository)
    for finding in report.findings:
        assert finding.position.line and finding.message() and finding.message("en")
        if finding.rule.startswith("waktu") or finding.rule.startswith("standar"):
            assert finding.hint(), finding.rule
    timing = report.timing_of("contoh")
    assert timing is not None
    assert timing_words(timing).line()
    sop_view(repository, entry, timing, [], 0, lang="id", source_path="x", edit_url=None)


def test_more_hours_never_make_less_time():
    """From 24 on, hours written alone are days of 24 ("1 x 24 jam"): 36 jam is 1.5
    days, between 24 and 48 jam (it was 4.8 working days, more than 48 jam)."""
    lows = [read_waktu(f"{hours} jam").duration.low for hours in (24, 30, 36, 48, 60, 72)]
    assert lows == sorted(lows) and len(set(lows)) == len(lows)
    assert read_waktu("36 jam").duration.low == DAY * 3 // 2


@pytest.mark.parametrize(
    "qualifier", ["maksimal", "maks", "max", "minimal", "min", "setiap", "tiap", "per", "lebih"]
)
@pytest.mark.parametrize("label", ["proses", "Proses:"])
def test_a_label_never_swallows_the_word_that_qualifies_the_value(label: str, qualifier: str):
    """ "proses maksimal 3 hari" reads as "maksimal 3 hari" (at most), never as a plain
    3 days; "proses setiap 3 hari" is a schedule like "setiap 3 hari". After a colon
    the label is not taken off yet: unreadable (a finding with a hint), never a value
    other than the unlabelled text's."""
    plain = read_waktu(f"{qualifier} 3 hari")
    labelled = read_waktu(f"{label} {qualifier} 3 hari")
    if labelled.status is not WaktuStatus.TAK_TERBACA or label == "proses":
        assert (labelled.status, labelled.duration) == (plain.status, plain.duration)


@pytest.mark.parametrize(
    "text",
    [
        "per dua berkas 5 menit",
        "per lima berkas 1 jam",
        "setiap sepuluh pemohon 1 jam",
        "per 2 berkas 5 menit",
        "per tahun anggaran 5 hari",
        "setiap bulan kalender 2 hari",
    ],
)
def test_an_item_that_counts_or_is_a_period_is_not_the_time_for_one(text: str):
    """The time for "per berkas" is the time for one file; "per dua berkas" or "per
    tahun anggaran" is a rate or a schedule: a known unknown, never a plain value."""
    assert read_waktu(text).status is WaktuStatus.TAK_TENTU


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("proses verifikasi 2 jam", 120),
        ("per berkas 5 menit", 5),
        ("setiap pemohon 15 menit", 15),
    ],
)
def test_a_plain_label_word_and_a_single_item_are_still_read(text: str, minutes: int):
    reading = read_waktu(text)
    assert reading.status is WaktuStatus.TERBACA
    assert reading.duration is not None and reading.duration.high == minutes
