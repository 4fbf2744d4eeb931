"""An output place that cannot be written is refused before any work (round 7).

`sop generate -o X`, `sop handbook -o X.pdf` / `--each X`, `sop flowchart -o X`,
`sop export --docx X`, `sop import --out X`, `sop build -d X`, where X or a parent
is a regular file, or a folder the user may not write or list: each was a system
fault in words that did not fit ("vanished while the command ran", "File exists"),
Click's English message, or a traceback. Now: one line naming the path, a hint,
exit 1, nothing written.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli
from generator.outplace import OutputPlaceError, check_output

from . import docx_fixtures as fx
from .site_project import REPO

SOP = "sops/pdip/inovasi-pelayanan.yaml"


@pytest.fixture
def project() -> Iterator[Path]:
    """The project in a folder another user may read (the non-root cases need it)."""
    root = Path(tempfile.mkdtemp(prefix="r7-out-"))
    shutil.copytree(REPO / "sops", root / "sops")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    (root / "berkas.txt").write_text("bukan folder\n", "utf-8")
    (root / "draf.docx").write_bytes(fx.two_sops())
    os.chmod(root, 0o755)
    yield root
    for folder, _, _ in os.walk(root):
        os.chmod(folder, 0o755)
    shutil.rmtree(root)


def _commands(target: str) -> dict[str, list[str]]:
    """Each command with its output place set to `target` (relative to the project)."""
    return {
        "generate": ["generate", "-o", target],
        "handbook": ["handbook", "-o", f"{target}/buku.pdf", "inovasi-pelayanan"],
        "handbook-each": ["handbook", "--each", target, "inovasi-pelayanan"],
        "flowchart": ["flowchart", SOP, "-o", f"{target}/bagan.svg"],
        "flowchart-bpmn": ["flowchart", SOP, "--format", "bpmn", "-o", f"{target}/b.bpmn"],
        "export-file": ["export", SOP, "--docx", f"{target}/sop.docx"],
        "export-folder": ["export", "--sops", "sops", "--docx", target],
        "import": ["import", "draf.docx", "--out", target],
        "build": ["build", "-d", target],
    }


def _files(root: Path) -> set[str]:
    return {str(path.relative_to(root)) for path in root.rglob("*")}


def _run(root: Path, args: list[str]) -> tuple[int, str, str]:
    old = Path.cwd()
    os.chdir(root)
    try:
        result = CliRunner().invoke(cli, args)
    finally:
        os.chdir(old)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.stdout, result.stderr


def _refused_in_one_line(code: int, stdout: str, stderr: str, path: str) -> None:
    assert code == 1, stdout + stderr
    lines = stderr.strip().splitlines()
    assert lines[0].startswith("sop: ") and f"'{path}'" in lines[0], stderr
    assert lines[1].startswith("    saran: "), stderr
    assert "Traceback" not in stdout + stderr


@pytest.mark.parametrize("name", list(_commands("x")))
def test_an_output_under_a_regular_file_is_refused_before_any_work(
    name: str, project: Path
) -> None:
    before = _files(project)
    code, stdout, stderr = _run(project, _commands("berkas.txt/keluaran")[name])
    _refused_in_one_line(code, stdout, stderr, "berkas.txt")
    assert "adalah berkas, bukan folder" in stderr
    assert _files(project) == before  # nothing written, not even a cache
    assert (project / "berkas.txt").read_text("utf-8") == "bukan folder\n"


@pytest.mark.parametrize("name", ["generate", "handbook-each", "import", "build", "export-folder"])
def test_a_regular_file_where_a_folder_is_wanted_is_refused(name: str, project: Path) -> None:
    code, stdout, stderr = _run(project, _commands("berkas.txt")[name])
    _refused_in_one_line(code, stdout, stderr, "berkas.txt")
    assert "itu adalah berkas, bukan folder" in stderr


@pytest.mark.parametrize(
    "args",
    [["handbook", "-o", "sops", "inovasi-pelayanan"], ["flowchart", SOP, "-o", "sops"]],
    ids=["handbook", "flowchart"],
)
def test_a_folder_where_a_file_is_wanted_is_refused(args: list[str], project: Path) -> None:
    code, stdout, stderr = _run(project, args)
    _refused_in_one_line(code, stdout, stderr, "sops")
    assert "itu adalah folder" in stderr


def test_the_check_names_the_file_in_the_way_however_deep(tmp_path: Path) -> None:
    (tmp_path / "a").write_text("x", "utf-8")
    with pytest.raises(OutputPlaceError) as refused:
        check_output(tmp_path / "a" / "b" / "c" / "d.pdf", "file")
    assert refused.value.code == "parent_is_file"
    assert refused.value.path == str(tmp_path / "a")
    check_output(tmp_path / "new" / "deeper" / "d.pdf", "file")  # created as needed
    check_output(tmp_path / "new" / "folder", "folder")
    check_output(tmp_path, "folder")


# --- as a user who may not write there (tests run as root, who may write anywhere) ---


def _as_nobody(root: Path, args: list[str]) -> tuple[int, str, str]:
    """`args` run in a child process that has given up root for `nobody`."""

    def run() -> str:
        code, stdout, stderr = _run(root, args)
        return f"{code}\0{stdout}\0{stderr}"

    code, stdout, stderr = _in_child_as_nobody(run, crashed="99\0\0").split("\0")
    return int(code), stdout, stderr


def _in_child_as_nobody(work: Callable[[], str], crashed: str) -> str:
    """What `work` returns, run in a forked child that has given up root for
    `nobody`; `crashed` and the exception when it raises."""
    read, write = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - the child reports through the pipe
        os.close(read)
        try:
            os.setgid(65534)
            os.setuid(65534)
            text = work()
        except BaseException as error:  # reported to the parent
            text = f"{crashed}{error!r}"
        os.write(write, text.encode("utf-8", "replace"))
        os._exit(0)
    os.close(write)
    chunks = []
    while chunk := os.read(read, 65536):
        chunks.append(chunk)
    os.close(read)
    os.waitpid(child, 0)
    return b"".join(chunks).decode("utf-8")


needs_posix_root = pytest.mark.skipif(
    sys.platform == "win32" or os.geteuid() != 0, reason="drops root for another user"
)


@needs_posix_root
@pytest.mark.parametrize("name", ["generate", "handbook", "flowchart", "export-file", "import"])
def test_a_folder_without_write_permission_is_refused(name: str, project: Path) -> None:
    args = _commands("terkunci/keluaran")[name]
    _run(project, [*args[:1], "--help"])  # the command's modules loaded before giving up root
    for folder in ("sops", ".sop-cache"):
        if (project / folder).exists():
            os.chmod(project / folder, 0o777)  # the cache may be written as another user
    locked = project / "terkunci"
    locked.mkdir(mode=0o555)
    os.chmod(locked, 0o555)
    code, stdout, stderr = _as_nobody(project, args)
    _refused_in_one_line(code, stdout, stderr, "terkunci")
    assert "tidak ada izin menulis" in stderr
    assert not any(locked.iterdir())


@needs_posix_root
def test_a_folder_that_cannot_be_listed_is_refused(project: Path) -> None:
    hidden = project / "tertutup"
    hidden.mkdir()
    os.chmod(hidden, 0o333)  # write and enter, but not read: its files cannot be listed
    code, stdout, stderr = _as_nobody(project, ["generate", "-o", "tertutup"])
    _refused_in_one_line(code, stdout, stderr, "tertutup")
    assert "tidak dapat dibuka" in stderr


def _check_as_nobody(target: Path, kind: str) -> str:
    """`check_output(target, kind)` in a child that has given up root: the refusal's
    code, or "" when the place passes."""

    def check() -> str:
        try:
            check_output(target, kind)  # type: ignore[arg-type]
        except OutputPlaceError as refused:
            return f"{refused.code} {refused.path}"
        return ""

    return _in_child_as_nobody(check, crashed="crash ")


@needs_posix_root
def test_a_site_folder_is_judged_by_its_parent_where_the_new_site_is_built(
    project: Path,
) -> None:
    """`sop build -d X` builds beside X and swaps the folders (a reviewer's finding:
    the check looked at X itself). A read-only X in a writable parent is replaced
    as before; a writable X in a read-only parent cannot be, and is refused."""
    open_parent = project / "terbuka"
    open_parent.mkdir(mode=0o777)
    os.chmod(open_parent, 0o777)
    (open_parent / "site").mkdir(mode=0o555)
    os.chmod(open_parent / "site", 0o555)
    assert _check_as_nobody(open_parent / "site", "replaced") == ""
    assert _check_as_nobody(open_parent / "site", "folder").startswith("not_writable")
    locked_parent = project / "terkunci"
    locked_parent.mkdir()
    (locked_parent / "site").mkdir()
    os.chmod(locked_parent / "site", 0o777)
    os.chmod(locked_parent, 0o555)
    refused = _check_as_nobody(locked_parent / "site", "replaced")
    assert refused == f"not_writable {locked_parent}"
    assert _check_as_nobody(project / "berkas.txt", "replaced").startswith("not_a_folder")


@needs_posix_root
def test_a_read_only_word_file_is_replaced_whole_as_the_handbook_is(project: Path) -> None:
    """A reviewer's finding: `export --docx X.docx` onto a read-only X in a writable
    folder passed the check, then failed half-way as a system fault. The file is now
    written beside X and renamed over it (as `sop handbook` writes its PDF)."""
    args = _commands("keluaran")["export-file"]
    # Run once as root: every module the export needs is loaded before giving up root
    # (the interpreter's own files are under /root, which `nobody` cannot read).
    assert _run(project, _commands("pemanasan")["export-file"])[0] == 0
    for folder in ("sops", ".sop-cache"):
        if (project / folder).exists():
            os.chmod(project / folder, 0o777)
    out = project / "keluaran"
    out.mkdir(mode=0o777)
    os.chmod(out, 0o777)
    (out / "sop.docx").write_bytes(b"lama")
    os.chmod(out / "sop.docx", 0o444)
    code, stdout, stderr = _as_nobody(project, args)
    assert code == 0, stdout + stderr
    assert (out / "sop.docx").read_bytes()[:2] == b"PK"
    assert sorted(path.name for path in out.iterdir()) == ["sop.docx"]


@pytest.mark.parametrize("site_dir", ["berkas.txt", "berkas.txt/situs"])
def test_the_site_dir_of_mkdocs_yml_is_asked_before_any_work_too(
    site_dir: str, project: Path
) -> None:
    """`sop build` without `-d` builds into mkdocs.yml's `site_dir`: a regular file
    there (or as its parent) was replaced by the site, or failed after the build."""
    shutil.copytree(REPO / "docs", project / "docs")  # mkdocs.yml's docs_dir
    config = project / "mkdocs.yml"
    text = config.read_text("utf-8").replace("site_dir: site\n", f"site_dir: {site_dir}\n")
    assert f"site_dir: {site_dir}" in text
    config.write_text(text, "utf-8")
    before = _files(project)
    code, stdout, stderr = _run(project, ["build"])
    assert code == 1, stdout + stderr
    first, hint = stderr.strip().splitlines()[:2]
    assert first.startswith("sop: ") and "berkas.txt'" in first, stderr
    assert hint.startswith("    saran: "), stderr
    assert (project / "berkas.txt").read_text("utf-8") == "bukan folder\n"
    assert _files(project) == before
