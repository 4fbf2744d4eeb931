"""The message catalogues: complete in every language, and every code has a message."""

from __future__ import annotations

import re

from generator.messages import available_languages, catalogue

from .conftest import REPO


def test_languages_have_the_same_keys():
    languages = available_languages()
    assert "id" in languages and "en" in languages
    keys = {lang: set(catalogue(lang)) for lang in languages}
    for lang in languages:
        assert keys[lang] == keys["id"], lang


def test_every_problem_code_in_the_code_has_a_message_and_hint():
    source = "\n".join(p.read_text("utf-8") for p in (REPO / "generator").rglob("*.py"))
    codes = set(re.findall(r'"(loader\.[a-z_]+)"', source))
    assert len(codes) > 20
    messages = catalogue("id")
    for code in codes:
        assert f"{code}.message" in messages, code
        assert f"{code}.hint" in messages, code
