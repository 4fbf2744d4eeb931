"""A fingerprint of the tool's own code and texts, for cache keys.

Results kept between runs (the stored output of `sop check` and `sop
generate`, the rule results per SOP) must never outlive the code that made
them: their keys include this hash of every source, message and template file
of the `generator` package, and of the installed versions of the libraries it
runs on (a new Graphviz engine or theme changes the output too).
"""

from __future__ import annotations

import hashlib
import os
import re
import sys
from functools import cache
from importlib import metadata
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
DISTRIBUTION = "sop-handbook"
# Used at run time without being a declared requirement of every install.
OPTIONAL = ("wasmtime", "weasyprint")
_NAME = re.compile(r"[<>=!~;\[ ]")  # where a requirement's name ends


@cache
def package_fingerprint() -> bytes:
    """The hash of the package's files (names and contents) and of the libraries'
    versions, computed once per process. Every file counts, not only code:
    stylesheets, scripts and fonts are copied into the outputs."""
    digest = hashlib.sha256()
    files = sorted(p for p in PACKAGE.rglob("*") if p.is_file())
    for path in files:
        relative = path.relative_to(PACKAGE)
        if relative.suffix == ".pyc" or any(
            part == "__pycache__" or part.startswith(".") for part in relative.parts
        ):
            continue
        digest.update(relative.as_posix().encode())
        digest.update(b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    for name, version in dependency_versions():
        digest.update(f"{name}=={version}\0".encode())
    return digest.digest()


def dependency_versions() -> list[tuple[str, str]]:
    """(name, installed version or "-") of each library the tool runs on, sorted."""
    try:
        requires = metadata.requires(DISTRIBUTION) or []
    except metadata.PackageNotFoundError:  # run from a source tree without installing
        requires = []
    names = {_NAME.split(line, maxsplit=1)[0] for line in requires if "extra" not in line}
    listed = _listed_versions()
    result = []
    for name in sorted(names | set(OPTIONAL)):
        version = listed.get(_normal(name))
        if version is None:  # not installed as a wheel is: the metadata's own search
            try:
                version = metadata.version(name)
            except metadata.PackageNotFoundError:
                version = "-"
        result.append((name, version))
    return result


def _normal(name: str) -> str:
    """A distribution name as wheel folders write it (PEP 503, "-" and "." as "_")."""
    return re.sub(r"[-_.]+", "_", name).lower()


def _listed_versions() -> dict[str, str | None]:
    """(normalised name -> version) of every `NAME-VERSION.dist-info` folder on the
    import path, the first one of each name (the one `importlib.metadata` finds):
    one listing per folder instead of a metadata search per library (~1 ms each)."""
    found: dict[str, str | None] = {}
    for folder in sys.path:
        try:
            names = os.listdir(folder or ".")
        except (OSError, TypeError, ValueError):
            continue
        for entry in names:
            stem = entry[: -len(".dist-info")]
            if entry.endswith(".dist-info") and stem.count("-") == 1:
                name, _, version = stem.partition("-")
                found.setdefault(_normal(name), version)
            elif entry.endswith(".egg-info"):  # met first: the metadata's search decides
                found.setdefault(_normal(entry[: -len(".egg-info")].split("-")[0]), None)
    return found
