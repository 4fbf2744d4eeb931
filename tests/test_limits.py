"""Hostile files are refused when read, quickly, with a clear message at their place.

The cases are those of the benchmark `bench/hostile.py` (which also measures
memory and a whole build); here each one is checked with `sop check` next
to the project's own SOPs: exit 1, one problem naming the file and the bound,
no traceback, within a few seconds.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bench.hostile import CASES, make_project
from generator.limits import MAX_DEPTH, MAX_DIGITS, MAX_LANES, MAX_STEPS, MAX_TEXT_CHARS
from generator.yamlsource import parse_yaml_bytes

EXPECTED = {
    "ten_thousand_steps": "limits.too_many_steps",
    "lanes_500_by_1000_steps": "limits.too_many_lanes",
    "one_huge_label": "limits.text_too_long",
    "waktu_with_thousands_of_digits": "limits.too_many_digits",
    "integer_with_thousands_of_digits": "limits.too_many_digits",
    "deep_nesting": "limits.too_deep",
    "many_list_items": "limits.too_many_items",
    "three_gigabytes_sparse": "loader.too_large",
    "fifo_named_yaml": "safepath.not_regular",
    "symlink_out_of_project": "safepath.outside",
    "symlink_to_dev_zero": "safepath.outside",
    "at_every_limit": "bagan-terlalu-besar",
}
POSIX_ONLY = {"fifo_named_yaml", "symlink_out_of_project", "symlink_to_dev_zero"}


def test_every_benchmark_case_is_tested():
    assert set(EXPECTED) == set(CASES)


@pytest.mark.slow
def test_hostile_files_are_refused_quickly(tmp_path: Path):
    """All cases in one project (one process, to keep the suite fast): each file gets
    its own problem; the other SOPs are still checked."""
    project = make_project(tmp_path / "project", "ten_thousand_steps")
    for number, case in enumerate(sorted(CASES)):
        if case in POSIX_ONLY and sys.platform == "win32":
            continue
        CASES[case](project / "sops", f"kasus_{number:02d}")
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "generator.cli", "check", "--no-cache"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    seconds = time.perf_counter() - start
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    for number, case in enumerate(sorted(CASES)):
        if case in POSIX_ONLY and sys.platform == "win32":
            continue
        problems = [line for line in lines if line.startswith(f"sops/kasus_{number:02d}.yaml:")]
        assert any(f" {EXPECTED[case]} " in line for line in problems), (case, problems)
    assert seconds < 30, f"{seconds:.1f} s for {len(CASES)} hostile files"


def _problems(text: str) -> list[str]:
    doc, problems = parse_yaml_bytes(text.encode(), "uji.yaml")
    assert (doc is None) == any(p.code.startswith("limits.") for p in problems)
    return [p.code for p in problems]


def _placed(text: str) -> list[str]:
    """The problems of `text` as `line:column code`."""
    _, problems = parse_yaml_bytes(text.encode(), "uji.yaml")
    return [f"{p.position.line}:{p.position.column} {p.code}" for p in problems]


def test_bounds_are_inclusive():
    steps = "".join(f"  - kegiatan: langkah {n}\n" for n in range(MAX_STEPS))
    assert _problems("prosedur:\n" + steps) == []
    assert _problems("prosedur:\n" + steps + "  - kegiatan: satu lagi\n") == [
        "limits.too_many_steps"
    ]
    lanes = "".join(f"  - peran_{n}\n" for n in range(MAX_LANES + 1))
    assert _problems("pelaksana:\n" + lanes) == ["limits.too_many_lanes"]
    assert _problems("nama: " + "a" * MAX_TEXT_CHARS) == []
    assert _problems("nama: " + "a" * (MAX_TEXT_CHARS + 1)) == ["limits.text_too_long"]
    assert _problems("nip: '" + "1" * MAX_DIGITS + "'") == []
    assert _problems("nip: '" + "1" * (MAX_DIGITS + 1) + "'") == ["limits.too_many_digits"]
    assert _problems("nomor: " + "1" * (MAX_DIGITS + 1)) == ["limits.too_many_digits"]


def test_the_problem_is_at_the_place_that_goes_over():
    doc, problems = parse_yaml_bytes(
        ("nama: Layanan\nprosedur:\n  - kegiatan: " + "x" * 3000 + "\n").encode(), "uji.yaml"
    )
    assert doc is None and [str(p.position) for p in problems] == ["uji.yaml:3:15"]


def test_each_bound_is_reported_once_at_its_place_in_one_pass():
    """The bounds are checked while the values are built: a list over its bound is
    reported at the list and its items are not looked at; a key with a control
    character is reported at its value; the build's own problems still come first."""
    items = ", ".join(f'"x{n}\\x01"' for n in range(201))
    assert _placed(f"a: 1\na: 2\nlain: [{items}]\n") == [
        "2:1 loader.duplicate_key",
        "3:7 limits.too_many_items",
    ]
    assert _placed('"k\\x02":\n  dalam: "\\x03"\nb: "1\\x1f"\n') == [
        "2:3 limits.control_character",
        "3:4 limits.control_character",
    ]
    deep = "[" * (MAX_DEPTH + 2) + "1" + "]" * (MAX_DEPTH + 2)
    assert _placed(f"nama: ok\nx: {deep}\n") == [f"2:{MAX_DEPTH + 4} limits.too_deep"]
    assert _placed("nip: " + "9" * (MAX_DIGITS + 5) + " menit\nnama: " + "a" * 2001) == [
        "1:6 limits.too_many_digits",
        "2:7 limits.text_too_long",
    ]


def test_positions_are_found_from_the_marks_kept_while_building():
    """Positions are paired with the values only when asked for: every value and key,
    including those after a duplicate, a merge key, a bad key and a tagged value."""
    text = (
        "a: 1\na: 2\n<<: {x: 1}\n? [k]\n: v\nb:\n  - !!str 3\n  - {c: [d, e], f: null}\ng: tekst\n"
    )
    doc, _ = parse_yaml_bytes(text.encode(), "uji.yaml")
    assert doc is not None
    assert dict(doc.value_positions) == {
        (): (1, 1),
        ("a",): (1, 4),
        ("b",): (7, 3),
        ("b", 0): (7, 5),
        ("b", 1): (8, 5),
        ("b", 1, "c"): (8, 9),
        ("b", 1, "c", 0): (8, 10),
        ("b", 1, "c", 1): (8, 13),
        ("b", 1, "f"): (8, 20),
        ("g",): (9, 4),
    }
    assert dict(doc.key_positions) == {
        ("a",): (1, 1),
        ("b",): (6, 1),
        ("b", 1, "c"): (8, 6),
        ("b", 1, "f"): (8, 17),
        ("g",): (9, 1),
    }
