"""Robustness gaps left from round 5 (round 6, i19). Each test failed before its fix."""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from generator import safepath
from generator.faults import EXIT_FAULT
from generator.publish import publish, set_public_modes, staging_folder

from .site_project import SOP, copy_project, run_sop

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="POSIX modes and hard links")


@posix_only
def test_public_modes_never_change_a_file_shared_with_the_live_site(tmp_path: Path) -> None:
    """A page reused from the live site is a hard link to the live site's file. Setting
    the new tree's modes before the swap changed the live file's mode too (one inode);
    now the new tree's file becomes a copy of its own first, and the live one stays."""
    site = tmp_path / "site"
    site.mkdir()
    live = site / "page.html"
    live.write_text("halaman", encoding="utf-8")
    os.chmod(live, 0o600)  # e.g. published under another umask
    staging = staging_folder(site)
    shared = staging / "page.html"
    os.link(live, shared)
    old_mask = os.umask(0o022)
    try:
        set_public_modes(staging)
    finally:
        os.umask(old_mask)
    assert stat.S_IMODE(os.lstat(live).st_mode) == 0o600  # the live site untouched
    assert stat.S_IMODE(os.lstat(shared).st_mode) == 0o644
    assert os.lstat(live).st_nlink == 1 and shared.read_text(encoding="utf-8") == "halaman"
    publish(staging, site)
    assert stat.S_IMODE((site / "page.html").stat().st_mode) == 0o644


@posix_only
def test_unsharing_a_page_never_overwrites_another_file_of_the_site(tmp_path: Path) -> None:
    """The copy that replaces a shared page was once written to a fixed name
    ("page.html.unshared"), losing a file of the site that had that name."""
    site = tmp_path / "site"
    site.mkdir()
    live = site / "page.html"
    live.write_text("halaman", encoding="utf-8")
    os.chmod(live, 0o600)
    staging = staging_folder(site)
    os.link(live, staging / "page.html")
    neighbour = staging / "page.html.unshared"
    neighbour.write_text("tetangga", encoding="utf-8")
    set_public_modes(staging)
    assert neighbour.read_text(encoding="utf-8") == "tetangga"
    assert (staging / "page.html").read_text(encoding="utf-8") == "halaman"
    assert sorted(path.name for path in staging.iterdir()) == ["page.html", "page.html.unshared"]


@posix_only
def test_a_shared_file_already_public_stays_a_link(tmp_path: Path) -> None:
    """Holds what page reuse is for: a reused page whose mode is already the public
    one is not copied (nor chmod-ed) again."""
    site = tmp_path / "site"
    site.mkdir()
    live = site / "page.html"
    live.write_text("halaman", encoding="utf-8")
    os.chmod(live, 0o644)
    staging = staging_folder(site)
    os.link(live, staging / "page.html")
    old_mask = os.umask(0o022)
    try:
        set_public_modes(staging)
    finally:
        os.umask(old_mask)
    assert os.lstat(live).st_nlink == 2


ROOT_TOOLS = (
    sys.platform.startswith("linux")
    and hasattr(os, "geteuid")
    and os.geteuid() == 0
    and shutil.which("unshare") is not None
)


@pytest.mark.slow
@pytest.mark.skipif(not ROOT_TOOLS, reason="needs root and unshare (Linux)")
def test_a_failed_cold_generate_leaves_the_output_folder_empty(tmp_path: Path) -> None:
    """A disk that fills during a cold `sop generate` (a real tmpfs of 60 kB in a
    private mount namespace) left half the pages in the output folder, where they
    pass for a whole site. Now the run is all-or-nothing, as `sop build` is: exit 3
    with the one-line fault, and the folder as empty as it was."""
    project = copy_project(tmp_path / "p")
    out = project / "out"
    out.mkdir()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOP": str(SOP)}
    result = subprocess.run(
        [
            "unshare",
            "-m",
            "sh",
            "-ec",
            f'mount -t tmpfs -o size=60k tmpfs {out}; set +e; "$SOP" generate --out out;'
            f" echo $? > {tmp_path}/exit; ls -A out > {tmp_path}/entries",
        ],
        cwd=project,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "exit").read_text().strip() == str(EXIT_FAULT)
    assert "disk penuh" in result.stderr and "Traceback" not in result.stderr
    assert (tmp_path / "entries").read_text() == ""


@pytest.mark.slow
def test_a_logo_beside_pages_outside_the_nav_is_linked_right_on_every_page(tmp_path: Path):
    """A real build with the logo in a folder of pages that are not in the nav: the
    navigation was rendered once for all pages one folder deep, so `lain/b/` showed
    the logo link of `panduan/a/` ("../logo.png", a broken image)."""
    project = copy_project(tmp_path / "p")
    (project / "docs" / "panduan").mkdir()
    (project / "docs" / "lain").mkdir()
    (project / "docs" / "panduan" / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (project / "docs" / "panduan" / "a.md").write_text("# A\n", encoding="utf-8")
    (project / "docs" / "lain" / "b.md").write_text("# B\n", encoding="utf-8")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    text = text.replace("  font: false", "  logo: panduan/logo.png\n  font: false", 1)
    text = text.replace("not_in_nav: |\n", "not_in_nav: |\n  /panduan/a.md\n  /lain/b.md\n", 1)
    config.write_text(text, encoding="utf-8")
    result = run_sop(project, "build", "--no-handbook")
    assert result.returncode == 0, result.stderr
    # A first build has no previous site: it said "0 dari 19 halaman SOP tidak
    # berubah: disalin dari situs sebelumnya" to a new user (round 6, README walk).
    assert "disalin dari situs sebelumnya" not in result.stderr
    for page, logo in (("panduan/a", "../logo.png"), ("lain/b", "../../panduan/logo.png")):
        html = (project / "site" / page / "index.html").read_text(encoding="utf-8")
        found = set(re.findall(r'<img src="([^"]*logo\.png)"', html))
        assert found == {logo}, (page, found)
    # A change of the logo re-renders every page, those a rebuild would reuse too.
    (project / "docs" / "lain" / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    config.write_text(text.replace("panduan/logo.png", "lain/logo.png"), encoding="utf-8")
    result = run_sop(project, "build", "--no-handbook")
    assert result.returncode == 0, result.stderr
    for page, logo in (
        ("sop/pelayanan-kerjasama", "../../lain/logo.png"),
        ("panduan/a", "../../lain/logo.png"),
        ("lain/b", "../logo.png"),
    ):
        html = (project / "site" / page / "index.html").read_text(encoding="utf-8")
        found = set(re.findall(r'<img src="([^"]*logo\.png)"', html))
        assert found == {logo}, (page, found)


# A whole 1 x 1 PNG: a header alone is a damaged image, reported since round 7.
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x00\x00\x00"
    b"\x00:~\x9bU\x00\x00\x00\nIDATx\x9cch\x00\x00\x00\x82\x00\x81w\xcdr\xb6\x00\x00\x00"
    b"\x00IEND\xaeB`\x82"
)
R5 = Path(__file__).resolve().parent / "fixtures" / "kantor_r5"


def _with_logo(tmp_path: Path, name: str) -> Path:
    folder = tmp_path / "bapenda_lahat"
    shutil.copytree(R5 / "bapenda_lahat", folder)
    registry = folder / "sops" / "organisasi.yaml"
    text = registry.read_text(encoding="utf-8")
    registry.write_text(
        text.replace("  singkatan: Bapenda\n", f'  singkatan: Bapenda\n  logo: "{name}"\n', 1),
        encoding="utf-8",
    )
    return folder


@posix_only
@pytest.mark.parametrize("name", ["logo:v2.png", "logo 2024:01.png", "ab:logo.png"])
def test_a_logo_name_with_a_colon_is_read_where_the_system_allows_it(
    name: str, tmp_path: Path
) -> None:
    """ "logo:v2.png" was refused as an address (URL) although Linux and macOS allow
    the name and nothing would be fetched; now it is read there."""
    folder = _with_logo(tmp_path, name)
    (folder / "sops" / name).write_bytes(PNG)
    result = run_sop(folder, "check", "--format", "json")
    findings = json.loads(result.stdout)["findings"]
    assert not [f for f in findings if f["rule"].startswith("safepath.")], findings


@pytest.mark.parametrize("name", ["logo:v2.png", "logo.png:stream", 'logo".png', "a/b|c.png"])
def test_a_name_windows_cannot_hold_is_refused_there_with_a_clear_message(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On Windows "logo.png:stream" opens an alternate data stream of "logo.png", and
    the other characters are invalid: refused as such (it said "an address, URL"
    for some and read others). Windows' rule is switched on here (the test runs on
    Linux); the file need not exist, the name is refused before any file is opened."""
    monkeypatch.setattr(safepath, "ON_WINDOWS", True)
    with pytest.raises(safepath.UnsafePathError) as refused:
        safepath.read_project_file(tmp_path, name, max_bytes=1000, kinds={"png"})
    assert refused.value.code == "windows_name"
    assert "Windows" in refused.value.message("id") and "ganti nama" in refused.value.hint("id")


@pytest.mark.parametrize("name", ["javascript:alert(1)", "https://x.go.id/l.png", "data:,x"])
def test_an_address_is_still_refused_as_an_address(name: str, tmp_path: Path) -> None:
    """Holds what round 5 fixed: an address is never opened, on any system."""
    with pytest.raises(safepath.UnsafePathError) as refused:
        safepath.read_project_file(tmp_path, name, max_bytes=1000, kinds={"png"})
    assert refused.value.code == "url"
