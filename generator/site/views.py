"""What the page templates show: plain data computed from the repository and the check report.

Templates only lay out; every decision (which symbol marks a performer, which
regulation replaces another, which findings belong to a page) is made here.
Display strings come from the message catalogue (`site.*` keys).
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from generator.check import CheckReport
from generator.duration import WorkCalendar, format_duration
from generator.flow import END, Flow
from generator.flowchart.layout import terminals
from generator.messages import translate
from generator.model import Repository, SopEntry
from generator.model.peraturan import Peraturan
from generator.model.sop import JenisLangkah, Sop, TautanSop
from generator.model.tanggal import PartialDate
from generator.problems import Problem, Severity
from generator.resolved import law, resolve, timing_of
from generator.site.search import SearchView, search_view
from generator.site.search_words import root_words
from generator.timing import SopTiming
from generator.timing_words import timing_words

# Page paths, relative to the documentation folder.
HOME_PAGE = "index.md"
BIDANG_PAGE = "bidang.md"
JABATAN_INDEX = "jabatan/index.md"
PERATURAN_PAGE = "peraturan.md"
TINJAUAN_PAGE = "tinjauan.md"
ASSET_FOLDER = "assets/sop"

# The SOP AP flowchart symbol that marks the performer in the procedure table.
SYMBOLS = {
    JenisLangkah.MULAI: "▢",
    JenisLangkah.SELESAI: "▢",
    JenisLangkah.PROSES: "▭",
    JenisLangkah.KEPUTUSAN: "◇",
}
_SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


def sop_page(sop_id: str) -> str:
    """The page of one SOP."""
    return f"sop/{sop_id}/index.md"


def evaluation_page(sop_id: str) -> str:
    """The evaluation sheet and monitoring form of one SOP (a printable page)."""
    return f"sop/{sop_id}/evaluasi.md"


def checklist_page(sop_id: str) -> str:
    """The checklists of one SOP: a page of the site, filled in on screen or printed."""
    return f"sop/{sop_id}/daftar-periksa.md"


def flowchart_file(sop_id: str, number: int, count: int) -> str:
    """The SVG file of one flowchart page, next to the SOP page."""
    return f"sop/{sop_id}/{sop_id}.svg" if count == 1 else f"sop/{sop_id}/{sop_id}-{number}.svg"


def jabatan_page(role_id: str) -> str:
    """The page listing every step one role performs."""
    return f"jabatan/{role_id}.md"


def page_url(path: str, style: str) -> str:
    """Where the page at `path` (a docs path) is served, by link style.

    `md`: the Markdown file itself (plain files, `sop generate`); `html`:
    `x.md` -> `x.html`; `directory` (MkDocs' use_directory_urls): `x.md` ->
    `x/`, `x/index.md` -> `x/`. Other files keep their path.
    """
    base, _, anchor = path.partition("#")
    if style != "md" and base.endswith(".md"):
        if style == "html":
            base = base.removesuffix(".md") + ".html"
        elif base == "index.md" or base.endswith("/index.md"):
            base = base.removesuffix("index.md")
        else:
            base = base.removesuffix(".md") + "/"
    return f"{base}#{anchor}" if anchor else base


@lru_cache(maxsize=1 << 16)
def relative_path(path: str, start: str) -> str:
    """`posixpath.relpath(path, start)` of two relative docs paths, without asking the
    OS for the working folder (`relpath` does, twice a call: a 1,000-SOP site makes
    ~60,000 links); remembered (an index page links the same SOP pages from the same
    folder as the others). A path that leaves the docs folder goes to `relpath`."""
    parts = [part for part in posixpath.normpath(path).split("/") if part != "."]
    base = [part for part in posixpath.normpath(start).split("/") if part != "."]
    if not path or not start or ".." in parts or ".." in base or path[0] == "/" or start[0] == "/":
        return posixpath.relpath(path, start)
    common = 0
    for mine, theirs in zip(parts, base, strict=False):
        if mine != theirs:
            break
        common += 1
    rest = [".."] * (len(base) - common) + parts[common:]
    return "/".join(rest) if rest else "."


def url_between(from_page: str, to_path: str, style: str) -> str:
    """A raw-HTML link from page `from_page` to `to_path`, as served under `style`."""
    source = page_url(from_page, style)
    target = page_url(to_path, style)
    base, _, anchor = target.partition("#")
    folder = source if source.endswith("/") or not source else posixpath.dirname(source)
    link = relative_path(base or ".", folder or ".")
    if base.endswith("/") or base == "":  # a folder: keep the trailing slash
        link = "./" if link == "." else link + "/"
    return f"{link}#{anchor}" if anchor else link


@dataclass(frozen=True)
class FindingView:
    """One checker or loader finding, as a reviewer reads it."""

    path: str
    line: int
    column: int
    severity: str  # the localised word
    severity_key: str  # error / warning / info, for styling
    rule: str
    message: str
    hint: str


@dataclass(frozen=True)
class RegulationView:
    """One regulation as cited: its status and what replaced it."""

    id: str
    short: str  # "UU 23/2006"
    sebutan: str
    nomor: str
    tahun: int | None
    tentang: str
    status: str
    status_key: str
    replaced_by: tuple[tuple[str, str, str], ...]  # (word, short label, anchor id)
    known: bool = True

    @property
    def anchor(self) -> str:
        return f"{PERATURAN_PAGE}#{self.id}"


@dataclass(frozen=True)
class StepView:
    """One row of the procedure table."""

    number: int
    kegiatan: str
    symbol_name: str
    marks: tuple[str, ...]  # one per pelaksana column: the symbol or ""
    roles: tuple[str, ...]  # labels of the performers
    pertanyaan: str | None
    answers: tuple[str, ...]  # "Ya → 3"
    kelengkapan: tuple[str, ...]
    waktu: str
    output: str
    keterangan: str
    note: str = ""  # "salah satu: Kabid/Sekretaris", "bersamaan dengan langkah 4", ...

    @cached_property
    def roots(self) -> tuple[str, ...]:
        """Search: root words of the step's text that it does not contain (search_words.py).

        Stemmed only when a page prints them: the index pages, which list every
        step, do not, and after an edit only the edited SOP's page is made.
        """
        texts = [self.kegiatan, self.pertanyaan or "", *self.kelengkapan, self.output]
        return root_words([*texts, self.keterangan])

    # The lists as the pages print them, joined once per step (Jinja's `join` filter,
    # called ~100 times a page, checked every item for markup each time). Plain text:
    # printing escapes it, as the filter's output of plain texts.
    @cached_property
    def roles_text(self) -> str:
        """The performers, as a cell prints them: "Kasi, Staf"."""
        return ", ".join(self.roles)

    @cached_property
    def roots_text(self) -> str:
        """The search root words (`roots`), space-separated."""
        return " ".join(self.roots)

    @cached_property
    def answers_text(self) -> str:
        """The answers, as the checklist prints them: "Ya → 3; Tidak → 5"."""
        return "; ".join(self.answers)

    @cached_property
    def kelengkapan_text(self) -> str:
        """The kelengkapan, as the checklist prints them."""
        return "; ".join(self.kelengkapan)

    @cached_property
    def checklist_items(self) -> tuple[str, ...]:
        """The step's kelengkapan to tick on its checklist: all but a lone dash (a cell
        left blank: nothing to tick)."""
        return tuple(item for item in self.kelengkapan if item not in _BLANK_CELLS)

    @property
    def anchor(self) -> str:
        """The step's anchor on the SOP page (its row of the procedure table)."""
        return step_anchor(self.number)


_BLANK_CELLS = frozenset(("-", "–", "—"))


def step_anchor(number: int) -> str:
    """The HTML id of step `number` on its SOP page."""
    return f"langkah-{number}"


@dataclass(frozen=True)
class RoleView:
    """A pelaksana column: id, short label and full name."""

    id: str
    label: str
    nama: str


@dataclass(frozen=True)
class LinkView:
    """A related SOP: a page in the repository (path) or free text (path None)."""

    label: str
    path: str | None
    note: str = ""


@dataclass(frozen=True)
class TimingView:
    """The time summary of one SOP, in words."""

    main_total: str
    main_minutes: int
    worst_total: str
    target: str | None
    by_role: tuple[tuple[str, str], ...]
    office_total: str = ""  # the office's own work, when some time is waiting
    waiting_total: str = ""  # waiting for outside parties, "" when none
    untimed: str = ""  # step numbers left out of the totals ("4, 7"), "" when complete
    target_steps: str = ""  # "3-8" when standar_waktu covers a stretch of the main path
    target_compared: str = ""  # the main-path time over that stretch
    catalogue: str = ""  # one line for the catalogues: total, office/waiting, "belum lengkap"
    complete: bool = True  # False when the totals leave untimed steps out


@dataclass(frozen=True)
class SopView:
    """Everything the SOP page and its checklist show."""

    id: str
    page: str
    checklist: str
    evaluation: str
    source_path: str
    edit_url: str | None
    nama: str
    nama_prosedur: str
    nomor: str
    status: str
    status_key: str
    instansi: str
    bidang_id: str
    bidang: str
    bidang_short: str
    seksi_id: str | None
    seksi: str
    dates: tuple[tuple[str, str], ...]
    signer: tuple[str, ...]
    definisi: tuple[str, ...]
    dasar_hukum: tuple[RegulationView, ...]
    kualifikasi: tuple[str, ...]
    keterkaitan: tuple[LinkView, ...]
    peralatan: tuple[str, ...]
    peringatan: tuple[str, ...]
    pencatatan: tuple[str, ...]
    standar_waktu: str
    roles: tuple[RoleView, ...]
    steps: tuple[StepView, ...]
    timing: TimingView
    flowcharts: tuple[str, ...]
    findings: tuple[FindingView, ...]
    counts: Mapping[str, int] = field(default_factory=dict)
    # Standar pelayanan (optional fields): (label, items) pairs, only those written.
    layanan: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # When the SOP's file is broken and this is its last version that loaded: where from.
    kept_from: str = ""
    search: SearchView = field(default_factory=lambda: SearchView((), ()))

    @property
    def unit(self) -> str:
        """The owning unit in full: Bidang / Seksi."""
        return f"{self.bidang} / {self.seksi}" if self.seksi else self.bidang

    @property
    def unit_short(self) -> str:
        """The owning unit for table cells: the Seksi, else the Bidang (short name)."""
        return self.seksi or self.bidang_short


def _date(value: PartialDate | None, lang: str) -> str:
    if value is None:
        return "-"
    if value.month is None:
        return str(value.year)
    month = translate(f"site.bulan.{value.month}", lang)
    return f"{value.day} {month} {value.year}" if value.day else f"{month} {value.year}"


def finding_view(problem: Problem, lang: str) -> FindingView:
    """A finding in `lang`."""
    return FindingView(
        path=problem.position.path,
        line=problem.position.line,
        column=problem.position.column,
        severity=translate(f"severity.{problem.severity.value}", lang),
        severity_key=problem.severity.value,
        rule=problem.rule,
        message=problem.message(lang),
        hint=problem.hint(lang),
    )


def sorted_findings(problems: list[Problem]) -> list[Problem]:
    """Errors first, then warnings, then infos; by place within each."""
    return sorted(problems, key=lambda p: (_SEVERITY_ORDER[p.severity], p.sort_key()))


def regulation_view(repo: Repository, reg_id: str, lang: str) -> RegulationView:
    """One regulation of the registry (or a placeholder for an unknown id)."""
    reg: Peraturan | None = law(repo, reg_id)
    if reg is None:
        unknown = translate("site.peraturan.tak_dikenal", lang)
        return RegulationView(reg_id, reg_id, reg_id, "", None, "", unknown, "dicabut", (), False)
    replaced = []
    for word, ids in (("diubah_oleh", reg.diubah_oleh), ("dicabut_oleh", reg.dicabut_oleh)):
        for other in ids:
            target = law(repo, other)
            label = short_label(target) if target else other
            replaced.append((translate(f"site.peraturan.{word}", lang), label, other))
    return RegulationView(
        id=reg_id,
        short=short_label(reg),
        sebutan=reg.sebutan,
        nomor=reg.nomor,
        tahun=reg.tahun,
        tentang=reg.tentang,
        status=translate(f"site.peraturan.status.{reg.status.value}", lang),
        status_key=reg.status.value,
        replaced_by=tuple(replaced),
    )


def short_label(reg: Peraturan) -> str:
    """'UU 23/2006': kind, number and year, for column headers."""
    return f"{reg.jenis} {reg.nomor}/{reg.tahun}"


def _answers(flow: Flow, index: int, lang: str) -> list[str]:
    """Where a step leads when the table cannot show it by order: each answer of a
    decision ("Ya → 3", "Tidak → 1") and a jump ("→ 10"), from the flow's arrows."""
    result = []
    for arrow in flow.outgoing(index):
        if arrow.parallel or not (arrow.label is not None or arrow.written):
            continue
        if arrow.target == END:
            where = translate("site.prosedur.selesai", lang)
        elif arrow.target is None:
            step = flow.sop.prosedur[index]
            written = (step.jawaban or {}).get(arrow.label) if arrow.label else step.lanjut_ke
            where = str(written)
        else:
            where = str(arrow.target + 1)
        result.append(f"{arrow.label} → {where}" if arrow.label is not None else f"→ {where}")
    return result


def _step_note(sop: Sop, index: int, role_label: Callable[[str], str], lang: str) -> str:
    """How a row differs from a plain step: one of several performers, at the same
    time as the step before, waiting time."""
    step = sop.prosedur[index]
    notes = []
    if step.pelaksana_salah_satu and len(step.pelaksana) > 1:
        roles = "/".join(role_label(role) for role in step.pelaksana)
        notes.append(translate("site.prosedur.salah_satu", lang, roles=roles))
    if step.bersamaan and index > 0:
        notes.append(translate("site.prosedur.bersamaan", lang, step=index))
    if step.menunggu:
        notes.append(translate("site.prosedur.menunggu", lang))
    return "; ".join(notes)


def sop_view(
    repo: Repository,
    entry: SopEntry,
    timing: SopTiming,
    findings: list[Problem],
    flowcharts: int,
    *,
    lang: str,
    source_path: str,
    edit_url: str | None,
) -> SopView:
    """The view of one SOP page."""
    sop = entry.sop
    org = repo.organisasi
    resolved = resolve(entry, repo)
    calendar = resolved.calendar
    unit = resolved.unit

    def role_label(role: str) -> str:
        return resolved.role(role).label

    roles = tuple(RoleView(r.id, r.label, r.nama) for r in resolved.lanes)
    steps = []
    flow = resolved.flow
    capsules = terminals(sop)
    for index, step in enumerate(sop.prosedur):
        symbol = SYMBOLS[step.kind]
        steps.append(
            StepView(
                number=index + 1,
                kegiatan=step.kegiatan,
                symbol_name=_symbol_name(step.kind, index, capsules.starts, capsules.ends, lang),
                marks=tuple(symbol if r.id in step.pelaksana else "" for r in roles),
                roles=tuple(role_label(r) for r in step.pelaksana),
                pertanyaan=step.pertanyaan,
                answers=tuple(_answers(flow, index, lang)),
                note=_step_note(sop, index, role_label, lang),
                kelengkapan=step.kelengkapan,
                waktu=step.waktu or "",
                output=step.output or "",
                keterangan=step.keterangan or "",
            )
        )
    links = []
    for item in sop.keterkaitan:
        if isinstance(item, TautanSop):
            other = repo.sop(item.sop)
            if other is None:
                links.append(LinkView(item.sop, None, item.catatan or ""))
            else:
                links.append(LinkView(other.sop.nama, sop_page(other.id), item.catatan or ""))
        else:
            links.append(LinkView(item, None))
    signer = ()
    if resolved.signer is not None:
        who = resolved.signer
        signer = tuple(
            part
            for part in (
                who.jabatan.nama,
                who.nama,
                who.pangkat,
                f"NIP {who.nip}" if who.nip else None,
            )
            if part
        )
    dates = tuple(
        (translate(f"site.sop.tanggal_{name}", lang), _date(getattr(sop.tanggal, name), lang))
        for name in ("pembuatan", "revisi", "efektif")
    )
    words = timing_words(timing, calendar, lang)
    timing_view = TimingView(
        main_total=words.total,
        main_minutes=int(timing.main_total.low),
        worst_total=format_duration(timing.worst_total, calendar, lang),
        target=(
            format_duration(timing.target, calendar, lang) if timing.target is not None else None
        ),
        by_role=_roles_timing(timing, role_label, calendar, lang),
        office_total=(
            format_duration(timing.office_total, calendar, lang)
            if timing.waiting_total.high_seconds
            else ""
        ),
        waiting_total=(
            format_duration(timing.waiting_total, calendar, lang)
            if timing.waiting_total.high_seconds
            else ""
        ),
        untimed=", ".join(str(index + 1) for index in timing.untimed),
        target_steps=(
            f"{timing.target_span[0] + 1}-{timing.target_span[-1] + 1}"
            if timing.target_total is not None and timing.target_span
            else ""
        ),
        target_compared=(
            format_duration(timing.target_total, calendar, lang)
            if timing.target_total is not None
            else ""
        ),
        catalogue=words.line(lang),
        complete=words.complete,
    )
    ordered = sorted_findings(findings)
    counts = {s.value: sum(p.severity is s for p in ordered) for s in Severity}
    return SopView(
        id=entry.id,
        page=sop_page(entry.id),
        checklist=checklist_page(entry.id),
        evaluation=evaluation_page(entry.id),
        source_path=source_path,
        edit_url=edit_url,
        nama=sop.nama,
        nama_prosedur=sop.nama_prosedur or sop.nama,
        nomor=sop.nomor or "-",
        status=translate(f"site.status.{sop.status.value}", lang),
        status_key=sop.status.value,
        instansi=org.instansi.nama_lengkap,
        bidang_id=unit.bidang_id,
        bidang=unit.bidang,
        bidang_short=unit.bidang_short,
        seksi_id=unit.seksi_id,
        seksi=unit.seksi or "",
        dates=dates,
        signer=signer,
        definisi=sop.definisi,
        dasar_hukum=tuple(regulation_view(repo, reg, lang) for reg in sop.dasar_hukum),
        kualifikasi=sop.kualifikasi_pelaksana,
        keterkaitan=tuple(links),
        peralatan=sop.peralatan_perlengkapan,
        peringatan=sop.peringatan,
        pencatatan=sop.pencatatan_pendataan,
        standar_waktu=sop.standar_waktu or "",
        roles=roles,
        steps=tuple(steps),
        timing=timing_view,
        flowcharts=tuple(flowchart_file(entry.id, n, flowcharts) for n in range(1, flowcharts + 1)),
        findings=tuple(finding_view(p, lang) for p in ordered),
        counts=counts,
        layanan=_service_standard(sop, lang),
        search=search_view(repo, entry, lang),
    )


def _roles_timing(
    timing: SopTiming, role_label: Callable[[str], str], calendar: WorkCalendar, lang: str
) -> tuple[tuple[str, str], ...]:
    """Per-role time in words; a role's untimed steps are named, "salah satu" sets once."""
    untimed = timing.role_untimed or {}
    rows = []
    for role, value in timing.by_role.items():
        text = format_duration(value, calendar, lang)
        if role in untimed:
            steps = ", ".join(str(index + 1) for index in untimed[role])
            key = "waktu.tak_diketahui" if not value.high_seconds else "waktu.tanpa_langkah"
            text = translate(f"site.{key}", lang, waktu=text, steps=steps)
        rows.append((role_label(role), text))
    for roles, value in (timing.by_either or {}).items():
        names = "/".join(role_label(role) for role in roles)
        rows.append(
            (
                translate("site.waktu.salah_satu", lang, roles=names),
                format_duration(value, calendar, lang),
            )
        )
    return tuple(rows)


def _service_standard(sop: Sop, lang: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The shown optional fields that are written (`Sop.shown_fields`), with their labels."""
    return tuple((translate(f"isian.{name}", lang), items) for name, items in sop.shown_fields())


def timing_for(
    report: CheckReport | None,
    entry: SopEntry,
    calendar: WorkCalendar,
    external: frozenset[str] = frozenset(),
) -> SopTiming:
    """The SOP's timing from the check report, or computed when the report lacks it
    (`external`: the outside roles, whose time is waiting)."""
    if report is not None:
        found = report.timing_of(entry.id)
        if found is not None:
            return found
    return timing_of(entry.sop, calendar, external)


__all__ = [
    "BIDANG_PAGE",
    "HOME_PAGE",
    "JABATAN_INDEX",
    "PERATURAN_PAGE",
    "SYMBOLS",
    "TINJAUAN_PAGE",
    "FindingView",
    "RegulationView",
    "SopView",
    "StepView",
    "checklist_page",
    "finding_view",
    "flowchart_file",
    "jabatan_page",
    "page_url",
    "regulation_view",
    "short_label",
    "sop_page",
    "sop_view",
    "timing_for",
    "url_between",
]


def _symbol_name(
    kind: JenisLangkah, index: int, starts: tuple[int, ...], ends: tuple[int, ...], lang: str
) -> str:
    """The symbol a step is drawn as, for screen readers: an activity carrying the start
    or end capsule (SOP AP draws it on the first and last activity) is named by it."""
    names = [translate("site.simbol.mulai", lang)] if index in starts else []
    if index in ends:
        names.append(translate("site.simbol.selesai", lang))
    return "/".join(names) or translate(f"site.simbol.{kind.value}", lang)
