"""Root words for search: what a reader types ("periksa") for what a page says ("Pemeriksaan").

Pagefind stems Indonesian with the Snowball stemmer, which strips "per-" from
"periksa" and leaves "Penandatanganan" whole, so "periksa" does not find
"Memeriksa" and "tanda tangan" does not find "Penandatanganan". The SOP pages
therefore carry, per step, the root words of its text (Sastrawi, a
dictionary-based Indonesian stemmer) that the text does not already contain;
the page hides them and the search box cuts them from its excerpts (see
`assets/cari.js`, which also joins two typed words into one: "tanda tangan"
is searched as "tandatangan" too).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

# Compound words that Indonesian writes both joined and apart; Sastrawi's
# dictionary lacks them, so their affixed forms ("Penandatanganan") would not
# reduce to a root. Language, not office data.
COMPOUNDS = ("tandatangan", "kerjasama", "tanggungjawab", "bertanggungjawab")

_WORD = re.compile(r"[A-Za-z]+")


@cache
def _stemmer():
    from Sastrawi.Dictionary.ArrayDictionary import ArrayDictionary
    from Sastrawi.Stemmer.Stemmer import Stemmer
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    class _SetDictionary(ArrayDictionary):
        """Sastrawi's dictionary looked up in a set: its own scans a 30,000-word list
        (about 1 ms a word, most of the site's search-word cost)."""

        def __init__(self, words: Iterable[str]):
            super().__init__(words)
            self.known = frozenset(self.words)

        def contains(self, word: str) -> bool:
            return word in self.known

    words = StemmerFactory().get_words()
    return Stemmer(_SetDictionary([*words, *COMPOUNDS]))


@cache
def root_word(word: str) -> str:
    """The root of one lower-case word ("pemeriksaan" -> "periksa")."""
    return _stemmer().stem(word)


def root_words(texts: Iterable[str]) -> tuple[str, ...]:
    """The roots of the words in `texts` that differ from every word written there, sorted.

    Words of three letters or fewer are kept as they are (abbreviations, "SOP").
    """
    written = {word.lower() for text in texts for word in _WORD.findall(text)}
    roots = {root_word(word) for word in written if len(word) > 3}
    return tuple(sorted(root for root in roots if root and root not in written))
