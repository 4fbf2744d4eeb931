"""The JSON Schema: generated from the model, committed, and checked independently."""

from __future__ import annotations

import json

import jsonschema
import pytest

from generator.schema import SCHEMAS, json_schema_text
from generator.yamlsource import read_yaml

from .conftest import REPO, SOPS

SCHEMA_DIR = REPO / "docs" / "schema"


def validator(name: str) -> jsonschema.Draft202012Validator:
    schema = json.loads((SCHEMA_DIR / f"{name}.schema.json").read_text("utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def data_of(path):
    doc, problems = read_yaml(path)
    assert not problems
    return doc.data


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_committed_schema_is_fresh(name):
    committed = (SCHEMA_DIR / f"{name}.schema.json").read_text("utf-8")
    assert committed == json_schema_text(name), "run: sop schema --write docs/schema"


def test_schema_is_draft_2020_12():
    schema = json.loads(json_schema_text("sop"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert "Nama SOP." in json.dumps(schema)  # descriptions speak Indonesian


def test_schema_accepts_the_three_sops_and_registries():
    sop_files = sorted((SOPS / "pdip").glob("*.yaml"))
    assert len(sop_files) == 3
    for path in sop_files:
        assert list(validator("sop").iter_errors(data_of(path))) == [], path
    assert list(validator("organisasi").iter_errors(data_of(SOPS / "organisasi.yaml"))) == []
    assert list(validator("peraturan").iter_errors(data_of(SOPS / "peraturan.yaml"))) == []


def test_schema_rejects_unknown_key():
    data = data_of(SOPS / "pdip" / "pelayanan-kerjasama.yaml")
    data["nomr"] = "1"
    errors = list(validator("sop").iter_errors(data))
    assert [e.validator for e in errors] == ["additionalProperties"]
    assert "nomr" in errors[0].message


def test_schema_rejects_unknown_key_inside_a_step():
    data = data_of(SOPS / "pdip" / "pelayanan-kerjasama.yaml")
    data["prosedur"][0]["wakktu"] = "1 hari"
    assert [e.validator for e in validator("sop").iter_errors(data)] == ["additionalProperties"]


def test_every_sop_file_has_the_modeline():
    for path in sorted(SOPS.rglob("*.yaml")):
        first = path.read_text("utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), path
        target = (path.parent / first.split("$schema=")[1]).resolve()
        assert target.is_file(), (path, target)
