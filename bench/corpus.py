"""A deterministic synthetic corpus of SOPs for benchmarks.

Realistic shapes: 5 to 40 steps, 3 to 8 roles, decisions with return arrows,
shared regulations. The same `count` and `seed` always give the same files.

    python bench/corpus.py OUT_DIR --count 1000
"""

from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parent.parent / "generator" / "check" / "examples"
ROLES = ["staf", "kasi", "kabid", "sekretaris", "kadis", "pemohon"]
VERBS = ["Menerima", "Memeriksa", "Menyusun", "Memverifikasi", "Mencetak", "Menandatangani"]
OBJECTS = ["berkas permohonan", "konsep surat", "laporan bulanan", "data kependudukan"]
TIMES = ["15 menit", "30 menit", "1 jam", "2 jam", "1 hari", "1-2 hari", "3 hari kerja"]
REGULATIONS = ["uu-23-2006", "uu-24-2013", "perda-contoh-2-2020"]


def sop_text(rng: random.Random, number: int) -> str:
    """One SOP file's YAML text."""
    roles = rng.sample(ROLES, rng.randint(3, 6))
    steps = rng.randint(5, 40)
    lines = [
        "# yaml-language-server: $schema=../docs/schema/sop.schema.json",
        f"nama: Layanan Sintetis {number}",
        f'nomor: "470/{number}/SOP/2024"',
        "status: " + rng.choice(["draf", "berlaku"]),
        "unit: {bidang: pelayanan, seksi: identitas}",
        "tanggal: {pembuatan: 2024-01-10, revisi: 2024-02-01, efektif: 2024-03-01}",
        'disahkan_oleh: {jabatan: kadis, nama: Budi, nip: "197001012000011001"}',
        f"dasar_hukum: [{', '.join(rng.sample(REGULATIONS, 2))}]",
        "kualifikasi_pelaksana: [Memahami administrasi kependudukan]",
        "peralatan_perlengkapan: [Komputer, Printer]",
        "peringatan: Apabila tidak dilaksanakan, layanan terlambat.",
        "pencatatan_pendataan: Disimpan sebagai data elektronik",
        f"pelaksana: [{', '.join(roles)}]",
        "prosedur:",
    ]
    for index in range(steps):
        role = roles[min(index * len(roles) // steps, len(roles) - 1)]
        lines += [
            f"  - kegiatan: {rng.choice(VERBS)} {rng.choice(OBJECTS)} ({index + 1})",
            f"    pelaksana: {role}",
            f"    kelengkapan: {rng.choice(OBJECTS).capitalize()}",
            f"    waktu: {rng.choice(TIMES)}",
            f"    output: {rng.choice(OBJECTS).capitalize()} selesai",
        ]
        if index > 0 and rng.random() < 0.2:
            back = rng.randint(1, index)
            lines.append(f"    jawaban: {{Ya: lanjut, Tidak: {back}}}")
    return "\n".join(lines) + "\n"


def write_corpus(folder: Path, count: int, seed: int = 35_2012) -> Path:
    """Write `count` SOPs and the example registries into `folder`; return it."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    for name in ("organisasi.yaml", "peraturan.yaml", "logo.svg"):  # the registry names the logo
        shutil.copy(EXAMPLES / name, folder / name)
    rng = random.Random(seed)
    for number in range(1, count + 1):
        sub = folder / f"bidang-{number % 7}"
        sub.mkdir(exist_ok=True)
        (sub / f"sop-{number:04d}.yaml").write_text(sop_text(rng, number), encoding="utf-8")
    return folder


def write_project(folder: Path, count: int) -> Path:
    """A site project in `folder`: the repository's mkdocs.yml and docs/, `count` SOPs as sops/."""
    repo = Path(__file__).resolve().parent.parent
    folder.mkdir(parents=True)
    shutil.copy(repo / "mkdocs.yml", folder / "mkdocs.yml")
    shutil.copytree(repo / "docs", folder / "docs")
    write_corpus(folder / "sops", count)
    return folder


def main() -> None:
    """Command line: write a corpus."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--count", type=int, default=100)
    args = parser.parse_args()
    write_corpus(args.out, args.count)


if __name__ == "__main__":
    main()
