"""The register as CSV (UTF-8 with BOM, so spreadsheet programs read Indonesian text
right; dates as ISO 8601; CRLF line ends as RFC 4180 says)."""

from __future__ import annotations

import csv
import datetime as dt
import io

from generator.register.rows import RegisterRow

# A cell starting with one of these is run as a formula by spreadsheet programs.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    # Text from the YAML must never run as a formula (CSV injection): quote it.
    return "'" + text if isinstance(value, str) and text.startswith(_FORMULA_START) else text


def register_csv(rows: list[RegisterRow], headers: list[str]) -> bytes:
    """The CSV file's bytes."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(headers)
    for row in rows:
        writer.writerow([_text(value) for value in row.cells()])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
