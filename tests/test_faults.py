"""Disk full, read-only project, permission denied, file vanished: one line, exit 3.

The real faults are made with real file systems: a small tmpfs (disk full)
and a tmpfs remounted read-only, each in a private mount namespace
(`unshare -m`, root only), and a project owned by another user (`setpriv`
to `nobody`). Skipped where those tools or rights are missing.
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.faults import EXIT_FAULT, fault_lines

from .site_project import SOP, copy_project

ROOT_TOOLS = (
    sys.platform.startswith("linux")
    and hasattr(os, "geteuid")
    and os.geteuid() == 0
    and shutil.which("unshare") is not None
)
needs_root = pytest.mark.skipif(not ROOT_TOOLS, reason="needs root and unshare (Linux)")


def _in_namespace(script: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOP": str(SOP)}
    return subprocess.run(
        ["unshare", "-m", "sh", "-ec", script],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


def _one_fault(output: str, kind_words: str) -> None:
    assert "Traceback" not in output, output
    lines = [line for line in output.splitlines() if line.startswith("sop: ")]
    assert len(lines) == 1 and kind_words in lines[0], output
    hint = output.splitlines()[output.splitlines().index(lines[0]) + 1]
    assert hint.startswith("    saran: "), output


@pytest.mark.parametrize(
    ("number", "kind", "words"),
    [
        (errno.ENOSPC, "disk_full", "disk penuh"),
        (errno.EROFS, "read_only", "hanya-baca"),
        (errno.EACCES, "permission", "tidak ada izin"),
        (errno.ENOENT, "vanished", "hilang"),
    ],
)
def test_each_fault_has_its_message(number: int, kind: str, words: str):
    message, hint = fault_lines(OSError(number, os.strerror(number), "site/x.html"), "id")
    assert message.startswith("sop: ") and words in message and "site/x.html" in message
    assert hint.startswith("    saran: ") and "\n" not in message + hint


@needs_root
@pytest.mark.slow
def test_disk_full_during_a_build_keeps_the_old_site(tmp_path: Path):
    project = copy_project(tmp_path / "source")
    mount = tmp_path / "disk"
    mount.mkdir()
    result = _in_namespace(
        f"""
        mount -t tmpfs -o size=8m tmpfs {mount}  # a first build fits (about 6 MB), a second not
        cp -r {project} {mount}/p
        cd {mount}/p
        "$SOP" build --no-handbook > /dev/null 2>&1
        sha256sum site/index.html sops/pdip/*.yaml > {tmp_path}/before
        set +e
        "$SOP" build --no-handbook 2> {tmp_path}/stderr > /dev/null
        echo $? > {tmp_path}/exit
        set -e
        sha256sum site/index.html sops/pdip/*.yaml > {tmp_path}/after
        ls -a > {tmp_path}/entries
        """,
        tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "exit").read_text().strip() == str(EXIT_FAULT)
    _one_fault((tmp_path / "stderr").read_text(), "disk penuh")
    assert (tmp_path / "before").read_text() == (tmp_path / "after").read_text()
    assert not [n for n in (tmp_path / "entries").read_text().split() if n.startswith(".site")]


@needs_root
@pytest.mark.slow
def test_read_only_project(tmp_path: Path):
    project = copy_project(tmp_path / "source")
    sop = project / "sops" / "pdip" / "inovasi-pelayanan.yaml"
    text = sop.read_text("utf-8")
    sop.write_text(text.replace("nama: ", "nama:  ", 1), "utf-8")  # fmt would rewrite it
    mount = tmp_path / "ro"
    mount.mkdir()
    result = _in_namespace(
        f"""
        mount -t tmpfs tmpfs {mount}
        cp -r {project} {mount}/p
        mount -o remount,ro {mount}
        cd {mount}/p
        for command in "fmt" "new --nama Layanan_Baru --bidang pdip --pelaksana staf"; do
          set +e
          "$SOP" $command > /dev/null 2> {tmp_path}/stderr-${{command%% *}}
          echo $? > {tmp_path}/exit-${{command%% *}}
          set -e
        done
        """,
        tmp_path,
    )
    assert result.returncode == 0, result.stderr
    for command in ("fmt", "new"):
        assert (tmp_path / f"exit-{command}").read_text().strip() == str(EXIT_FAULT), command
        _one_fault((tmp_path / f"stderr-{command}").read_text(), "hanya-baca")


@pytest.mark.skipif(
    not ROOT_TOOLS or shutil.which("setpriv") is None, reason="needs root and setpriv"
)
def test_permission_denied(tmp_path: Path):
    project = copy_project(tmp_path / "p")
    sop = project / "sops" / "pdip" / "inovasi-pelayanan.yaml"
    sop.write_text(sop.read_text("utf-8").replace("nama: ", "nama:  ", 1), "utf-8")
    for path in [tmp_path, *tmp_path.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    done = subprocess.run(
        ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", str(SOP), "fmt"],
        cwd=project,
        capture_output=True,
        text=True,
        env={**os.environ, "HOME": str(tmp_path)},
        timeout=120,
    )
    assert done.returncode == EXIT_FAULT, done.stdout + done.stderr
    _one_fault(done.stderr, "tidak ada izin")
