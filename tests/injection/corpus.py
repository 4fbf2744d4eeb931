"""Hostile text for every string field: script, event attributes, URL schemes, Markdown,
attribute lists, blank lines, backslashes, comments, CDATA, Jinja, DOT, bidi, long words.

`poison_project(folder)` rewrites the SOPs and registries under `folder/sops` so
every free-text string carries a payload (ids and references keep their value:
a field that refuses the payload is restored, so the SOP still loads and its
pages are built). Each SOP is copied once per payload offset, so every field
of an SOP receives every payload in one of the copies (three to a string).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from generator.loader import REGISTRY_FILES, load_repository
from generator.yamlsource import read_yaml

PAYLOADS: tuple[str, ...] = (
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(2)>",
    '"><svg onload=alert(3)>',
    "[klik](javascript:alert(4))",
    "\\[x\\](javascript:alert(5))",
    "![gambar](data:text/html,<script>alert(6)</script>)",
    'satu\n\n<script>alert(7)</script>\n\n{: onclick="alert(7)" }\n\n'
    "| a |\n|---|\n| <b onclick=alert(7)>b</b> |",
    '{: .x onmouseover="alert(8)" }',
    "<!-- komentar --> <![CDATA[ <script>alert(9)</script> ]]>",
    "{{ 7*7 }} {% raw %}{# x #}{{ config }}${alert(10)}",
    '"]; n [label=<<b>x</b>> URL="javascript:alert(11)" href="javascript:alert(11)"]; //',
    "\u202ekanan\u202c \u2066isolasi\u2069 \u200f",
    "Panjang" + "x" * 300,
    '<a href="javascript:alert(14)">x</a>',
    '<iframe src="http://203.0.113.9/"></iframe><object data="x.swf">',
    "javascript:alert(16)",
    "&lt;script&gt;alert(17)&lt;/script&gt;&#60;b&#62;",
    "<style>body{background:url(http://203.0.113.9/x)}</style>",
    "<http://203.0.113.9/> <javascript:alert(19)> [^1] *[HTML]: x",
    "\\",
    "`kode` **tebal** <!--",
    "- daftar\n# judul\n> kutipan\n    kode\n!!! note\n??? bahaya",
    "%} {% endraw %}{{ lipsum.__globals__ }}\\\n\\\n",
    "]]></svg><script>alert(24)</script>",
    '=HYPERLINK("http://203.0.113.9/","klik")',  # put first: a formula in a spreadsheet
)

# Keys whose values are identifiers or references: poisoning them only makes the file
# fail to load (tested by the loader's own tests), not reach a page.
_KEEP = {
    "pelaksana",
    "bidang",
    "seksi",
    "jabatan",
    "dasar_hukum",
    "status",
    "jenis",
    "waktu",
    "nip",
    "tanggal",
    "pembuatan",
    "revisi",
    "efektif",
    "logo",
    "pengganti",
    "diganti_oleh",
    "berlaku",
    "tahun",
}
# ...except where the same key holds free text that is printed: a regulation's kind, a
# signer's or an assessor's NIP, a step's time ("1 hari", or words the checker reads).
_FREE_TEXT = {
    ("peraturan", "jenis"),
    ("disahkan_oleh", "nip"),
    ("pengesah", "nip"),
    ("penilai", "nip"),
    ("prosedur", "waktu"),
}


def _kept(path: tuple[Any, ...], field_name: str) -> bool:
    """Whether the string at `path` is left as it is (an identifier or a reference)."""
    if field_name not in _KEEP:
        return False
    return not any((part, field_name) in _FREE_TEXT for part in path[:-1])


def _strings(node: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _strings(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _strings(value, (*path, index))
    elif isinstance(node, str):
        yield path


def _get(node: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        node = node[part]
    return node


def _set(node: Any, path: tuple[Any, ...], value: Any) -> None:
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value


PER_FIELD = 3  # payloads appended to each string in one copy
# A role's label is its lane's and column's heading: long payloads there would make
# every chart too large to draw (generator/drawsize.py), and then no chart would be
# tested. Labels get one short payload each (every short payload still reaches one).
LABEL_FIELDS = {"singkatan", "nama"}
SHORT_PAYLOADS = tuple(payload for payload in PAYLOADS if len(payload) <= 100)
COPIES = -(-len(PAYLOADS) // PER_FIELD)  # copies of each SOP, so each field gets every payload


def _poison(
    data: Any, offset: int, payloads: tuple[str, ...] = PAYLOADS, first: str = "="
) -> dict[tuple[Any, ...], str]:
    """Append payloads to each free-text string of `data`; returns the originals by path.

    String number `i` gets payloads `i + offset` to `i + offset + PER_FIELD - 1`.
    """
    originals = {}
    for index, path in enumerate(list(_strings(data))):
        field_name = next((part for part in reversed(path) if isinstance(part, str)), "")
        if _kept(path, field_name) or "jawaban" in path:
            continue
        originals[path] = _get(data, path)
        short = tuple(p for p in payloads if len(p) <= 100)
        if path[0] == "jabatan" and field_name in LABEL_FIELDS:
            payload = short[(index + offset) % len(short)]
        else:
            payload = " ".join(
                payloads[(index + offset + extra) % len(payloads)] for extra in range(PER_FIELD)
            )
        formula_first = payload[:1] in first  # a formula must open its cell
        _set(
            data,
            path,
            f"{payload} {originals[path]}" if formula_first else f"{originals[path]} {payload}",
        )
    return originals


def _poison_answer_labels(data: Any, offset: int, payloads: tuple[str, ...] = PAYLOADS) -> None:
    """Answer labels (`jawaban` keys) are printed too: each gets a payload."""
    for number, step in enumerate(data.get("prosedur", []) if isinstance(data, dict) else []):
        answers = step.get("jawaban") if isinstance(step, dict) else None
        if isinstance(answers, dict):
            step["jawaban"] = {
                f"{label} {payloads[(number + offset + index) % len(payloads)]}": target
                for index, (label, target) in enumerate(answers.items())
            }


def _dump(data: Any) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000)


def poison_project(
    project: Path,
    copies: int | None = None,
    payloads: tuple[str, ...] = PAYLOADS,
    first: str = "=",
) -> dict[str, int]:
    """Poison `project/sops` with `payloads` (default: the HTML corpus); returns how many
    strings carry payloads, per file. `copies` of each SOP (default: enough for every
    field to receive every payload)."""
    if copies is None:
        copies = -(-len(payloads) // PER_FIELD)
    root = project / "sops"
    sources = [p for p in sorted(root.rglob("*.yaml")) if p.name not in REGISTRY_FILES]
    documents: dict[Path, tuple[Any, dict[tuple[Any, ...], str]]] = {}
    for offset, name in enumerate(REGISTRY_FILES):
        if (root / name).is_file():
            data = yaml.safe_load((root / name).read_text("utf-8"))
            documents[root / name] = (data, _poison(data, offset * 2 * PER_FIELD, payloads, first))
    for source in sources:
        text = source.read_text("utf-8")
        source.unlink()
        for copy in range(copies):
            data = yaml.safe_load(text)
            target = source.with_name(f"{source.stem}-r{copy}.yaml")
            documents[target] = (data, _poison(data, copy * PER_FIELD, payloads, first))
            _poison_answer_labels(data, copy * PER_FIELD, payloads)
    for path, (data, _) in documents.items():
        path.write_text(_dump(data), "utf-8")
    _restore_refused(root, documents)
    return {path.name: len(originals) for path, (_, originals) in documents.items()}


def _restore_refused(
    root: Path, documents: dict[Path, tuple[Any, dict[tuple[Any, ...], str]]]
) -> None:
    """Put back the original value wherever the loader refuses the poisoned one."""
    for _attempt in range(4):
        problems = [p for p in load_repository(root).problems if p.severity == "error"]
        if not problems:
            return
        refused: dict[str, set[int]] = {}
        for problem in problems:
            refused.setdefault(Path(problem.position.path).name, set()).add(problem.position.line)
        for path, (data, originals) in documents.items():
            lines = refused.get(path.name)
            if not lines:
                continue
            doc, _ = read_yaml(path, str(path))
            assert doc is not None
            for string in list(originals):
                if doc.position(string).line in lines:
                    _set(data, string, originals.pop(string))
            path.write_text(_dump(data), "utf-8")
    problems = [p for p in load_repository(root).problems if p.severity == "error"]
    raise AssertionError(
        "poisoned project does not load:\n" + "\n".join(p.render("en") for p in problems[:20])
    )
