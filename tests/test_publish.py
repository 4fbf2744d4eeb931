"""The README's intranet configurations really serve a built site: nginx and Apache
(Debian's packages) on 127.0.0.1, each started on a free port and stopped after.

The configurations are read from README.md itself, so the documented text is
the tested text. Skipped where the server is not installed (.ci/run installs both).
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from .conftest import REPO

pytestmark = pytest.mark.slow

README = (REPO / "README.md").read_text("utf-8")
SOP = Path(sys.executable).parent / "sop"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _block(language: str) -> str:
    match = re.search(rf"```{language}\n(.*?)```", README, re.S)
    assert match, f"README has no {language} block"
    return match.group(1)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def site() -> Iterator[Path]:
    """A built site in a folder every user may read (the servers' workers are not root)."""
    folder = Path(tempfile.mkdtemp(prefix="sop-publish-"))
    folder.chmod(0o755)
    project = folder / "proyek"
    flags = ["--nama", "Dinas Uji", "--wilayah", "Kabupaten Uji", "--singkatan", "DU"]
    subprocess.run(
        [str(SOP), "init", str(project), *flags],
        check=True,
        capture_output=True,
        stdin=subprocess.DEVNULL,
    )
    built = subprocess.run(
        [str(SOP), "build", "--no-handbook"], cwd=project, capture_output=True, text=True
    )
    assert built.returncode == 0, built.stderr
    for path in [project, *project.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    yield project / "site"
    shutil.rmtree(folder, ignore_errors=True)


def _get(url: str) -> tuple[int, str, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type", ""), error.read()


def _wait(port: int, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(process.stderr.read() if process.stderr else "server exited")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError("server did not start")


def _check_served(port: int, site: Path) -> None:
    base = f"http://127.0.0.1:{port}"
    status, kind, body = _get(base + "/")
    assert status == 200 and "text/html" in kind
    assert body == (site / "index.html").read_bytes()
    status, _kind, body = _get(base + "/pemantauan/")
    assert status == 200 and b"register-sop.xlsx" in body
    status, kind, body = _get(base + "/register-sop.xlsx")
    assert status == 200 and kind == XLSX and body[:2] == b"PK"
    status, _kind, body = _get(base + "/tidak-ada/")
    assert status == 404 and body == (site / "404.html").read_bytes()


@contextmanager
def _serving(command: list[str], port: int) -> Iterator[None]:
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        _wait(port, process)
        yield
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_nginx_serves_the_site(site: Path, tmp_path: Path):
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(nginx).exists():
        pytest.skip("nginx is not installed (Debian: nginx-light)")
    port = _free_port()
    server = _block("nginx").replace("listen 80;", f"listen 127.0.0.1:{port};")
    server = server.replace("/srv/sop/site", str(site))
    (tmp_path / "logs").mkdir()
    config = tmp_path / "nginx.conf"
    config.write_text(
        "daemon off;\nworker_processes 1;\n"
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/logs/error.log;\n"
        "events { worker_connections 64; }\n"
        "http {\n  include /etc/nginx/mime.types;\n  access_log off;\n"
        f"  client_body_temp_path {tmp_path}/body;\n  proxy_temp_path {tmp_path}/proxy;\n"
        f"  fastcgi_temp_path {tmp_path}/fcgi;\n  uwsgi_temp_path {tmp_path}/uwsgi;\n"
        f"  scgi_temp_path {tmp_path}/scgi;\n{server}}}\n",
        "utf-8",
    )
    tested = subprocess.run(
        [nginx, "-t", "-c", str(config), "-p", str(tmp_path)], capture_output=True, text=True
    )
    assert tested.returncode == 0, tested.stderr
    with _serving([nginx, "-c", str(config), "-p", str(tmp_path)], port):
        _check_served(port, site)


def test_apache_serves_the_site(site: Path, tmp_path: Path):
    apache = shutil.which("apache2") or "/usr/sbin/apache2"
    modules = Path("/usr/lib/apache2/modules")
    if not Path(apache).exists() or not modules.is_dir():
        pytest.skip("Apache is not installed (Debian: apache2)")
    port = _free_port()
    host = _block("apache").replace("<VirtualHost *:80>", f"<VirtualHost 127.0.0.1:{port}>")
    host = host.replace("/srv/sop/site", str(site))
    loads = "".join(
        f"LoadModule {name}_module {modules}/mod_{name}.so\n"
        for name in ("mpm_event", "authz_core", "dir", "mime")
    )
    config = tmp_path / "apache2.conf"
    config.write_text(
        f"ServerRoot {tmp_path}\nServerName 127.0.0.1\nListen 127.0.0.1:{port}\n{loads}"
        "User nobody\nGroup nogroup\n"
        f"PidFile {tmp_path}/apache.pid\nErrorLog {tmp_path}/error.log\n"
        f"DefaultRuntimeDir {tmp_path}\nTypesConfig /etc/mime.types\n{host}",
        "utf-8",
    )
    env = {**os.environ, "APACHE_RUN_DIR": str(tmp_path)}
    tested = subprocess.run(
        [apache, "-t", "-f", str(config)], capture_output=True, text=True, env=env
    )
    assert tested.returncode == 0, tested.stderr
    with _serving([apache, "-f", str(config), "-DFOREGROUND"], port):
        _check_served(port, site)
