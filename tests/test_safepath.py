"""Paths read from YAML stay inside the project, name regular files of the right kind."""

from __future__ import annotations

import os
import sys
import threading
from pathlib import Path

import pytest

from generator.safepath import UnsafePathError, detect_kind, read_project_file

# A whole 1 x 1 PNG: a header alone is a damaged image, reported since round 7.
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x00\x00\x00"
    b"\x00:~\x9bU\x00\x00\x00\nIDATx\x9cch\x00\x00\x00\x82\x00\x81w\xcdr\xb6\x00\x00\x00"
    b"\x00IEND\xaeB`\x82"
)
IMAGES = {"png", "jpeg", "svg"}


def refused(root: Path, relative: str, **kwargs) -> str:
    with pytest.raises(UnsafePathError) as info:
        read_project_file(
            root, relative, max_bytes=kwargs.pop("max_bytes", 1000), kinds=IMAGES, **kwargs
        )
    assert info.value.message("id") and info.value.hint("en")
    return info.value.code


def test_reads_an_image_inside_the_project(tmp_path: Path):
    (tmp_path / "img").mkdir()
    (tmp_path / "img" / "logo.png").write_bytes(PNG)
    found = read_project_file(tmp_path, "img/logo.png", max_bytes=1000, kinds=IMAGES)
    assert (found.data, found.kind, found.mime) == (PNG, "png", "image/png")


def test_relative_to_a_base_folder(tmp_path: Path):
    (tmp_path / "sops").mkdir()
    (tmp_path / "logo.png").write_bytes(PNG)
    found = read_project_file(
        tmp_path, "../logo.png", max_bytes=1000, kinds=IMAGES, base=tmp_path / "sops"
    )
    assert found.kind == "png"


def test_refuses_paths_leaving_the_project(tmp_path: Path):
    root = tmp_path / "project"
    root.mkdir()
    (tmp_path / "secret.png").write_bytes(PNG)
    assert refused(root, "../secret.png") == "outside"
    assert refused(root, str(tmp_path / "secret.png")) == "absolute"
    assert refused(root, "C:\\Windows\\logo.png") == "absolute"
    assert refused(root, "/dev/zero") == "absolute"
    assert refused(root, "") == "empty"
    assert refused(root, "missing.png") == "missing"


@pytest.mark.skipif(sys.platform == "win32", reason="symlinks need privileges on Windows")
def test_refuses_a_symlink_leaving_the_project(tmp_path: Path):
    root = tmp_path / "project"
    root.mkdir()
    (tmp_path / "secret.png").write_bytes(PNG)
    (root / "logo.png").symlink_to(tmp_path / "secret.png")
    (root / "zero.png").symlink_to("/dev/zero")
    assert refused(root, "logo.png") == "outside"
    assert refused(root, "zero.png") == "outside"
    (root / "inside.png").write_bytes(PNG)
    (root / "alias.png").symlink_to(root / "inside.png")
    assert read_project_file(root, "alias.png", max_bytes=1000, kinds=IMAGES).kind == "png"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_is_refused_without_blocking(tmp_path: Path):
    os.mkfifo(tmp_path / "logo.png")
    result: list[str] = []
    worker = threading.Thread(
        target=lambda: result.append(refused(tmp_path, "logo.png")), daemon=True
    )
    worker.start()
    worker.join(timeout=5)
    assert result == ["not_regular"]


def test_a_folder_is_refused(tmp_path: Path):
    (tmp_path / "logo.png").mkdir()
    assert refused(tmp_path, "logo.png") == "not_regular"


def test_size_is_checked_before_reading(tmp_path: Path):
    with (tmp_path / "big.png").open("wb") as stream:
        stream.write(PNG)
        stream.truncate(3 * 1024**3)  # sparse: 3 GB by stat, nothing on disk
    assert refused(tmp_path, "big.png", max_bytes=1000) == "too_large"


def test_the_kind_is_checked_by_content(tmp_path: Path):
    (tmp_path / "logo.png").write_bytes(b"<script>alert(1)</script>")
    assert refused(tmp_path, "logo.png") == "wrong_kind"
    (tmp_path / "doc.png").write_bytes(b"PK\x03\x04" + b"\x00" * 40)
    assert refused(tmp_path, "doc.png") == "wrong_kind"


def test_detect_kind():
    assert detect_kind(PNG) == "png"
    assert detect_kind(b"\xff\xd8\xff\xe0rest") == "jpeg"
    assert detect_kind(b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>') == "svg"
    assert detect_kind(b"plain words") == "text"
    assert detect_kind(b"\x00\x01") is None


@pytest.mark.parametrize(
    "svg",
    [
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
        b'<svg xmlns="http://www.w3.org/2000/svg"><image href="file:///etc/passwd"/></svg>',
        b'<svg xmlns="http://www.w3.org/2000/svg"><rect style="fill:url(http://x/y)"/></svg>',
        b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg>&x;</svg>',
    ],
)
def test_an_active_svg_is_refused(tmp_path: Path, svg: bytes):
    (tmp_path / "logo.svg").write_bytes(svg)
    assert refused(tmp_path, "logo.svg") == "active_svg"


def test_a_plain_svg_is_read(tmp_path: Path):
    svg = (
        b'<svg xmlns="http://www.w3.org/2000/svg"><rect fill="url(#g)" width="4" height="4"/></svg>'
    )
    (tmp_path / "logo.svg").write_bytes(svg)
    assert read_project_file(tmp_path, "logo.svg", max_bytes=1000, kinds=IMAGES).kind == "svg"


@pytest.mark.parametrize(
    ("logo", "code"),
    [
        ("/dev/zero", "safepath.absolute"),
        ("../../../../../../etc/hostname", "safepath.outside"),
        ("fifo.png", "safepath.not_regular"),
        ("halaman.png", "safepath.wrong_kind"),
        ("tidak-ada.png", "safepath.missing"),
    ],
)
def test_an_unsafe_logo_is_reported_at_its_place(sops_dir: Path, logo: str, code: str):
    from generator.loader import load_repository

    if hasattr(os, "mkfifo"):
        os.mkfifo(sops_dir / "fifo.png")
    (sops_dir / "halaman.png").write_text("<html><script>alert(1)</script></html>")
    registry = sops_dir / "organisasi.yaml"
    text = registry.read_text("utf-8")
    text = text.replace("instansi:\n", f"instansi:\n  logo: {logo!r}\n", 1)
    registry.write_text(text)
    line = text.splitlines().index(f"  logo: {logo!r}") + 1
    problems = [p for p in load_repository(sops_dir).problems if p.code.startswith("safepath.")]
    assert [(p.code, p.position.line, p.position.column) for p in problems] == [(code, line, 9)]


def test_a_safe_logo_reaches_the_handbook(sops_dir: Path):
    from generator.handbook import logo_from_registry
    from generator.loader import load_repository

    (sops_dir.parent / "gambar").mkdir()
    (sops_dir.parent / "gambar" / "logo.png").write_bytes(PNG)
    registry = sops_dir / "organisasi.yaml"
    text = registry.read_text("utf-8")
    registry.write_text(text.replace("instansi:\n", "instansi:\n  logo: ../gambar/logo.png\n", 1))
    result = load_repository(sops_dir)
    assert not [p for p in result.problems if p.code.startswith("safepath.")]
    assert logo_from_registry(result.repository) == (PNG, "image/png")


def test_refuses_names_that_differ_on_windows(tmp_path: Path):
    """A device name or a trailing dot/space reads another file (or a device) on
    Windows than on Linux: refused everywhere, so every OS reads the same."""
    root = tmp_path / "project"
    root.mkdir()
    (root / "logo.png.").write_bytes(PNG)
    for path in ("CON", "gambar/nul.png", "com1", "logo.png.", "logo.png ", "AUX/logo.png"):
        assert refused(root, path) == "reserved", path
    assert refused(root, "\\\\server\\share\\logo.png") == "absolute"
    assert refused(root, "//server/share/logo.png") == "absolute"
    assert refused(root, "\\\\?\\C:\\logo.png") == "absolute"


def test_a_sop_file_is_read_whole_up_to_its_limit_and_refused_past_it(tmp_path: Path):
    """The read path of SOP files (`read_bytes_within`: one read of the stat size):
    empty, exactly at the limit, and one byte over."""
    from generator.safepath import read_bytes_within

    for size in (0, 1, 999, 1000):
        (tmp_path / "f.yaml").write_bytes(b"x" * size)
        assert read_bytes_within(tmp_path, tmp_path / "f.yaml", max_bytes=1000) == b"x" * size
    (tmp_path / "f.yaml").write_bytes(b"x" * 1001)
    with pytest.raises(UnsafePathError) as refused_over:
        read_bytes_within(tmp_path, tmp_path / "f.yaml", max_bytes=1000)
    assert refused_over.value.code == "too_large"
    with pytest.raises(UnsafePathError) as outside:
        read_bytes_within(tmp_path / "sub", tmp_path / "f.yaml", max_bytes=1000)
    assert outside.value.code in ("outside", "missing")


def test_a_sibling_folder_that_starts_with_the_root_name_is_outside(tmp_path: Path):
    from generator.safepath import read_bytes_within

    (tmp_path / "proj").mkdir()
    (tmp_path / "proj2").mkdir()
    (tmp_path / "proj2" / "f.yaml").write_bytes(b"a: 1\n")
    with pytest.raises(UnsafePathError) as refused_sibling:
        read_bytes_within(tmp_path / "proj", tmp_path / "proj2" / "f.yaml", max_bytes=1000)
    assert refused_sibling.value.code == "outside"
    assert read_bytes_within(tmp_path, tmp_path / "proj2" / "f.yaml", max_bytes=1000) == b"a: 1\n"
