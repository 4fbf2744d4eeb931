"""The duration words written in whole seconds are the words of `format_minutes`."""

from __future__ import annotations

from fractions import Fraction

import pytest

from generator.duration import (
    Duration,
    WorkCalendar,
    duration_words,
    format_duration,
    format_minutes,
)

CALENDARS = [
    WorkCalendar(),  # 7.5 hours
    WorkCalendar(Fraction(8)),
    WorkCalendar(8),  # an int, as a caller may pass
    WorkCalendar(Fraction(29, 4)),  # 7.25 hours
    WorkCalendar(Fraction(22, 3)),  # 7 h 20 min
    WorkCalendar(Fraction(1, 7)),  # a day that is no whole number of seconds
]


@pytest.mark.slow
def test_every_second_of_three_days_reads_as_format_minutes():
    for calendar in CALENDARS:
        for lang in ("id", "en"):
            for seconds in [*range(0, 3 * 8 * 3600, 29), 45 * 3600 + 30, 10**9 + 7]:
                low = Duration(seconds, seconds)
                expected = format_minutes(Fraction(seconds, 60), calendar, lang)
                assert duration_words(low, calendar, lang) == expected, (calendar, seconds)


def test_ranges_and_bounds_read_as_format_duration_always_did():
    for calendar in CALENDARS[:2]:
        for low, high in [(0, 0), (900, 900), (900, 1800), (3600, 27000 * 3)]:
            for at_most in (False, True):
                for at_least in (False, True):
                    value = Duration(low, high, at_most, at_least)
                    low_words = format_minutes(value.low, calendar, "id")
                    high_words = format_minutes(value.high, calendar, "id")
                    words = duration_words(value, calendar, "id")
                    assert words == format_duration(value, calendar, "id")
                    if at_most and not at_least:
                        assert words == f"paling lama {high_words}"
                    elif at_least and not at_most:
                        assert words == f"paling cepat {low_words}"
                    elif low != high:
                        assert words.startswith(f"{low_words} s.d. {high_words}")
                    else:
                        assert words.startswith(low_words)
