"""Every rule's own PASS example keeps it quiet and its FAIL example makes it fire.

The examples live in each rule's docstring (and so on the docs page); they are
merged over the base example SOP and checked against the example registries.
"""

from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path

import pytest
import yaml

from generator.check import run_checks
from generator.check.docs import EXAMPLE_TODAY, base_example, rule_doc
from generator.check.rules import ALL_RULES
from generator.loader import load_repository
from generator.problems import Severity

EXAMPLES = Path(str(resources.files("generator.check").joinpath("examples")))


REGISTRY_MARK = "# organisasi.yaml"


def findings_for(tmp_path: Path, example: str) -> list[str]:
    """Write one SOP file per `---` part of `example`, check them, return rule ids.

    A part whose first line is `# pemantauan/<path>.yaml` is a monitoring record,
    written as it is to that path under the SOP folder; a part whose first line is
    `# organisasi.yaml` replaces top-level keys of the example registry.
    """
    folder = tmp_path / "sops"
    folder.mkdir(parents=True)
    for name in ("organisasi.yaml", "peraturan.yaml", "logo.svg"):
        shutil.copy(EXAMPLES / name, folder / name)
    base = base_example()
    parts = example.split("---\n")
    for part in [p for p in parts if p.startswith(REGISTRY_MARK)]:
        # A part marked "# organisasi.yaml" replaces top-level keys of that registry.
        name = part.splitlines()[0].removeprefix("# ").strip()
        fragment = yaml.safe_load(part) or {}
        original = (folder / name).read_text(encoding="utf-8")
        kept = [b for b in _top_level_blocks(original) if b.split(":", 1)[0] not in fragment]
        (folder / name).write_text("".join(kept) + part, encoding="utf-8")
    parts = [p for p in parts if not p.startswith(REGISTRY_MARK)] or [""]
    for index, part in enumerate(parts):
        if part.startswith("# pemantauan/"):
            record = folder / part.splitlines()[0][2:].strip()
            record.parent.mkdir(parents=True, exist_ok=True)
            record.write_text(part, encoding="utf-8")
            continue
        fragment = yaml.safe_load(part) or {}
        kept = [
            block for block in _top_level_blocks(base) if block.split(":", 1)[0] not in fragment
        ]
        text = "".join(kept) + part
        (folder / f"{'abcdefgh'[index]}.yaml").write_text(text, encoding="utf-8")
    result = load_repository(folder)
    errors = [p.render("en") for p in result.problems if p.severity is Severity.ERROR]
    assert not errors, errors
    assert result.repository is not None
    return [finding.rule for finding in run_checks(result.repository, today=EXAMPLE_TODAY).findings]


def _top_level_blocks(text: str) -> list[str]:
    """The base SOP cut into top-level key blocks (comments dropped)."""
    blocks: list[str] = []
    for line in text.splitlines(keepends=True):
        if line.startswith("#"):
            continue
        if line[:1].isalpha():
            blocks.append(line)
        elif blocks:
            blocks[-1] += line
    return blocks


RULES = [pytest.param(rule, id=rule.ID) for rule in ALL_RULES]


@pytest.mark.parametrize("rule", RULES)
def test_rule_has_both_examples(rule):
    doc = rule_doc(rule)
    assert doc.passing and doc.failing, f"{rule.ID}: docstring needs PASS: and FAIL: examples"


@pytest.mark.parametrize("rule", RULES)
def test_fail_example_fires(rule, tmp_path):
    assert rule.ID in findings_for(tmp_path, rule_doc(rule).failing)


@pytest.mark.parametrize("rule", RULES)
def test_pass_example_is_quiet(rule, tmp_path):
    assert rule.ID not in findings_for(tmp_path, rule_doc(rule).passing)


def test_base_example_is_clean(tmp_path):
    assert findings_for(tmp_path, "") == []


def test_rule_ids_are_unique_and_stable_shaped():
    ids = [rule.ID for rule in ALL_RULES]
    assert len(ids) == len(set(ids))
    assert all(i == i.lower() and " " not in i for i in ids)


def test_two_sops_awaiting_their_numbers_do_not_share_one(tmp_path):
    """A template's blank ("470/ /SOP/2024") is reported once per SOP by
    nomor-sementara, not as a number two SOPs share."""
    found = findings_for(tmp_path, 'nomor: "470/ /SOP/2024"\n---\nnomor: "470/ /SOP/2024"\n')
    assert "nomor-ganda" not in found
    assert found.count("nomor-sementara") == 2
