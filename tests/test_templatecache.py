"""Compiled templates kept in the user's cache folder, signed (generator.templatecache)."""

from __future__ import annotations

import sys
from pathlib import Path

import jinja2
import pytest

from generator import templatecache, templating
from generator.templatecache import FOLDER, KIND

from .site_project import copy_project, run_sop


@pytest.fixture
def compiles(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the templates Jinja compiles from their source from now on."""
    names: list[str] = []
    compile_source = jinja2.Environment.compile

    def counted(self, source, name=None, filename=None, raw=False, defer_init=False):
        names.append(name)
        return compile_source(self, source, name, filename, raw, defer_init)

    monkeypatch.setattr(jinja2.Environment, "compile", counted)
    templatecache.keep_compiled(True)  # as a new process (an earlier `--no-cache` forbade it)
    yield names
    templatecache.keep_compiled(True)


NAME = "gitignore.j2"


def _render() -> jinja2.Template:
    # A fresh environment: Jinja's in-memory cache is per environment, like a new process.
    return templating.environment("generator.scaffold", autoescape=False).get_template(NAME)


def test_a_template_compiled_once_is_loaded_by_the_next_process(as_user, compiles):
    as_user("me")
    first = _render()
    assert compiles == [NAME]
    second = _render()
    assert compiles == [NAME]  # read back from the store, not compiled
    assert second.render() == first.render() != ""


def test_another_users_or_a_damaged_entry_is_compiled_again(as_user, compiles, tmp_path: Path):
    as_user("other")
    _render()  # kept, signed with the other user's secret
    as_user("me")
    _render()
    assert compiles == [NAME] * 2  # not this user's: compiled again
    entries = list((tmp_path / "me" / FOLDER / KIND).rglob("*"))
    entry = next(path for path in entries if path.is_file())
    entry.write_bytes(entry.read_bytes()[:-5] + b"\x00" * 5)  # bits flipped in the code
    _render()
    assert compiles == [NAME] * 3


def test_no_cache_keeps_and_reads_no_compiled_template(as_user, compiles, tmp_path: Path):
    as_user("me")
    templatecache.keep_compiled(False)
    _render()
    _render()
    assert compiles == [NAME] * 2
    assert not (tmp_path / "me" / FOLDER).exists()


def test_entries_are_kept_outside_the_project(as_user, compiles, tmp_path):
    as_user("me")
    _render()
    store = templatecache.user_template_store()
    assert store.folder == tmp_path / "me" / FOLDER
    assert store.max_bytes == templatecache.STORE_BYTES
    assert list((tmp_path / "me" / FOLDER / KIND).rglob("*"))


@pytest.mark.parametrize(
    "change",
    ["the tool's code", "Jinja's version", "Python's version", "the environment's settings"],
)
def test_an_entry_of_another_tool_jinja_python_or_environment_is_not_used(
    as_user, compiles, monkeypatch: pytest.MonkeyPatch, change: str
):
    """Each part of the key counts: compiled under one, compiled again under another
    (an environment with other settings over the same templates included)."""
    as_user("me")
    _render()
    assert compiles == [NAME]
    trim = True
    if change == "the tool's code":
        monkeypatch.setattr("generator.store.package_fingerprint", lambda: b"another version")
    elif change == "Jinja's version":
        monkeypatch.setattr(jinja2, "__version__", "0.0")
    elif change == "Python's version":
        monkeypatch.setattr(sys, "version", "0.0")
    else:
        trim = False  # the same templates without trim_blocks: other code
    environment = templating.environment("generator.scaffold", autoescape=False, trim=trim)
    environment.get_template(NAME)
    assert compiles == [NAME, NAME]


@pytest.mark.slow
def test_sop_generate_no_cache_leaves_the_user_folder_without_templates(as_user, tmp_path: Path):
    as_user("me")
    project = copy_project(tmp_path / "proyek")
    done = run_sop(project, "generate", "--no-cache", "-o", "out")
    assert done.returncode == 0, done.stderr
    assert not (tmp_path / "me" / FOLDER).exists()
    again = run_sop(project, "generate", "-o", "out2")
    assert again.returncode == 0, again.stderr
    assert list((tmp_path / "me" / FOLDER / KIND).rglob("*"))  # kept by a run with a cache
    for page in (project / "out").rglob("*.md"):
        assert (
            page.read_bytes() == (project / "out2" / page.relative_to(project / "out")).read_bytes()
        )


def test_no_cache_of_any_command_switches_compiled_templates_off_and_cache_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, compiles
):
    """`--no-cache` (`sop check`'s flag, the other commands' `--cache/--no-cache`) keeps
    and reads no compiled template in the process; `--cache` does again."""
    from click.testing import CliRunner

    from generator.cli import cli

    monkeypatch.chdir(copy_project(tmp_path / "proyek"))
    runner = CliRunner()
    runner.invoke(cli, ["check", "--no-cache"], catch_exceptions=False)
    assert templatecache._keep is False
    runner.invoke(cli, ["flowchart", "--cache", "--help"])  # --help: no callback runs
    assert templatecache._keep is False
    runner.invoke(cli, ["generate", "--cache", "-o", "keluar"], catch_exceptions=False)
    assert templatecache._keep is True
    runner.invoke(cli, ["generate", "--no-cache", "-o", "keluar2"], catch_exceptions=False)
    assert templatecache._keep is False
