"""Asking the author in the terminal: a flag's value, else a typed answer, checked.

A flag that does not check out is a usage error (`UsageError`, exit 2); a typed
answer that does not is said on stderr and asked again, so a typo never loses
the answers given before. Without a terminal a missing required answer is a
usage error too. Used by `sop new`.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass

import click

from generator.messages import translate
from generator.usage import UsageError, unknown_choice


def interactive() -> bool:
    """True when a person can answer questions (stdin is a terminal)."""
    return sys.stdin.isatty()


def _same(answer: str) -> str:
    return answer


@dataclass(frozen=True)
class Question:
    """One answer to get: `name` (the flag), its prompt, the known choices.

    `check` turns an answer into the value to keep, or None when it is not
    acceptable; `kind` names what was not found (default `name`); `culprit`
    picks the part of a bad answer to show.
    """

    name: str
    prompt_key: str
    choices: tuple[str, ...] = ()
    optional: bool = False
    check: Callable[[str], str | None] | None = None
    kind: str | None = None
    culprit: Callable[[str], str] = _same

    def missing(self) -> UsageError:
        """The error for a required answer that nobody gave."""
        return UsageError("cli.new_missing", "cli.new_missing_hint", name=self.name)

    def unknown(self, answer: str) -> UsageError:
        """The error for an answer that names nothing known."""
        return unknown_choice(self.kind or self.name, self.culprit(answer), list(self.choices))


def ask(question: Question, value: str | None, lang: str) -> str:
    """The answer to `question`: the flag's `value`, else asked in the terminal."""
    if value is not None:
        if question.check is None or not value.strip():
            return value
        kept = question.check(value.strip())
        if kept is None:
            raise question.unknown(value.strip())
        return kept
    if not interactive():
        if question.optional:
            return ""
        raise question.missing()
    while True:
        prompt = translate(question.prompt_key, lang, choices=", ".join(question.choices))
        answer = click.prompt(prompt, default="", show_default=False).strip()
        if question.check is None or (question.optional and not answer):
            return answer
        kept = question.check(answer) if answer else None
        if kept is not None:
            return kept
        error = question.unknown(answer)
        click.echo(f"{error.message(lang)}; {error.hint(lang)}", err=True)
