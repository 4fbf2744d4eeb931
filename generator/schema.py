"""JSON Schemas (draft 2020-12) for the files an author writes, generated from the model.

Editors use them (through the `# yaml-language-server: $schema=...` line at the
top of each file) to complete keys and show the Indonesian field descriptions
while the author types. The committed copies live in `docs/schema/`.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import GenerateJsonSchema
from pydantic_core import core_schema

from generator.model import (
    DaftarPeraturan,
    JenisLangkah,
    Organisasi,
    Pengaturan,
    Sop,
    StatusPeraturan,
    StatusSop,
    Tingkat,
)
from generator.model.pemantauan import Pemantauan, YaTidak

DRAFT = "https://json-schema.org/draft/2020-12/schema"

# name -> (model, title); the file is docs/schema/<name>.schema.json
SCHEMAS: dict[str, tuple[type[BaseModel], str]] = {
    "sop": (Sop, "SOP AP (PermenPAN-RB 35/2012)"),
    "organisasi": (Organisasi, "Registri organisasi: instansi, bidang, seksi, jabatan"),
    "peraturan": (DaftarPeraturan, "Registri peraturan (dasar hukum)"),
    "pengaturan": (Pengaturan, "Pengaturan kantor: kalender kerja dan pemeriksaan"),
    "pemantauan": (Pemantauan, "Catatan pemantauan dan evaluasi satu SOP untuk satu periode"),
}


# Enum classes cannot carry a description attribute (it would become a member).
_ENUM_DESCRIPTIONS: dict[type, str] = {
    JenisLangkah: "Jenis simbol langkah: mulai, proses, keputusan, selesai.",
    StatusSop: "Status SOP: 'draf' atau 'berlaku'.",
    Tingkat: "Tingkat aturan: galat, peringatan, info, atau mati.",
    YaTidak: "Jawaban evaluasi: 'ya' atau 'tidak' (huruf besar/kecil bebas).",
    StatusPeraturan: "Status peraturan: berlaku, diubah atau dicabut.",
}


class _AuthorFriendlySchema(GenerateJsonSchema):
    """Say what the loader accepts: plain text fields take numbers too (`nomor: 23`)."""

    def model_schema(self, schema: core_schema.ModelSchema) -> dict[str, Any]:
        result = super().model_schema(schema)
        return _indonesian_description(result, schema["cls"])

    def enum_schema(self, schema: core_schema.EnumSchema) -> dict[str, Any]:
        result = super().enum_schema(schema)
        return _indonesian_description(result, schema["cls"])

    def str_schema(self, schema: core_schema.StringSchema) -> dict[str, Any]:
        result = super().str_schema(schema)
        if "pattern" not in result:
            result["type"] = ["string", "number"]
        return result


def _indonesian_description(result: dict[str, Any], cls: type) -> dict[str, Any]:
    # Docstrings are for developers (English); the schema speaks to authors.
    text = _ENUM_DESCRIPTIONS.get(cls) or getattr(cls, "SCHEMA_DESCRIPTION", None)
    if text:
        result["description"] = text
    else:
        result.pop("description", None)
    return result


def json_schema(name: str) -> dict[str, Any]:
    """The JSON Schema for the file kind `name` (sop, organisasi or peraturan)."""
    model, title = SCHEMAS[name]
    schema = model.model_json_schema(schema_generator=_AuthorFriendlySchema)
    return {**schema, "$schema": DRAFT, "$id": f"{name}.schema.json", "title": title}


def json_schema_text(name: str) -> str:
    """The schema as stable, pretty JSON text ending in a newline."""
    return json.dumps(json_schema(name), indent=2, ensure_ascii=False, sort_keys=True) + "\n"
