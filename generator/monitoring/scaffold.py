"""The text of a new monitoring record (`sop pantau`): every question and step, unanswered.

Nothing is pre-answered: the file does not pass `sop check` until the
evaluator has written every answer, so a blank form never counts as a record.
"""

from __future__ import annotations

import datetime as dt
import json
from importlib import resources

import jinja2

from generator.messages import translate
from generator.model import Repository, SopEntry
from generator.model.pemantauan import QUESTION_KEYS, periode_of
from generator.monitoring.status import CYCLE_MONTHS, add_months


def record_path(entry: SopEntry, day: dt.date) -> str:
    """Where the record goes, relative to the SOP folder: pemantauan/<periode>/<id>.yaml."""
    return f"pemantauan/{periode_of(day)}/{entry.id}.yaml"


def record_text(
    entry: SopEntry, repository: Repository, day: dt.date, penilai_id: str, schema_path: str
) -> str:
    """The YAML text of an empty record for `entry` on `day`, evaluated by `penilai_id`."""
    environment = jinja2.Environment(
        loader=jinja2.FunctionLoader(
            lambda name: (
                resources.files("generator.monitoring")
                .joinpath("templates", name)
                .read_text("utf-8")
            )
        ),
        autoescape=False,  # YAML output: free text goes through the `yaml` filter or a comment
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["yaml"] = lambda value: json.dumps(str(value), ensure_ascii=False)
    questions = [
        (key, translate(f"evaluasi.pertanyaan.{number}", "id"))
        for key, number in QUESTION_KEYS.items()
    ]
    steps = [
        (str(index + 1), " ".join(step.kegiatan.split()))
        for index, step in enumerate(entry.sop.prosedur)
    ]
    return environment.get_template("pemantauan.yaml.j2").render(
        sop_id=entry.id,
        nama=entry.sop.nama,
        periode=periode_of(day),
        tanggal=day.isoformat(),
        penilai_id=penilai_id,
        penilai=repository.organisasi.jabatan.get(penilai_id),
        questions=questions,
        steps=steps,
        schema_path=schema_path,
        next_review=add_months(day, CYCLE_MONTHS).isoformat(),
    )
