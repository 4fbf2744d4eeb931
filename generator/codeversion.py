"""A fingerprint of the tool's own code and texts, for cache keys.

Results kept between runs (the stored output of `sop check`, the rule results
per SOP) must never outlive the code that made them: their keys include this
hash of every source, message and template file of the `generator` package.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
SUFFIXES = (".py", ".yaml", ".j2")


@cache
def package_fingerprint() -> bytes:
    """The hash of the package's files (names and contents), computed once per process."""
    digest = hashlib.sha256()
    files = sorted(p for p in PACKAGE.rglob("*") if p.suffix in SUFFIXES and p.is_file())
    for path in files:
        relative = path.relative_to(PACKAGE)
        if any(part == "__pycache__" or part.startswith(".") for part in relative.parts):
            continue
        digest.update(relative.as_posix().encode())
        digest.update(b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.digest()
