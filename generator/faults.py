"""What the system refused, told in one line with a hint (disk full, read-only, ...).

A build, `sop fmt` or `sop new` can meet a full disk, a read-only checkout,
a folder it may not write, or a file removed while it runs. These are not
bugs: the author gets one line saying what happened and where, a hint, and
exit code EXIT_FAULT, never a traceback. The commands write through
temporary files and renames (`atomicfile`, `publish`), so the old site and
every SOP file are intact when this happens.
"""

from __future__ import annotations

import errno

from generator.messages import translate

EXIT_FAULT = 3  # 0 fine, 1 problems found, 2 usage error, 3 the system refused

_KINDS = {
    errno.ENOSPC: "disk_full",
    errno.EROFS: "read_only",
    errno.EACCES: "permission",
    errno.EPERM: "permission",
    errno.ENOENT: "vanished",
    errno.ENOTDIR: "vanished",
}
if hasattr(errno, "EDQUOT"):
    _KINDS[errno.EDQUOT] = "disk_full"


def fault_kind(error: OSError) -> str:
    """`disk_full`, `read_only`, `permission`, `vanished`, or `other`."""
    return _KINDS.get(error.errno or 0, "other")


def fault_lines(error: OSError, lang: str) -> tuple[str, str]:
    """The message (one line, `sop: ...`) and the hint line for `error`."""
    kind = fault_kind(error)
    path = error.filename if error.filename is not None else ""
    reason = error.strerror or str(error)
    message = translate(f"faults.{kind}.message", lang, path=path, reason=reason)
    hint = translate(f"faults.{kind}.hint", lang, path=path, reason=reason)
    label = translate("label.hint", lang)
    return f"sop: {' '.join(message.split())}", f"    {label}: {hint}"
