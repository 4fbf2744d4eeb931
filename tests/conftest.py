"""Shared helpers: build a small sops/ folder in a temporary directory."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SOPS = REPO / "sops"

# A minimal valid SOP, used as the base of many cases.
MINIMAL_SOP = textwrap.dedent(
    """\
    nama: Contoh Layanan
    unit:
      bidang: pdip
      seksi: kerjasama
    pelaksana: [staf, kasi_kerjasama]
    prosedur:
      - kegiatan: Menyiapkan berkas
        pelaksana: staf
        waktu: 15 menit
      - kegiatan: Memeriksa berkas
        pelaksana: kasi_kerjasama
        waktu: 30 menit
    """
)


@pytest.fixture
def sops_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A sops/ folder with the real registries and no SOP; the cwd is its parent."""
    folder = tmp_path / "sops"
    folder.mkdir()
    shutil.copy(SOPS / "organisasi.yaml", folder)
    shutil.copy(SOPS / "peraturan.yaml", folder)
    monkeypatch.chdir(tmp_path)
    return folder


@pytest.fixture
def as_user(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """`as_user(name)` makes this process and the commands it starts run as a user
    whose store secret lives in tmp_path/name (`SOP_USER_CACHE`)."""
    from generator import usersecret

    def switch(name: str) -> None:
        monkeypatch.setenv("SOP_USER_CACHE", str(tmp_path / name))
        usersecret.user_secret.cache_clear()

    yield switch
    usersecret.user_secret.cache_clear()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite the expected outputs under tests/golden/ from the current code",
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    """True when the run was asked to rewrite the golden files (`--update-golden`)."""
    return bool(request.config.getoption("--update-golden"))
