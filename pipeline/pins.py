"""Enforce pins.yaml (beside catalog/): each pinned figure must still hold its verified value."""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from . import yaml_reader
from .load import Catalogue, quantities
from .problems import Problem, key_path
from schemas.records.pin import PinList

PINS_FILE = "pins.yaml"


def pin_problems(cat: Catalogue, pins_path: Path, shown: str) -> list[Problem]:
    if not pins_path.exists():
        return []
    doc, problem = yaml_reader.read(pins_path.read_bytes())
    if problem:
        return [Problem(shown, problem.line, problem.column, key_path(problem.path), problem.message, problem.hint)]
    try:
        pins = PinList.model_validate(doc.data or {}).pins
    except ValidationError as exc:
        err = exc.errors(include_url=False)[0]
        mark = doc.mark(tuple(p for p in err["loc"] if isinstance(p, (str, int))))
        return [Problem(shown, mark.line, mark.column, key_path(err["loc"]), err["msg"])]
    out = []
    for i, pin in enumerate(pins):
        if pin.source not in cat.entries["sources"]:
            mark = doc.mark(("pins", i, "source"))
            out.append(Problem(shown, mark.line, mark.column, f"pins.{i}.source", f"source {pin.source!r} does not exist",
                               "cite a source record from catalog/sources/"))
        kind, _, record_id = pin.record.partition("/")
        entry = cat.entries.get(kind, {}).get(record_id)
        pin_mark = doc.mark(("pins", i))
        if entry is None:
            out.append(Problem(shown, pin_mark.line, pin_mark.column, f"pins.{i}.record",
                               f"pinned record {pin.record!r} does not exist", "remove the pin or fix its record id"))
            continue
        values = {key_path(path): q.value for path, q in quantities(entry.record)}
        actual = values.get(pin.field)
        if actual is None:
            out.append(Problem(shown, pin_mark.line, pin_mark.column, f"pins.{i}.field",
                               f"{pin.record} has no figure {pin.field!r}", "fix the pin's field path"))
        elif abs(actual - pin.value) > 1e-9 * max(abs(pin.value), 1):
            mark = entry.doc.mark(tuple(int(p) if p.isdigit() else p for p in pin.field.split(".")))
            out.append(Problem(entry.file, mark.line, mark.column, pin.field,
                               f"{actual:g} differs from the pinned {pin.value:g} (verified {pin.checked} against {pin.source})",
                               f"if the new value is right, update {PINS_FILE} with the evidence"))
    return out
