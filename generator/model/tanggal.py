"""Dates as SOP forms write them: a full date, or only a month or a year.

Real SOPs often carry only "2022" for Tgl. Pembuatan. The model keeps exactly
the precision the author gave: `2022`, `2022-03` or `2022-03-15`; the forms
Indonesian documents print ("15 Maret 2022", "15-03-2022", "Maret 2022", "03/2022") are
read too (day first, as Indonesia writes dates).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import BeforeValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

_DATE_RE = re.compile(r"(?P<year>\d{4})(?:-(?P<month>\d{1,2})(?:-(?P<day>\d{1,2}))?)?")
# As Indonesian documents write dates: day first ("15-03-2022", "15/03/2022",
# "15.03.2022"), or with the month's name ("15 Maret 2022", "Maret 2022").
_DAY_FIRST_RE = re.compile(r"(?P<day>\d{1,2})[-/.](?P<month>\d{1,2})[-/.](?P<year>\d{4})")
# Only the month, as forms print it for Tgl. Pembuatan: "03/2026", "3-2026".
_MONTH_YEAR_RE = re.compile(r"(?P<month>\d{1,2})[-/.](?P<year>\d{4})")
_MONTHS = {
    "januari": 1, "jan": 1, "februari": 2, "pebruari": 2, "feb": 2, "maret": 3, "mar": 3,
    "april": 4, "apr": 4, "mei": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7,
    "agustus": 8, "agu": 8, "agt": 8, "ags": 8, "september": 9, "sep": 9, "sept": 9,
    "oktober": 10, "okt": 10, "november": 11, "nopember": 11, "nov": 11, "des": 12,
    "desember": 12,
}  # fmt: skip
_NAMED_RE = re.compile(
    r"(?:(?P<day>\d{1,2})\s+)?(?P<month>[a-z]+)\.?\s+(?P<year>\d{4})", re.IGNORECASE
)
DATE_PATTERN = (
    r"^(\d{4}(-\d{1,2}(-\d{1,2})?)?|(\d{1,2}[-/.])?\d{1,2}[-/.]\d{4}|"
    r"(\d{1,2}\s+)?[A-Za-z]+\.?\s+\d{4}|[-–—]?)$"
)
# What a form prints in a date box that holds no date ("Tgl. Revisi : -").
_NO_DATE = frozenset({"", "-", "–", "—"})


def blank_date_is_none(value: Any) -> Any:
    """A dash or an empty text in a date field, as forms write "no date", is no date."""
    if isinstance(value, str) and value.strip() in _NO_DATE:
        return None
    return value


def _parts(text: str) -> tuple[int, int | None, int | None] | None:
    """(year, month, day) of a date in one of the written forms, or None."""
    match = _DATE_RE.fullmatch(text)
    if match is not None:
        month, day = match["month"], match["day"]
        return int(match["year"]), int(month) if month else None, int(day) if day else None
    match = _DAY_FIRST_RE.fullmatch(text)
    if match is not None:
        return int(match["year"]), int(match["month"]), int(match["day"])
    match = _MONTH_YEAR_RE.fullmatch(text)
    if match is not None:
        return int(match["year"]), int(match["month"]), None
    match = _NAMED_RE.fullmatch(text)
    if match is not None and match["month"].lower() in _MONTHS:
        day = int(match["day"]) if match["day"] else None
        return int(match["year"]), _MONTHS[match["month"].lower()], day
    return None


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date known to the year, the month or the day."""

    year: int
    month: int | None = None
    day: int | None = None

    def __str__(self) -> str:
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        return text


def parse_partial_date(value: Any) -> PartialDate:
    """Parse `2022`, `"2022-03"`, `"2022-03-15"`, or as Indonesian documents write a
    date, `"15-03-2022"`, `"15/03/2022"`, `"15 Maret 2022"`, `"Maret 2022"`, `"03/2022"`; raise a
    pydantic error otherwise."""
    if isinstance(value, PartialDate):
        return value
    if isinstance(value, dt.date):
        return PartialDate(value.year, value.month, value.day)
    text = str(value).strip()
    parts = _parts(text)
    if parts is None:
        raise PydanticCustomError("tanggal", "not a date: {value}", {"value": text})
    year, month, day = parts
    try:
        # A month or day of 0 is no date (`or 1` would have let it through).
        dt.date(year, 1 if month is None else month, 1 if day is None else day)
    except ValueError:
        raise PydanticCustomError("tanggal", "not a date: {value}", {"value": text}) from None
    return PartialDate(year, month, day)


Tanggal = Annotated[
    PartialDate,
    BeforeValidator(parse_partial_date),
    WithJsonSchema(
        {
            "description": (
                "Tanggal: tahun (2022), bulan (2022-03, '03/2022' atau 'Maret 2022') atau tanggal "
                "lengkap (2022-03-15, '15-03-2022' atau '15 Maret 2022')."
            ),
            "anyOf": [
                {"type": "integer", "minimum": 1900, "maximum": 2999},
                {"type": "string", "pattern": DATE_PATTERN},
            ],
        }
    ),
]
