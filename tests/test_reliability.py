"""Builds you can trust: reproducible output, and no network needed."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import REPO

SOP = str(Path(sys.executable).parent / "sop")


def project_copy(target: Path) -> Path:
    """A copy of the project's inputs (sops/, docs/, mkdocs.yml) in `target`."""
    target.mkdir(parents=True)
    shutil.copytree(REPO / "sops", target / "sops")
    shutil.copytree(REPO / "docs", target / "docs")
    shutil.copy(REPO / "mkdocs.yml", target / "mkdocs.yml")
    return target


def tree_digest(folder: Path) -> dict[str, str]:
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def build(
    folder: Path, *prefix: str, no_handbook: bool = False
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1767225600"}
    command = [*prefix, SOP, "build", *(["--no-handbook"] if no_handbook else [])]
    return subprocess.run(command, cwd=folder, capture_output=True, text=True, env=env, timeout=600)


@pytest.mark.slow
def test_two_builds_in_different_folders_are_byte_identical(tmp_path: Path):
    first, second = project_copy(tmp_path / "a"), project_copy(tmp_path / "one" / "b")
    for folder in (first, second):
        result = build(folder)
        assert result.returncode == 0, result.stdout + result.stderr
    assert tree_digest(first / "site") == tree_digest(second / "site")


def _can_unshare() -> bool:
    if not shutil.which("unshare"):
        return False
    probe = subprocess.run(["unshare", "-n", "true"], capture_output=True, check=False)
    return probe.returncode == 0


@pytest.mark.slow
@pytest.mark.skipif(not _can_unshare(), reason="needs `unshare -n` (root or user namespaces)")
def test_build_needs_no_network(tmp_path: Path):
    folder = project_copy(tmp_path / "offline")
    result = build(folder, "unshare", "-n", "--")
    assert result.returncode == 0, result.stdout + result.stderr
    assert (folder / "site" / "index.html").is_file()


@pytest.mark.slow
def test_a_build_killed_midway_leaves_the_previous_site_untouched(tmp_path: Path):
    folder = project_copy(tmp_path / "p")
    first = build(folder, no_handbook=True)
    assert first.returncode == 0, first.stdout + first.stderr
    before = tree_digest(folder / "site")
    # Change an SOP so the next build has real work, then interrupt it at
    # several moments (SIGINT = Ctrl-C, SIGKILL = power cut).
    target = folder / "sops" / "pdip" / "inovasi-pelayanan.yaml"
    target.write_text(target.read_text("utf-8").replace("1 hari", "2 hari", 1), "utf-8")
    seen: list[dict[str, str]] = []
    # The first interruption waits for the build's staging folder to appear, so
    # at least one lands mid-build whatever the machine's load; the others come
    # at fixed moments and may land before, during or after the swap.
    moments = (("staging", signal.SIGINT), (1.0, signal.SIGKILL), (2.0, signal.SIGINT))
    for moment, signal_number in moments:
        process = subprocess.Popen(
            [SOP, "build", "--no-handbook"],
            cwd=folder,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env={**os.environ, "SOURCE_DATE_EPOCH": "1767225600"},
        )
        if moment == "staging":
            _wait_for_staging(folder, process)
        else:
            time.sleep(moment)
        process.send_signal(signal_number)
        process.wait(timeout=120)
        if process.returncode == 0:
            continue  # it finished before the signal: nothing to prove this round
        seen.append(tree_digest(folder / "site"))
    assert seen, "no build was interrupted"
    # A signal may land after the finished site was swapped in: then the new
    # site is there, whole. Anything else (half a site, none) is a failure.
    finished = build(folder, no_handbook=True)
    assert finished.returncode == 0, finished.stdout + finished.stderr
    after = tree_digest(folder / "site")
    assert after != before
    for site in seen:
        assert site in (before, after)
    assert before in seen, "at least one interruption came before the swap"


def _wait_for_staging(folder: Path, process: subprocess.Popen[bytes]) -> None:
    """Return as soon as the build has made its staging folder beside site/, or
    when the process has ended. No extra moment: on a busy machine the test may
    be descheduled long enough for the build to finish and swap."""
    deadline = time.monotonic() + 120
    while process.poll() is None and time.monotonic() < deadline:
        if any(entry.name.startswith(".site-new-") for entry in folder.iterdir()):
            return
        time.sleep(0.005)


@pytest.mark.slow
def test_sitemap_dates_follow_the_last_commit_by_default(tmp_path: Path):
    folder = project_copy(tmp_path / "p")
    config = folder / "mkdocs.yml"  # the sitemap lists pages only with a site URL
    config.write_text("site_url: https://sop.example.go.id/\n" + config.read_text("utf-8"))
    git_env = {
        **os.environ,
        "GIT_AUTHOR_DATE": "2026-03-04T05:06:07+00:00",
        "GIT_COMMITTER_DATE": "2026-03-04T05:06:07+00:00",
    }
    for command in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-qm", "sops"]):
        subprocess.run(
            ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", *command],
            cwd=folder,
            env=git_env,
            check=True,
            capture_output=True,
        )
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    result = subprocess.run(
        [SOP, "build", "--no-handbook"], cwd=folder, capture_output=True, text=True, env=env
    )
    assert result.returncode == 0, result.stdout + result.stderr
    sitemap = (folder / "site" / "sitemap.xml").read_text("utf-8")
    assert "<lastmod>2026-03-04</lastmod>" in sitemap
