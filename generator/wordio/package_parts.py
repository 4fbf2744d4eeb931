"""What a .docx package holds besides its text, that `sop import` leaves unread.

A Word file from e-mail may carry macros (`vbaProject.bin`, a .docm renamed
.docx), embedded objects (an Excel sheet, a packaged program), ActiveX
controls, and relationships to things outside the file (a template on a web
server, a linked OLE object, a linked picture). The importer reads the text
only and never opens any of these; the author is told which were left out, so
that nothing is dropped silently. Hyperlinks are ordinary text links and are
not listed.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field

from lxml import etree

from generator.wordio.zipread import UnreadableMember, read_member

MAX_RELS_BYTES = 1024 * 1024  # a relationships part is a few kB
_HYPERLINK = "/hyperlink"


@dataclass(frozen=True)
class IgnoredPart:
    """One kind of content left unread: a `wordio.ignored.<key>` message and its args."""

    key: str
    args: dict[str, object] = field(default_factory=dict)


def ignored_parts(archive: zipfile.ZipFile) -> list[IgnoredPart]:
    """The kinds of active or linked content in `archive`, in a fixed order."""
    names = [info.filename for info in archive.infolist()]
    found: list[IgnoredPart] = []
    macros = [n for n in names if n.lower().rsplit("/", 1)[-1].startswith("vbaproject")]
    if macros:
        found.append(IgnoredPart("macros", {"part": macros[0]}))
    embedded = [n for n in names if n.lower().startswith("word/embeddings/")]
    if embedded:
        found.append(IgnoredPart("embedded", {"count": len(embedded)}))
    activex = [n for n in names if n.lower().startswith("word/activex/") and n.endswith(".xml")]
    if activex:
        found.append(IgnoredPart("activex", {"count": len(activex)}))
    targets = _external_targets(archive, names)
    if targets:
        found.append(IgnoredPart("external", {"count": len(targets), "first": targets[0]}))
    return found


def _external_targets(archive: zipfile.ZipFile, names: list[str]) -> list[str]:
    """Targets of relationships with TargetMode="External", hyperlinks left out."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    targets: list[str] = []
    for name in sorted(n for n in names if n.endswith(".rels")):
        info = archive.getinfo(name)
        if info.file_size > MAX_RELS_BYTES:
            continue
        try:
            root = etree.fromstring(read_member(archive, info, MAX_RELS_BYTES + 1), parser)
        except (etree.XMLSyntaxError, UnreadableMember):
            continue  # a damaged part: the document part's reading says what matters
        for relation in root:
            if str(relation.get("TargetMode", "")).lower() != "external":
                continue
            if str(relation.get("Type", "")).endswith(_HYPERLINK):
                continue
            targets.append(str(relation.get("Target", ""))[:80])
    return targets
