"""Loading and checking the SOP folder for a build, once per change.

`sop build` checks the SOPs before it runs MkDocs, and the plugin needs the
same repository and report: both call `load_and_check`, which keeps the last
result per folder and reuses it while no file under the folder has changed
(same paths, sizes and modification times).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from generator.check import CheckReport, run_checks
from generator.check.cache import CheckCache
from generator.loader import LoadResult, load_repository
from generator.monitoring.status import reference_date
from generator.problems import Problem, Severity


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
    report = (
        run_checks(
            result.repository,
            cache=CheckCache.beside(root) if cache else None,
            today=reference_date(result.repository, os.environ),
        )
        if result.repository is not None
        else None
    )
    checked = CheckedSource(result, report)
    _LAST[key] = (fingerprint, checked)
    return checked
