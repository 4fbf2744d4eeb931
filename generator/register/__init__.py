"""The register (`sop report`): one row per SOP for the Bagian Organisasi, as XLSX or CSV."""

from __future__ import annotations

import datetime as dt

from generator.check import CheckReport
from generator.messages import translate
from generator.model import Repository
from generator.register.csvout import register_csv
from generator.register.rows import headers, register_rows
from generator.register.xlsx import register_xlsx


def register_files(
    repository: Repository, report: CheckReport, today: dt.date, lang: str
) -> dict[str, bytes]:
    """The register as {"xlsx": bytes, "csv": bytes}, as of `today`."""
    rows = register_rows(repository, report, today, lang)
    names = headers(lang)
    title = translate("register.judul", lang)
    return {
        "xlsx": register_xlsx(rows, names, title, today),
        "csv": register_csv(rows, names),
    }
