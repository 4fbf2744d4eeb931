"""Turn pydantic validation errors into problems an author can act on.

Pydantic reports errors by "location" inside the model; here each location is
mapped back to the line and column of the YAML that caused it, unknown keys get
a "did you mean", and the several errors pydantic gives for one value of a
union type are folded into one message that lists what would be accepted.
"""

from __future__ import annotations

import difflib
import re
import types
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError

from generator.problems import Problem
from generator.yamlsource import DataPath, YamlDocument

# pydantic error type -> catalogue key describing what was expected
_EXPECTED = {
    "string_type": "text",
    "string_sub_type": "text",
    "int_type": "integer",
    "int_parsing": "integer",
    "int_from_float": "integer",
    "float_type": "number",
    "float_parsing": "number",
    "bool_type": "boolean",
    "bool_parsing": "boolean",
    "list_type": "list",
    "tuple_type": "list",
    "dict_type": "mapping",
    "model_type": "mapping",
    "model_attributes_type": "mapping",
    "string_pattern_mismatch": "identifier",
    "tanggal": "date",
    "tanggal_lengkap": "full_date",
    "periode": "periode",
    "too_short": "not_empty",
    "string_too_short": "not_empty",
    "greater_than_equal": "at_least",
    "less_than_equal": "at_most",
    "enum": "one_of",
    "literal_error": "one_of",
}


def validate_document(
    doc: YamlDocument, model: type[BaseModel], data: Any | None = None
) -> tuple[BaseModel | None, list[Problem]]:
    """Validate `doc.data` (or `data`) against `model`; return the instance or problems."""
    payload = doc.data if data is None else data
    try:
        return model.model_validate(payload), []
    except ValidationError as exc:
        return None, problems_from_errors(doc, model, exc)


def problems_from_errors(
    doc: YamlDocument, model: type[BaseModel], exc: ValidationError
) -> list[Problem]:
    """One problem per faulty value in `exc`, each at the value's place in `doc`."""
    grouped: dict[DataPath, list[dict[str, Any]]] = {}
    problems: list[Problem] = []
    errors = exc.errors(include_url=False)
    for error in errors:
        # A list whose items all failed is also "too short": only the items matter.
        if error["type"] == "too_short" and any(
            len(other["loc"]) > len(error["loc"])
            and other["loc"][: len(error["loc"])] == error["loc"]
            for other in errors
        ):
            continue
        data_path, missing = _data_path(doc.data, error["loc"])
        kind = error["type"]
        if kind == "missing" and missing is not None:
            code = "loader.missing_field" if data_path else "loader.missing_top_field"
            problems.append(
                Problem(
                    doc.position(data_path),
                    code,
                    args={"field": missing, "where": _describe_path(data_path)},
                )
            )
        elif kind == "extra_forbidden":
            key = str(data_path[-1])
            allowed = sorted(_allowed_keys(model, data_path[:-1]))
            problems.append(_unknown_key(doc, data_path, key, allowed))
        else:
            grouped.setdefault(data_path, []).append(error)
    for data_path, errors in grouped.items():
        problems.append(_wrong_value(doc, data_path, errors))
    return problems


def _unknown_key(doc: YamlDocument, data_path: DataPath, key: str, allowed: list[str]) -> Problem:
    close = difflib.get_close_matches(key.lower(), allowed, n=1, cutoff=0.6)
    if close:
        return Problem(
            doc.position(data_path, key=True),
            "loader.unknown_key_suggest",
            args={"key": key, "suggestion": close[0], "allowed": ", ".join(allowed)},
        )
    special = _KEYS_FROM_THE_FORM.get(key.strip().lower().replace(" ", "_").rstrip("."))
    if special is not None and len(data_path) == 3 and data_path[0] == "prosedur":
        # A column of the printed procedure table written as a key of the step.
        return Problem(doc.position(data_path, key=True), special, args={"key": key})
    if _value_at(doc.data, data_path) is None and len(data_path) > 1:
        # `{nama: Dr. Contoh, M.Si, nip: ...}`: the comma in a name ends the value
        # inside { }, and the title that follows is read as a key without a value.
        return Problem(
            doc.position(data_path, key=True),
            "loader.unknown_key_comma",
            args={"key": key, "allowed": ", ".join(allowed)},
        )
    return Problem(
        doc.position(data_path, key=True),
        "loader.unknown_key",
        args={"key": key, "allowed": ", ".join(allowed)},
    )


def _wrong_value(doc: YamlDocument, data_path: DataPath, errors: list[dict[str, Any]]) -> Problem:
    expected: list[str] = []
    for error in errors:
        name = _EXPECTED.get(error["type"])
        ctx = error.get("ctx") or {}
        if name is None:
            text = error["msg"]
        elif name == "one_of":
            text = f"one_of:{str(ctx.get('expected', '')).replace(' or ', ', ')}"
        elif name in ("at_least", "at_most"):
            text = f"{name}:{ctx.get('ge', ctx.get('le', ''))}"
        else:
            text = name
        if text not in expected:
            expected.append(text)
    value = _value_at(doc.data, data_path)
    if data_path == ("tanggal", "revisi") and _REVISION_NUMBER.match(str(value)):
        # "Tgl. Revisi : Rev. 01": the revision's number where its date belongs.
        return Problem(doc.position(data_path), "loader.revision_number", args={"value": value})
    return Problem(
        doc.position(data_path),
        "loader.wrong_value",
        args={
            "field": _describe_path(data_path),
            "expected_keys": tuple(expected),
            "value": _short(value),
        },
    )


# A revision number as forms write it in the Tgl. Revisi box: "Rev. 01", "Revisi ke-2",
# "R-01", "01".
_REVISION_NUMBER = re.compile(
    r"\s*(?:(?:rev(?:isi)?\.?|r\s*-)\s*(?:ke\s*-?\s*)?\d{1,2}|\d{1,2})\s*$", re.IGNORECASE
)


def _short(value: Any) -> str:
    if isinstance(value, dict):
        return "{...}"
    if isinstance(value, list):
        return "[...]"
    text = repr(value) if not isinstance(value, str) else f'"{value}"'
    return text if len(text) <= 40 else text[:37] + '..."'


def _describe_path(data_path: DataPath) -> str:
    parts: list[str] = []
    for element in data_path:
        if isinstance(element, int):
            parts.append(f"[{element + 1}]")
        else:
            parts.append(("." if parts else "") + element)
    return "".join(parts) or "/"


# Columns of the printed table that authors transcribe as keys of a step.
_KEYS_FROM_THE_FORM = {
    "no": "loader.step_number_key",
    "nomor": "loader.step_number_key",
    "nomor_urut": "loader.step_number_key",
    "mutu_baku": "loader.mutu_baku_key",
}


def _value_at(data: Any, data_path: DataPath) -> Any:
    """The value at `data_path` in `data`, or None when there is none."""
    for element in data_path:
        try:
            data = data[element]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _data_path(data: Any, loc: tuple[Any, ...]) -> tuple[DataPath, str | None]:
    """Keep the parts of a pydantic location that exist in the data.

    Returns the path and, when the last part names a key absent from a mapping
    (a missing field), that key.
    """
    path: list[str | int] = []
    current = data
    for index, element in enumerate(loc):
        if _has_child(current, element):
            path.append(element)
            current = current[element]
        elif index == len(loc) - 1 and isinstance(current, dict) and isinstance(element, str):
            return tuple(path), element
        # otherwise: a union member name such as 'str' or 'function-after[...]'
    return tuple(path), None


def _has_child(value: Any, element: Any) -> bool:
    if isinstance(value, dict):
        return element in value
    return isinstance(value, list) and isinstance(element, int) and element < len(value)


def _allowed_keys(model: type[BaseModel], parent_path: DataPath) -> set[str]:
    candidates: list[Any] = [model]
    for element in parent_path:
        candidates = [child for ann in candidates for child in _children(ann, element)]
    keys: set[str] = set()
    for ann in candidates:
        for leaf in _leaves(ann):
            if isinstance(leaf, type) and issubclass(leaf, BaseModel):
                keys.update(leaf.model_fields)
    return keys


def _leaves(annotation: Any) -> list[Any]:
    origin = get_origin(annotation)
    if origin is Annotated:
        return _leaves(get_args(annotation)[0])
    if origin in (Union, types.UnionType):
        return [leaf for arg in get_args(annotation) for leaf in _leaves(arg)]
    return [annotation]


def _children(annotation: Any, element: str | int) -> list[Any]:
    result: list[Any] = []
    for leaf in _leaves(annotation):
        origin = get_origin(leaf)
        if isinstance(leaf, type) and issubclass(leaf, BaseModel):
            field = leaf.model_fields.get(str(element))
            if field is not None:
                result.append(field.annotation)
        elif origin is dict:
            result.append(get_args(leaf)[1])
        elif origin in (list, tuple):
            result.append(get_args(leaf)[0])
    return result
