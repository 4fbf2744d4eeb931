"""SHA-256 over every chart's DOT and SVG: proof that a change kept the bytes.

Every SOP of the seeds (`sops/`), of every fixture office (`tests/fixtures/*/*/sops`)
and of a synthetic corpus (`bench/corpus.py`, 1,000 SOPs unless `--count`) is drawn
three ways (whole, `--max-rows 4`, without a frame) as DOT and as SVG, and its
procedure table (`handbook.table`, which shares the router) as its `repr`. Run it for
this checkout and for an exported tree of the old code (`git archive COMMIT | tar -x
-C DIR`, then `PYTHONPATH=DIR`): equal digests mean equal bytes.

    .venv/bin/python bench/bench_chart_hash.py [--corpus DIR] [--count 1000] [--each FILE]
        [--dot-only]

`--each FILE` writes one line per drawing (folder, SOP, options, digest of its DOT
and of its SVG), to find the drawings that differ with `diff`.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def folders(corpus: Path) -> list[Path]:
    """The folders of SOPs to draw, in a fixed order."""
    fixtures = sorted((REPO / "tests" / "fixtures").glob("*/*/sops"))
    return [REPO / "sops", *fixtures, corpus]


def digests(paths: list[Path], each: Path | None, svg: bool = True) -> tuple[int, str, str, str]:
    """How many drawings, and the digest over all their DOT, over all their SVG (without
    `svg`, the DOT only: a quick first check) and over the procedure tables."""
    # The code under test is imported here, so that PYTHONPATH picks which tree.
    from generator.flowchart import FlowchartOptions, flowchart_dot, flowchart_svg
    from generator.handbook.table import procedure_table
    from generator.loader import load_repository

    options = {
        "whole": FlowchartOptions(),
        "rows4": FlowchartOptions(max_rows=4),
        "bare": FlowchartOptions(frame=False),
    }
    dot_all, svg_all, table_all = hashlib.sha256(), hashlib.sha256(), hashlib.sha256()
    lines: list[str] = []
    count = 0
    for folder in paths:
        repository = load_repository(folder).repository
        if repository is None:
            continue
        for entry in repository.sops:
            table_all.update(repr(procedure_table(entry.sop, repository.organisasi)).encode())
            for key, option in options.items():
                dot = "".join(flowchart_dot(entry.sop, repository.organisasi, options=option))
                drawn = b""
                if svg:
                    drawn = b"".join(
                        flowchart_svg(entry.sop, repository.organisasi, options=option)
                    )
                dot_all.update(dot.encode())
                svg_all.update(drawn)
                count += 1
                if each is not None:
                    dot_hash = hashlib.sha256(dot.encode()).hexdigest()[:16]
                    svg_hash = hashlib.sha256(drawn).hexdigest()[:16]
                    lines.append(f"{folder.name}\t{entry.sop.nama}\t{key}\t{dot_hash}\t{svg_hash}")
    if each is not None:
        each.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return count, dot_all.hexdigest(), svg_all.hexdigest(), table_all.hexdigest()


def main() -> None:
    """Command line: print the count and the two digests."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", type=Path, help="a corpus folder (default: a new one)")
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--each", type=Path, help="write one line per drawing here")
    parser.add_argument("--dot-only", action="store_true", help="no SVG (quicker)")
    args = parser.parse_args()
    import generator

    print(f"code: {Path(generator.__file__).parent}", file=sys.stderr)
    with tempfile.TemporaryDirectory() as tmp:
        corpus = args.corpus
        if corpus is None:
            sys.path.insert(0, str(REPO))
            from bench.corpus import write_corpus

            corpus = write_corpus(Path(tmp) / "sops", args.count)
        count, dot, svg, table = digests(folders(corpus), args.each, not args.dot_only)
    print(f"{count} drawings\nDOT {dot}\nSVG {svg}\ntables {table}")


if __name__ == "__main__":
    main()
