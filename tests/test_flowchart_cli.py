"""`sop flowchart` as a user runs it: outputs, formats, pages, exit codes, messages."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli

from .conftest import MINIMAL_SOP, REPO

KERJASAMA = "sops/pdip/pelayanan-kerjasama.yaml"


def run(*args: str) -> object:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture
def in_repo(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """Run from the repository (SVG runs use --no-cache); a temporary folder for outputs."""
    monkeypatch.chdir(REPO)
    return tmp_path


def test_help_lists_the_options():
    result = run("flowchart", "--help")
    assert result.exit_code == 0
    for option in ("-o, --output", "--format [svg|dot|bpmn]", "--engine [embedded|system]"):
        assert option in result.stdout
    assert "--max-rows" in result.stdout and "--waktu / --no-waktu" in result.stdout
    assert "flowchart" in run("--help").stdout


def test_svg_to_stdout(in_repo: Path):
    result = run("flowchart", KERJASAMA, "--no-cache")
    assert result.exit_code == 0, result.stderr
    assert result.stdout_bytes.startswith(b'<?xml version="1.0"')
    assert b"<title>Diagram alir: Pelayanan Kerjasama" in result.stdout_bytes
    assert result.stdout_bytes.rstrip().endswith(b"</svg>")


def test_output_file_and_dot_format(in_repo: Path):
    out = in_repo / "alur" / "kerjasama.dot"
    result = run("flowchart", KERJASAMA, "--format", "dot", "-o", str(out))
    assert result.exit_code == 0
    text = out.read_text("utf-8")
    assert text.startswith('digraph "pelayanan-kerjasama" {')
    assert "ditulis" in result.stderr and result.stdout == ""


def test_pages_are_written_one_file_each(in_repo: Path):
    out = in_repo / "kerjasama.svg"
    result = run("flowchart", KERJASAMA, "--max-rows", "4", "--no-cache", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    pages = sorted(p.name for p in in_repo.glob("kerjasama-*.svg"))
    assert pages == ["kerjasama-1.svg", "kerjasama-2.svg"]
    assert not out.exists()


def test_pages_as_dot_go_to_stdout_as_several_graphs(in_repo: Path):
    result = run("flowchart", KERJASAMA, "--max-rows", "4", "--format", "dot")
    assert result.exit_code == 0
    assert result.stdout.count("digraph ") == 2
    assert "out_A" in result.stdout and "in_A" in result.stdout


def test_pages_as_svg_need_an_output_file(in_repo: Path):
    result = run("flowchart", KERJASAMA, "--max-rows", "4", "--no-cache")
    assert result.exit_code == 2
    assert "2 halaman" in result.stderr and "-o alur.svg" in result.stderr


def test_language_and_waktu_options(in_repo: Path):
    result = run("--lang", "en", "flowchart", KERJASAMA, "--format", "dot", "--no-waktu")
    assert result.exit_code == 0
    assert "label=Symbols" in result.stdout and "Time:" not in result.stdout


def test_engine_can_be_chosen_by_environment(in_repo: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("SOP_FLOWCHART_ENGINE", "bogus")
    assert run("flowchart", KERJASAMA).exit_code == 2


def test_file_with_problems_exits_1(sops_dir: Path):
    (sops_dir / "rusak.yaml").write_text(MINIMAL_SOP.replace("nama:", "nomr: 1\nnama:"))
    result = run("flowchart", "sops/rusak.yaml")
    assert result.exit_code == 1
    assert "loader.unknown_key_suggest" in result.stdout
    assert "tidak dapat dimuat" in result.stderr


def test_good_file_next_to_a_bad_one_is_drawn(sops_dir: Path):
    (sops_dir / "baik.yaml").write_text(MINIMAL_SOP)
    (sops_dir / "rusak.yaml").write_text("")
    result = run("flowchart", "sops/baik.yaml", "-o", "baik.svg")
    assert result.exit_code == 0, result.stdout + result.stderr
    assert (sops_dir.parent / "baik.svg").read_bytes().startswith(b"<?xml")


def test_missing_file_is_a_usage_error(in_repo: Path):
    assert run("flowchart", "sops/tidak-ada.yaml").exit_code == 2


def sop_process(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "generator.cli", *args],
        cwd=REPO,
        capture_output=True,
        check=False,
        env=env,
    )


def test_missing_system_dot_says_how_to_install_it(tmp_path: Path):
    env = {**os.environ, "PATH": str(tmp_path)}  # no Graphviz on this PATH
    result = sop_process("flowchart", KERJASAMA, "--engine", "system", "--no-cache", env=env)
    assert result.returncode == 2
    stderr = result.stderr.decode()
    assert "program 'dot' dari Graphviz tidak ditemukan" in stderr
    assert "apt-get install graphviz" in stderr and "--engine embedded" in stderr
    assert "Traceback" not in stderr and result.stdout == b""


@pytest.mark.slow
def test_two_runs_give_the_same_bytes():
    first = sop_process("flowchart", KERJASAMA, "--no-cache")
    second = sop_process("flowchart", KERJASAMA, "--no-cache")
    assert first.returncode == 0 and first.stdout == second.stdout
    assert len(first.stdout) > 10_000


def test_bpmn_format_to_a_file(in_repo: Path):
    out = in_repo / "alur.bpmn"
    result = run("flowchart", KERJASAMA, "--format", "bpmn", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    data = out.read_bytes()
    assert data.startswith(b"<?xml") and b"bpmn:definitions" in data and b"BPMNDiagram" in data
