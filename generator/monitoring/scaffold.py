"""The text of a new monitoring record (`sop pantau`): every question and step, unanswered.

Nothing is pre-answered: the file does not pass `sop check` until the
evaluator has written every answer, so a blank form never counts as a record.
"""

from __future__ import annotations

import datetime as dt
import json

from generator import templating
from generator.messages import translate
from generator.model import Repository, SopEntry
from generator.model.pemantauan import QUESTION_KEYS, periode_of
from generator.monitoring.status import CYCLE_MONTHS, add_months
from generator.resolved import role_name


def record_path(entry: SopEntry, day: dt.date) -> str:
    """Where the record goes, relative to the SOP folder: pemantauan/<periode>/<id>.yaml."""
    return f"pemantauan/{periode_of(day)}/{entry.id}.yaml"


def record_text(
    entry: SopEntry, repository: Repository, day: dt.date, penilai_id: str, schema_path: str
) -> str:
    """The YAML text of an empty record for `entry` on `day`, evaluated by `penilai_id`."""
    # YAML output: values go through the `yaml` filter, comments through `comment`.
    environment = templating.environment("generator.monitoring", autoescape=False)
    # A JSON string is a valid YAML double-quoted scalar: any text is safe in it.
    environment.filters["yaml"] = lambda value: json.dumps(str(value), ensure_ascii=False)
    # A comment stays one line whatever the text holds.
    environment.filters["comment"] = lambda value: " ".join(str(value).split())
    questions = [
        (key, translate(f"evaluasi.pertanyaan.{number}", "id"))
        for key, number in QUESTION_KEYS.items()
    ]
    steps = [(str(index + 1), step.kegiatan) for index, step in enumerate(entry.sop.prosedur)]
    penilai = role_name(repository, penilai_id)
    return environment.get_template("pemantauan.yaml.j2").render(
        sop_id=entry.id,
        nama=entry.sop.nama,
        periode=periode_of(day),
        tanggal=day.isoformat(),
        penilai_id=penilai_id,
        penilai=penilai if penilai.registered else None,
        questions=questions,
        steps=steps,
        schema_path=schema_path,
        next_review=add_months(day, CYCLE_MONTHS).isoformat(),
    )
