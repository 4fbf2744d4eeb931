"""Compiled templates kept in the user's cache folder, signed (generator.templatecache)."""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest

from generator import templatecache, templating
from generator.store import Store
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


def test_entries_are_keyed_by_the_tool_and_kept_outside_the_project(as_user, compiles, tmp_path):
    as_user("me")
    _render()
    store = templatecache.user_template_store()
    assert store.folder == tmp_path / "me" / FOLDER
    assert store.max_bytes == templatecache.STORE_BYTES
    assert Store.key("x") != Store.key("y")  # `Store.key` mixes in the tool's own code


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
