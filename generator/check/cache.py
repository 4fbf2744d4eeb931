"""The results of the rules about one SOP, kept between runs.

Most of `sop check` after an edit is the rules re-running on the SOPs that did
not change. A rule of scope "sop" sees one SOP, the registries and the
office settings, never another SOP (a test holds every rule to that), so its
findings, and the SOP's timing, are a function of:

- the SOP file's bytes and the path it is shown by (positions carry it),
- the bytes of organisasi.yaml, peraturan.yaml and pengaturan.yaml,
- the tool's own code (`codeversion`).

Those make the key. Results are pickled into one file,
`.sop-cache/check-sop.pickle` next to the SOP folder, holding only the SOPs
of the last run; it is written atomically, and a damaged or foreign file is
ignored. Deleting it is always safe. (`pickle` reads only what this tool
wrote into the project's own folder; whoever can write there can edit the
SOPs themselves.)
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from pathlib import Path

from generator.codeversion import package_fingerprint
from generator.model import Repository, SopEntry
from generator.problems import Problem
from generator.timing import SopTiming

FILE_NAME = "check-sop.pickle"

# The rule findings (severity applied) and the timing of one SOP.
SopResult = tuple[tuple[Problem, ...], SopTiming]


class CheckCache:
    """Per-SOP rule results of one SOP folder, read from and written back to `file`."""

    def __init__(self, file: Path):
        self.file = file
        self._old = self._read()
        self._new: dict[bytes, SopResult] = {}
        self.hits = 0
        self.misses = 0

    @classmethod
    def beside(cls, sops_root: Path) -> CheckCache:
        """The cache of the SOP folder `sops_root` (in `.sop-cache/` next to it)."""
        return cls(sops_root.parent / ".sop-cache" / FILE_NAME)

    def _read(self) -> dict[bytes, SopResult]:
        try:
            with self.file.open("rb") as handle:
                version, entries = pickle.load(handle)
        except (OSError, EOFError, ValueError, TypeError, AttributeError, ImportError):
            return {}
        except pickle.UnpicklingError:
            return {}
        if version != package_fingerprint() or not isinstance(entries, dict):
            return {}
        return entries

    @staticmethod
    def key(entry: SopEntry, repository: Repository) -> bytes | None:
        """What the results of `entry` depend on; None when a part is unknown."""
        sources = (
            entry.source,
            repository.organisasi_source,
            repository.peraturan_source,
        )
        if any(source is None or not source.digest for source in sources):
            return None
        settings = repository.pengaturan_source
        digest = hashlib.blake2b(digest_size=20)
        for part in (
            *(source.digest for source in sources if source is not None),
            settings.digest if settings is not None else b"-",
            entry.id.encode(),
            entry.path.encode(),
        ):
            digest.update(part)
            digest.update(b"\0")
        return digest.digest()

    def get(self, key: bytes | None) -> SopResult | None:
        """The stored result under `key`, or None."""
        found = self._old.get(key) if key is not None else None
        if found is None:
            self.misses += 1
            return None
        self.hits += 1
        self._new[key] = found  # type: ignore[index]
        return found

    def put(self, key: bytes | None, result: SopResult) -> None:
        """Keep `result` under `key` (nothing when the key is unknown)."""
        if key is not None:
            self._new[key] = result

    def save(self) -> None:
        """Write this run's results back when anything changed; errors are ignored."""
        if self.misses == 0 and self._new.keys() == self._old.keys():
            return
        try:
            data = pickle.dumps((package_fingerprint(), self._new), pickle.HIGHEST_PROTOCOL)
        except (pickle.PicklingError, TypeError, AttributeError):
            return
        try:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.file.parent, suffix=".tmp")
        except OSError:
            return
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(data)
            os.replace(temporary, self.file)
        except OSError:
            Path(temporary).unlink(missing_ok=True)
