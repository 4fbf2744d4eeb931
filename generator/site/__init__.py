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

from generator.site.flowcharts import draw_flowcharts
from generator.site.pages import SiteOptions, generate_site, navigation

__all__ = ["SiteOptions", "draw_flowcharts", "generate_site", "navigation"]
