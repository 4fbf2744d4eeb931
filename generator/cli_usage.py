"""Click's own usage errors, said in the user's language.

Click reports a wrong option or value in English ("Invalid value for
'--format'", "No such option", "File 'x' does not exist"). `localized`
turns such an error into the tool's usual two lines, a message and a hint,
from the locale catalogue; a message Click may add in a later version and this
module does not know keeps Click's English detail after a translated lead.
"""

from __future__ import annotations

import re

import click

from generator.messages import translate

_MISSING_PATH = re.compile(r"^(?:File|Directory|Path) '(?P<path>.*)' does not exist\.?$", re.S)
_NOT_INTEGER = re.compile(r"^'(?P<value>.*)' is not a valid integer", re.S)
_NOT_A_CHOICE = re.compile(r"^'(?P<value>.*)' is not one of", re.S)
_EXTRA = re.compile(r"^Got unexpected extra arguments? \((?P<args>.*)\)$", re.S)
_REQUIRES_VALUE = re.compile(r"requires an argument", re.S)


class LocalizedUsageError(click.UsageError):
    """A Click usage error shown as "sop COMMAND: message" and "    saran: hint", exit 2."""

    def __init__(self, error: click.UsageError, lang: str) -> None:
        super().__init__(error.message, error.ctx)
        self.lines = _lines(error, lang)

    def show(self, file: object = None) -> None:
        """Print the two lines on standard error."""
        for line in self.lines:
            click.echo(line, err=True)


def localized(error: click.UsageError, lang: str) -> LocalizedUsageError:
    """`error` said in `lang`, ready to be raised in its place."""
    return error if isinstance(error, LocalizedUsageError) else LocalizedUsageError(error, lang)


def _lines(error: click.UsageError, lang: str) -> list[str]:
    command = error.ctx.command_path if error.ctx else "sop"
    message = _message(error, lang)
    hint = translate("cli.usage_hint", lang, command=command)
    return [f"{command}: {message}", f"    {translate('label.hint', lang)}: {hint}"]


def _message(error: click.UsageError, lang: str) -> str:
    if isinstance(error, click.NoSuchOption):
        text = translate("cli.usage_no_such_option", lang, name=error.option_name)
        if error.possibilities:
            close = f"'{sorted(error.possibilities)[0]}'"
            text += f"; {translate('cli.new_did_you_mean', lang, suggestion=close)}"
        return text
    if isinstance(error, click.MissingParameter):
        return translate("cli.usage_missing", lang, name=_param_name(error))
    if isinstance(error, click.BadParameter):
        return _bad_value(error, lang)
    if isinstance(error, click.BadOptionUsage) and _REQUIRES_VALUE.search(error.message):
        return translate("cli.usage_needs_value", lang, name=error.option_name)
    extra = _EXTRA.match(error.message)
    if extra:
        return translate("cli.usage_extra", lang, args=extra["args"])
    return translate("cli.usage_other", lang, detail=error.message)


def _bad_value(error: click.BadParameter, lang: str) -> str:
    name = _param_name(error)
    param_type = error.param.type if error.param is not None else None
    if isinstance(param_type, click.Choice):
        choices = ", ".join(str(choice) for choice in param_type.choices)
        given = _NOT_A_CHOICE.match(error.message)
        value = f"'{given['value']}'" if given else "?"
        return translate("cli.usage_choice", lang, name=name, value=value, choices=choices)
    missing = _MISSING_PATH.match(error.message)
    if missing:
        return translate("cli.usage_no_path", lang, name=name, path=missing["path"])
    not_integer = _NOT_INTEGER.match(error.message)
    if not_integer:
        return translate("cli.usage_not_integer", lang, name=name, value=not_integer["value"])
    return translate("cli.usage_bad_value", lang, name=name, detail=error.message)


def _param_name(error: click.BadParameter) -> str:
    if error.param_hint:
        hint = error.param_hint
        return " / ".join(hint) if isinstance(hint, (list, tuple)) else str(hint)
    if error.param is not None and error.ctx is not None:
        return error.param.get_error_hint(error.ctx)
    return "?"
