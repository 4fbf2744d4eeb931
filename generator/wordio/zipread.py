"""Reading one member of a .docx package, every way it can be damaged mapped to one error.

A part of a Word file from e-mail may be cut short, have a wrong checksum, a
corrupted deflate or LZMA stream, a compression method Python does not know
(implode), or be encrypted. `zipfile` reports these as many different
exceptions (`zlib.error`, `lzma.LZMAError`, `BadZipFile`, `EOFError`,
`NotImplementedError`, `RuntimeError`, ...): `read_member` turns them all into
`UnreadableMember`, so a caller says "the file is damaged" instead of a traceback.
The package's directory is read the same way (`open_package`): a damaged version
field there raised `NotImplementedError` ("zip file version 16.5") past the
caller's `BadZipFile` (round 7 fuzzing).
"""

from __future__ import annotations

import lzma
import zipfile
import zlib
from io import BytesIO

# Everything `ZipFile.open(...).read()` raises for damaged or unsupported data.
_DAMAGED = (
    zipfile.BadZipFile,  # also a CRC mismatch
    zlib.error,
    lzma.LZMAError,
    EOFError,
    NotImplementedError,  # an unknown compression method
    RuntimeError,  # an encrypted member
    OSError,  # bz2 reports broken data as OSError
    ValueError,
)


class UnreadableMember(Exception):
    """A member of the package could not be read: damaged, unsupported or encrypted."""


def read_member(archive: zipfile.ZipFile, member: zipfile.ZipInfo | str, limit: int) -> bytes:
    """At most `limit` bytes of `member`, uncompressed. Raises `UnreadableMember`."""
    try:
        with archive.open(member) as handle:
            return handle.read(limit)
    except _DAMAGED as error:
        raise UnreadableMember(type(error).__name__) from None


def open_package(raw: bytes) -> zipfile.ZipFile:
    """The zip package `raw` with its directory read. Raises `UnreadableMember` for a
    directory damaged in any way zipfile reports (see `_DAMAGED`)."""
    try:
        return zipfile.ZipFile(BytesIO(raw))
    except _DAMAGED as error:
        raise UnreadableMember(type(error).__name__) from None
