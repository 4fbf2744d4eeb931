"""Messages a new author met (issue 13, item 9): each says what happened and how to fix it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .conftest import MINIMAL_SOP


def sop(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator.cli", *args], cwd=cwd, capture_output=True, text=True
    )


def test_a_row_pasted_from_excel_is_not_called_indentation(sops_dir: Path) -> None:
    pasted = MINIMAL_SOP.replace(
        "    waktu: 30 menit\n", "    waktu: 30 menit\n\tMenyerahkan\t15 menit\n"
    )
    (sops_dir / "x.yaml").write_text(pasted)
    result = sop("validate", "sops", cwd=sops_dir.parent)
    assert result.returncode == 1
    assert "galat loader.tab_pasted" in result.stdout
    assert "spreadsheet" in result.stdout and "dua spasi" not in result.stdout


def test_a_tab_kept_inside_a_value_is_reported(sops_dir: Path) -> None:
    (sops_dir / "x.yaml").write_text(MINIMAL_SOP.replace("Menyiapkan berkas", "Menyiapkan\tberkas"))
    result = sop("validate", "sops", cwd=sops_dir.parent)
    assert "sops/x.yaml:7:15: peringatan loader.tab_in_text" in result.stdout


def test_a_tab_used_for_indentation_keeps_its_message(sops_dir: Path) -> None:
    (sops_dir / "x.yaml").write_text("nama: A\nunit:\n\tbidang: pdip\n")
    result = sop("validate", "sops", cwd=sops_dir.parent)
    assert "galat loader.tab " in result.stdout and "dua spasi" in result.stdout
