"""The results of the rules about one SOP, kept between runs.

Most of `sop check` after an edit is the rules re-running on the SOPs that did
not change. A rule of scope "sop" sees one SOP, the registries and the
office settings, never another SOP (a test holds every rule to that), so its
findings, and the SOP's timing, are a function of:

- the SOP file's bytes and the path it is shown by (positions carry it),
- the bytes of organisasi.yaml, peraturan.yaml and pengaturan.yaml,
- the tool's own code (`codeversion`).

Those make the key. Results are kept as one pack of the store
(`generator.store`, JSON through `storecodec`, never pickle), holding only the
SOPs of the last run; a damaged or foreign pack is verified away and the
results are recomputed. Deleting it is always safe.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from generator.keyedpack import KeyedPack
from generator.model import Repository, SopEntry
from generator.problems import Problem
from generator.store import Store
from generator.timing import SopTiming

# The rule findings (severity applied) and the timing of one SOP.
SopResult = tuple[tuple[Problem, ...], SopTiming]


class CheckCache(KeyedPack[SopResult]):
    """Per-SOP rule results of one SOP folder, by what they depend on (see `key`)."""

    KIND = "check"

    @classmethod
    def beside(cls, root: Path) -> CheckCache:
        """The check cache of the SOP folder `root`, in its store."""
        return cls(Store.beside(root), scope=str(root.resolve()))

    @staticmethod
    def key(entry: SopEntry, repository: Repository) -> str | None:
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
        return digest.hexdigest()
