"""The Lembar Evaluasi SOP AP: the seven PermenPAN-RB 35/2012 questions, each with
evidence from the checker next to it (never a tick: the assessor answers), and
the six-monthly monitoring form.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.check import SopReport
from generator.duration import WorkCalendar, format_duration
from generator.messages import translate
from generator.model import JenisLangkah, Repository, StatusPeraturan, TautanSop
from generator.problems import Problem
from generator.resolved import resolve
from generator.review.render import environment

# Which check rules bear on which question (by number).
RULES_BY_QUESTION: dict[int, tuple[str, ...]] = {
    2: ("kegiatan-bukan-kata-kerja", "jawaban-kurang", "jawaban-pada-proses", "identitas-kosong"),
    3: (
        "waktu-kosong",
        "waktu-tak-terbaca",
        "waktu-nol",
        "waktu-tak-wajar",
        "tujuan-tak-ada",
        "langkah-tak-terjangkau",
        "jalan-buntu",
        "putaran-tanpa-keluar",
        "tanpa-akhir",
        "output-kosong",
        "kelengkapan-kosong",
    ),
    4: (
        "pelaksana-kosong",
        "pelaksana-bukan-kolom",
        "kolom-tak-terpakai",
        "pengesah-tak-terlibat",
        "satu-pelaksana",
    ),
    5: ("panah-balik-salah-tujuan", "menunjuk-diri-sendiri"),
    6: ("melebihi-standar-waktu", "kasus-terburuk-melebihi-standar", "langkah-terlalu-lama"),
    7: ("keterkaitan-melingkar", "dasar-hukum-diubah", "dasar-hukum-dicabut", "nama-unit-berbeda"),
}


@dataclass(frozen=True)
class Question:
    """One row of the evaluation sheet."""

    number: int
    text: str
    evidence: tuple[str, ...]


@dataclass(frozen=True)
class MonitoringRow:
    """One row of the monitoring form: a step of the procedure."""

    number: int
    prosedur: str


def _findings_evidence(number: int, findings: list[Problem], lang: str) -> list[str]:
    rules = RULES_BY_QUESTION.get(number, ())
    related = [f for f in findings if f.rule in rules]
    if not rules:
        return []
    if not related:
        return [translate("evaluasi.bukti.tanpa_temuan", lang)]
    # An official form: each rule by its title in the reader's language, never its id.
    names = sorted({translate(f"check.{f.rule}.judul", lang) for f in related})
    return [translate("evaluasi.bukti.temuan", lang, count=len(related), rules="; ".join(names))]


def evaluation_questions(
    sop_report: SopReport,
    findings: list[Problem],
    repository: Repository,
    calendar: WorkCalendar,
    lang: str,
) -> list[Question]:
    """The seven questions with their evidence, for one SOP."""
    sop = sop_report.entry.sop
    timing = sop_report.timing
    total = format_duration(timing.main_total, calendar, lang)
    resolved = resolve(sop_report.entry, repository)
    decisions = sum(step.kind is JenisLangkah.KEPUTUSAN for step in sop.prosedur)
    returns = sum(arrow.is_return for arrow in resolved.arrows)
    by_role = ", ".join(
        f"{resolved.role(role).label} {format_duration(d, calendar, lang)}"
        for role, d in timing.by_role.items()
    )
    laws = [law for _law_id, law in resolved.laws]
    changed = sum(1 for law in laws if law and law.status is not StatusPeraturan.BERLAKU)
    links = sum(isinstance(k, TautanSop) for k in sop.keterkaitan)

    if timing.target is not None:
        target = format_duration(timing.target, calendar, lang)
        performance = [translate("evaluasi.bukti.standar", lang, total=total, target=target)]
        organisation = [
            translate(
                "evaluasi.bukti.terburuk",
                lang,
                worst=format_duration(timing.worst_total, calendar, lang),
                target=target,
            )
        ]
    else:
        performance = [translate("evaluasi.bukti.tanpa_standar", lang, total=total)]
        organisation = []
    extra: dict[int, list[str]] = {
        1: performance,
        4: [translate("evaluasi.bukti.peran", lang, roles=len(sop.pelaksana), by_role=by_role)],
        5: [translate("evaluasi.bukti.keputusan", lang, decisions=decisions, returns=returns)],
        6: organisation,
        7: [
            translate(
                "evaluasi.bukti.keterkaitan",
                lang,
                links=links,
                free=len(sop.keterkaitan) - links,
                laws=len(laws),
                changed=changed,
            )
        ],
    }
    return [
        Question(
            number,
            translate(f"evaluasi.pertanyaan.{number}", lang),
            tuple(extra.get(number, []) + _findings_evidence(number, findings, lang)),
        )
        for number in range(1, 8)
    ]


def monitoring_rows(sop_report: SopReport) -> list[MonitoringRow]:
    """One monitoring row per working step of the procedure."""
    steps = sop_report.entry.sop.prosedur
    return [
        MonitoringRow(index + 1, step.kegiatan)
        for index, step in enumerate(steps)
        if step.kind not in (JenisLangkah.MULAI, JenisLangkah.SELESAI)
    ]


def evaluation_markdown(
    sop_report: SopReport,
    findings: list[Problem],
    repository: Repository,
    calendar: WorkCalendar,
    lang: str,
) -> str:
    """The evaluation sheet and monitoring form of one SOP as printable Markdown
    (headings in Markdown, the tables as HTML blocks with every text escaped)."""
    return (
        environment()
        .get_template("evaluasi.md.j2")
        .render(
            nama=sop_report.entry.sop.nama,
            questions=evaluation_questions(sop_report, findings, repository, calendar, lang),
            rows=monitoring_rows(sop_report),
            t=lambda key, **kw: translate(f"evaluasi.{key}", lang, **kw),
        )
    )
