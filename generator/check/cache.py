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
from pathlib import Path

from generator.codeversion import package_fingerprint
from generator.keyedpack import PICKLE, KeyedPack
from generator.model import Repository, SopEntry
from generator.problems import Problem
from generator.timing import SopTiming

FILE_NAME = "check-sop.pickle"

# The rule findings (severity applied) and the timing of one SOP.
SopResult = tuple[tuple[Problem, ...], SopTiming]


class CheckCache(KeyedPack[SopResult]):
    """Per-SOP rule results of one SOP folder, by what they depend on (see `key`)."""

    FILE_NAME = FILE_NAME

    def __init__(self, file: Path):
        super().__init__(file, package_fingerprint(), PICKLE)

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
