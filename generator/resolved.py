"""An SOP resolved once against its registries: what every output reads.

Several outputs need the same facts about an SOP: its arrows, the names of its
roles and units as displayed, its signer, its durations and timing. Each used
to look them up itself, and two of them once disagreed about the arrows. Here
they are computed once, by `resolve` (a pure function of the SOP entry, the
registries and the calendar); the checker's rule context reads them from here,
and new code should too.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from generator.duration import WorkCalendar
from generator.flow import Arrow, Flow
from generator.model import Repository, SopEntry
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
        return Flow(self.entry.sop)

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
        jabatan = self.repository.organisasi.jabatan.get(role_id)
        if jabatan is None:
            return RoleName(role_id, role_id, role_id, registered=False)
        return RoleName(role_id, jabatan.label, jabatan.nama, jabatan.eksternal)

    @cached_property
    def lanes(self) -> tuple[RoleName, ...]:
        """The pelaksana columns, in the SOP's order."""
        return tuple(self.role(role_id) for role_id in self.entry.sop.pelaksana)

    @cached_property
    def bidang_name(self) -> str:
        """The name of the SOP's bidang (the id when unregistered)."""
        bidang = self.repository.organisasi.bidang.get(self.entry.sop.unit.bidang)
        return bidang.nama if bidang else self.entry.sop.unit.bidang

    @cached_property
    def seksi_name(self) -> str | None:
        """The name of the SOP's seksi, when it names one."""
        seksi_id = self.entry.sop.unit.seksi
        if seksi_id is None:
            return None
        bidang = self.repository.organisasi.bidang.get(self.entry.sop.unit.bidang)
        seksi = bidang.seksi.get(seksi_id) if bidang else None
        return seksi.nama if seksi else seksi_id

    @cached_property
    def signer(self) -> Signer | None:
        """Who signs the SOP, as printed; None when the SOP names nobody."""
        pengesah = self.entry.sop.disahkan_oleh
        if pengesah is None:
            return None
        return Signer(self.role(pengesah.jabatan), pengesah.nama, pengesah.nip, pengesah.pangkat)


def resolve(entry: SopEntry, repository: Repository) -> ResolvedSop:
    """`entry` resolved against `repository` and its office calendar."""
    return ResolvedSop(entry, repository, repository.pengaturan.kalender_kerja.calendar())
