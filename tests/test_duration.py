"""Reading the waktu authors write, and adding it up in working time."""

from __future__ import annotations

from fractions import Fraction

import pytest

from generator.duration import WorkCalendar, format_minutes, parse_waktu


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("15 Menit", 15, 15),
        ("30 menit", 30, 30),
        ("1 Jam", 60, 60),
        ("1 hari", 450, 450),
        ("3 hari kerja", 1350, 1350),
        ("1 minggu", 2250, 2250),
        ("2 bulan", 18000, 18000),
        ("1 (satu) hari", 450, 450),
        ("1-2 hari", 450, 900),
        ("30 menit s.d. 1 jam", 30, 60),
        ("1 hari s/d 3 hari", 450, 1350),
        ("1 jam 30 menit", 90, 90),
        ("0,5 hari", 225, 225),
        ("  1   JAM ", 60, 60),
        ("10 Menit.", 10, 10),
        ("3 HK", 1350, 1350),
    ],
)
def test_parse(text, low, high):
    duration = parse_waktu(text)
    assert duration is not None
    assert (duration.low, duration.high) == (low, high)


@pytest.mark.parametrize("text", ["15", "menit", "kilat", "2 - 1 hari", "5 hari lagi", ""])
def test_unreadable_is_none_not_zero(text):
    assert parse_waktu(text) is None


def test_office_calendar_changes_the_day():
    calendar = WorkCalendar(hours_per_day=Fraction(8), days_per_week=5, days_per_month=22)
    assert parse_waktu("1 hari", calendar).low == 480
    assert parse_waktu("1 bulan", calendar).low == 480 * 22


@pytest.mark.parametrize(
    ("minutes", "words"),
    [(1915, "4 hari 1 jam 55 menit"), (2250, "5 hari"), (11760, "26 hari 1 jam"), (0, "0 menit")],
)
def test_format(minutes, words):
    assert format_minutes(minutes) == words
