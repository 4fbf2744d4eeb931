"""The waktu table of docs/waktu.md is what the tool reads (round 6, i19).

Every row of the table is read by `read_waktu` and must give the reading and the
working minutes the row says: the page cannot claim a form the tool does not read.
The phrases come from published SOP AP documents and service standards (the round 5
gaps: "selama jam kerja", "5 menit sampai selesai", "per berkas 5 menit", "sesuai SLA
(1 hari)", "1 bulan kalender", "3x24 jam hari kerja", "Senin-Jumat" were unread or
refused before this round)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.duration import WaktuStatus, read_waktu

DOC = Path(__file__).resolve().parent.parent / "docs" / "waktu.md"
_ROW = re.compile(r"^\| `(?P<text>[^`]+)` \| (?P<kind>[a-z +]+) \| (?P<minutes>[\d-]+) \|$")


def _rows() -> list[tuple[str, str, str]]:
    rows = []
    for line in DOC.read_text(encoding="utf-8").splitlines():
        found = _ROW.match(line)
        if found:
            rows.append((found["text"], found["kind"], found["minutes"]))
    return rows


ROWS = _rows()


def test_the_table_is_there() -> None:
    """The table is found (a reformatted page would otherwise test nothing)."""
    assert len(ROWS) >= 60
    for phrase in (
        "selama jam kerja",
        "5 menit sampai selesai",
        "per berkas 5 menit",
        "sesuai SLA (1 hari)",
        "1 bulan kalender",
        "3x24 jam hari kerja",
        "1 (satu) hari kerja",
        "2 x 24 jam",
        "maks. 3 hari",
        "paling lama 14 hari kerja",
        "± 30 menit",
        "30'",
        "1,5 jam",
        "setengah hari",
        "1 minggu",
        "Senin-Jumat",
        "tentatif",
    ):
        assert phrase in {text for text, _, _ in ROWS}, phrase


@pytest.mark.parametrize(("text", "kind", "minutes"), ROWS, ids=[row[0] for row in ROWS])
def test_each_documented_phrase_reads_as_documented(text: str, kind: str, minutes: str) -> None:
    reading = read_waktu(text)
    if kind == "tak tentu":
        assert reading.status is WaktuStatus.TAK_TENTU
        return
    if kind == "kosong":
        assert reading.status is WaktuStatus.KOSONG
        return
    assert reading.status is WaktuStatus.TERBACA, reading
    duration = reading.duration
    assert duration is not None
    low, _, high = minutes.partition("-")
    assert (duration.low, duration.high) == (int(low), int(high or low))
    assert (reading.condition is not None) == (kind == "nilai + syarat")
    assert duration.at_most == (kind == "paling lama")
    assert duration.at_least == (kind == "paling cepat")
    assert duration.is_range == (kind == "rentang")
