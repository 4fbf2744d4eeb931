"""`sop handbook`: the printed SOP handbook (PDF) in the official SOP AP layout."""

from __future__ import annotations

import hashlib
import sys
from dataclasses import dataclass
from importlib import metadata, resources
from pathlib import Path

import click

from generator import runcache
from generator.atomicfile import write_atomically
from generator.check import CheckReport, run_checks
from generator.commands.common import (
    DEFAULT_SOPS,
    EXIT_PROBLEMS,
    CliContext,
    fail_usage,
    load_for,
    pass_cli,
    report,
)
from generator.flowchart import FlowchartCache
from generator.handbook import (
    BodyStore,
    HandbookOptions,
    HandbookUnavailable,
    build_handbook,
    logo_from_registry,
    select_sops,
)
from generator.handbook.pdf import check_available
from generator.loader import find_sops_root
from generator.messages import translate
from generator.model import Repository, StatusSop
from generator.model.pengaturan import Kertas
from generator.problems import Severity, display_path
from generator.store import Store

DEFAULT_OUTPUT = Path("buku-sop.pdf")


@click.command()
@click.argument("sop_ids", nargs=-1, metavar="[SOP_ID]...")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=DEFAULT_OUTPUT,
    show_default=True,
    help="The PDF file of the whole handbook.",
)
@click.option(
    "--each",
    type=click.Path(file_okay=False, path_type=Path),
    help="Instead of one book, write one PDF per SOP into this folder (DIR/<id>.pdf), "
    "ready to be signed: identity page, procedure, flowchart, evaluation sheet.",
)
@click.option("--bidang", help="Only the SOPs of this Bidang (its id in organisasi.yaml).")
@click.option(
    "--status",
    type=click.Choice([status.value for status in StatusSop]),
    help="Only draft (draf) or approved (berlaku) SOPs.",
)
@click.option(
    "--sops",
    "sops_folder",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=DEFAULT_SOPS,
    show_default=True,
    help="The SOP folder (the one holding organisasi.yaml).",
)
@click.option(
    "--evaluasi/--no-evaluasi",
    default=True,
    show_default=True,
    help="Add the evaluation sheet and monitoring form after each SOP.",
)
@click.option(
    "--cache/--no-cache",
    default=True,
    show_default=True,
    help="Reuse earlier work kept in .sop-cache/: parsed files and the PDF of an identical "
    "earlier run (inputs hashed). --no-cache computes everything afresh.",
)
@click.option(
    "--created",
    metavar="DATE",
    help="Record this creation date (ISO 8601) in the PDF. By default there is none, "
    "so the same SOPs always give the same bytes.",
)
@click.option(
    "--kertas",
    type=click.Choice([k.value for k in Kertas]),
    help="Paper size: a4 or f4 (Folio, 215 x 330 mm). Default: `kertas` in pengaturan.yaml, "
    "else a4.",
)
@click.option(
    "--site-url",
    metavar="URL",
    help="The intranet site's address: each identity page gets a QR code to the SOP's page "
    "and a content code to check the printed copy against it.",
)
@pass_cli
def handbook(
    ctx: CliContext,
    sop_ids: tuple[str, ...],
    output: Path,
    each: Path | None,
    bidang: str | None,
    status: str | None,
    sops_folder: Path,
    evaluasi: bool,
    cache: bool,
    created: str | None,
    kertas: str | None,
    site_url: str | None,
) -> None:
    """Make the printed SOP handbook (PDF) in the official SOP AP layout.

    SOP_ID names SOPs to print (file names without .yaml); by default every
    SOP, narrowed by --bidang and --status. The book has a cover, contents,
    a "how to read" page and, per SOP, the identity page, the procedure table,
    the swimlane flowchart and the evaluation sheet; the whole book also has the
    draft Keputusan with the list of SOPs. Exits 1 when the SOPs cannot be
    loaded or the PDF engine (Typst) fails, 2 on usage errors.
    """
    lang = ctx.lang
    try:
        check_available()
    except HandbookUnavailable as error:
        _unavailable(error, lang)
    result, problems = load_for((sops_folder,), lang, cache=cache)
    repository = result.repository
    if repository is None or any(p.severity is Severity.ERROR for p in problems):
        report([p for p in problems if p.severity is Severity.ERROR], lang)
        click.echo(f"sop: {translate('handbook.cli.not_loaded', lang)}", err=True)
        sys.exit(EXIT_PROBLEMS)
    known = {entry.id for entry in repository.sops}
    for sop_id in sop_ids:
        if sop_id not in known:
            example = next(iter(sorted(known)), "pelayanan-kerjasama")
            fail_usage(
                translate("handbook.cli.unknown_sop", lang, id=sop_id),
                translate("handbook.cli.unknown_sop_hint", lang, example=example),
                lang,
            )
    selected = select_sops(repository, sop_ids or None, bidang, status)
    if not selected:
        fail_usage(
            translate("handbook.cli.no_sops", lang),
            translate("handbook.cli.no_sops_hint", lang),
            lang,
        )
    root = find_sops_root(sops_folder)
    assert root is not None  # load_for checked it
    charts = FlowchartCache(Store.beside(root)) if cache else None
    store = RenderedStore(Store.beside(root, enabled=cache))
    bodies = BodyStore(store.store) if cache else None
    checked = None
    paper = Kertas(kertas) if kertas else repository.pengaturan.kertas
    settings = {
        "lang": lang,
        "evaluasi": evaluasi,
        "created": created,
        "kertas": paper.value,
        "site_url": site_url,
    }
    jobs = [("buku", selected, True, output)] if each is None else []
    jobs += [(sop_id, [sop_id], False, each / f"{sop_id}.pdf") for sop_id in selected if each]
    try:
        for name, only, front, path in jobs:
            key = _input_key(root, repository, {**settings, "only": only, "front": front})
            found = store.get(name, key)
            if found is None:
                checked = checked or run_checks(repository)
                options = HandbookOptions(
                    front_matter=front,
                    evaluation=evaluasi,
                    created=created,
                    kertas=paper,
                    site_url=site_url,
                )
                book = build_handbook(
                    repository,
                    checked,
                    lang=lang,
                    only=only,
                    options=options,
                    flowchart_cache=charts,
                    body_store=bodies,
                )
                found = (book.pdf, book.pages)
                store.put(name, key, *found)
            _write(path, *found, lang)
    except HandbookUnavailable as error:
        _unavailable(error, lang)


def cached_book(
    root: Path,
    repository: Repository,
    report: CheckReport,
    lang: str,
    *,
    only: str | None = None,
    site_url: str | None = None,
) -> tuple[bytes, int]:
    """The whole handbook (PDF bytes, pages) as `sop handbook` makes it by default, or
    with `only` one SOP's own file (as `--each`), read from the cache when nothing it
    depends on changed (used by `sop build`).

    Raises HandbookUnavailable when the PDF engine (Typst) is missing or fails.
    """
    store = RenderedStore(Store.beside(root))
    selected = [only] if only else select_sops(repository, None, None, None)
    paper = repository.pengaturan.kertas
    settings = {
        "lang": lang,
        "evaluasi": True,
        "created": None,
        "only": selected,
        "front": only is None,
        "kertas": paper.value,
        "site_url": site_url,
    }
    key = _input_key(root, repository, settings)
    name = f"situs-{only}" if only else "buku"
    found = store.get(name, key)
    if found is None:
        book = build_handbook(
            repository,
            report,
            lang=lang,
            only=selected,
            options=HandbookOptions(
                front_matter=only is None,
                evaluation=True,
                created=None,
                kertas=paper,
                site_url=site_url,
            ),
            flowchart_cache=FlowchartCache(store.store),
            body_store=BodyStore(store.store),
        )
        found = (book.pdf, book.pages)
        store.put(name, key, *found)
    return found


def _input_key(root: Path, repository: Repository, options: dict[str, object]) -> str:
    """Everything the PDF depends on: SOP files, the tool's code and templates, the
    Typst template, the logo, the Typst version, and the options (the fonts are bundled)."""
    template = resources.files("generator.handbook").joinpath("templates", "handbook.typ")
    logo = logo_from_registry(repository)
    extra = {
        "typ": hashlib.sha256(template.read_bytes()).hexdigest(),
        "logo": hashlib.sha256(logo[0]).hexdigest() if logo else None,
        "typst": _version("typst"),
    }
    return runcache.cache_key("handbook", root, {**options, **extra})


def _version(package: str) -> str | None:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


@dataclass(frozen=True)
class RenderedStore:
    """PDFs rendered before, by the key of their inputs: an unchanged rerun renders nothing.

    Each PDF is one verified entry of the store (its page count in the entry);
    an entry that is damaged, truncated or not a PDF is rendered again.
    """

    store: Store

    def get(self, name: str, key: str) -> tuple[bytes, int] | None:
        """The stored PDF and its page count, or None."""
        data = self.store.read("book", Store.key(name, key))
        if data is None:
            return None
        pages, _, pdf = data.partition(b"\n")
        if not pages.isdigit() or not pdf.startswith(b"%PDF-"):
            return None
        return pdf, int(pages)

    def put(self, name: str, key: str, pdf: bytes, pages: int) -> None:
        """Store a PDF; never fails the command."""
        self.store.write("book", Store.key(name, key), str(pages).encode() + b"\n" + pdf)
        self.store.prune()


def _unavailable(error: HandbookUnavailable, lang: str) -> None:
    click.echo(f"sop: {translate('handbook.cli.unavailable', lang, reason=error)}", err=True)
    click.echo(
        f"    {translate('label.hint', lang)}: {translate('handbook.cli.unavailable_hint', lang)}",
        err=True,
    )
    sys.exit(EXIT_PROBLEMS)


def _write(path: Path, content: bytes, pages: int, lang: str) -> None:
    """Write the PDF to `path` atomically and say so."""
    write_atomically(path, content)
    shown = display_path(path)
    click.echo(translate("handbook.cli.written", lang, path=shown, pages=pages), err=True)
