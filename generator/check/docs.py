"""The rules' documentation page, generated from each rule module (so it cannot drift)."""

from __future__ import annotations

import datetime as dt
import re
import textwrap
from dataclasses import dataclass
from importlib import resources
from types import ModuleType

from generator import templating
from generator.check.rules import ALL_RULES
from generator.messages import translate

# The reference date ("today") the examples of date-bound rules are checked on.
EXAMPLE_TODAY = dt.date(2025, 1, 15)

_EXAMPLE = re.compile(r"^(PASS|FAIL):\n\n((?:(?: {4}.*)?\n)+)", re.MULTILINE)


@dataclass(frozen=True)
class RuleDoc:
    """What the docs page and the rule tests need from one rule."""

    id: str
    category: str
    severity: str
    explanation: str
    passing: str
    failing: str


def rule_doc(rule: ModuleType) -> RuleDoc:
    """Split a rule's docstring into its explanation and its PASS / FAIL examples."""
    doc = (rule.__doc__ or "") + "\n"
    examples = {
        kind: textwrap.dedent(body).strip("\n") + "\n" for kind, body in _EXAMPLE.findall(doc)
    }
    explanation = doc[: doc.find("PASS:")].strip() if "PASS:" in doc else doc.strip()
    return RuleDoc(
        id=rule.ID,
        category=rule.CATEGORY,
        severity=rule.SEVERITY.value,
        explanation=explanation,
        passing=examples.get("PASS", ""),
        failing=examples.get("FAIL", ""),
    )


def base_example() -> str:
    """The SOP the examples are merged over."""
    return resources.files("generator.check").joinpath("examples", "dasar.yaml").read_text("utf-8")


def rules_page(lang: str = "id") -> str:
    """The Markdown page that documents every rule."""
    # Markdown output; every value comes from our own code.
    environment = templating.environment("generator.check", autoescape=False)
    rules = [rule_doc(rule) for rule in ALL_RULES]
    categories = list(dict.fromkeys(rule.category for rule in rules))
    return environment.get_template("aturan.md.j2").render(
        rules=rules,
        categories=categories,
        base=base_example(),
        t=lambda key, **kw: translate(key, lang, **kw),
    )
