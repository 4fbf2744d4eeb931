"""Dates as SOP forms write them: a full date, or only a month or a year.

Real SOPs often carry only "2022" for Tgl. Pembuatan. The model keeps exactly
the precision the author gave: `2022`, `2022-03` or `2022-03-15`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import BeforeValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

_DATE_RE = re.compile(r"(?P<year>\d{4})(?:-(?P<month>\d{1,2})(?:-(?P<day>\d{1,2}))?)?")


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
    """Parse `2022`, `"2022-03"` or `"2022-03-15"`; raise a pydantic error otherwise."""
    if isinstance(value, PartialDate):
        return value
    if isinstance(value, dt.date):
        return PartialDate(value.year, value.month, value.day)
    text = str(value).strip()
    match = _DATE_RE.fullmatch(text)
    if match is None:
        raise PydanticCustomError("tanggal", "not a date: {value}", {"value": text})
    year = int(match["year"])
    month = int(match["month"]) if match["month"] else None
    day = int(match["day"]) if match["day"] else None
    try:
        dt.date(year, month or 1, day or 1)
    except ValueError:
        raise PydanticCustomError("tanggal", "not a date: {value}", {"value": text}) from None
    return PartialDate(year, month, day)


Tanggal = Annotated[
    PartialDate,
    BeforeValidator(parse_partial_date),
    WithJsonSchema(
        {
            "description": (
                "Tanggal: tahun (2022), bulan (2022-03) atau tanggal lengkap (2022-03-15)."
            ),
            "anyOf": [
                {"type": "integer", "minimum": 1900, "maximum": 2999},
                {"type": "string", "pattern": r"^\d{4}(-\d{1,2}(-\d{1,2})?)?$"},
            ],
        }
    ),
]
