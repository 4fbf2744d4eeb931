"""The theme's navigation rendered once per set of links (generator/site/navmemo.py)."""

from __future__ import annotations

from types import SimpleNamespace

from generator.site.navmemo import NavMemo


def _page(url: str) -> SimpleNamespace:
    return SimpleNamespace(url=url)


def test_pages_share_a_navigation_only_when_every_link_reads_the_same():
    home, roles, laws = _page(""), _page("jabatan/"), _page("peraturan/")
    nav = SimpleNamespace(pages=[home, roles, laws], items=[home, roles, laws], homepage=home)
    memo = NavMemo(nav)
    key = memo.key
    # Two SOP pages one folder deep: the same links ("../../jabatan/", ...).
    assert key("nav", _page("sop/a/")) == key("nav", _page("sop/b/")) is not None
    # A role page sits under a nav entry: its link to it is "../", not "../../jabatan/".
    assert key("nav", _page("jabatan/kabid/")) != key("nav", _page("sop/a/"))
    # A deeper page, and the tabs, are kept apart.
    assert key("nav", _page("sop/a/evaluasi/")) != key("nav", _page("sop/a/"))
    assert key("tabs", _page("sop/a/")) != key("nav", _page("sop/a/"))
    # Pages in the nav show themselves as active, and a page-less template (404): no key.
    assert key("nav", roles) is None
    assert key("nav", None) is None
    assert memo.remember(("nav", "x"), "<nav></nav>") == "<nav></nav>"
    assert memo.rendered[("nav", "x")] == "<nav></nav>"


def test_the_logo_and_the_homepage_are_links_of_the_key():
    """The theme's navigation shows the logo (`theme.logo`) and links it to
    `extra.homepage`, both written relative to the page: they were left out of the
    key, so two pages that read them differently shared one rendering."""
    from generator.site.navmemo import shown_links

    home = _page("")
    nav = SimpleNamespace(pages=[home], items=[home], homepage=home)
    config = {"theme": {"logo": "panduan/logo.png"}, "extra": {"homepage": "panduan/a/"}}
    assert shown_links(config) == ["panduan/logo.png", "panduan/a/"]
    absolute = {"theme": {"logo": "https://x.go.id/l.png"}, "extra": {"homepage": "/"}}
    assert shown_links(absolute) == [] and shown_links({"theme": None, "extra": None}) == []
    without = NavMemo(nav)
    assert without.key("nav", _page("panduan/a/")) == without.key("nav", _page("lain/b/"))
    memo = NavMemo(nav, shown_links(config))
    assert memo.key("nav", _page("panduan/a/")) != memo.key("nav", _page("lain/b/"))
    assert memo.key("nav", _page("lain/b/")) == memo.key("nav", _page("lain/c/"))
