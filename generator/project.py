"""One SOP project, opened once: what the commands, the plugin and the builders share.

`Project.find(paths)` finds the SOP folder (the one holding `organisasi.yaml`)
for what a user named; `project.load(paths)` loads every SOP of the folder
(links between SOPs need them all), adds drafts named from outside it, and
keeps the problems of the files asked for; `project.check(loaded)` runs the
rules. Everything kept between runs goes through `project.store`.

The command layer only parses arguments, calls these, prints and picks an exit
code. Nothing here prints or exits: a folder that cannot be found is a
`ProjectNotFound` for the caller to report.

`project.load_and_check()` is what a site build needs (every file, every SOP
that loaded checked); it is the one place that loads and checks for `sop
build`, `sop generate` and the MkDocs plugin, and it keeps its last result in
the process while no file under the folder changed (a `mkdocs serve` rebuild,
or `sop build` then its plugin).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path

from generator.check import CheckReport, run_checks
from generator.check.cache import CheckCache
from generator.check.twocores import TwoCores
from generator.filesnapshot import FileSnapshot
from generator.limits import MAX_FILE_BYTES
from generator.loader import (
    REGISTRY_FILES,
    LoadResult,
    bad_file_name,
    broken_files,
    find_sops_root,
    load_repository,
    load_sop_bytes,
    sop_files,
    unread_paths,
    without_broken,
)
from generator.model import Repository, SopEntry
from generator.model.common import IDENTIFIER_RE
from generator.monitoring.status import reference_date
from generator.problems import Position, Problem, Severity, display_path
from generator.safepath import UnsafePathError, read_bytes_within
from generator.store import Store

DEFAULT_SOPS = Path("sops")


class ProjectNotFound(Exception):
    """No SOP folder (with organisasi.yaml) holds `path`."""

    def __init__(self, path: Path | str):
        super().__init__(str(path))
        self.path = path


def default_paths() -> tuple[Path, ...]:
    """What a command without PATH works on: ./sops, or, when the author stands
    inside an SOP folder, that whole folder."""
    if DEFAULT_SOPS.exists():
        return (DEFAULT_SOPS,)
    here = find_sops_root(Path.cwd())
    return (here,) if here is not None else (DEFAULT_SOPS,)


def shown_paths(paths: tuple[Path, ...]) -> list[str]:
    """The PATH arguments as problems and entries show paths (see `within`)."""
    return [display_path(p) for p in paths]


def within(path: str, wanted: list[str]) -> bool:
    """True when the shown `path` is one of `wanted` or lies in one of those folders
    (compared as absolute paths, so "..", "." and "sops/" all mean what they say)."""
    target = os.path.abspath(path)
    for folder in map(os.path.abspath, wanted):
        if target == folder or target.startswith(folder.rstrip(os.sep) + os.sep):
            return True
    return False


@dataclass(frozen=True)
class Loaded:
    """The loaded folder and what the user asked about it.

    `problems` are those of the files asked for (and of the registries);
    `broken` lists the SOP files that did not load; `repository` holds every
    SOP that did (None when the registries themselves are unusable).
    """

    result: LoadResult
    problems: tuple[Problem, ...]
    broken: tuple[str, ...]
    repository: Repository | None
    wanted: tuple[str, ...]
    # The loader's forked child (a fresh clone's cold run), for `Project.check`.
    helper: TwoCores | None = field(default=None, compare=False, repr=False)

    def asked_for(self, entry: SopEntry) -> bool:
        """Whether `entry` lies in the paths the user named."""
        return within(entry.path, list(self.wanted))

    def asked_for_path(self, shown: str) -> bool:
        """Whether the shown path `shown` lies in the paths the user named."""
        return within(shown, list(self.wanted))


@dataclass(frozen=True)
class CheckedSource:
    """The whole folder loaded and, when its registries loaded, the check report of
    every SOP that loaded (those whose files have errors are the loader's)."""

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


# The last `load_and_check` per folder, with the state of its files (a process memo).
_LAST: dict[Path, tuple[tuple, CheckedSource]] = {}


def _fingerprint(root: Path) -> tuple:
    """Paths, sizes and modification times of the YAML files under `root`."""
    entries = []
    for folder, _, names in os.walk(root):
        for name in names:
            if name.endswith((".yaml", ".yml")):
                stat = os.stat(os.path.join(folder, name))
                entries.append((folder, name, stat.st_size, stat.st_mtime_ns))
    return tuple(sorted(entries))


@dataclass(frozen=True)
class Project:
    """An SOP folder and its store. `short_run` marks a `sop` command (not a server)."""

    root: Path
    cache: bool = True
    short_run: bool = False

    @classmethod
    def find(
        cls,
        paths: tuple[Path, ...] = (),
        sops_dir: Path | None = None,
        *,
        cache: bool = True,
        short_run: bool = False,
    ) -> Project:
        """The project of `sops_dir` when given, else the one holding all `paths`."""
        if sops_dir is not None:
            found = find_sops_root(sops_dir)
            if found is None:
                raise ProjectNotFound(sops_dir)
            return cls(found, cache, short_run)
        paths = paths or default_paths()
        roots = {find_sops_root(path) for path in paths}
        if None in roots or len(roots) != 1:
            raise ProjectNotFound(next((p for p in paths if find_sops_root(p) is None), paths[0]))
        root = roots.pop()
        assert root is not None
        return cls(root, cache, short_run)

    @property
    def store(self) -> Store:
        """Everything kept between runs (a store that keeps nothing without `cache`)."""
        return Store.beside(self.root, enabled=self.cache)

    def contains(self, path: Path) -> bool:
        """Whether `path` lies inside the SOP folder."""
        return within(display_path(path), [display_path(self.root)])

    def load_all(self) -> LoadResult:
        """Every file of the folder, with every problem (no filter by what was asked)."""
        return load_repository(self.root, cache=self.cache, short_run=self.short_run)

    def load(
        self,
        paths: tuple[Path, ...] = (),
        snapshot: FileSnapshot | None = None,
        *,
        only_named: bool = False,
        helper: TwoCores | None = None,
    ) -> Loaded:
        """Load the folder, and the drafts among `paths` that lie outside it.

        Every SOP under the folder is loaded (with `only_named`, only the files
        named in `paths`: the others are listed, not read); only problems in the
        named files, and in the registries, are kept. A draft from outside takes
        the place of an SOP with the same id. Files already read in this run
        through `snapshot` (to hash them) are not read again. `helper`: one made
        (and maybe started) by `two_cores`, for a load that `check` follows (it
        ends the helper's child); without one, one process does all.
        """
        paths = paths or default_paths()
        # A named FIFO or device is no folder: name it, so its refusal is reported.
        only = {display_path(path) for path in paths if not path.is_dir()} if only_named else None
        wanted = shown_paths(paths)
        result = load_repository(
            self.root,
            cache=self.cache,
            short_run=self.short_run,
            only=only,
            snapshot=snapshot,
            helper=helper,
        )
        unread = unread_paths(paths, self.root)  # named but never read: an error, not a skip
        if unread:
            result = dataclasses.replace(result, problems=(*result.problems, *unread))
        registries = [display_path(self.root / name) for name in REGISTRY_FILES]
        kept = [
            p
            for p in result.problems
            if p.position.path in registries or within(p.position.path, wanted)
        ]
        unread_shown = {u.position.path for u in unread}
        outside = [p for p in paths if not self.contains(p) and display_path(p) not in unread_shown]
        if outside and result.repository is not None:
            result, extra = _with_outside_files(result, outside)
            kept += extra
        broken = tuple(broken_files(kept, registries))
        repository = (
            without_broken(result.repository, broken) if result.repository is not None else None
        )
        if repository is None and helper is not None:
            helper.finish()
        return Loaded(result, tuple(kept), broken, repository, tuple(wanted), helper)

    def two_cores(self, paths: tuple[Path, ...] = ()) -> TwoCores:
        """The helper that may load and check the last files of a cold run in a forked
        child (see `check.twocores`), for the SOPs named by `paths` (all: every SOP)."""
        wanted = shown_paths(paths or default_paths())
        return TwoCores(self.root, lambda shown: within(shown, wanted))

    def start_early(self, helper: TwoCores) -> TwoCores:
        """`helper`, its child forked now (before the caller hashes the files) when this
        is a fresh clone: the store holds no parse pack (`TwoCores.start_early`)."""
        from generator.parsecache import ParseCache

        if self.cache and ParseCache.cold(self.root):
            helper.start_early()
        return helper

    def load_and_check(self, helper: TwoCores | None = None) -> CheckedSource:
        """Every file of the folder, and every SOP that loaded checked (as of the
        reference date: SOURCE_DATE_EPOCH, else today): what a site shows.

        Reused in this process while no YAML file under the folder changed.
        `helper`: one made by `two_cores` (and maybe started early), else one is made
        here (see `check.twocores`); either way it is finished when this returns.
        """
        key = self.root.resolve()
        fingerprint = (_fingerprint(key), os.environ.get("SOURCE_DATE_EPOCH"))
        last = _LAST.get(key)
        if self.cache and last is not None and last[0] == fingerprint:
            if helper is not None:
                helper.finish()
            return last[1]
        helper = helper or TwoCores(self.root)
        result = load_repository(
            self.root, cache=self.cache, short_run=self.short_run, helper=helper
        )
        report = None
        try:
            if result.repository is not None:
                registries = [display_path(self.root / name) for name in REGISTRY_FILES]
                good = without_broken(result.repository, broken_files(result.problems, registries))
                report = run_checks(
                    good,
                    cache=CheckCache.beside(self.root) if self.cache else None,
                    today=reference_date(result.repository, os.environ),
                    short_run=self.short_run,
                    helper=helper,
                )
        finally:
            helper.finish()
        checked = CheckedSource(result, report)
        _LAST[key] = (fingerprint, checked)
        return checked

    def check(self, loaded: Loaded, today: dt.date | None = None) -> CheckReport:
        """Run the rules: those about one SOP on the SOPs asked for, the others on all."""
        assert loaded.repository is not None
        try:
            return run_checks(
                loaded.repository,
                only=loaded.asked_for,
                cache=CheckCache.beside(self.root) if self.cache else None,
                today=today,
                short_run=self.short_run,
                helper=loaded.helper,
            )
        finally:
            if loaded.helper is not None:
                loaded.helper.finish()


def outside_files(paths: list[Path]) -> list[Path]:
    """The SOP files named by `paths` (files, or the .yaml/.yml files under folders)."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sop_files(path)
        else:
            found.append(path)
    return found


def _with_outside_files(result: LoadResult, paths: list[Path]) -> tuple[LoadResult, list[Problem]]:
    """`result` with the SOP files in `paths` (outside its folder) loaded into it."""
    repository = result.repository
    assert repository is not None
    problems: list[Problem] = []
    added: dict[str, SopEntry] = {}
    for path in outside_files(paths):
        shown = display_path(path)
        if not IDENTIFIER_RE.fullmatch(path.stem):
            problems.append(bad_file_name(shown, path.name))
            continue
        try:  # named on the command line, so any folder; still stat-checked, never a FIFO
            raw = read_bytes_within(path.parent, path, max_bytes=MAX_FILE_BYTES, shown=shown)
        except UnsafePathError as error:
            problems.append(Problem(Position(shown), error.key, args=error.args_))
            continue
        entry, file_problems = load_sop_bytes(raw, shown, path.stem, repository)
        problems += file_problems
        if entry is not None:
            added[entry.id] = entry
    sops = [e for e in repository.sops if e.id not in added] + list(added.values())
    repository = dataclasses.replace(repository, sops=tuple(sorted(sops, key=lambda e: e.id)))
    return LoadResult(repository, tuple(result.problems) + tuple(problems)), problems
