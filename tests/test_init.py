"""`sop init`: a new office's project that checks, builds and runs its hooks offline."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from openpyxl import load_workbook

from generator.cli import cli
from generator.commands import init as init_command
from generator.schema import SCHEMAS

REPO = Path(__file__).resolve().parent.parent
FLAGS = (
    "--nama",
    "Dinas Kependudukan dan Pencatatan Sipil",
    "--wilayah",
    "Kabupaten Uji",
    "--singkatan",
    "Disdukcapil",
)
BIN = Path(sys.executable).parent


def run(*args: str, cwd: Path, check: bool = False) -> subprocess.CompletedProcess[str]:
    """Run a command of this venv (sop, pre-commit, git) with no terminal and no network."""
    env = {
        **os.environ,
        "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        "PRE_COMMIT_HOME": str(cwd / ".pre-commit-home"),
        "GIT_AUTHOR_NAME": "Uji",
        "GIT_AUTHOR_EMAIL": "uji@example.invalid",
        "GIT_COMMITTER_NAME": "Uji",
        "GIT_COMMITTER_EMAIL": "uji@example.invalid",
        "PIP_NO_INDEX": "1",
    }
    done = subprocess.run(
        list(args), cwd=cwd, capture_output=True, text=True, stdin=subprocess.DEVNULL, env=env
    )
    if check:
        assert done.returncode == 0, done.stdout + done.stderr
    return done


def sop(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return run(sys.executable, "-m", "generator.cli", *args, cwd=cwd)


@pytest.mark.slow
def test_init_in_an_empty_folder_then_check_build_and_hooks(tmp_path: Path):
    project = tmp_path / "sop-kabupaten-uji"
    made = sop("init", str(project), *FLAGS, cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    for name in (
        "sops/organisasi.yaml",
        "sops/peraturan.yaml",
        "sops/pengaturan.yaml",
        "sops/sekretariat/pengelolaan-surat-masuk.yaml",
        "mkdocs.yml",
        "docs/tentang.md",
        ".gitignore",
        ".gitattributes",
        ".vscode/settings.json",
        ".vscode/extensions.json",
        ".pre-commit-config.yaml",
        ".gitlab-ci.yml",
        ".github/workflows/sop.yml",
        *(f"docs/schema/{name}.schema.json" for name in SCHEMAS),
    ):
        assert (project / name).is_file(), name
    assert "Kabupaten Uji" in (project / "sops/organisasi.yaml").read_text("utf-8")
    assert "Palembang" not in "".join(
        p.read_text("utf-8") for p in project.rglob("*") if p.is_file() and p.suffix != ".json"
    )

    checked = sop("check", "--strict", "--format", "json", cwd=project)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    findings = json.loads(checked.stdout)["findings"]
    # Only the note that the new office has no logo yet for the printed book (info).
    assert [(f["rule"], f["severity"]) for f in findings] == [("kop-tak-lengkap", "info")]
    built = sop("build", cwd=project)
    assert built.returncode == 0, built.stderr
    assert (project / "site/index.html").is_file()
    assert (project / "site/buku-sop.pdf").is_file()
    register = load_workbook(project / "site/register-sop.xlsx").active
    assert register["C2"].value == "Pengelolaan Surat Masuk"
    assert "register-sop.xlsx" in (project / "site/pemantauan/index.html").read_text("utf-8")

    # The hooks, in a git repository: the generated config, then this repository's
    # .pre-commit-hooks.yaml run as `repo: local` with the installed `sop` (no network).
    run("git", "init", "-q", cwd=project, check=True)
    run("git", "add", "-A", cwd=project, check=True)
    staged = run("git", "diff", "--cached", "--name-only", cwd=project).stdout.split()
    assert not [p for p in staged if p.startswith(("site/", ".sop-cache/"))], staged
    ours = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text("utf-8"))
    local = {"repos": [{"repo": "local", "hooks": [{**h, "language": "system"} for h in ours]}]}
    (tmp_path / "hooks.yaml").write_text(yaml.safe_dump(local), "utf-8")
    for config in (".pre-commit-config.yaml", str(tmp_path / "hooks.yaml")):
        passed = run("pre-commit", "run", "--all-files", "-c", config, cwd=project)
        assert passed.returncode == 0, passed.stdout + passed.stderr
        assert "sop check" in passed.stdout and "Passed" in passed.stdout

    # A broken SOP and a badly formatted one make the hooks fail.
    example = project / "sops/sekretariat/pengelolaan-surat-masuk.yaml"
    text = example.read_text("utf-8")
    example.write_text(text.replace("    pelaksana: staf\n", "    pelaksana: stafff\n", 1))
    (project / "sops/sekretariat/acak.yaml").write_text(
        text.replace("nama: Pengelolaan Surat Masuk\n", "").replace(
            "status: draf\n", "status: draf\nnama: Acak\n"
        ),
        "utf-8",
    )
    run("git", "add", "-A", cwd=project, check=True)
    failed = run("pre-commit", "run", "--all-files", cwd=project)
    assert failed.returncode == 1
    assert "stafff" in failed.stdout
    assert "acak.yaml" in failed.stdout


@pytest.mark.slow
def test_init_in_an_existing_repository_never_overwrites(tmp_path: Path):
    run("git", "init", "-q", cwd=tmp_path, check=True)
    (tmp_path / ".gitignore").write_text("rahasia/\n", "utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: Punya kami\n", "utf-8")
    made = sop("init", *FLAGS, cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    assert (tmp_path / ".gitignore").read_text("utf-8") == "rahasia/\n"
    assert (tmp_path / "mkdocs.yml").read_text("utf-8") == "site_name: Punya kami\n"
    assert "sudah ada, tidak diubah: .gitignore" in made.stdout
    assert (tmp_path / "sops/organisasi.yaml").is_file()
    again = sop("init", *FLAGS, cwd=tmp_path)
    assert again.returncode == 0
    assert "tidak ada yang ditulis" in again.stdout


def test_init_writes_lf_line_ends_and_valid_json(tmp_path: Path):
    assert sop("init", *FLAGS, cwd=tmp_path).returncode == 0
    for path in tmp_path.rglob("*"):
        if path.is_file():
            assert b"\r\n" not in path.read_bytes(), path
    settings = json.loads((tmp_path / ".vscode/settings.json").read_text("utf-8"))
    for schema in settings["yaml.schemas"]:
        assert (tmp_path / schema).is_file(), schema
    assert "*.yaml text eol=lf" in (tmp_path / ".gitattributes").read_text("utf-8")
    ignored = (tmp_path / ".gitignore").read_text("utf-8")
    assert "/site/" in ignored and ".sop-cache/" in ignored
    first_line = (tmp_path / "sops/sekretariat/pengelolaan-surat-masuk.yaml").open().readline()
    assert first_line.strip().endswith("=../../docs/schema/sop.schema.json")
    gitlab = yaml.safe_load((tmp_path / ".gitlab-ci.yml").read_text("utf-8"))
    assert "sop check --strict" in gitlab["periksa"]["script"]
    assert gitlab["pages"]["artifacts"]["paths"] == ["public"]
    yaml.safe_load((tmp_path / ".github/workflows/sop.yml").read_text("utf-8"))


def test_init_without_terminal_needs_the_three_flags(tmp_path: Path):
    done = sop("init", "--nama", "Dinas Uji", cwd=tmp_path)
    assert done.returncode == 2
    assert "wilayah" in done.stderr and "saran:" in done.stderr
    assert not (tmp_path / "sops").exists()


def test_init_asks_in_a_terminal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(init_command, "_interactive", lambda: True)
    answers = "Badan Kepegawaian Daerah\nKota Contoh\nBKD\nBidang Mutasi\nSeksi A, Seksi B\n"
    answers += "Kepala Badan\n"
    result = CliRunner().invoke(cli, ["init", str(tmp_path / "baru")], input=answers)
    assert result.exit_code == 0, result.output
    organisasi = yaml.safe_load((tmp_path / "baru/sops/organisasi.yaml").read_text("utf-8"))
    assert organisasi["instansi"]["singkatan"] == "BKD"
    assert set(organisasi["bidang"]["bidang_mutasi"]["seksi"]) == {"seksi_a", "seksi_b"}
    assert "kepala_badan" in organisasi["jabatan"]
    assert (tmp_path / "baru/sops/bidang_mutasi/pengelolaan-surat-masuk.yaml").is_file()
    shutil.rmtree(tmp_path / "baru")


def test_init_into_a_file_is_a_usage_error(tmp_path: Path):
    (tmp_path / "berkas").write_text("x", "utf-8")
    done = sop("init", "berkas", *FLAGS, cwd=tmp_path)
    assert done.returncode == 2 and "bukan folder" in done.stderr
