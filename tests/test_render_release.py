"""A rendered page leaves no reference cycle: its values are freed when the page is done.

Pages import their macros `with context`; Jinja then makes a module of the
macros per render, whose context (holding every value of the page) and
macros refer to each other. `render_releasing` empties that context after the
render, so a cold `sop generate` does not pile up every SOP page's values for
the cyclic collector.
"""

from __future__ import annotations

import gc
import weakref

from generator.site.render import environment, render_releasing

PAGE = '{% from "macros.j2" import ordered with context %}{{ ordered(items) }}'


class _Item:
    """A page value that can be watched with a weak reference."""

    def __str__(self) -> str:
        return "Langkah <1>"


def _rendered_and_watched(render) -> tuple[str, weakref.ref]:
    item = _Item()
    watched = weakref.ref(item)
    values = {"page_path": "sop/x/index.md", "lang": "id", "link_style": "md", "items": [item]}
    text = render(environment().from_string(PAGE), values)
    return text, watched


def test_a_page_with_context_macros_frees_its_values_without_the_collector():
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        text, watched = _rendered_and_watched(render_releasing)
        jinja_text, kept = _rendered_and_watched(lambda page, values: page.render(values))
        assert text == jinja_text and "<li>Langkah &#60;1&#62;</li>" in text
        assert watched() is None  # freed by reference counting alone
        assert kept() is not None  # Jinja's own render leaves it in a cycle
    finally:
        if was_enabled:
            gc.enable()
        gc.collect()


def test_a_shared_macro_module_keeps_working_after_a_release():
    """A module imported without context is shared by every render: never emptied."""
    page = environment().from_string('{% from "macros.j2" import ordered %}{{ ordered(items) }}')
    values = {"page_path": "a.md", "lang": "id", "link_style": "md", "items": ["x"]}
    first = render_releasing(page, dict(values))
    assert render_releasing(page, dict(values)) == first and "<li>x</li>" in first
