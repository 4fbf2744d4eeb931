"""Reports SOPs that refer to each other in a circle through `keterkaitan`.

Circles are allowed (two SOPs can depend on each other) but worth a look.

PASS:

    keterkaitan:
      - sop: b
    ---
    keterkaitan: []

FAIL:

    keterkaitan:
      - sop: b
    ---
    keterkaitan:
      - sop: a
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.check.base import Finding, RepositoryContext
from generator.model import TautanSop
from generator.problems import Severity

ID = "keterkaitan-melingkar"
CATEGORY = "rujukan"
SEVERITY = Severity.INFO
SCOPE = "repository"


def check(context: RepositoryContext) -> Iterator[Finding]:
    """Links that close a circle back to their own SOP."""
    entries = {entry.id: entry for entry in context.repository.sops}
    links = {
        entry.id: [
            (i, k.sop) for i, k in enumerate(entry.sop.keterkaitan) if isinstance(k, TautanSop)
        ]
        for entry in entries.values()
    }
    for sop_id, entry in entries.items():
        for order, target in links[sop_id]:
            path = _path_back(target, sop_id, links)
            if path is not None:
                circle = " → ".join([sop_id, *path])
                yield Finding(entry.position("keterkaitan", order, "sop"), {"circle": circle})


def _path_back(start: str, goal: str, links: dict[str, list[tuple[int, str]]]) -> list[str] | None:
    """The ids from `start` back to `goal` following links, or None."""
    stack: list[tuple[str, list[str]]] = [(start, [start])]
    seen: set[str] = set()
    while stack:
        current, path = stack.pop()
        if current == goal:
            return path
        if current in seen:
            continue
        seen.add(current)
        for _, nxt in links.get(current, []):
            stack.append((nxt, [*path, nxt]))
    return None
