"""JSON Schema per record kind, generated from the pydantic classes (never written by hand).

The files are committed under schemas/json/ so that editors validate catalogue files as
you type (each file's first line points at its kind's schema); a test fails when they
are stale, and `python build.py schema` rewrites them."""

from __future__ import annotations

import json
from pathlib import Path

from .records import KINDS

SCHEMA_DIR = Path(__file__).parent / "json"


def schema_for(kind: str) -> dict:
    spec = KINDS[kind]
    schema = spec.record.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"https://distill-ledger.org/schemas/{kind}.schema.json"
    schema["title"] = f"distill-ledger {kind} record"
    return schema


def render(kind: str) -> str:
    return json.dumps(schema_for(kind), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def write_all(directory: Path = SCHEMA_DIR) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in KINDS:
        path = directory / f"{kind}.schema.json"
        text = render(kind)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def stale(directory: Path = SCHEMA_DIR) -> list[str]:
    """Kinds whose committed schema differs from what the classes generate."""
    return [kind for kind in KINDS
            if not (directory / f"{kind}.schema.json").exists()
            or (directory / f"{kind}.schema.json").read_text(encoding="utf-8") != render(kind)]
