"""All SOPs of one office together with the registries they refer to."""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.model.organisasi import Organisasi
from generator.model.pemantauan import PemantauanEntry
from generator.model.pengaturan import Pengaturan
from generator.model.peraturan import DaftarPeraturan
from generator.model.sop import Sop
from generator.problems import Position
from generator.yamlsource import DataPath, YamlDocument


@dataclass(frozen=True)
class SopEntry:
    """One loaded SOP: its id (the file name), its source and its model."""

    id: str
    source: YamlDocument
    sop: Sop

    @property
    def path(self) -> str:
        """The file the SOP was read from, as shown to the user."""
        return self.source.path

    def position(self, *data_path: str | int, key: bool = False) -> Position:
        """Where the value at `data_path` (e.g. `"prosedur", 2, "waktu"`) was written."""
        path: DataPath = tuple(data_path)
        return self.source.position(path, key=key)


@dataclass(frozen=True)
class Repository:
    """Everything under `sops/`: the registries and the SOPs in a stable order (by id)."""

    organisasi: Organisasi
    peraturan: DaftarPeraturan
    sops: tuple[SopEntry, ...] = field(default=())
    pengaturan: Pengaturan = field(default_factory=Pengaturan)
    organisasi_source: YamlDocument | None = None
    peraturan_source: YamlDocument | None = None
    pengaturan_source: YamlDocument | None = None
    # Monitoring records (sops/pemantauan/); None when the office keeps none yet.
    pemantauan: tuple[PemantauanEntry, ...] | None = None

    def records_of(self, sop_id: str) -> tuple[PemantauanEntry, ...]:
        """The monitoring records of one SOP, oldest first."""
        return tuple(e for e in self.pemantauan or () if e.record.sop == sop_id)

    def sop(self, sop_id: str) -> SopEntry | None:
        """The SOP with id `sop_id`, if loaded."""
        by_id = self.__dict__.get("_by_id")
        if by_id is None:  # built on first use: the site asks once per SOP and link
            by_id = {}
            for entry in self.sops:
                by_id.setdefault(entry.id, entry)  # the first, as a scan would find
            object.__setattr__(self, "_by_id", by_id)
        return by_id.get(sop_id)
