"""Types shared by the SOP and registry models."""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema

IDENTIFIER_PATTERN = r"^[a-z0-9][a-z0-9_-]*$"
IDENTIFIER_RE = re.compile(IDENTIFIER_PATTERN)


class StrictModel(BaseModel):
    """Base for every model read from YAML: unknown keys are errors, models are frozen.

    Numbers are accepted where text is expected (an author may write `nomor: 12`
    or an unquoted NIP) and become text.
    """

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        coerce_numbers_to_str=True,
        str_strip_whitespace=True,
    )


def _as_list(value: Any) -> Any:
    """Let an author write one item without a list: `x: teks` means `x: [teks]`."""
    if value is None:
        return []
    if isinstance(value, str | int | float):
        return [value]
    return value


def _text_or_list_schema(description: str) -> WithJsonSchema:
    return WithJsonSchema(
        {
            "description": description,
            "anyOf": [
                {"type": "string"},
                {"type": "array", "items": {"type": "string"}},
                {"type": "null"},
            ],
        }
    )


# Marks an optional text field of the SOP that is shown on its page and in the book
# under the label `isian.<field>` of the locale files, and compared by `sop diff`.
SHOWN = "x-sop-tampil"


def text_list(description: str, *, shown: bool = False) -> Any:
    """A field holding one text or a list of texts, normalised to a tuple of texts
    (`shown`: see `SHOWN`)."""
    return Annotated[
        tuple[str, ...],
        BeforeValidator(_as_list),
        _text_or_list_schema(description),
        Field(default=(), description=description, json_schema_extra=_shown(shown)),
    ]


def shown_text(description: str) -> Any:
    """An optional single text shown on the SOP's page and in the book (see `SHOWN`)."""
    return Field(default=None, description=description, json_schema_extra=_shown(True))


def _shown(shown: bool) -> dict[str, Any] | None:
    return {SHOWN: True} if shown else None


def identifier_list(description: str) -> Any:
    """A field holding one reference (id) or a list of them, normalised to a tuple.

    References are checked against the registries by the loader, which can say
    "did you mean", so the type itself accepts any text.
    """
    return Annotated[
        tuple[Reference, ...],
        BeforeValidator(_as_list),
        WithJsonSchema(
            {
                "description": description,
                "anyOf": [
                    {"type": "string", "minLength": 1},
                    {"type": "array", "items": {"type": "string", "minLength": 1}},
                ],
            }
        ),
        Field(default=(), description=description),
    ]


# A reference to an id defined elsewhere (a registry or another SOP).
Reference = Annotated[str, Field(min_length=1)]

# An id being defined: a registry key or a step id.
Identifier = Annotated[
    str,
    Field(
        pattern=IDENTIFIER_PATTERN,
        description="Kode pengenal: huruf kecil, angka, '-' atau '_' (mis. kasi_kerjasama).",
    ),
]
