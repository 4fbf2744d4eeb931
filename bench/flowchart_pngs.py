"""Draw the flowcharts that were looked at, as SVG and PNG (headless Chromium).

    .venv/bin/python bench/flowchart_pngs.py [OUT]   # default build/test-artifacts/flowchart

Draws each seed SOP, a 30-step synthetic SOP with many return arrows, a
`--max-rows 4` split of a seed, and an SOP with parallel steps. PNGs need
Debian's `chromium` (skipped when it is missing); the SVGs are always written.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from generator.flowchart import FlowchartOptions, flowchart_svg
from generator.loader import load_repository
from generator.model.sop import Sop

ROOT = Path(__file__).resolve().parent.parent


def synthetic_30() -> Sop:
    """30 steps over six lanes; every fourth step a decision sending the work back."""
    roles = ["staf", "kasi_kerjasama", "kabid_pdip", "sekretaris", "kadis", "instansi_terkait"]
    steps = []
    for number in range(1, 31):
        step = {
            "kegiatan": f"Memeriksa berkas tahap {number} dan kelengkapannya",
            "pelaksana": roles[(number * 7) % len(roles)],
            "waktu": "1 hari",
        }
        if number % 4 == 0:
            step["pertanyaan"] = f"Berkas tahap {number} lengkap?"
            step["jawaban"] = {"Ya": "lanjut", "Tidak": max(1, number - 3 - number % 3)}
        if number == 13:
            step["pelaksana"] = ["kasi_kerjasama", "kadis"]
        if number == 18:  # done by one of two roles
            step["pelaksana"] = ["kabid_pdip", "sekretaris"]
            step["pelaksana_salah_satu"] = True
        steps.append(step)
    data = {"nama": "SOP sintetis 30 langkah", "unit": {"bidang": "pdip"}, "pelaksana": roles}
    return Sop.model_validate({**data, "prosedur": steps})


def parallel_steps() -> Sop:
    """Steps done at the same time (`bersamaan`): in three lanes, and two in one lane."""
    roles = ["staf", "kasi_kerjasama", "kabid_pdip", "kadis"]

    def step(kegiatan: str, role: str, **more: object) -> dict:
        return {"kegiatan": kegiatan, "pelaksana": role, "waktu": "1 jam", **more}

    steps = [
        step("Menerima berkas permohonan", "staf"),
        step("Memverifikasi data kependudukan", "staf", bersamaan=False),
        step("Memverifikasi dokumen pendukung", "kasi_kerjasama", bersamaan=True),
        step("Menelaah dasar hukum", "kabid_pdip", bersamaan=True),
        step(
            "Menilai hasil verifikasi",
            "kasi_kerjasama",
            pertanyaan="Hasil sesuai?",
            jawaban={"Ya": "lanjut", "Tidak": 2},
        ),
        step("Menyiapkan surat jawaban", "staf"),
        step("Menyiapkan salinan untuk arsip", "staf", bersamaan=True),
        step("Menandatangani surat jawaban", "kadis"),
    ]
    data = {"nama": "Langkah bersamaan", "unit": {"bidang": "pdip"}, "pelaksana": roles}
    return Sop.model_validate({**data, "prosedur": steps})


def to_png(svg: Path) -> None:
    """`svg` screenshotted by headless Chromium at its own size (PNG beside it)."""
    program = shutil.which("chromium")
    if program is None:
        return
    head = svg.read_text("utf-8")[:2000]
    width, height = (
        float(v) for v in re.search(r'width="([\d.]+)pt" height="([\d.]+)pt"', head).groups()
    )
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [
                program,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--hide-scrollbars",
                f"--user-data-dir={profile}",
                f"--screenshot={svg.with_suffix('.png')}",
                f"--window-size={int(width * 4 / 3) + 2},{int(height * 4 / 3) + 2}",
                svg.resolve().as_uri(),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    repository = load_repository(ROOT / "sops").repository
    assert repository is not None
    charts: list[tuple[str, Sop, FlowchartOptions]] = [
        (entry.id, entry.sop, FlowchartOptions()) for entry in repository.sops
    ]
    charts.append(("sintetis-30", synthetic_30(), FlowchartOptions()))
    charts.append(("bersamaan", parallel_steps(), FlowchartOptions()))
    charts.append(
        (
            "pemanfaatan-halaman",
            repository.sop("pemanfaatan-data-dan-dokumen").sop,
            FlowchartOptions(max_rows=4),
        )
    )
    for name, sop, options in charts:
        pages = flowchart_svg(sop, repository.organisasi, name=name, options=options)
        for number, svg in enumerate(pages, start=1):
            path = out / (f"{name}.svg" if len(pages) == 1 else f"{name}-{number}.svg")
            path.write_bytes(svg)
            to_png(path)


if __name__ == "__main__":
    main(
        Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "build" / "test-artifacts" / "flowchart"
    )
