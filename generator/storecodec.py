"""Plain data and the tool's own value types as JSON, for the store.

The store never holds pickle (reading a pickle runs code named in the file).
This codec writes JSON and reads back only:

- JSON's own values; tuples, frozensets, bytes, fractions, durations and dicts whose keys are not
  all strings, as tagged objects (`{"\\u0000t": [...]}` and the like);
- instances of dataclasses and enums **defined in this package and already
  imported** (`generator.*`), named by module and class. Decoding never
  imports a module and never calls anything but the class's own constructor,
  so a crafted entry can at worst make a wrong value of one of our own types,
  and entries are verified before they reach here anyway.

Anything else is refused with `CodecError`; the caller then recomputes.
"""

from __future__ import annotations

import dataclasses
import enum
import functools
import json
import sys
from fractions import Fraction
from typing import Any

from generator.duration import Duration
from generator.problems import Position, Problem, Severity

_TUPLE = "\0t"
_FROZENSET = "\0s"
_BYTES = "\0b"
_FRACTION = "\0f"
_PROBLEM = "\0p"
_DURATION = "\0u"
_PAIRS = "\0d"
_OBJECT = "\0o"
_ENUM = "\0e"
_PACKAGE = "generator."


class CodecError(ValueError):
    """A value that this codec does not write, or an entry it will not read."""


def dumps(value: Any) -> bytes:
    """`value` as compact JSON (see the module docstring for what is allowed)."""
    return json.dumps(_encode(value), separators=(",", ":")).encode("ascii")


def to_jsonable(value: Any) -> Any:
    """`value` as plain JSON data (dicts, lists, strings, numbers), tagged where needed."""
    return _encode(value)


def from_jsonable(data: Any) -> Any:
    """The value of `to_jsonable` data (already parsed JSON); `CodecError` for anything else."""
    try:
        return _walk(data)
    except CodecError:
        raise
    except (ValueError, TypeError, KeyError, AttributeError) as error:
        raise CodecError(str(error)) from error


def _walk(data: Any) -> Any:
    if isinstance(data, list):
        return [_walk(item) for item in data]
    if isinstance(data, dict):
        return _decode_object({key: _walk(item) for key, item in data.items()})
    return data


def loads(data: bytes | str) -> Any:
    """The value written by `dumps`; `CodecError` for anything else."""
    try:
        return json.loads(data, object_hook=_decode_object)
    except CodecError:
        raise
    except (ValueError, TypeError, KeyError, AttributeError) as error:
        raise CodecError(str(error)) from error


_PLAIN = frozenset({str, int, float, bool, type(None)})
# Per dataclass of ours: (module, qualified name, the names of its init fields).
_DATACLASS_FIELDS: dict[type, tuple[str, str, tuple[str, ...]]] = {}
# Per enum of ours: (module, qualified name).
_ENUM_NAMES: dict[type, tuple[str, str]] = {}


def _encode(value: Any) -> Any:
    kind = type(value)
    if kind in _PLAIN:  # exact types first: the bulk of every value, and never an enum
        return value
    if kind is tuple:
        return {_TUPLE: [_encode(item) for item in value]}
    if kind is list:
        return [_encode(item) for item in value]
    if kind is Problem:  # the most numerous value kept: a compact form
        position = value.position
        return {
            _PROBLEM: [
                position.path,
                position.line,
                position.column,
                value.code,
                value.severity.value,
                _encode(value.args),
            ]
        }
    if kind is Duration:  # every step's and total's time: a compact form
        return {_DURATION: [value.low_seconds, value.high_seconds, value.at_most, value.at_least]}
    described = _DATACLASS_FIELDS.get(kind)
    if described is not None:
        module, name, names = described
        return {_OBJECT: [module, name, {field: _encode(getattr(value, field)) for field in names}]}
    named = _ENUM_NAMES.get(kind)
    if named is not None:  # an enum of ours met before (every step's waktu status)
        return {_ENUM: [*named, _encode(value.value)]}
    return _encode_other(value)


def _encode_other(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        if isinstance(value, enum.Enum):
            return _encode_enum(value)
        return value
    if isinstance(value, list):
        return [_encode(item) for item in value]
    if isinstance(value, tuple) and not hasattr(value, "_fields"):
        return {_TUPLE: [_encode(item) for item in value]}
    if isinstance(value, dict):
        if all(isinstance(key, str) and not key.startswith("\0") for key in value):
            return {key: _encode(item) for key, item in value.items()}
        return {_PAIRS: [[_encode(key), _encode(item)] for key, item in value.items()]}
    if isinstance(value, frozenset):
        items = sorted((_encode(item) for item in value), key=_sort_token)
        return {_FROZENSET: items}
    if isinstance(value, bytes):
        return {_BYTES: value.hex()}
    if isinstance(value, Fraction):
        return {_FRACTION: [value.numerator, value.denominator]}
    if isinstance(value, enum.Enum):
        return _encode_enum(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        cls = type(value)
        _check_ours(cls)
        names = tuple(field.name for field in dataclasses.fields(value) if field.init)
        _DATACLASS_FIELDS[cls] = (cls.__module__, cls.__qualname__, names)
        fields = {name: _encode(getattr(value, name)) for name in names}
        return {_OBJECT: [cls.__module__, cls.__qualname__, fields]}
    raise CodecError(f"cannot store a {type(value).__name__}")


def _encode_enum(value: enum.Enum) -> Any:
    cls = type(value)
    _check_ours(cls)
    _ENUM_NAMES[cls] = (cls.__module__, cls.__qualname__)
    return {_ENUM: [cls.__module__, cls.__qualname__, _encode(value.value)]}


def _sort_token(item: Any) -> str:
    return json.dumps(item, sort_keys=True)


def _check_ours(cls: type) -> None:
    if not cls.__module__.startswith(_PACKAGE):
        raise CodecError(f"not a type of this tool: {cls.__module__}.{cls.__qualname__}")


@functools.lru_cache(maxsize=256)
def _init_fields(cls: type) -> frozenset[str]:
    return frozenset(field.name for field in dataclasses.fields(cls) if field.init)


def _our_class(module_name: Any, qualname: Any) -> type:
    """A class of this package that is already imported; never imports anything."""
    try:
        return _CLASSES[(module_name, qualname)]
    except (KeyError, TypeError):
        pass
    found = _find_our_class(module_name, qualname)
    _CLASSES[(module_name, qualname)] = found
    return found


_CLASSES: dict[tuple[str, str], type] = {}


def _find_our_class(module_name: Any, qualname: Any) -> type:
    if not isinstance(module_name, str) or not isinstance(qualname, str):
        raise CodecError("bad type name")
    if not module_name.startswith(_PACKAGE):
        raise CodecError(f"not a module of this tool: {module_name}")
    module = sys.modules.get(module_name)
    if module is None:
        raise CodecError(f"module not loaded: {module_name}")
    found: Any = module
    for name in qualname.split("."):
        if name.startswith("_"):
            raise CodecError(f"bad type name {qualname}")
        found = getattr(found, name, None)
    if not isinstance(found, type) or found.__module__ != module_name:
        raise CodecError(f"no such type: {module_name}.{qualname}")
    return found


def _decode_object(obj: dict[str, Any]) -> Any:
    if len(obj) != 1:
        return obj
    ((tag, body),) = obj.items()
    if not tag.startswith("\0"):
        return obj
    if tag == _TUPLE and isinstance(body, list):
        return tuple(body)
    if tag == _FROZENSET and isinstance(body, list):
        return frozenset(_hashable(item) for item in body)
    if tag == _BYTES and isinstance(body, str):
        return bytes.fromhex(body)
    if tag == _PROBLEM and isinstance(body, list) and len(body) == 6:
        path, line, column, code, severity, args = body
        if not (isinstance(path, str) and isinstance(line, int) and isinstance(column, int)):
            raise CodecError("bad position")
        if not isinstance(code, str) or not isinstance(args, dict):
            raise CodecError("bad problem")
        return Problem(Position(path, line, column), code, Severity(severity), args)
    if tag == _DURATION and isinstance(body, list) and len(body) == 4:
        low, high, at_most, at_least = body
        if type(low) is not int or type(high) is not int:
            raise CodecError("bad duration")
        if type(at_most) is not bool or type(at_least) is not bool:
            raise CodecError("bad duration")
        return Duration(low, high, at_most, at_least)
    if tag == _FRACTION and isinstance(body, list) and len(body) == 2:
        numerator, denominator = body
        if not isinstance(numerator, int) or not isinstance(denominator, int):
            raise CodecError("bad fraction")
        return Fraction(numerator, denominator)
    if tag == _PAIRS and isinstance(body, list):
        return {_hashable(key): item for key, item in body}
    if tag == _ENUM and isinstance(body, list) and len(body) == 3:
        cls = _our_class(body[0], body[1])
        if not issubclass(cls, enum.Enum):
            raise CodecError(f"not an enum: {body[1]}")
        return cls(body[2])
    if tag == _OBJECT and isinstance(body, list) and len(body) == 3:
        cls = _our_class(body[0], body[1])
        if not dataclasses.is_dataclass(cls) or not isinstance(body[2], dict):
            raise CodecError(f"not a dataclass: {body[1]}")
        if not _init_fields(cls).issuperset(body[2]):
            raise CodecError(f"unknown fields for {body[1]}")
        return cls(**body[2])
    raise CodecError(f"unknown tag {tag!r}")


def _hashable(item: Any) -> Any:
    if isinstance(item, list):
        return tuple(_hashable(part) for part in item)
    if isinstance(item, dict):
        raise CodecError("a mapping cannot be a key")
    return item
