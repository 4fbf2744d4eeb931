"""What a site build publishes from the loaded and checked folder.

Loading and checking is `generator.project.Project.load_and_check` (the one
place for `sop build`, `sop generate` and the plugin); here: every SOP that
loads, and the last good version of each SOP whose file broke.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from generator.check import CheckReport
from generator.loader import REGISTRY_FILES, broken_files, load_sop_bytes, without_broken
from generator.model import Repository, SopEntry
from generator.model.common import IDENTIFIER_RE
from generator.problems import Problem, Severity, display_path
from generator.project import CheckedSource
from generator.review.history import GitHistory, last_loadable_version
from generator.store import Store

if TYPE_CHECKING:
    from generator.site.pages import SiteOptions

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


def site_files(
    published: Publication, root: Path, options: SiteOptions, *, cache: bool = True
) -> dict[str, str | bytes]:
    """Every generated file of the site (pages, flowcharts, the published SOPs' YAML)
    by site path: what the MkDocs plugin adds to a build. Drawings are kept in the
    store of `root` unless `cache` is off."""
    from generator.site.flowcharts import draw_flowcharts
    from generator.site.history import changes_since_signed
    from generator.site.pagememo import PageMemo
    from generator.site.pages import generate_site

    repository = published.repository
    store = Store.beside(root, enabled=cache)
    flowcharts = draw_flowcharts(repository, options.lang, store=store)
    store.prune()
    generated = generate_site(
        repository,
        published.report,
        flowcharts,
        options,
        problems=published.problems,
        since_signed=changes_since_signed(repository, options.lang),
        broken=published.broken,
        kept={sop_id: kept.origin for sop_id, kept in published.kept.items()},
        # Each SOP's pages (the official table included) kept in the store by their inputs.
        memo=PageMemo(store),
    )
    # Each published SOP's YAML, so that a later build can keep it if its file breaks.
    generated.update(published_sources(published))
    return generated
