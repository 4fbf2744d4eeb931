"""Round 3, second field test (issue 13 brief i13b): kinds of office not yet covered
(Puskesmas, BPBD, Dinas Pendidikan, Kecamatan) and hostile text in the printed book.

Each test failed before its fix.
"""

from __future__ import annotations

import pytest

from generator.model.sop import TanggalSop


@pytest.mark.parametrize("dash", ["-", "–", "—", "", " - "])
def test_a_dash_in_a_date_box_means_no_date(dash: str) -> None:
    """Forms print 'Tgl. Revisi : -' (Lamongan Dinas Pendidikan, BPBD Sumut)."""
    dates = TanggalSop.model_validate({"pembuatan": "01/03/2022", "revisi": dash})
    assert dates.revisi is None and dates.pembuatan is not None
    assert str(dates.pembuatan) == "2022-03-01"


def test_a_word_in_a_date_box_is_still_refused() -> None:
    with pytest.raises(ValueError):
        TanggalSop.model_validate({"revisi": "belum"})


@pytest.mark.parametrize("text", ["*) segera", "*)1 hari", "**) 15 menit", "1 hari*)"])
def test_a_footnote_mark_before_the_time_is_not_part_of_it(text: str) -> None:
    """'Paling lama 1 hari kerja*)' with '*) apabila pejabat berada di tempat' (Disdik)."""
    from generator.duration import WaktuStatus, read_waktu

    assert read_waktu(text).status is not WaktuStatus.TAK_TERBACA
    assert read_waktu(text.replace("*", "").replace(")", "")) == read_waktu(text)


@pytest.mark.parametrize(
    "text",
    ["Apabila Camat berada ditempat", "jika pejabat berada di tempat", "bila berkas lengkap"],
)
def test_a_condition_without_a_time_is_a_known_unknown(text: str) -> None:
    """Kecamatan Banjarmasin's Jangka Waktu reads only 'Apabila Camat berada ditempat':
    not a typo to correct (galat) but a time the office did not fix."""
    from generator.duration import WaktuStatus, read_waktu

    assert read_waktu(text).status is WaktuStatus.TAK_TENTU
    assert read_waktu("jika lengkap 1 hari").status is not WaktuStatus.TAK_TENTU
