"""`sop serve`: the preview serves the site and rebuilds it (search index included)
when a YAML file changes."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

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


@pytest.mark.slow
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
        body = fetch_until(page, "Pelayanan Kerjasama")
        # The preview is for authors: the editor view is on without the toggle.
        assert "if (true || localStorage" in body
        entry = f"http://127.0.0.1:{port}/pagefind/pagefind-entry.json"
        before = fetch_until(entry, '"languages"')
        sop = project / "sops" / "pdip" / "pelayanan-kerjasama.yaml"
        text = sop.read_text("utf-8")
        sop.write_text(text.replace("nama: Pelayanan Kerjasama", "nama: Kerjasama Antar Daerah"))
        fetch_until(page, "Kerjasama Antar Daerah")
        # The search index was rebuilt with the page: its entry names a new index.
        deadline = time.monotonic() + 60
        while fetch_until(entry, '"languages"') == before and time.monotonic() < deadline:
            time.sleep(0.5)
        assert fetch_until(entry, '"languages"') != before
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
