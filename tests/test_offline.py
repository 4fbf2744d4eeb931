"""Nothing is fetched: the site builds with networking off.

(The browser tests assert that no request leaves loopback when pages open:
tests/test_site_browser.py for the project, tests/test_injection.py for the
hostile corpus.)
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .site_project import SOP, copy_project


@pytest.mark.slow
@pytest.mark.skipif(
    not sys.platform.startswith("linux")
    or not hasattr(os, "geteuid")
    or os.geteuid() != 0
    or shutil.which("unshare") is None,
    reason="needs root and unshare -n (Linux)",
)
def test_the_site_and_handbook_build_without_a_network(tmp_path: Path):
    project = copy_project(tmp_path / "p")
    probe = subprocess.run(
        [
            "unshare",
            "-n",
            sys.executable,
            "-c",
            "import socket; socket.create_connection(('1.1.1.1', 53), 2)",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert probe.returncode != 0  # the namespace really has no network
    done = subprocess.run(
        ["unshare", "-n", str(SOP), "build"],
        cwd=project,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert (project / "site" / "index.html").is_file()
