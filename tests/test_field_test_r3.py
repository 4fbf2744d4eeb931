"""Round 3 field test (issue 13 brief): what a new author and real offices' files still met.

Each test failed before its fix.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from .site_project import run_sop

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "kantor_lain"


def test_a_missing_logo_alone_is_not_told_to_fill_the_wilayah_too(tmp_path: Path) -> None:
    """Every transcribed office has its wilayah but no logo: the hint must fit that case."""
    folder = tmp_path / "kantor"
    shutil.copytree(FIXTURES / "dpmptsp_wajo", folder)
    data = json.loads(run_sop(folder, "check", "--format", "json", "sops").stdout)
    kop = [f for f in data["findings"] if f["rule"] == "kop-tak-lengkap"]
    assert [f["message"].split()[0] for f in kop] == ["instansi.logo"]
    assert "'logo: logo.png'" in kop[0]["hint"] and "wilayah" not in kop[0]["hint"]
