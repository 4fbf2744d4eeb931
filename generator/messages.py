"""The message catalogue: every text a user reads comes from `locale/<lang>.yaml`.

Bahasa Indonesia (`id`) is the default; English (`en`) is kept complete so
developers and other offices can read messages too. Adding a language means
adding one YAML file with the same keys.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml

DEFAULT_LANG = "id"
_MISSING = object()


@cache
def catalogue(lang: str) -> dict[str, str]:
    """All messages of `lang`, flattened to dotted keys (`loader.yaml_syntax.message`)."""
    text = resources.files("generator").joinpath("locale", f"{lang}.yaml").read_text("utf-8")
    flat: dict[str, str] = {}

    def walk(prefix: str, node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                walk(f"{prefix}.{key}" if prefix else str(key), value)
        else:
            flat[prefix] = str(node)

    walk("", yaml.safe_load(text))
    return flat


def available_languages() -> list[str]:
    """Languages with a catalogue file."""
    folder = resources.files("generator").joinpath("locale")
    return sorted(
        p.name.removesuffix(".yaml") for p in folder.iterdir() if p.name.endswith(".yaml")
    )


def translate(key: str, lang: str = DEFAULT_LANG, /, fallback: Any = _MISSING, **args: Any) -> str:
    """The message `key` in `lang`, with `args` filled in.

    Falls back to the default language, then to `fallback`; a key missing
    everywhere is a programming error and raises KeyError.
    """
    for candidate in (lang, DEFAULT_LANG):
        template = catalogue(candidate).get(key)
        if template is not None:
            return template.format(**args) if args else template
    if fallback is _MISSING:
        raise KeyError(key)
    return str(fallback)
