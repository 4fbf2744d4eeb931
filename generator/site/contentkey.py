"""The key of everything `sop generate` makes its files from, after loading.

`runcache.cache_key` hashes the SOP files' bytes, so it misses after any
edit, a comment or a re-indented line included. Yet the pages and charts
are a pure function of what loads (`generate_site` is model in, files out):
the registries, every published SOP's model, id and shown path, every
finding (with its position), the broken files and the kept
versions, the language and the output folder; the store's key adds the
tool's own code and its libraries' versions (the Graphviz engine's included). When that key and
the output folder are as the last run left them, the files are already
there and nothing is rendered, read back or written.

Anything that shows on a page must be in the key: a missing part would keep
a stale page. (Each SOP's timing shows, but it is computed from its model,
the calendar and the outside roles, all in the key: its repr, 3.6 KB an SOP,
is not hashed again.) Hence whole models (`model_dump_json`) and whole findings
(`repr`, positions included), never a hand-picked subset of their fields.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from generator.site.source import Publication
from generator.store import Store

KIND = "generate-content"


def content_key(published: Publication, lang: str, out: Path) -> str:
    """The store key of the files `sop generate` writes into `out` from `published`."""
    repository = published.repository
    digest = hashlib.sha256()

    def add(text: str) -> None:
        data = text.encode("utf-8")
        digest.update(len(data).to_bytes(8, "little"))
        digest.update(data)

    for part in (
        lang,
        str(out.resolve()),
        os.getcwd(),  # shown paths are relative to it
        repository.organisasi.model_dump_json(),
        repository.peraturan.model_dump_json(),
        repository.pengaturan.model_dump_json(),
    ):
        add(part)
    for record in repository.pemantauan or ():
        add(record.path)
        add(record.record.model_dump_json())
    report = published.report
    for entry in repository.sops:
        add(entry.id)
        add(entry.path)
        add(entry.sop.json_text)
    add(repr(report.findings) if report is not None else "no report")
    add(repr(published.problems))
    add(repr(published.broken))
    add(repr(sorted((sop_id, kept.origin) for sop_id, kept in published.kept.items())))
    return Store.key(KIND, digest.digest())
