"""A command used wrongly, raised by the library and reported by the command (exit 2).

The library never prints or exits: it raises `UsageError` with message and hint
keys of the locale catalogue, and `generator.commands.common.usage_errors`
turns it into the usual two lines and exit code 2.
"""

from __future__ import annotations

import difflib

from generator.messages import translate


class UsageError(Exception):
    """What the user asked for cannot be done as asked: a message and a hint to fix it."""

    def __init__(
        self, key: str, hint_key: str, *, suggestion: str | None = None, **args: object
    ) -> None:
        super().__init__(key)
        self.key = key
        self.hint_key = hint_key
        self.suggestion = suggestion
        self.args_ = args

    def message(self, lang: str) -> str:
        """The message, with "did you mean ...?" when a close name exists."""
        text = translate(self.key, lang, **self.args_)
        if self.suggestion:
            text += f" ({translate('cli.new_did_you_mean', lang, suggestion=self.suggestion)})"
        return text

    def hint(self, lang: str) -> str:
        """How to fix it."""
        return translate(self.hint_key, lang, **self.args_)


def unknown_choice(kind: str, value: str, choices: list[str]) -> UsageError:
    """`value` names no `kind` among `choices`: the error, with the closest choice if any."""
    close = difflib.get_close_matches(value, choices, n=1, cutoff=0.6)
    return UsageError(
        "cli.new_unknown",
        "cli.new_unknown_hint",
        suggestion=close[0] if close else None,
        kind=kind,
        value=value,
        choices=", ".join(choices),
    )
