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


@pytest.mark.slow
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
    # Loads and is checked in full; only its drawing is too large (202 rows x 30 roles).
    errors = [line for line in outcome.splitlines() if ": galat " in line]
    assert errors == [
        "sops/panjang.yaml:6:1: galat bagan-terlalu-besar bagan alir dan tabel prosedur terlalu"
        " besar untuk digambar: jumlah sel (baris x pelaksana) 6060 melebihi batas 2400; situs"
        " dan buku menampilkan catatan sebagai gantinya"
    ]
    assert outcome.endswith("--- exit 1\n")


def test_file_names_that_cannot_be_ids(tmp_path: Path):
    outcome = run_check(
        tmp_path, {"Layanan Baru.yaml": MINIMAL_SOP.encode(), "ABC.yaml": MINIMAL_SOP.encode()}
    )
    assert "sops/ABC.yaml:1:1: galat loader.bad_file_name" in outcome
    assert "sops/Layanan Baru.yaml:1:1: galat loader.bad_file_name" in outcome


@pytest.mark.skipif(sys.platform == "win32", reason="Windows cannot create these files")
def test_windows_device_names_are_refused_as_ids(tmp_path: Path):
    """An SOP id or a role id is a file name on the site (sop/<id>/, jabatan/<id>.md):
    a Windows device name there breaks the build and the checkout on Windows."""
    organisasi = (SOPS / "organisasi.yaml").read_text("utf-8") + "  nul:\n    nama: Perangkat\n"
    outcome = run_check(
        tmp_path,
        {
            "organisasi.yaml": organisasi.encode(),
            "con.yaml": MINIMAL_SOP.encode(),
            "com1.yaml": MINIMAL_SOP.encode(),
            "baik.yaml": MINIMAL_SOP.encode(),
        },
    )
    assert "sops/con.yaml:1:1: galat loader.reserved_name id sop 'con' adalah nama perangkat" in (
        outcome
    )
    assert "sops/com1.yaml:1:1: galat loader.reserved_name id sop 'com1'" in outcome
    line = organisasi.splitlines().index("  nul:") + 1
    assert f"sops/organisasi.yaml:{line}:3: galat loader.reserved_name id jabatan 'nul'" in outcome
    assert "sops/baik.yaml" not in outcome.split("--- stderr")[0].split("Berkas yang")[-1]


def test_windows_reserved_names():
    from generator.safepath import windows_reserved

    for name in ("con", "CON", "nul", "Nul.txt", "com1", "lpt9.md", "aux", "prn.yaml", "x.", "x "):
        assert windows_reserved(name), name
    for name in ("console", "com", "com10", "nul-1", "konsep", "lpt", "a.b"):
        assert not windows_reserved(name), name


ODD_TEXT = "A\u202eB\u200bC\u00a0D\U0001f600E\u2028F\ufeffG<&>\"'\\]]>"


@pytest.mark.slow
def test_odd_characters_keep_every_xml_output_well_formed(tmp_path: Path):
    """Characters YAML allows (bidi, zero-width, line separator, BOM, astral,
    XML punctuation) in every text of a step: SVG, BPMN and .docx stay well formed."""
    import zipfile
    from xml.etree import ElementTree

    sop = yaml.safe_load(MINIMAL_SOP)
    sop["nama"] = ODD_TEXT
    for step in sop["prosedur"]:
        step.update(kegiatan=ODD_TEXT, output=ODD_TEXT, kelengkapan=[ODD_TEXT])
    sop["prosedur"][1].update(pertanyaan=ODD_TEXT, jawaban={ODD_TEXT: "lanjut", "Tidak": 1})
    outcome = run_check(tmp_path, {"aneh.yaml": yaml.safe_dump(sop, allow_unicode=True).encode()})
    assert "galat" not in outcome.split("--- stderr")[0].replace("identitas", ""), outcome
    command = [sys.executable, "-m", "generator.cli"]
    for args in (
        ["flowchart", "sops/aneh.yaml", "-o", "aneh.svg"],
        ["flowchart", "sops/aneh.yaml", "--format", "bpmn", "-o", "aneh.bpmn"],
        ["export", "sops/aneh.yaml", "--docx", "aneh.docx"],
    ):
        done = subprocess.run(
            [*command, *args], cwd=tmp_path, capture_output=True, text=True, timeout=120
        )
        assert done.returncode == 0, done.stderr
    ElementTree.parse(tmp_path / "aneh.svg")
    ElementTree.parse(tmp_path / "aneh.bpmn")
    with zipfile.ZipFile(tmp_path / "aneh.docx") as docx:
        for name in docx.namelist():
            if name.endswith(".xml"):
                ElementTree.fromstring(docx.read(name))
