"""A label, a separator, then a value that stands alone (round 7).

"proses: maksimal 3 hari" was unreadable: the label reading allowed a colon only
when a digit came right after it. Every label the reader knows now takes ":", "="
or a dash before any value it reads alone, qualifiers included.
"""

from __future__ import annotations

import pytest

from generator.duration import WaktuStatus, read_waktu

LABELS = (
    "Proses",
    "proses verifikasi",
    "Waktu",
    "waktu proses",
    "waktu penyelesaian",
    "waktu pelayanan",
    "waktu layanan",
    "waktu pengerjaan",
    "waktu tunggu",
    "lama proses",
    "lama waktu",
    "lama pengerjaan",
    "durasi",
    "penyelesaian",
)
SEPARATORS = (":", " :", " = ", "=", " - ", " – ")
# value alone -> (low, high, at_most, at_least) in working minutes
VALUES = {
    "maksimal 3 hari": (1350, 1350, True, False),
    "paling lama 2 jam": (120, 120, True, False),
    "paling cepat 1 hari": (450, 450, False, True),
    "3 hari kerja": (1350, 1350, False, False),
    "± 30 menit": (30, 30, False, False),
    "1-2 hari": (450, 900, False, False),
}


@pytest.mark.parametrize("label", LABELS)
@pytest.mark.parametrize("separator", SEPARATORS)
def test_every_label_takes_a_separator_before_any_value(label: str, separator: str) -> None:
    for value, expected in VALUES.items():
        reading = read_waktu(f"{label}{separator} {value}")
        assert reading.status is WaktuStatus.TERBACA, (label, separator, value)
        duration = reading.duration
        assert duration is not None
        got = (duration.low, duration.high, duration.at_most, duration.at_least)
        assert got == expected, (label, separator, value)
        assert reading == read_waktu(value)  # read as it stands alone


def test_a_qualifier_before_the_colon_is_kept() -> None:
    reading = read_waktu("proses maksimal: 3 hari")
    assert reading.duration is not None and reading.duration.at_most


@pytest.mark.parametrize(
    "text,status",
    [
        ("proses 1 - 3 hari", WaktuStatus.TERBACA),  # a range, not a dash after a label
        ("proses -3 hari", WaktuStatus.TAK_TERBACA),
        ("waktu:", WaktuStatus.TAK_TERBACA),
        ("proses: -", WaktuStatus.TAK_TERBACA),
        ("waktu: setiap hari", WaktuStatus.TAK_TENTU),
        ("proses: sesuai SLA (1 hari)", WaktuStatus.TERBACA),
    ],
)
def test_what_a_separator_does_not_change(text: str, status: WaktuStatus) -> None:
    assert read_waktu(text).status is status


@pytest.mark.parametrize(
    "text,alone",
    [
        # A number in words right after the label starts the value: the dash that
        # follows is the range's, not a separator (a reviewer's finding: these read
        # as the range's upper end alone).
        ("proses satu - dua hari", "satu - dua hari"),
        ("proses dua - tiga hari", "dua - tiga hari"),
        ("proses tujuh - 14 hari", "tujuh - 14 hari"),
        ("proses seminggu - dua minggu", "seminggu - dua minggu"),
        ("proses setengah - satu jam", "setengah - satu jam"),
        ("waktu: satu - dua hari", "satu - dua hari"),
        ("waktu proses dua hari", "dua hari"),
        ("Proses dua hari", "dua hari"),
        ("proses sehari", "sehari"),  # the word is whole: not "sehar" + "i"
        ("proses seminggu", "seminggu"),
    ],
)
def test_a_value_in_words_after_a_label_reads_as_it_stands_alone(text: str, alone: str) -> None:
    reading = read_waktu(text)
    assert reading.status is WaktuStatus.TERBACA, text
    assert reading == read_waktu(alone)
