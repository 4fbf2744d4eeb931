"""Reading the monitoring records under `sops/pemantauan/`.

Records are read with the same positioned YAML reader as SOPs, so every
problem carries file:line:column. Whether a record names an SOP or a jabatan
that exists is a check rule (`pemantauan-rujukan`), not a load error.
"""

from __future__ import annotations

import os
from pathlib import Path

from generator.model.pemantauan import PEMANTAUAN_FOLDER, Pemantauan, PemantauanEntry
from generator.problems import Problem, display_path
from generator.validation import validate_document
from generator.yamlsource import read_yaml

SUFFIXES = (".yaml", ".yml")


def record_files(root: Path) -> list[Path] | None:
    """Every record file under `root/pemantauan/`, in a stable order; None without the folder."""
    folder = root / PEMANTAUAN_FOLDER
    if not folder.is_dir():
        return None
    found: list[tuple[str, Path]] = []
    for here, folders, names in os.walk(folder):
        folders[:] = [name for name in folders if not name.startswith(".")]
        for name in names:
            path = Path(here) / name
            if not name.startswith(".") and name.endswith(SUFFIXES) and path.is_file():
                found.append((path.relative_to(folder).as_posix(), path))
    return [path for _, path in sorted(found)]


def load_records(root: Path) -> tuple[tuple[PemantauanEntry, ...] | None, list[Problem]]:
    """Load every record under `root/pemantauan/` (None when the folder does not exist)."""
    files = record_files(root)
    if files is None:
        return None, []
    entries: list[PemantauanEntry] = []
    problems: list[Problem] = []
    for path in files:
        doc, file_problems = read_yaml(path, display_path(path))
        problems += file_problems
        if doc is None:
            continue
        if not isinstance(doc.data, dict):
            problems.append(Problem(doc.position(()), "loader.not_mapping"))
            continue
        record, model_problems = validate_document(doc, Pemantauan)
        problems += model_problems
        if isinstance(record, Pemantauan):
            entries.append(PemantauanEntry(doc, record))
    entries.sort(key=lambda e: (e.record.sop, e.record.tanggal, e.record.periode, e.path))
    return tuple(entries), problems
