"""A non-editable install carries every file the package reads (round 6, i19).

`pyproject.toml`'s package-data listed no `*.html`: a wheel had none of the theme
overrides (search box, footer, editor view, nav memo), so `pip install .` built a
site without them, while the editable install of every developer had them."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from .site_project import copy_project

REPO = Path(__file__).resolve().parent.parent
PACKAGE = REPO / "generator"


def _package_data() -> list[str]:
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    return config["tool"]["setuptools"]["package-data"]["generator"]


def test_every_file_of_the_package_is_in_its_package_data() -> None:
    """Each file under generator/ that is not a module matches a package-data pattern
    (it did not for the seven theme templates, *.html)."""
    covered = {path for pattern in _package_data() for path in PACKAGE.glob(pattern)}
    files = [
        path
        for path in PACKAGE.rglob("*")
        if path.is_file() and path.suffix not in (".py", ".pyc") and "__pycache__" not in path.parts
    ]
    assert len(files) > 50
    left_out = sorted(str(path.relative_to(REPO)) for path in files if path not in covered)
    assert left_out == []


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="POSIX venv layout")
def test_a_wheel_installed_in_a_fresh_venv_builds_the_site_with_the_theme(tmp_path: Path):
    """Builds the wheel (pip, build isolation), installs it without its dependencies
    into a new venv (they are reached through a .pth to this venv's site-packages,
    after the wheel's own files, so `generator` comes from the wheel) and runs
    `sop build` on a copy of the project: the search box and the footer of the
    tool's theme overrides must be in the pages."""
    # The sources as a fresh clone has them: no egg-info or build/ of an earlier
    # install, whose file lists setuptools would take as the package's.
    source = tmp_path / "source"
    shutil.copytree(PACKAGE, source / "generator", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO / name, source / name)
    wheels = tmp_path / "wheels"
    pip = [sys.executable, "-m", "pip"]
    made = subprocess.run(
        [*pip, "wheel", "-q", "--no-deps", "-w", str(wheels), str(source)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert made.returncode == 0, made.stderr
    (wheel,) = wheels.glob("*.whl")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    installed = subprocess.run(
        [*pip, "--python", str(python), "install", "-q", "--no-deps", "--no-index", str(wheel)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert installed.returncode == 0, installed.stderr
    site_packages = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    ours = subprocess.run(
        [sys.executable, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    Path(site_packages, "zz_dependencies.pth").write_text(ours + "\n", encoding="utf-8")
    where = subprocess.run(
        [str(python), "-c", "import generator; print(generator.__file__)"],
        cwd=tmp_path,  # not the work tree, which `-c` would put first on the path
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert where.startswith(site_packages), where  # the wheel's code, not the work tree
    project = copy_project(tmp_path / "p")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    built = subprocess.run(
        [str(venv / "bin" / "sop"), "build", "--no-handbook"],
        cwd=project,
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    assert built.returncode == 0, built.stderr
    page = (project / "site" / "index.html").read_text(encoding="utf-8")
    assert 'class="sop-cari"' in page  # partials/sop-cari.html (the search box)
    assert "data-sop-penyunting" in page  # partials/copyright.html (the editor view)
