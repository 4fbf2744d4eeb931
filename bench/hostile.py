"""Hostile files, one at a time: what each costs `sop check`, and a build that contains it.

    .venv/bin/python -m bench.hostile            # table of every case
    .venv/bin/python -m bench.hostile --quick    # `sop check` only, no build
    .venv/bin/python -m bench.hostile --case at_every_limit --handbook   # one case, book too

Each case is one file (or folder entry) placed next to the project's own SOPs
in a copy of the project. Measured for each: `sop check --no-cache` on the
project (wall time, peak memory of the process, exit code, first problem
line), and `sop build --no-handbook` (wall time, whether the other SOPs were
published). Targets (issue 14): check at most 5 s and 500 MB per case; a
build under 60 s. Peak memory is read with `resource` (POSIX); elsewhere "-".
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
SOP = Path(sys.executable).parent / "sop"
ROLES = ["staf", "kasi_kerjasama"]


def _sop(steps: list[dict], roles: list[str] | None = None, **extra: object) -> bytes:
    data = {
        "nama": "Layanan Uji",
        "unit": {"bidang": "pdip", "seksi": "kerjasama"},
        "pelaksana": roles or ROLES,
        "prosedur": steps,
        **extra,
    }
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return yaml.dump(data, Dumper=dumper, allow_unicode=True, sort_keys=False, width=10**9).encode()


def _step(n: int, role: str = "staf", **extra: object) -> dict:
    return {"kegiatan": f"Memeriksa berkas {n}", "pelaksana": role, "waktu": "15 menit", **extra}


def ten_thousand_steps(folder: Path, name: str = "uji") -> None:
    (folder / f"{name}.yaml").write_bytes(_sop([_step(n) for n in range(10_000)]))


def lanes_500_by_1000_steps(folder: Path, name: str = "uji") -> None:
    roles = [f"peran_{n}" for n in range(500)]
    steps = [_step(n, roles[n % 500]) for n in range(1000)]
    (folder / f"{name}.yaml").write_bytes(_sop(steps, roles))


def one_huge_label(folder: Path, name: str = "uji") -> None:
    (folder / f"{name}.yaml").write_bytes(_sop([_step(1, kegiatan="Kata " * 380_000)]))


def waktu_with_thousands_of_digits(folder: Path, name: str = "uji") -> None:
    (folder / f"{name}.yaml").write_bytes(_sop([_step(1, waktu="9" * 1500 + " menit")]))


def integer_with_thousands_of_digits(folder: Path, name: str = "uji") -> None:
    raw = _sop([_step(1)]).replace(b"nama: Layanan Uji", b"nomor: " + b"7" * 5000 + b"\nnama: X")
    (folder / f"{name}.yaml").write_bytes(raw)


def deep_nesting(folder: Path, name: str = "uji") -> None:
    (folder / f"{name}.yaml").write_bytes(b"nama: " + b"[" * 50_000 + b"]" * 50_000 + b"\n")


def many_list_items(folder: Path, name: str = "uji") -> None:
    step = _step(1, kelengkapan=[f"Berkas {n}" for n in range(100_000)])
    (folder / f"{name}.yaml").write_bytes(_sop([step]))


def three_gigabytes_sparse(folder: Path, name: str = "uji") -> None:
    with (folder / f"{name}.yaml").open("wb") as stream:
        stream.write(_sop([_step(1)]))
        stream.truncate(3 * 1024**3)


def fifo_named_yaml(folder: Path, name: str = "uji") -> None:
    os.mkfifo(folder / f"{name}.yaml")


def symlink_out_of_project(folder: Path, name: str = "uji") -> None:
    outside = Path(tempfile.gettempdir()) / f"sop-hostile-outside-{os.getpid()}.yaml"
    outside.write_bytes(_sop([_step(1)]))
    (folder / f"{name}.yaml").symlink_to(outside)


def symlink_to_dev_zero(folder: Path, name: str = "uji") -> None:
    (folder / f"{name}.yaml").symlink_to("/dev/zero")


def at_every_limit(folder: Path, name: str = "uji") -> None:
    """Every bound of generator/limits.py reached at once, each within it: 200 steps,
    30 roles with 120-character names, 2,000-character texts, return arrows over
    many rows. Loads; too large to draw (generator/drawsize.py)."""
    registry = folder / "organisasi.yaml"
    organisasi = yaml.safe_load(registry.read_text("utf-8"))
    roles = [f"{name}_peran_{n:02d}" for n in range(30)]
    for role in roles:
        organisasi["jabatan"][role] = {"nama": f"Jabatan {role} " + "Pelaksana " * 11}
    registry.write_text(yaml.safe_dump(organisasi, allow_unicode=True), "utf-8")
    text = ("Memeriksa kelengkapan berkas permohonan " * 50)[:2000]
    steps = []
    for n in range(200):
        step = _step(n, roles[(n * 7) % 30], kegiatan=text, output=text, keterangan=text)
        if n % 2 and n > 2:
            step["pertanyaan"] = text
            step["jawaban"] = {"Ya": "lanjut", "Tidak": max(1, n - 1 - (n * 13) % min(n, 150))}
        steps.append(step)
    (folder / f"{name}.yaml").write_bytes(_sop(steps, roles))


def largest_drawn(folder: Path, name: str = "uji") -> None:
    """The largest SOP that is still drawn: just under every drawing limit
    (generator/drawsize.py): 200 steps x 11 roles, ~60,000 characters of text,
    return arrows over ~3,000 rows. What one SOP can cost the chart and the book."""
    registry = folder / "organisasi.yaml"
    organisasi = yaml.safe_load(registry.read_text("utf-8"))
    roles = [f"{name}_peran_{n:02d}" for n in range(11)]
    for role in roles:
        organisasi["jabatan"][role] = {"nama": f"Jabatan {role[-2:]}", "singkatan": role[-8:]}
    registry.write_text(yaml.safe_dump(organisasi, allow_unicode=True), "utf-8")
    text = ("Memeriksa kelengkapan berkas permohonan " * 10)[:290]
    steps = []
    for n in range(200):
        step = _step(n, roles[(n * 7) % 11], kegiatan=text)
        if n % 5 == 4 and n > 10:
            step["jawaban"] = {"Ya": "lanjut", "Tidak": max(1, n - 99)}
        steps.append(step)
    (folder / f"{name}.yaml").write_bytes(_sop(steps, roles))


def baseline(folder: Path, name: str = "uji") -> None:
    """Nothing added: the project's own SOPs, to compare with in the same run."""


# Not hostile, for measuring only (`--case baseline --case largest_drawn`).
SIZES: dict[str, Callable[[Path, str], None]] = {
    "baseline": baseline,
    "largest_drawn": largest_drawn,
}

CASES: dict[str, Callable[[Path, str], None]] = {
    case.__name__: case
    for case in (
        ten_thousand_steps,
        lanes_500_by_1000_steps,
        one_huge_label,
        waktu_with_thousands_of_digits,
        integer_with_thousands_of_digits,
        deep_nesting,
        many_list_items,
        three_gigabytes_sparse,
        fifo_named_yaml,
        symlink_out_of_project,
        symlink_to_dev_zero,
        at_every_limit,
    )
}


def make_project(target: Path, case: str) -> Path:
    """A copy of the project (mkdocs.yml, docs/, sops/) with `case` added to sops/."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "mkdocs.yml", target / "mkdocs.yml")
    shutil.copytree(REPO / "docs", target / "docs")
    shutil.copytree(REPO / "sops", target / "sops")
    {**CASES, **SIZES}[case](target / "sops")
    return target


def run_measured(project: Path, *args: str, timeout: float = 300) -> dict[str, object]:
    """Run `sop *args` in `project`: seconds, peak MB (POSIX), exit code, output."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [str(SOP), *args]
    if sys.platform != "win32" and Path("/usr/bin/time").exists():
        command = ["/usr/bin/time", "-f", "%M %U %S", *command]
    start = time.perf_counter()
    try:
        done = subprocess.run(
            command, cwd=project, capture_output=True, text=True, env=env, timeout=timeout
        )
    except subprocess.TimeoutExpired:
        return {
            "seconds": timeout,
            "cpu": None,
            "mb": None,
            "exit": "timeout",
            "stdout": "",
            "stderr": "",
        }
    seconds = time.perf_counter() - start
    stderr, mb, cpu = done.stderr, None, None
    if command[0] == "/usr/bin/time":
        *lines, last = stderr.rstrip("\n").split("\n")
        fields = last.split()
        if len(fields) == 3 and fields[0].isdigit():
            stderr, mb = "\n".join(lines), int(fields[0]) / 1024
            cpu = float(fields[1]) + float(fields[2])  # user + system, this process only
    return {
        "seconds": seconds,
        "cpu": cpu,
        "mb": mb,
        "exit": done.returncode,
        "stdout": done.stdout,
        "stderr": stderr,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="sop check only")
    parser.add_argument(
        "--case", action="append", choices=sorted({**CASES, **SIZES}), help="only these"
    )
    parser.add_argument("--handbook", action="store_true", help="build the handbook too")
    parser.add_argument("--timeout", type=float, default=300, help="seconds per command")
    options = parser.parse_args()
    print("| case | check s | check CPU s | check MB | exit | build s | build CPU s | published |")
    print("|---|---|---|---|---|---|---|---|")
    for case in options.case or CASES:
        with tempfile.TemporaryDirectory() as folder:
            project = make_project(Path(folder) / "p", case)
            check = run_measured(project, "check", "--no-cache", timeout=options.timeout)
            build_s, build_cpu, published = "-", "-", "-"
            if not options.quick:
                book = "--handbook" if options.handbook else "--no-handbook"
                build = run_measured(project, "build", book, timeout=options.timeout)
                build_s = f"{build['seconds']:.1f}" + ("" if build["exit"] == 0 else "!")
                build_cpu = _number(build["cpu"])
                published = str((project / "site" / "sop" / "pelayanan-kerjasama").is_dir())
            mb = _number(check["mb"], "{:.0f}")
            row = [case, f"{check['seconds']:.2f}", _number(check["cpu"]), mb, str(check["exit"])]
            print("| " + " | ".join([*row, build_s, build_cpu, published]) + " |", flush=True)


def _number(value: object, form: str = "{:.1f}") -> str:
    return form.format(value) if isinstance(value, float) else "-"


if __name__ == "__main__":
    main()
