"""The key of an index page: everything its template is given, as JSON.

An index page (catalogue, by Bidang, by role, by regulation, the map,
Tinjauan, monitoring) is rendered from a handful of context values; its key
is the JSON of exactly those values, with the page path, template, language
and link style, and (through `Store.key`) the tool's code, which holds the
templates and labels. A page whose key is the one the output folder already
holds is not rendered again (`pagememo.PageMemo.index_there`).

Every value is written out in full: an SOP summary and a role's steps in it by
their digests (`__index_key__`: the hash of their JSON), a dataclass field by
field, a model by its JSON dump. A value of any other kind (a set, an object
without a stable form) is an error, never a key that could miss a change or
differ between two runs of the same input.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import json
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel

from generator.store import Store

KIND = "site-index"


def _plain(value: Any) -> Any:
    """The JSON form of a context value that `json` does not write by itself."""
    own = getattr(type(value), "__index_key__", None)
    if own is not None:  # a summary, a role's share: by its hash
        return own(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = dataclasses.fields(value)
        return [type(value).__name__, *(getattr(value, f.name) for f in fields)]
    if isinstance(value, BaseModel):
        return [type(value).__name__, value.model_dump(mode="json")]
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"no stable form for {type(value).__name__} in an index page's key")


def index_key(template: str, path: str, lang: str, style: str, context: Mapping[str, Any]) -> str:
    """The key of the page at `path` rendered from `template` with `context`."""
    text = json.dumps([template, path, lang, style, context], default=_plain, ensure_ascii=False)
    return Store.key(KIND, text)
