"""The message catalogue: every text a user reads comes from `locale/<lang>/`.

Each language is a folder of YAML files, one per area (`loader.yaml`,
`check.yaml`, ...); a file's keys are prefixed with its name (`loader.empty`),
except `common.yaml`, whose keys are used as they are (`label.hint`).
Bahasa Indonesia (`id`) is the default; English (`en`) is kept complete so
developers and other offices can read messages too. Adding a language means
adding one folder with the same files and keys.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

DEFAULT_LANG = "id"
# libyaml's safe loader when PyYAML has it (ten times faster; same result).
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_MISSING = object()


@cache
def catalogue(lang: str) -> dict[str, str]:
    """All messages of `lang`, flattened to dotted keys (`loader.yaml_syntax.message`)."""
    folder = resources.files("generator").joinpath("locale", lang)
    flat: dict[str, str] = {}

    def walk(prefix: str, node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                walk(f"{prefix}.{key}" if prefix else str(key), value)
        else:
            flat[prefix] = str(node)

    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".yaml"):
            continue
        area = entry.name.removesuffix(".yaml")
        walk("" if area == "common" else area, yaml.load(entry.read_text("utf-8"), _LOADER))
    return flat


def available_languages() -> list[str]:
    """Languages with a catalogue folder."""
    folder = resources.files("generator").joinpath("locale")
    return sorted(entry.name for entry in folder.iterdir() if entry.is_dir())


def translate(key: str, lang: str = DEFAULT_LANG, /, fallback: Any = _MISSING, **args: Any) -> str:
    """The message `key` in `lang`, with `args` filled in.

    Falls back to the default language, then to `fallback`; a key missing
    everywhere is a programming error and raises KeyError.
    """
    if args:  # values that know how to say themselves in `lang` (e.g. a duration)
        args = {k: v.localised(lang) if hasattr(v, "localised") else v for k, v in args.items()}
    for candidate in (lang, DEFAULT_LANG):
        template = catalogue(candidate).get(key)
        if template is not None:
            return template.format(**args) if args else template
    if fallback is _MISSING:
        raise KeyError(key)
    return str(fallback)


@dataclass(frozen=True)
class Phrase:
    """A message argument that is itself a catalogue text, written in the reader's
    language when the message is (like `duration.DurationText`)."""

    key: str

    def localised(self, lang: str) -> str:
        """The phrase in `lang`."""
        return translate(self.key, lang)

    def __str__(self) -> str:
        return self.localised(DEFAULT_LANG)
