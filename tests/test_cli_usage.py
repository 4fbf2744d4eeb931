"""Click's own usage errors (a wrong option, value, missing argument) are said in
the user's language, as the tool's own two lines, with exit code 2."""

from __future__ import annotations

import subprocess
import sys

import pytest

from .conftest import REPO
from .site_project import run_sop


def sop(*args: str) -> subprocess.CompletedProcess[str]:
    return run_sop(REPO, *args)


@pytest.mark.parametrize(
    ("args", "first_line"),
    [
        (
            ("check", "--format", "xml", "sops"),
            "sop check: '--format': nilai 'xml' tidak dikenal; pilihannya: text, json, sarif",
        ),
        (
            ("flowchart", "tidak-ada.yaml"),
            "sop flowchart: 'FILE': berkas atau folder 'tidak-ada.yaml' tidak ada",
        ),
        (("check", "--formt", "json"), "sop check: opsi '--formt' tidak dikenal; mungkin"),
        (("flowchart",), "sop flowchart: 'FILE' wajib diisi"),
        (
            ("flowchart", "sops/pdip/inovasi-pelayanan.yaml", "--max-rows", "abc"),
            "sop flowchart: '--max-rows': 'abc' bukan bilangan bulat",
        ),
        (("--bogus",), "sop: opsi '--bogus' tidak dikenal"),
        (("--lang", "en", "check", "--bogus"), "sop check: no such option '--bogus'"),
    ],
)
def test_a_wrong_option_or_value_is_said_in_the_users_language(args, first_line):
    result = sop(*args)
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    assert lines[0].startswith(first_line), result.stderr
    assert lines[1].lstrip().startswith(("saran:", "hint:"))
    for english in ("Usage:", "Error:", "Invalid value", "No such option", "Missing argument"):
        assert english not in result.stderr


@pytest.mark.slow
def test_help_and_version_still_work():
    assert sop("check", "--help").returncode == 0
    assert sop("--version").returncode == 0


def test_shell_completion_after_a_mistyped_command_prints_nothing_and_succeeds():
    import os

    env = {**os.environ, "_SOP_COMPLETE": "bash_complete", "COMP_WORDS": "sop chek --f"}
    env["COMP_CWORD"] = "2"
    result = subprocess.run(
        [sys.executable, "-m", "generator.cli"], env=env, capture_output=True, text=True
    )
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    env.update(COMP_WORDS="sop che", COMP_CWORD="1")
    result = subprocess.run(
        [sys.executable, "-m", "generator.cli"], env=env, capture_output=True, text=True
    )
    assert "check" in result.stdout
