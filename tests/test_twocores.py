"""A fresh clone's check on two cores (`check.twocores`): the same output whichever
process does the work, and whatever becomes of the forked child."""

from __future__ import annotations

import math
import os
import shutil
import signal
import sys
import threading
import time
from pathlib import Path

import pytest

from bench.corpus import write_corpus
from generator import project as project_module
from generator.check import twocores
from generator.check.run import CheckOptions, check_run
from generator.project import Project

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="the child is forked")

COUNT = 40
# Files that do not load, or load with errors, among the child's files (the back of
# the loader's list): a YAML error, a model error, an unknown role.
BROKEN = {
    "zz/rusak-sintaks.yaml": "nama: [tidak ditutup\n",
    "zz/salah-model.yaml": "nama: Tanpa prosedur\n",
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project of COUNT synthetic SOPs and a few broken files, never run."""
    project = tmp_path_factory.mktemp("corpus")
    root = write_corpus(project / "sops", COUNT)
    for name, text in BROKEN.items():
        (root / name).parent.mkdir(exist_ok=True)
        (root / name).write_text(text, "utf-8")
    first = sorted(root.rglob("sop-*.yaml"))[-1].read_text("utf-8")
    role = first.replace("    pelaksana: ", "    pelaksana: tidak_ada_", 1)
    (root / "zz" / "peran-salah.yaml").write_text(role, "utf-8")
    return project


@pytest.fixture
def fresh(corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh clone of the corpus (no store), as the working directory.

    Threads that earlier tests left running (idle daemon servers of the site
    tests) would forbid every fork here: they are ignored, and only they."""
    left = set(threading.enumerate())
    if any(not thread.daemon for thread in left if thread is not threading.current_thread()):
        pytest.skip("a thread left running by an earlier test forbids a fork")
    real = twocores.foreign_threads

    def started_since() -> list[str]:
        names = set(real())
        return sorted(t.name for t in threading.enumerate() if t not in left and t.name in names)

    monkeypatch.setattr(twocores, "foreign_threads", started_since)
    project = tmp_path / "clone"
    shutil.copytree(corpus, project)
    monkeypatch.chdir(project)
    return project


def _check(monkeypatch: pytest.MonkeyPatch, mode: str, **options) -> tuple[str, str, int]:
    monkeypatch.setenv(twocores.ENV, mode)
    project = Project.find((Path("sops"),), short_run=False)
    run = check_run(project, CheckOptions((Path("sops"),), **options))
    return run.stdout, run.stderr, run.exit_code


def _no_child_left() -> None:
    """Every child was reaped (its CPU counted), none left running."""
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)


def _forget(project: Path) -> None:
    shutil.rmtree(project / ".sop-cache")


VARIANTS = [
    {},
    {"output_format": "json"},
    {"output_format": "sarif"},
    {"strict": True},
    {"lang": "en"},
]


def test_cold_runs_give_the_same_bytes_with_and_without_the_child(
    fresh: Path, monkeypatch: pytest.MonkeyPatch
):
    for options in VARIANTS:
        alone = _check(monkeypatch, "off", **options)
        _forget(fresh)
        both = _check(monkeypatch, "on", **options)
        _forget(fresh)
        assert both == alone, options
    assert "rusak-sintaks" in alone[0] and "peran-salah" in alone[0]
    _no_child_left()


def test_a_warm_run_after_a_two_core_run_gives_the_same_bytes(
    fresh: Path, monkeypatch: pytest.MonkeyPatch
):
    alone = _check(monkeypatch, "off")
    _forget(fresh)
    _check(monkeypatch, "on", output_format="json")  # fills the caches
    warm = _check(monkeypatch, "on")  # another output: the caches, not the stored run
    assert warm == alone


def test_the_child_takes_the_back_of_the_files_and_is_reaped(
    fresh: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv(twocores.ENV, "on")
    project = Project.find((Path("sops"),))
    loaded = project.load((Path("sops"),), helper=project.two_cores())
    helper = loaded.helper
    assert helper is not None and helper.started
    assert helper.theirs("sops/zz/salah-model.yaml")
    assert not helper.theirs("sops/bidang-0/sop-0007.yaml")
    report = project.check(loaded)
    # Parse entries for every clean file of the child's; check entries for its SOPs
    # that loaded (the one with an unknown role included: the parent drops it).
    parsed, checked = helper.received
    theirs = [s for s in report.sops if helper.theirs(s.entry.path)]
    assert checked == len(theirs) + 1
    assert parsed == checked + 1  # salah-model.yaml parsed, never validated
    _no_child_left()
    # A warm run forks nothing: the parse cache is full.
    again = project.load((Path("sops"),), helper=project.two_cores())
    assert again.helper is not None and not again.helper.started
    project.check(again)
    # A load that no check follows (sop validate, the handbook) forks nothing either.
    _forget(fresh)
    assert project.load((Path("sops"),)).helper is None
    _no_child_left()


def test_no_child_without_the_store_or_when_switched_off(
    fresh: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv(twocores.ENV, "on")
    project = Project.find((Path("sops"),), cache=False)
    loaded = project.load((Path("sops"),), helper=project.two_cores())
    assert loaded.helper is not None and not loaded.helper.started
    monkeypatch.setenv(twocores.ENV, "off")
    project = Project.find((Path("sops"),))
    loaded = project.load((Path("sops"),), helper=project.two_cores())
    assert loaded.helper is not None and not loaded.helper.started


def test_a_site_build_checks_on_two_cores_too(
    fresh: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """`load_and_check` (sop generate, sop build, the plugin) goes through the same helper."""
    marker = tmp_path / "child-ran"
    real = twocores.child_work

    def marked(*args) -> None:
        marker.touch()
        real(*args)

    monkeypatch.setenv(twocores.ENV, "off")
    alone = Project(fresh / "sops").load_and_check()
    _forget(fresh)
    monkeypatch.setenv(twocores.ENV, "on")
    monkeypatch.setattr(twocores, "child_work", marked)
    monkeypatch.setattr(project_module, "_LAST", {})  # not the process memo of the first
    both = Project(fresh / "sops").load_and_check()
    assert marker.exists()
    assert both.load.problems == alone.load.problems
    assert both.report is not None and alone.report is not None
    assert both.report.findings == alone.report.findings
    assert [(r.entry.id, r.timing) for r in both.report.sops] == [
        (r.entry.id, r.timing) for r in alone.report.sops
    ]
    _no_child_left()


# ---- a child that fails: the parent does the work itself, with the same output ----------


def _raises(sender, *args) -> None:
    raise RuntimeError("the child fails at once")


def _killed_midway(sender, *args) -> None:
    sender.send("p", 3, {})
    os.kill(os.getpid(), signal.SIGKILL)


def _talks_nonsense(sender, *args) -> None:
    os.write(sender.pipe, b"nonsense\n")


def _wrong_order(sender, *args) -> None:
    sender.send("c", len(sender.theirs), {})


def _lies_about_size(sender, *args) -> None:
    sender.file.write(b"{}")
    sender.file.flush()
    os.write(sender.pipe, f"p {len(sender.theirs)} 0 99\n".encode())


def _broken_entries(sender, *args) -> None:
    """The real work, with every entry it sends replaced by a value of the wrong shape."""
    real_send = sender.send

    def send(kind: str, upto: int, entries: dict) -> None:
        real_send(kind, upto, {key: ["not", "an", "entry"] for key in entries})

    sender.send = send
    REAL_CHILD_WORK(sender, *args)


def _hangs(sender, *args) -> None:
    time.sleep(60)


REAL_CHILD_WORK = twocores.child_work


@pytest.mark.parametrize(
    "failure",
    [_raises, _killed_midway, _talks_nonsense, _wrong_order, _lies_about_size, _broken_entries],
)
def test_a_failing_child_changes_nothing(fresh: Path, monkeypatch: pytest.MonkeyPatch, failure):
    alone = _check(monkeypatch, "off", output_format="json")
    _forget(fresh)
    monkeypatch.setattr(twocores, "child_work", failure)
    assert _check(monkeypatch, "on", output_format="json") == alone
    _no_child_left()


def test_a_silent_child_is_given_up(fresh: Path, monkeypatch: pytest.MonkeyPatch):
    alone = _check(monkeypatch, "off")
    _forget(fresh)
    monkeypatch.setattr(twocores, "child_work", _hangs)
    monkeypatch.setattr(twocores, "WAIT_LIMIT", 0.2)
    start = time.monotonic()
    assert _check(monkeypatch, "on") == alone
    assert time.monotonic() - start < 30
    _no_child_left()


# ---- when to fork ----------------------------------------------------------------------


def test_the_gate(monkeypatch: pytest.MonkeyPatch):
    if sys.platform == "linux":  # this process at least
        assert (twocores.runnable_now() or 0) >= 1
    monkeypatch.setattr(twocores, "foreign_threads", lambda: [])  # whatever earlier tests left
    monkeypatch.setattr(twocores, "usable_cpus", lambda: 2)
    monkeypatch.setattr(os, "getloadavg", lambda: (0.9, 1.0, 1.0))
    assert twocores.pays(1000, "auto") == (sys.platform == "linux")
    assert not twocores.pays(twocores.FORK_FROM - 1, "auto")
    assert not twocores.pays(1000, "off")
    assert twocores.pays(3, "on") == (sys.platform == "linux")
    monkeypatch.setattr(os, "getloadavg", lambda: (2.5, 1.0, 1.0))  # no idle core
    monkeypatch.setattr(twocores, "runnable_now", lambda: 3)  # others run now too
    assert not twocores.pays(1000, "auto")
    assert twocores.pays(1000, "on") == (sys.platform == "linux")
    # The average still counts a run that just ended; right now only this one runs.
    monkeypatch.setattr(twocores, "runnable_now", lambda: 1)
    assert twocores.pays(1000, "auto") == (sys.platform == "linux")
    monkeypatch.setattr(twocores, "runnable_now", lambda: None)  # not readable: the average
    assert not twocores.pays(1000, "auto")
    monkeypatch.setattr(os, "getloadavg", lambda: (0.0, 0.0, 0.0))
    monkeypatch.setattr(twocores, "usable_cpus", lambda: 1)
    assert not twocores.pays(1000, "auto")


def test_no_fork_beside_a_foreign_thread_or_off_linux(monkeypatch: pytest.MonkeyPatch):
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert not twocores.may_fork()
        assert not twocores.pays(1000, "on")
    finally:
        stop.set()
        thread.join()
    monkeypatch.setattr(twocores, "foreign_threads", lambda: [])
    assert twocores.may_fork() == (sys.platform == "linux")
    for platform in ("darwin", "win32"):
        monkeypatch.setattr(sys, "platform", platform)
        assert not twocores.may_fork()


def test_the_mode_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch):
    for value, mode in (("on", "on"), (" OFF ", "off"), ("auto", "auto"), ("ja", "auto")):
        monkeypatch.setenv(twocores.ENV, value)
        assert twocores.wanted_mode() == mode
    monkeypatch.delenv(twocores.ENV)
    assert twocores.wanted_mode() == "auto"


def test_the_split_gives_the_child_the_back_share_of_the_bytes():
    assert twocores.split([100] * 10) == math.ceil(10 * (1 - twocores.CHILD_SHARE))
    assert twocores.split([1000] + [1] * 9) == 1  # one big file: the parent's
    assert twocores.split([5]) == 1  # nothing left for a child


def test_the_engine_watchdog_does_not_forbid_a_fork():
    from generator.flowchart.engine import WATCHDOG_THREAD

    stop = threading.Event()
    threads = [
        threading.Thread(target=stop.wait, name=WATCHDOG_THREAD),
        threading.Thread(target=stop.wait, name="another"),
    ]
    for thread in threads:
        thread.start()
    try:
        found = twocores.foreign_threads()
        assert "another" in found and WATCHDOG_THREAD not in found
    finally:
        stop.set()
        for thread in threads:
            thread.join()


@pytest.mark.slow
def test_a_cold_generate_checks_on_two_cores_once_the_engine_is_kept(
    fresh: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """`sop generate` into an empty folder on a fresh clone forks the check's child
    first, before it hashes the files; the engine's modules then start on a thread
    beside the check, compiled (a new machine) or loaded (kept in the user's cache
    folder). Without that child, kept modules load after the check, so no thread
    stands beside it (the loader may fork its child then)."""
    from generator import usersecret
    from generator.flowchart import engine
    from generator.site import generate

    monkeypatch.setenv("SOP_USER_CACHE", str(tmp_path / "user"))
    usersecret.user_secret.cache_clear()
    engine.reset_backend()  # engines an earlier test made in this process are not kept here
    monkeypatch.setenv(twocores.ENV, "on")
    order: list[str] = []
    real_check, real_start = Project.load_and_check, generate._start_engines

    def check(self, *args, **kwargs):
        order.append("check")
        return real_check(self, *args, **kwargs)

    def start(*args, **kwargs):
        order.append("engines")
        return real_start(*args, **kwargs)

    marker = tmp_path / "child-ran"
    real_child = twocores.child_work

    def marked(*args) -> None:
        marker.touch()
        real_child(*args)

    monkeypatch.setattr(Project, "load_and_check", check)
    monkeypatch.setattr(generate, "_start_engines", start)
    monkeypatch.setattr(twocores, "child_work", marked)
    # The child is forked before the run hashes its files (as `sop check`'s).
    events: list[str] = []
    real_early, real_key = twocores.TwoCores.start_early, generate.runcache.cache_key

    def early(self) -> None:
        real_early(self)
        events.append(f"forked={self.started}")

    def key(*args, **kwargs) -> str:
        events.append("hashed")
        return real_key(*args, **kwargs)

    monkeypatch.setattr(twocores.TwoCores, "start_early", early)
    monkeypatch.setattr(generate.runcache, "cache_key", key)
    try:
        first = generate.generate_run(Project(fresh / "sops"), tmp_path / "out1", "id")
        assert order == ["engines", "check"]  # a new machine: compiled beside the check
        assert marker.exists()  # its child forked before the compiler's thread started
        _forget(fresh)
        order.clear()
        marker.unlink(missing_ok=True)
        monkeypatch.setattr(project_module, "_LAST", {})
        second = generate.generate_run(Project(fresh / "sops"), tmp_path / "out2", "id")
        assert order == ["engines", "check"]  # kept: loaded beside the check
        assert marker.exists()  # the check had its second process
        assert events[-2:] == ["forked=True", "hashed"]
        _forget(fresh)
        order.clear()
        marker.unlink()
        monkeypatch.setattr(project_module, "_LAST", {})
        monkeypatch.setenv(twocores.ENV, "off")  # no child: kept modules after the check
        third = generate.generate_run(Project(fresh / "sops"), tmp_path / "out3", "id")
        assert order == ["check", "engines"] and not marker.exists()
        assert third.stdout.replace("out3", "out1") == first.stdout
        assert second.stdout.replace("out2", "out1") == first.stdout
        assert second.exit_code == first.exit_code
        files = sorted(p.relative_to(tmp_path / "out1") for p in (tmp_path / "out1").rglob("*"))
        assert files == sorted(
            p.relative_to(tmp_path / "out2") for p in (tmp_path / "out2").rglob("*")
        )
        for name in files:
            one, two = tmp_path / "out1" / name, tmp_path / "out2" / name
            assert one.is_dir() or one.read_bytes() == two.read_bytes(), name
        _no_child_left()
    finally:
        usersecret.user_secret.cache_clear()
