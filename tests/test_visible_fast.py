"""`escape.visible`'s fast path for ASCII text gives what the character-by-character
path gives, for every ASCII character alone and inside a line with breaks."""

from __future__ import annotations

from generator.escape import _visible_char, visible


def test_every_ascii_character_as_the_slow_path_writes_it():
    for code in range(128):
        char = chr(code)
        for text in (char, f"a{char}b\n    hint", f"\t{char}"):
            assert visible(text) == "".join(_visible_char(c) for c in text), repr(text)


def test_a_finding_with_its_hint_is_kept_and_a_control_is_shown():
    assert visible("sops/a.yaml:3:5: galat\n    saran") == "sops/a.yaml:3:5: galat\n    saran"
    assert visible("nama\x1b[31m\n") == "nama<U+001B>[31m\n"
