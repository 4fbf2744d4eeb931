"""Loading and checking the SOP folder for a build, once per change.

`sop build` checks the SOPs before it runs MkDocs, and the plugin needs the
same repository and report: both call `load_and_check`, which keeps the last
result per folder and reuses it while no file under the folder has changed
(same paths, sizes and modification times).
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass
from pathlib import Path

from generator.check import CheckReport, run_checks
from generator.check.cache import CheckCache
from generator.loader import (
    REGISTRY_FILES,
    LoadResult,
    broken_files,
    load_repository,
    load_sop_bytes,
    without_broken,
)
from generator.model import Repository, SopEntry
from generator.model.common import IDENTIFIER_RE
from generator.monitoring.status import reference_date
from generator.problems import Problem, Severity, display_path
from generator.review.history import GitHistory, last_loadable_version


@dataclass(frozen=True)
class CheckedSource:
    """The loaded folder and, when it loaded, its check report."""

    load: LoadResult
    report: CheckReport | None

    @property
    def load_errors(self) -> list[Problem]:
        """Problems that stop a build before any page is made."""
        errors = [p for p in self.load.problems if p.severity is Severity.ERROR]
        if self.load.repository is None and not errors:
            errors = list(self.load.problems)
        return errors

    @property
    def check_errors(self) -> list[Problem]:
        """Check findings of severity error."""
        if self.report is None:
            return []
        return [p for p in self.report.findings if p.severity is Severity.ERROR]


_LAST: dict[Path, tuple[tuple, CheckedSource]] = {}


def _fingerprint(root: Path) -> tuple:
    entries = []
    for folder, _, names in os.walk(root):
        for name in names:
            if name.endswith((".yaml", ".yml")):
                stat = os.stat(os.path.join(folder, name))
                entries.append((folder, name, stat.st_size, stat.st_mtime_ns))
    return tuple(sorted(entries))


def load_and_check(root: Path, *, cache: bool = True) -> CheckedSource:
    """Load the SOP folder `root` and run the checks (reused while nothing changed).

    With `cache`, parsed files and per-SOP rule results are also kept between
    runs in `.sop-cache/` (see `parsecache` and `check.cache`).
    """
    key = root.resolve()
    # The monitoring rules depend on the reference date (SOURCE_DATE_EPOCH) too.
    fingerprint = (_fingerprint(key), os.environ.get("SOURCE_DATE_EPOCH"))
    cached = _LAST.get(key)
    if cache and cached is not None and cached[0] == fingerprint:
        return cached[1]
    result = load_repository(root, cache=cache)
    report = None
    if result.repository is not None:
        # The SOPs whose files have errors are not checked: their problems are the loader's.
        registries = [display_path(root / name) for name in REGISTRY_FILES]
        good = without_broken(result.repository, broken_files(result.problems, registries))
        report = run_checks(
            good,
            cache=CheckCache.beside(root) if cache else None,
            today=reference_date(result.repository, os.environ),
        )
    checked = CheckedSource(result, report)
    _LAST[key] = (fingerprint, checked)
    return checked


# -- Publishing what loads -------------------------------------------------------------

PREVIOUS_SOURCES = "sumber-sop"  # folder of the site holding each published SOP's YAML


@dataclass(frozen=True)
class KeptVersion:
    """The last version of a broken SOP file that loaded, shown in its place."""

    path: str  # the broken file, as shown
    entry: SopEntry
    raw: bytes  # its YAML, kept in the site for the next build
    origin: str  # "git <commit> (<date>)" or PREVIOUS_SOURCES


@dataclass(frozen=True)
class Publication:
    """What a site build publishes: every SOP that loads, and the last good version of
    every published SOP whose file broke; the broken files are listed for review."""

    repository: Repository  # loaded SOPs plus kept versions
    report: CheckReport | None  # the check of the SOPs that loaded
    broken: tuple[str, ...]  # SOP files with an error, as shown
    kept: dict[str, KeptVersion]  # SOP id -> the version shown in place of a broken file
    problems: tuple[Problem, ...]  # every problem of every file


def publication(
    checked: CheckedSource, root: Path, previous_site: Path | None = None
) -> Publication | None:
    """What to publish from `checked` (None when the registries do not load).

    A broken file keeps its SOP on the site: its newest committed version that
    loads (git), else the copy the previous site kept (`PREVIOUS_SOURCES`);
    with neither, it is listed as broken only. The SOPs that loaded are
    checked without the broken ones.
    """
    loaded = checked.load.repository
    if loaded is None:
        return None
    registries = [display_path(root / name) for name in REGISTRY_FILES]
    broken = broken_files(checked.load.problems, registries)
    if not broken:
        return Publication(loaded, checked.report, (), {}, checked.load.problems)
    good = without_broken(loaded, broken)
    report = checked.report  # load_and_check checked the SOPs that loaded
    kept = _kept_versions(good, broken, previous_site)
    present = {entry.id for entry in good.sops}
    added = [k.entry for k in kept.values() if k.entry.id not in present]
    repository = dataclasses.replace(
        good, sops=tuple(sorted((*good.sops, *added), key=lambda e: e.id))
    )
    return Publication(repository, report, broken, kept, checked.load.problems)


def _kept_versions(
    good: Repository, broken: tuple[str, ...], previous_site: Path | None
) -> dict[str, KeptVersion]:
    kept: dict[str, KeptVersion] = {}
    candidates = [(path, Path(path).stem) for path in broken]
    candidates = [(path, sop_id) for path, sop_id in candidates if IDENTIFIER_RE.fullmatch(sop_id)]
    if not candidates:
        return kept
    folders = {os.path.dirname(os.path.abspath(path)) for path, _ in candidates}
    history = GitHistory.of(Path(os.path.commonpath(sorted(folders))))
    try:
        for path, sop_id in candidates:
            version = last_loadable_version(Path(path), sop_id, good, history) if history else None
            if version is not None:
                origin = f"git {version.commit[:8]} ({version.date})"
                kept[sop_id] = KeptVersion(path, version.entry, version.raw, origin)
                continue
            copy = previous_site / PREVIOUS_SOURCES / f"{sop_id}.yaml" if previous_site else None
            if copy is not None and copy.is_file():
                raw = copy.read_bytes()
                entry, problems = load_sop_bytes(raw, path, sop_id, good)
                if entry is not None and not any(p.severity is Severity.ERROR for p in problems):
                    kept[sop_id] = KeptVersion(path, entry, raw, PREVIOUS_SOURCES)
    finally:
        if history is not None:
            history.close()
    return kept


def published_sources(publication: Publication) -> dict[str, bytes]:
    """Each published SOP's YAML by site path, so a later build can keep it if it breaks."""
    files: dict[str, bytes] = {}
    for entry in publication.repository.sops:
        kept = publication.kept.get(entry.id)
        if kept is not None:
            raw = kept.raw
        else:
            try:
                raw = Path(entry.path).read_bytes()
            except OSError:
                continue
        files[f"{PREVIOUS_SOURCES}/{entry.id}.yaml"] = raw
    return files
