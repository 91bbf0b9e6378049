"""Walk a file's raw values alongside its record class, field by field.

Used for the rules that must hold whether or not the file validated: every whole number must fit the
database's BIGINT columns, and every reference must name a record that exists. A file with a typo in
one key still has its misspelt source id reported in the same run (no waves of errors)."""

from __future__ import annotations

import functools
import types
import typing
from dataclasses import dataclass

from pydantic import BaseModel

INT64_MIN, INT64_MAX = -(2 ** 63), 2 ** 63 - 1
"""The one rule for whole numbers: every integer field is a BIGINT column, and `check` bounds every
integer field to what BIGINT holds, so no value that passes `check` can fail the database stage."""


@dataclass(frozen=True)
class Leaf:
    path: tuple
    value: object
    kind: str  # "int" or "ref"
    target: str = ""  # the referenced kind, for refs


def _extra_kind(meta) -> str | None:
    extra = getattr(meta, "json_schema_extra", None)
    if isinstance(extra, dict) and isinstance(extra.get("x-references"), str):
        return extra["x-references"]
    return None


@functools.lru_cache(maxsize=None)
def _shape(annotation, extra: tuple = ()):
    """A small description of what a value of this annotation looks like."""
    for meta in extra:
        kind = _extra_kind(meta)
        if kind:
            return ("ref", kind)
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        base, *metadata = typing.get_args(annotation)
        return _shape(base, tuple(metadata) + extra)
    if origin in (typing.Union, types.UnionType):
        options = tuple(_shape(a) for a in typing.get_args(annotation) if a is not type(None))
        return options[0] if len(options) == 1 else ("union", options)
    if origin is list:
        (item,) = typing.get_args(annotation) or (object,)
        return ("list", _shape(item))
    if origin is dict:
        key, value = typing.get_args(annotation) or (object, object)
        return ("dict", _shape(key), _shape(value))
    if annotation is int:
        return ("int",)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return ("model", annotation)
    return ("other",)


@functools.lru_cache(maxsize=None)
def _field_shapes(cls) -> dict:
    out = {}
    for name, info in cls.model_fields.items():
        extra = tuple(info.metadata)
        if _extra_kind(info):
            extra += (info,)
        out[name] = _shape(info.annotation, extra)
    return out


def leaves(record_cls, data, path: tuple = ()):
    """Every whole number and reference in `data`, read as `record_cls` would read it."""
    yield from _walk(("model", record_cls), data, path)


def _walk(shape, data, path):
    tag = shape[0]
    if tag == "int":
        if isinstance(data, int) and not isinstance(data, bool):
            yield Leaf(path, data, "int")
    elif tag == "ref":
        if isinstance(data, str):
            yield Leaf(path, data, "ref", shape[1])
    elif tag == "model":
        if isinstance(data, dict):
            fields = _field_shapes(shape[1])
            for key, value in data.items():
                if key in fields:
                    yield from _walk(fields[key], value, path + (key,))
    elif tag == "list":
        if isinstance(data, list):
            for i, item in enumerate(data):
                yield from _walk(shape[1], item, path + (i,))
    elif tag == "dict":
        if isinstance(data, dict):
            for key, value in data.items():
                if shape[1][0] == "ref" and isinstance(key, str):
                    yield Leaf(path + (key,), key, "ref", shape[1][1])
                yield from _walk(shape[2], value, path + (key,))
    elif tag == "union":
        for option in shape[1]:
            if (option[0] in ("model", "dict") and isinstance(data, dict)) or (option[0] == "list" and isinstance(data, list)) \
                    or (option[0] in ("int", "ref") and not isinstance(data, (dict, list))):
                yield from _walk(option, data, path)
                break
