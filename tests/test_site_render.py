"""The site's template environment prints exactly what plain Jinja autoescaping would."""

from __future__ import annotations

import pytest
from jinja2 import UndefinedError
from jinja2.compiler import CodeGenerator
from markupsafe import Markup

from generator.site.render import environment

SOURCE = (
    "{% macro cell(x) %}<td>{{ x }}</td>{% endmacro %}"
    "{{ a }}|{{ b }}|{{ c }}|{{ d }}|{{ e }}|{{ cell(a) }}|{{ items|join(', ') }}"
    "{% set block %}<b>{{ a }}</b>{% endset %}{{ block }}"
    "{% autoescape false %}{{ a }}{% endautoescape %}"
    "{% for i in items %}{{ i }}{{ t('prosedur.no') }}{% endfor %}"
)
VALUES = {
    "a": "<script>alert('x')</script> *b* [l](u) {{ x }}",
    "b": None,
    "c": Markup("<i>kept</i>"),
    "d": 42,
    "e": "# heading\n\nsecond  paragraph",
    "items": ["1. list", "x|y", "plain"],
    "lang": "id",
}


def _plain_jinja():
    """The same environment, compiled by Jinja's own code generator."""
    env = environment().overlay()
    env.code_generator_class = CodeGenerator
    return env


def test_values_print_the_same_bytes_as_with_jinjas_own_escape():
    ours = environment().from_string(SOURCE).render(**VALUES)
    theirs = _plain_jinja().from_string(SOURCE).render(**VALUES)
    assert ours == theirs
    assert "<script>" not in ours.split("{% autoescape")[0]
    assert "&#60;script&#62;" in ours or "&lt;script&gt;" in ours


def test_the_compiled_output_calls_finalize_alone():
    code = environment().compile(SOURCE, raw=True)
    assert "escape(environment.finalize(" not in code
    assert "environment.finalize(" in code


def test_each_stretch_of_output_is_one_yield_and_prints_as_jinjas():
    """A loop's body of text and values is yielded joined, once, not part by part; the
    page is the same text (macros and blocks, which collect into a buffer, included)."""
    source = (
        "{% for i in items %}<tr><td>{{ i }}</td><td>{{ d }}</td></tr>\n{% endfor %}"
        "{% macro m(x) %}<b>{{ x }}</b>|{{ x }}{% endmacro %}{{ m(a) }}{{ m(d) }}"
        "{% set block %}{{ a }}-{{ d }}{% endset %}[{{ block }}]{{ b }}{{ c }}"
    )
    code = environment().compile(source, raw=True)
    loop = code[code.index("for l_1_i") : code.index("l_1_i = missing")]
    assert loop.count("yield") == 1 and "yield environment.concat((" in loop
    assert environment().from_string(source).render(**VALUES) == (
        _plain_jinja().from_string(source).render(**VALUES)
    )


def test_an_undefined_value_still_fails():
    with pytest.raises(UndefinedError):
        environment().from_string("{{ missing }}").render()


def test_numbers_and_bools_print_as_escaped_every_time():
    """Whole numbers are escaped once and remembered beside the texts: a bool (equal to
    1 or 0) or a float is not taken for one, and a negative number keeps its escaped
    sign."""
    from generator.escape import escape_text

    values = [1, True, -3, 0, False, "1", 1, -3, "-3", True, 10**30, 1.0]
    template = environment().from_string("{% for v in values %}{{ v }};{% endfor %}")
    expected = "".join(f"{escape_text(v)};" for v in values)
    assert template.render(values=values) == expected
    assert template.render(values=values) == expected
    assert "True;" in expected and "&#45;3;" in expected


LABELS = (
    "{{ t('prosedur.no') }}"
    "{% for i in items %}{{ t('prosedur.no') }}{{ tr('cli.no_root', path=i) }}{% endfor %}"
    "{% macro row(x) %}{% for _ in [1] %}{{ t('prosedur.kegiatan') }}{{ x }}{% endfor %}"
    "{% endmacro %}{{ row(a) }}"
)
# A variable named like the global (the whole template then keeps Jinja's calls).
SHADOWED = (
    "{% for t in items %}[{{ t }}]{% endfor %}{% set tr = 'dipakai' %}{{ tr }}"
    "{% for i in items %}{{ t('prosedur.no') }}{% endfor %}"
)
# A template that sets the language itself: in a loop, Jinja's call sees the loop's value.
OWN_LANGUAGE = "{% for i in items %}{% set lang = 'en' %}{{ t('prosedur.kegiatan') }}{% endfor %}"


def test_labels_are_called_directly_and_print_as_through_jinjas_call():
    """`t(...)` and `tr(...)` of the global skip `context.call` (no context derived per
    call in a loop); a template variable of the same name stays that variable."""
    code = environment().compile(LABELS, raw=True)
    assert "context.call(" not in code.split("[")[0]  # the labels' calls are direct
    assert "(context, 'prosedur.no')" in code
    for lang in ("id", "en"):
        values = {**VALUES, "lang": lang}
        printed = []
        for source in (LABELS, SHADOWED, OWN_LANGUAGE):
            printed.append(environment().from_string(source).render(**values))
            assert printed[-1] == _plain_jinja().from_string(source).render(**values)
        assert "[plain]" in printed[1] and "dipakai" in printed[1]
        assert printed[2] == "Activity" * len(VALUES["items"])
