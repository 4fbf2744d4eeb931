"""Crash classes found by the round-7 fuzzing, one plain regression test each."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.wordio.docx_reader import DocxError, read_docx_bytes

from . import docx_fixtures as fx
from .test_hostile_r6 import _import

CENTRAL_DIRECTORY = b"PK\x01\x02"


def _with_extract_version(data: bytes, version: int) -> bytes:
    """`data` (a zip) whose first central directory entry asks for zip `version`."""
    at = data.index(CENTRAL_DIRECTORY) + 6  # "version needed to extract"
    return data[:at] + bytes([version, 0]) + data[at + 2 :]


def test_a_zip_directory_asking_for_an_unknown_zip_version_is_damaged() -> None:
    """A flipped byte in the directory ("zip file version 16.5") raised
    NotImplementedError out of `sop import`: a traceback, exit 1 without a message."""
    with pytest.raises(DocxError) as refused:
        read_docx_bytes(_with_extract_version(fx.word_style_sop(), 165))
    assert refused.value.key == "wordio.error.corrupt"


def test_sop_import_says_the_file_is_damaged(tmp_path: Path) -> None:
    stdout, stderr, code = _import(
        tmp_path, "rusak.docx", _with_extract_version(fx.word_style_sop(), 165)
    )
    assert code == 1
    assert "rusak.docx" in stdout + stderr and "Traceback" not in stdout + stderr
    assert not (tmp_path / "draf").exists() or not any((tmp_path / "draf").iterdir())
