"""An SOP resolved once against its registries: what every output reads.

Several outputs need the same facts about an SOP: its arrows, the names of its
roles and units as displayed, its signer, its durations and timing. Each used
to look them up itself, and two of them once disagreed about the arrows. Here
they are computed once, by `resolve` (a pure function of the SOP entry, the
registries and the calendar). The checker's rule context, the site pages, the
handbook, the evaluation sheet and the diff read them from here; the
functions below (`role_name`, `unit_name`, `law`, `roles_in_order`,
`laws_in_order`) answer the index pages that list many SOPs. No output looks
a registry up by id itself (`tests/test_resolved.py` greps for it).
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from functools import cached_property

from generator.duration import WorkCalendar
from generator.flow import Arrow, Flow
from generator.lastownermemo import LastOwnerMemo
from generator.model import Repository, SopEntry
from generator.model.organisasi import Organisasi
from generator.model.peraturan import Peraturan
from generator.model.sop import Sop
from generator.timing import SopTiming, sop_timing


@dataclass(frozen=True)
class RoleName:
    """A role as shown: its id, short label (column headers, lanes) and full name."""

    id: str
    label: str
    nama: str
    eksternal: bool = False
    registered: bool = True
    bidang: str | None = None  # the bidang the role belongs to, when the registry says
    other_names: tuple[str, ...] = ()  # singkatan and aliases (search, matching)


def arrows_of(sop: Sop) -> tuple[Arrow, ...]:
    """The arrows of a bare SOP version (e.g. an old revision in `sop diff`), as
    `ResolvedSop.arrows` gives them for a loaded one."""
    return sop.flow.arrows


def timing_of(
    sop: Sop, calendar: WorkCalendar, external: frozenset[str] = frozenset()
) -> SopTiming:
    """The timing of a bare SOP version, as `ResolvedSop.timing` gives it for a loaded
    one (`external`: the outside roles, whose time is waiting)."""
    return sop_timing(sop, calendar, external=external)


@dataclass(frozen=True)
class UnitName:
    """The SOP's unit as shown: bidang (name and short name) and seksi, ids kept."""

    bidang_id: str
    bidang: str
    bidang_short: str
    seksi_id: str | None
    seksi: str | None
    bidang_known: bool = False  # the bidang is in the registry
    seksi_known: bool = False  # the seksi is in the registry, under that bidang
    aliases: tuple[str, ...] = ()  # other names of the bidang and seksi (search)

    @property
    def full(self) -> str:
        """'Bidang ... / Seksi ...' (the bidang alone when there is no seksi)."""
        return " / ".join(filter(None, (self.bidang, self.seksi)))


def role_name(repository: Repository, role_id: str) -> RoleName:
    """`role_id` as displayed (an unregistered id shows as itself)."""
    return role_in(repository.organisasi, role_id)


# Every rule, drawing measure and timing of every SOP asks for its roles: a
# `RoleName` is made once per role and registry, not once per question.
_ROLES_SHOWN: LastOwnerMemo[Organisasi, str, RoleName] = LastOwnerMemo(
    lambda organisasi, role_id: _role_shown(organisasi, role_id)
)


def role_in(organisasi: Organisasi, role_id: str) -> RoleName:
    """`role_id` as displayed from the organisation registry alone (for code that
    holds no whole repository, such as a chart's lanes)."""
    return _ROLES_SHOWN.get(organisasi, role_id)


def _role_shown(organisasi: Organisasi, role_id: str) -> RoleName:
    jabatan = organisasi.jabatan.get(role_id)
    if jabatan is None:
        return RoleName(role_id, role_id, role_id, registered=False)
    others = (jabatan.singkatan or "", *jabatan.alias)
    return RoleName(
        role_id,
        jabatan.label,
        jabatan.nama,
        jabatan.eksternal,
        bidang=jabatan.bidang,
        other_names=tuple(name for name in others if name),
    )


def role_labels(repository: Repository) -> dict[str, str]:
    """Every registered role's short label, by id (for summaries over many SOPs)."""
    return {role_id: jabatan.label for role_id, jabatan in repository.organisasi.jabatan.items()}


def roles_in_order(repository: Repository, role_ids: set[str]) -> list[RoleName]:
    """The roles `role_ids` as displayed: the registry's order, unregistered ones last."""
    registry = repository.organisasi.jabatan
    order = [r for r in registry if r in role_ids] + sorted(role_ids - set(registry))
    return [role_name(repository, role_id) for role_id in order]


def unit_name(repository: Repository, bidang_id: str, seksi_id: str | None = None) -> UnitName:
    """A bidang (and seksi) as displayed; unregistered ids show as themselves."""
    bidang = repository.organisasi.bidang.get(bidang_id)
    seksi = bidang.seksi.get(seksi_id) if bidang and seksi_id else None
    aliases = [bidang.singkatan or "", *bidang.alias] if bidang else []
    if seksi is not None:
        aliases += seksi.alias
    return UnitName(
        bidang_id,
        bidang.nama if bidang else bidang_id,
        (bidang.singkatan or bidang.nama) if bidang else bidang_id,
        seksi_id,
        seksi.nama if seksi else seksi_id,
        bidang_known=bidang is not None,
        seksi_known=seksi is not None,
        aliases=tuple(aliases),
    )


def bidang_in_order(repository: Repository, bidang_ids: set[str]) -> list[UnitName]:
    """The bidang `bidang_ids` as displayed: the registry's order, unregistered ones last."""
    registry = repository.organisasi.bidang
    order = [b for b in registry if b in bidang_ids] + sorted(bidang_ids - set(registry))
    return [unit_name(repository, bidang_id) for bidang_id in order]


def registered_bidang(repository: Repository) -> list[UnitName]:
    """Every bidang of the registry, in its order."""
    return [unit_name(repository, bidang_id) for bidang_id in repository.organisasi.bidang]


def seksi_of(repository: Repository, bidang_id: str) -> list[UnitName]:
    """Every seksi the registry lists under the bidang `bidang_id`, in its order."""
    bidang = repository.organisasi.bidang.get(bidang_id)
    return [
        unit_name(repository, bidang_id, seksi_id) for seksi_id in (bidang.seksi if bidang else {})
    ]


def every_bidang(repository: Repository, used: set[str]) -> list[UnitName]:
    """Every registered bidang (the registry's order), then the unregistered ids among
    `used`, sorted: for index pages that number every unit of the office."""
    return bidang_in_order(repository, set(repository.organisasi.bidang) | used)


def law(repository: Repository, law_id: str) -> Peraturan | None:
    """The regulation `law_id` of the registry, or None when it is unknown."""
    return repository.peraturan.peraturan.get(law_id)


def laws_in_order(repository: Repository, cited: set[str]) -> tuple[list[str], list[str]]:
    """The ids of the `cited` regulations (the registry's order, unknown ones last), and
    of the registry's regulations that nobody cites."""
    registry = repository.peraturan.peraturan
    used = [r for r in registry if r in cited] + sorted(cited - set(registry))
    return used, [r for r in registry if r not in cited]


@dataclass(frozen=True)
class Signer:
    """Disahkan oleh, as printed."""

    jabatan: RoleName
    nama: str | None
    nip: str | None
    pangkat: str | None


@dataclass(frozen=True)
class ResolvedSop:
    """One SOP with its registries' names, its arrows and its timing (see `resolve`)."""

    entry: SopEntry
    repository: Repository
    calendar: WorkCalendar

    @property
    def sop(self) -> Sop:
        """The SOP model."""
        return self.entry.sop

    @cached_property
    def flow(self) -> Flow:
        """The one analysis of the SOP's arrows and paths."""
        return self.entry.sop.flow

    @property
    def arrows(self) -> tuple[Arrow, ...]:
        """Every arrow (from, to, label, kind): what every drawing must show."""
        return self.flow.arrows

    @cached_property
    def timing(self) -> SopTiming:
        """Durations and totals, the office's own time and waiting apart."""
        external = self.repository.organisasi.external_roles
        return sop_timing(self.entry.sop, self.calendar, self.flow, external)

    def role(self, role_id: str) -> RoleName:
        """`role_id` as displayed (an unregistered id shows as itself)."""
        return role_name(self.repository, role_id)

    @cached_property
    def lanes(self) -> tuple[RoleName, ...]:
        """The pelaksana columns, in the SOP's order."""
        return tuple(self.role(role_id) for role_id in self.entry.sop.pelaksana)

    @cached_property
    def unit(self) -> UnitName:
        """The SOP's bidang and seksi as displayed."""
        return unit_name(self.repository, self.entry.sop.unit.bidang, self.entry.sop.unit.seksi)

    @property
    def bidang_name(self) -> str:
        """The name of the SOP's bidang (the id when unregistered)."""
        return self.unit.bidang

    @property
    def seksi_name(self) -> str | None:
        """The name of the SOP's seksi, when it names one."""
        return self.unit.seksi

    @cached_property
    def laws(self) -> tuple[tuple[str, Peraturan | None], ...]:
        """The dasar hukum: each id with its regulation (None when unknown)."""
        return tuple((law_id, law(self.repository, law_id)) for law_id in self.sop.dasar_hukum)

    @cached_property
    def signer(self) -> Signer | None:
        """Who signs the SOP, as printed; None when the SOP names nobody."""
        pengesah = self.entry.sop.disahkan_oleh
        if pengesah is None:
            return None
        role = self.role(pengesah.jabatan)
        acting, nama = acting_prefix(pengesah.nama)
        if acting:  # "Plh. Kepala Badan ..." above the signature, the bare name below
            role = dataclasses.replace(role, nama=f"{acting} {role.nama}")
        return Signer(role, nama, pengesah.nip, pengesah.pangkat)


# An acting official signs as "Plt. Kepala Dinas" (pelaksana tugas), "Plh." (pelaksana
# harian), "Pj." (penjabat) or "Pjs." (pejabat sementara): authors copying the block
# write it before the name, where it does not belong.
_ACTING = re.compile(r"^\s*(Plt|Plh|Pjs|Pj)\s*\.\s*(?=\S)", re.IGNORECASE)


def acting_prefix(nama: str | None) -> tuple[str, str | None]:
    """("Plh.", "Hj. Siti Aminah") for "Plh. Hj. Siti Aminah"; ("", nama) otherwise."""
    if not nama:
        return "", nama
    found = _ACTING.match(nama)
    if found is None:
        return "", nama
    return f"{found.group(1).capitalize()}.", nama[found.end() :]


def resolve(entry: SopEntry, repository: Repository) -> ResolvedSop:
    """`entry` resolved against `repository` and its office calendar."""
    return ResolvedSop(entry, repository, repository.pengaturan.kalender_kerja.calendar())
