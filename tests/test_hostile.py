"""A corpus of hostile and broken SOP files, each with its exact expected outcome.

Each file in `tests/hostile/cases/` is checked alone (next to the real
registries) with `sop check --no-cache`; the output and exit code must equal
`tests/hostile/expected/<name>.txt`. After a deliberate change of behaviour,
regenerate with `UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_hostile.py` and
review the diff of the expected files like any other change.

Cases too big or too repetitive to keep as files are generated here.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from .conftest import MINIMAL_SOP, SOPS

HOSTILE = Path(__file__).resolve().parent / "hostile"
CASES = sorted((HOSTILE / "cases").glob("*.yaml"))


def run_check(tmp_path: Path, files: dict[str, bytes]) -> str:
    folder = tmp_path / "sops"
    folder.mkdir(exist_ok=True)
    for name in ("organisasi.yaml", "peraturan.yaml"):
        if name not in files:
            shutil.copy(SOPS / name, folder / name)
    for name, raw in files.items():
        (folder / name).write_bytes(raw)
    done = subprocess.run(
        [sys.executable, "-m", "generator.cli", "check", "--no-cache", "sops"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "Traceback" not in done.stderr, done.stderr
    return f"{done.stdout}--- stderr\n{done.stderr}--- exit {done.returncode}\n"


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.stem)
def test_case_gives_its_expected_outcome(case: Path, tmp_path: Path):
    outcome = run_check(tmp_path, {case.name: case.read_bytes()})
    expected = HOSTILE / "expected" / f"{case.stem}.txt"
    if os.environ.get("UPDATE_GOLDEN"):
        expected.write_text(outcome, "utf-8")
    assert outcome == expected.read_text("utf-8")


def test_fifty_megabytes_is_refused_quickly(tmp_path: Path):
    huge = MINIMAL_SOP.encode() + b"# " + b"x" * 50_000_000 + b"\n"
    outcome = run_check(tmp_path, {"besar.yaml": huge})
    assert "sops/besar.yaml:1:1: galat loader.too_large berkas terlalu besar (" in outcome
    assert outcome.endswith("--- exit 1\n")


def test_two_hundred_steps_and_thirty_roles(tmp_path: Path):
    organisasi = yaml.safe_load((SOPS / "organisasi.yaml").read_text("utf-8"))
    roles = [f"peran_{n:02d}" for n in range(30)]
    for role in roles:
        organisasi["jabatan"][role] = {"nama": f"Jabatan Nomor {role[-2:]}"}
    steps = [
        {
            "kegiatan": f"Memeriksa berkas tahap {n}",
            "pelaksana": roles[n % 30],
            "kelengkapan": "Berkas",
            "waktu": "15 menit",
            "output": f"Berkas tahap {n}",
        }
        for n in range(200)
    ]
    steps[150]["jawaban"] = {"Ya": "lanjut", "Tidak": 100}
    sop = {
        "nama": "Layanan Panjang",
        "nomor": "470/9/SOP/2024",
        "unit": {"bidang": "pdip", "seksi": "kerjasama"},
        "pelaksana": roles,
        "prosedur": steps,
    }
    outcome = run_check(
        tmp_path,
        {
            "organisasi.yaml": yaml.safe_dump(organisasi, allow_unicode=True).encode(),
            # sort_keys=False: the first answer (Ya) is the main path
            "panjang.yaml": yaml.safe_dump(sop, allow_unicode=True, sort_keys=False).encode(),
        },
    )
    assert "jalur utama: 6 hari 5 jam" in outcome  # 200 x 15 menit = 3,000 menit
    # plus steps 100..151 once more: 52 x 15 menit = 780 menit
    assert "kasus terburuk (setiap panah balik sekali): 8 hari 3 jam" in outcome
    assert outcome.endswith("--- exit 0\n")


def test_file_names_that_cannot_be_ids(tmp_path: Path):
    outcome = run_check(
        tmp_path, {"Layanan Baru.yaml": MINIMAL_SOP.encode(), "ABC.yaml": MINIMAL_SOP.encode()}
    )
    assert "sops/ABC.yaml:1:1: galat loader.bad_file_name" in outcome
    assert "sops/Layanan Baru.yaml:1:1: galat loader.bad_file_name" in outcome
