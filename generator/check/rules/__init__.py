"""The check rules, one module each, found by looking in this folder.

A new rule is a new module here (see `generator.check.base` for its shape);
nothing else lists it. `ALL_RULES` is in documentation order: by category
(in `CATEGORIES` order), then by rule id.
"""

from __future__ import annotations

import pkgutil
from importlib import import_module
from types import ModuleType

CATEGORIES = ("waktu", "pelaksana", "alur", "formulir", "rujukan", "antar-sop", "pemantauan")


def _discover() -> tuple[ModuleType, ...]:
    modules = [
        import_module(f"{__name__}.{info.name}")
        for info in pkgutil.iter_modules(__path__)
        if not info.name.startswith("_")
    ]
    for module in modules:
        if getattr(module, "CATEGORY", None) not in CATEGORIES:
            raise ImportError(f"rule {module.__name__}: CATEGORY must be one of {CATEGORIES}")
    return tuple(sorted(modules, key=lambda m: (CATEGORIES.index(m.CATEGORY), m.ID)))


ALL_RULES = _discover()
RULES_BY_ID = {rule.ID: rule for rule in ALL_RULES}
