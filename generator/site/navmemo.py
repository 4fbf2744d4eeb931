"""The theme's navigation and tabs rendered once for all the pages that show the same ones.

Material renders the whole navigation (the drawer) and the tabs into every
page. On a page that is not in the nav (every SOP page, evaluation sheet,
checklist and role page: almost the whole site) nothing in them is marked
active and nothing of the page is shown in them, so they differ from page to
page only by their links, which MkDocs writes relative to the page. Pages
whose links to every nav entry, to the home page and to the theme's assets
come out the same (all the pages of one folder depth outside the nav's
folders) get the same HTML: it is rendered for the first of them and reused.

The theme overrides `partials/nav.html` and `partials/tabs.html` (in `theme/`,
both through `partials/sop-memo.html`) ask `sop_nav_key` for the page's key
and include the theme's own partial
(`sop-base/partials/...`: the theme folders behind the tool's overrides, so an
office's own `custom_dir` still wins) when there is none or it is new. Pages
in the nav, and pages MkDocs renders without a page (404), always get a fresh
rendering.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import urlsplit

import jinja2
from markupsafe import Markup
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.utils import get_relative_url

BASE_PREFIX = "sop-base"
# Where the theme keeps what the navigation links besides the pages (logo, icons).
ASSET_TARGETS = ("assets/", "")


class NavMemo:
    """Rendered navigation and tabs by their key, for one build."""

    def __init__(self, nav: Navigation, links: Iterable[str] = ()) -> None:
        """`links`: what else the navigation links besides its pages (`shown_links`)."""
        self.in_nav = {id(page) for page in nav.pages}
        self.targets = sorted({*_urls(nav.items), *ASSET_TARGETS, *links})
        if nav.homepage is not None:
            self.targets.append(nav.homepage.url)
        self.rendered: dict[tuple[str, ...], Markup] = {}

    def key(self, kind: str, page: Any) -> tuple[str, ...] | None:
        """The key of `kind` ("nav", "tabs") on `page`, or None: render it afresh."""
        if page is None or id(page) in self.in_nav or getattr(page, "url", None) is None:
            return None
        return (kind, *(get_relative_url(target, page.url) for target in self.targets))

    def remember(self, key: tuple[str, ...], html: str) -> Markup:
        """Keep `html` under `key`; return it for the page being rendered."""
        self.rendered[key] = Markup(html)
        return self.rendered[key]


def shown_links(config: Mapping[str, Any]) -> list[str]:
    """The site-relative links the theme's navigation shows from the configuration:
    the logo (`theme.logo`) and the logo's link (`extra.homepage`). Written relative to
    each page, so pages whose links to them differ must not share a rendering (a
    logo in `sop/` reads "../logo.png" from `sop/a/` but "../../sop/logo.png" from
    `jabatan/b/`). Absolute ones ("https://...", "/...") read the same everywhere."""
    theme = config.get("theme")
    extra = config.get("extra") or {}
    found = [
        theme.get("logo") if theme is not None else None,
        extra.get("homepage") if isinstance(extra, Mapping) else None,
    ]
    links = []
    for link in found:
        if isinstance(link, str) and link:
            parts = urlsplit(link)
            if not (parts.scheme or parts.netloc or link.startswith(("/", "#"))):
                links.append(link)
    return links


def _urls(items: list[Any]) -> list[str]:
    found: list[str] = []
    for item in items:
        if isinstance(item, Section):
            found += _urls(item.children)
        elif isinstance(item, Link) or getattr(item, "url", None) is not None:
            found.append(str(item.url))
    return found


def install(
    env: jinja2.Environment, theme_dirs: list[str], nav: Navigation, links: Iterable[str] = ()
) -> None:
    """Give the theme's templates the memo for this build and its own partials under
    `sop-base/` (`theme_dirs`: the theme's folders behind the tool's overrides;
    `links`: `shown_links` of the configuration)."""
    memo = NavMemo(nav, links)
    base = jinja2.PrefixLoader({BASE_PREFIX: jinja2.FileSystemLoader(theme_dirs)})
    assert env.loader is not None
    env.loader = jinja2.ChoiceLoader([env.loader, base])
    env.globals["sop_nav_key"] = memo.key
    env.globals["sop_nav_memo"] = memo.rendered
    env.globals["sop_nav_remember"] = memo.remember
