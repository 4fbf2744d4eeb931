"""The intranet site: SOPs in, Markdown pages and assets out.

    generate_site(repository, report, flowcharts, options) -> {path: text or bytes}
    draw_flowcharts(repository, lang, store=...) -> {sop id: [svg bytes, ...]}

`generate_site` is pure (model in, files out); `draw_flowcharts` reads and
writes its cache. `sop generate --out DIR` writes the mapping as plain files;
the MkDocs plugin (`generator.site.plugin`, used as `- sop` in mkdocs.yml)
adds the same files to a MkDocs build. Layout lives in `templates/`, labels
in `locale/*/site.yaml`, escaping in `escape.py`.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from generator.site.flowcharts import draw_flowcharts
    from generator.site.pages import SiteOptions, generate_site, navigation

__all__ = ["SiteOptions", "draw_flowcharts", "generate_site", "navigation"]

# Imported on first use (PEP 562): `sop generate` with nothing to render reads
# only `site.source` and `site.contentkey`, not the pages, templates and engine.
_HOMES = {
    "SiteOptions": "generator.site.pages",
    "generate_site": "generator.site.pages",
    "navigation": "generator.site.pages",
    "draw_flowcharts": "generator.site.flowcharts",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value
