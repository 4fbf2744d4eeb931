"""The handbook as data for the Typst template: plain dicts, lists and strings.

Escaping policy: author text (SOP files and registries are untrusted input)
never becomes Typst markup. Every string goes into one JSON document that the
template (templates/handbook.typ) reads with `json(...)` and places as text
values; Typst never parses it, so `#`, `[`, `]`, `$`, `\\`, `*`, `_`, `<`, `@`
or backticks in a name print as themselves. The only markup is the template,
which is ours. SVG drawings (the table grid, the flowcharts, the QR code) are
passed as strings too: they are made by our Jinja2 templates with autoescaping
or by Graphviz and segno, which escape XML, and Typst reads them as images.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from generator.handbook.keputusan import Keputusan
from generator.handbook.paper import Paper
from generator.handbook.table import ProcedureTable, Row
from generator.handbook.views import Book, SopView
from generator.messages import translate

EMPTY_BOX = "\u25a1"  # the bundled font has U+25A1 (white square), not U+2610


def _lines_to_paragraphs(lines: Sequence[Any]) -> list[dict[str, Any]]:
    """Wrapped lines grouped back into paragraphs (a new one where the style changes or an
    item starts); each keeps its lines, so Typst breaks exactly where the planner did."""
    paragraphs: list[dict[str, Any]] = []
    for line in lines:
        style = line.style
        joins = paragraphs and (
            (style == "item-more" and paragraphs[-1]["style"] == "item")
            or (style == paragraphs[-1]["style"] and style not in ("item", "item-more"))
        )
        if joins:
            paragraphs[-1]["lines"].append(line.text)
        else:
            paragraphs.append({"style": style, "lines": [line.text]})
    return paragraphs


def _row(row: Row, grid: str) -> dict[str, Any]:
    cells: dict[str, list[dict[str, Any]]] = {}
    for name, paragraphs in row.cells.items():
        if row.lines is not None and name in row.lines:
            cells[name] = _lines_to_paragraphs(row.lines[name])
        else:
            cells[name] = [{"style": p.style, "lines": p.text.split("\n")} for p in paragraphs]
    return {
        "kind": row.kind,
        "number": str(row.number) if row.number is not None else "",
        "height": round(row.height, 3),
        "cells": cells,
        "grid": grid,
    }


def table_data(
    table: ProcedureTable, grid_svg: Callable[[Row, float], str], t: Callable[..., str]
) -> dict[str, Any]:
    """The procedure table: column widths (mm), lane headers, pages of rows with their grids."""
    columns = table.columns
    pages = []
    for page in table.pages:
        if page.number > 1:
            part = t("tabel.lanjutan", halaman=page.number, jumlah=page.count)
        elif page.count > 1:
            part = t("tabel.bagian", halaman=page.number, jumlah=page.count)
        else:
            part = ""
        pages.append(
            {
                "part": part,
                "rows": [_row(row, grid_svg(row, columns.grid)) for row in page.rows],
            }
        )
    return {
        "title": t("tabel.judul", nama=table.title),
        "note": f"({table.note})" if table.note else "",
        "widths": {
            "no": columns.no,
            "kegiatan": columns.kegiatan,
            "lane": columns.lane,
            "kelengkapan": columns.kelengkapan,
            "waktu": columns.waktu,
            "output": columns.output,
            "keterangan": columns.keterangan,
        },
        "lanes": list(table.lanes),
        "pages": pages,
    }


def sop_data(
    sop: SopView, grid_svg: Callable[[Row, float], str], t: Callable[..., str]
) -> dict[str, Any]:
    """One SOP's pages as data."""
    signer = None
    if sop.signer:
        signer = {
            "jabatan": sop.signer.jabatan,
            "nama": sop.signer.nama or "",
            "pangkat": sop.signer.pangkat or "",
            "nip": t("identitas.nip", nip=sop.signer.nip) if sop.signer.nip else "",
        }
    evaluation = None
    if sop.evaluation:
        evaluation = {
            "questions": [
                {"number": str(q.number), "text": q.text, "evidence": "; ".join(q.evidence)}
                for q in sop.evaluation.questions
            ],
            "rows": [
                {"number": str(r.number), "prosedur": r.prosedur} for r in sop.evaluation.rows
            ],
        }
    return {
        "id": sop.id,
        "nama": sop.nama,
        "nomor": sop.nomor or "",
        "bookmark": " ".join(filter(None, (sop.nomor, sop.nama))),
        "draft": sop.draft,
        "instansi": sop.instansi,
        "pemerintah": sop.pemerintah,
        "bidang": sop.bidang or "",
        "seksi": sop.seksi or "",
        "dates": [list(pair) for pair in sop.dates],
        "signer": signer,
        "fields": [
            [{"title": f.title, "items": list(f.items)} for f in pair] for pair in sop.field_pairs
        ],
        "extra": [
            {"title": f.title, "items": list(f.items), "plain": f.plain} for f in sop.extra_fields
        ],
        "waktu": t("waktu.daftar", waktu=sop.total) if sop.total else "",
        "table": table_data(sop.table, grid_svg, t),
        "chart_title": t("diagram.judul", nama=sop.nama),
        "evaluation_title": t("evaluasi.judul", nama=sop.nama),
        "charts": [
            {
                "svg": page.svg,
                "part": t("diagram.halaman", number=page.number, count=page.count)
                if page.count > 1
                else "",
                "width": round(page.width, 3),
                "height": round(page.height, 3),
            }
            for page in sop.flowchart
        ],
        "evaluation": evaluation,
        "verification": (
            {
                "svg": sop.verification.qr_svg,
                "url": sop.verification.url,
                "code": sop.verification.code,
            }
            if sop.verification
            else None
        ),
    }


def keputusan_data(keputusan: Keputusan) -> dict[str, Any]:
    """The draft Keputusan and its Lampiran as data."""
    return {
        "kop": list(keputusan.kop),
        "judul": keputusan.judul,
        "nomor": keputusan.nomor,
        "tentang": keputusan.tentang,
        "pembuka": keputusan.pembuka,
        "menimbang": list(keputusan.menimbang),
        "mengingat": list(keputusan.mengingat),
        "menetapkan": keputusan.menetapkan,
        "diktum": [list(pair) for pair in keputusan.diktum],
        "tempat": keputusan.tempat,
        "tanggal": keputusan.tanggal,
        "penanda_tangan": list(keputusan.penanda_tangan),
        "lampiran_kepala": list(keputusan.lampiran_kepala),
        "lampiran_judul": keputusan.lampiran_judul,
        "lampiran": [list(row) for row in keputusan.lampiran],
    }


LABEL_KEYS = (
    "daftar_isi",
    "halaman_x",
    "dari",
    "draf",
    "status_draf",
    "cara_membaca.judul",
    "cara_membaca.pengantar",
    "cara_membaca.simbol",
    "cara_membaca.arti",
    "cara_membaca.kolom",
    "cara_membaca.garis",
    "identitas.nomor",
    "identitas.disahkan_oleh",
    "identitas.nama_sop",
    "identitas.status",
    "identitas.kosong",
    "identitas.cap",
    "identitas.verifikasi",
    "identitas.kode",
    "tabel.nomor_urut",
    "tabel.kegiatan",
    "tabel.pelaksana",
    "tabel.mutu_baku",
    "tabel.kelengkapan",
    "tabel.waktu",
    "tabel.output",
    "tabel.keterangan",
    "keputusan.menimbang",
    "keputusan.mengingat",
    "keputusan.memutuskan",
    "keputusan.menetapkan",
    "keputusan.rancangan",
    "keputusan.ditetapkan_di",
    "keputusan.pada_tanggal",
    "keputusan.kolom_no",
    "keputusan.kolom_nomor",
    "keputusan.kolom_nama",
    "keputusan.kolom_unit",
)

EVALUATION_KEYS = (
    "pengantar",
    "kolom_no",
    "kolom_pertanyaan",
    "kolom_ya",
    "kolom_tidak",
    "kolom_catatan",
    "kolom_bukti",
    "monitoring_judul",
    "monitoring_no",
    "monitoring_prosedur",
    "monitoring_penilaian",
    "monitoring_pilihan",
    "monitoring_catatan",
    "monitoring_tindakan",
    "monitoring_paraf",
    "penilai",
)


def labels(lang: str) -> dict[str, str]:
    """Every fixed text of the template, in `lang` (keys with dots become underscores)."""
    result = {key.replace(".", "_"): translate(f"handbook.{key}", lang) for key in LABEL_KEYS}
    for key in EVALUATION_KEYS:
        result[f"e_{key}"] = translate(f"evaluasi.{key}", lang).replace("\u2610", EMPTY_BOX)
    return result


def book_data(
    book: Book,
    paper: Paper,
    *,
    groups: list[dict[str, Any]],
    keputusan: Keputusan | None,
    howto: dict[str, Any],
    logo: tuple[bytes, str] | None,
    created: str | None,
) -> dict[str, Any]:
    """The handbook's data for templates/handbook.typ, without the SOPs (`sop_data` each,
    added as "sops" in print order); `groups` lists each Bidang's SOPs by index."""

    def t(key: str, **args: Any) -> str:
        return translate(f"handbook.{key}", book.lang, **args)

    logo_data = None
    if logo is not None:
        content, mime = logo
        # As hex text (JSON has no bytes); `pdf.render_pdf` hands it to Typst as a file, so
        # Typst never decodes it (a list of numbers cost ~12 ms a body for a 70 KB logo).
        logo_data = {"hex": content.hex(), "format": _image_format(mime)}
    return {
        "lang": book.lang,
        "paper": {"width": paper.width, "height": paper.height},
        "margins": {
            "x": paper.margin_x,
            "top": paper.margin_top,
            "bottom": paper.margin_bottom,
        },
        "title": book.title,
        "subtitle": book.subtitle,
        "instansi": book.instansi,
        "pemerintah": book.pemerintah,
        "year": t("tahun", tahun=book.year) if book.year else "",
        "created": created,
        "logo": logo_data,
        "front_matter": book.front_matter,
        "labels": labels(book.lang),
        "keputusan": keputusan_data(keputusan) if keputusan else None,
        "howto": howto,
        "groups": groups,
    }


def _image_format(mime: str) -> str:
    return {"image/svg+xml": "svg", "image/jpeg": "jpg", "image/gif": "gif"}.get(mime, "png")
