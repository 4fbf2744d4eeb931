"""The flowchart SVGs of every SOP, for the site, with a cache in front.

Drawing a chart costs ~7 ms for its layout and DOT text and ~25 ms to render
(1,000 SOPs: ~30 s); `flowchart_svgs` draws many in worker processes and
keeps its own cache of rendered DOT. Even a cache hit there costs the layout,
so the site keeps a second, cheaper cache in front of it, keyed by what the
drawing depends on (the SOP, the organisation registry, the language, the
options and the tool's code, texts and libraries): an unchanged SOP costs one
hash.

Deleting `.sop-cache/site-flowchart/` is always safe.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path

from generator.flowchart import FlowchartCache, FlowchartOptions, flowchart_svgs
from generator.flowchart.cache import code_version
from generator.flowchart.render import engine_version
from generator.model import Repository
from generator.model.sop import Sop

DEFAULT_CACHE_DIR = Path(".sop-cache") / "site-flowchart"


def chart_key(sop: Sop, organisasi_json: str, lang: str, options: FlowchartOptions) -> str:
    """The cache key of one SOP's flowchart."""
    digest = hashlib.sha256()
    for part in (
        code_version(),
        options.engine.value,
        engine_version(options.engine),
        repr((options.waktu, options.max_rows)),
        lang,
        organisasi_json,
        sop.model_dump_json(),
    ):
        digest.update(part.encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()


def _read(folder: Path) -> list[bytes] | None:
    try:
        count = int((folder / "pages").read_text("ascii"))
        return [(folder / f"{n}.svg").read_bytes() for n in range(1, count + 1)]
    except (OSError, ValueError):
        return None


def _write(folder: Path, pages: list[bytes]) -> None:
    """Store a chart's pages; a cache that cannot be written (read-only) is skipped."""
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(dir=folder.parent, prefix=".tmp-"))
    except OSError:
        return
    try:
        for number, svg in enumerate(pages, start=1):
            (staging / f"{number}.svg").write_bytes(svg)
        (staging / "pages").write_text(str(len(pages)), "ascii")
        staging.rename(folder)
    except OSError:  # another build stored it first, or the disk is full
        shutil.rmtree(staging, ignore_errors=True)


def draw_flowcharts(
    repository: Repository,
    lang: str,
    *,
    options: FlowchartOptions | None = None,
    cache_dir: Path | None = DEFAULT_CACHE_DIR,
    workers: int | None = None,
) -> Mapping[str, list[bytes]]:
    """SOP id -> its flowchart pages as SVG bytes (read from the cache when unchanged)."""
    options = options or FlowchartOptions()
    organisasi = repository.organisasi
    organisasi_json = organisasi.model_dump_json()
    result: dict[str, list[bytes]] = {}
    missing: list[tuple[str, str]] = []  # (sop id, key)
    for entry in repository.sops:
        key = chart_key(entry.sop, organisasi_json, lang, options)
        found = _read(cache_dir / key[:2] / key) if cache_dir else None
        if found is None:
            missing.append((entry.id, key))
        else:
            result[entry.id] = found
    by_id = {entry.id: entry.sop for entry in repository.sops}
    drawn = flowchart_svgs(
        [(sop_id, by_id[sop_id]) for sop_id, _ in missing],
        organisasi,
        lang=lang,
        options=options,
        cache=FlowchartCache(cache_dir.parent / "flowchart") if cache_dir else None,
        workers=workers,
    )
    for (sop_id, key), pages in zip(missing, drawn, strict=True):
        result[sop_id] = pages
        if cache_dir:
            _write(cache_dir / key[:2] / key, pages)
    return {entry.id: result[entry.id] for entry in repository.sops}
