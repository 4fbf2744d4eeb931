"""constraints.txt pins every dependency of pyproject.toml, with hashes, so it cannot drift."""

from __future__ import annotations

import re
import tomllib

from .conftest import REPO

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*")


def _normalised(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _declared() -> set[str]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["project"]
    requirements = list(project["dependencies"])
    for extra in project.get("optional-dependencies", {}).values():
        requirements += extra
    return {_normalised(_NAME.match(r.strip()).group(0)) for r in requirements}


def _pinned() -> dict[str, list[str]]:
    """Package -> its lines (the `name==version \\` line and its `--hash=` lines)."""
    pinned: dict[str, list[str]] = {}
    current = None
    for line in (REPO / "constraints.txt").read_text("utf-8").splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if "==" in stripped and not stripped.startswith("--"):
            current = _normalised(stripped.split("==")[0].split("[")[0])
            pinned[current] = [stripped]
        elif current is not None:
            pinned[current].append(stripped)
    return pinned


def test_every_dependency_is_pinned_with_hashes():
    pinned = _pinned()
    missing = _declared() - set(pinned)
    assert missing == set(), f"add to constraints.txt (see README): {sorted(missing)}"
    for name, lines in pinned.items():
        assert re.search(r"==[0-9][^ ]*", lines[0]), name
        assert any(line.startswith("--hash=sha256:") for line in lines), name


def test_ci_installs_with_the_constraints():
    run = (REPO / ".ci" / "run").read_text("utf-8")
    assert "--require-hashes -r constraints.txt" in run
