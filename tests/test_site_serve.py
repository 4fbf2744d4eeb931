"""`sop serve`: the preview serves the site and rebuilds it when a YAML file changes."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

from .site_project import SOP, copy_project


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch_until(url: str, wanted: str, timeout: float = 90) -> str:
    """GET `url` until its body contains `wanted`; return the body."""
    deadline = time.monotonic() + timeout
    body = ""
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                body = response.read().decode("utf-8")
            if wanted in body:
                return body
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.5)
    raise AssertionError(f"{url} never showed {wanted!r}")


def test_serve_reloads_when_a_yaml_file_changes(tmp_path: Path):
    project = copy_project(tmp_path / "project")
    port = free_port()
    server = subprocess.Popen(
        [str(SOP), "serve", "-a", f"127.0.0.1:{port}"],
        cwd=project,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        start_new_session=True,  # its own process group, stopped as a whole below
    )
    try:
        page = f"http://127.0.0.1:{port}/sop/pelayanan-kerjasama/"
        fetch_until(page, "Pelayanan Kerjasama")
        sop = project / "sops" / "pdip" / "pelayanan-kerjasama.yaml"
        text = sop.read_text("utf-8")
        sop.write_text(text.replace("nama: Pelayanan Kerjasama", "nama: Kerjasama Antar Daerah"))
        fetch_until(page, "Kerjasama Antar Daerah")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
