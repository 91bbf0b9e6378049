"""`build.py new KIND ID`: a ready-to-fill record from schemas/templates/, with its schema line."""

from __future__ import annotations

from pathlib import Path

from .load import schema_line
from schemas.records import KINDS
from schemas.records.common import ID_RE

TEMPLATES = Path(__file__).resolve().parent.parent / "schemas" / "templates"
SINGULAR = {"source": "sources", "model": "models", "gpu": "gpus", "benchmark": "benchmarks", "score": "scores",
            "energy-run": "energy", "run": "energy", "scenario": "scenarios", "price": "prices",
            "workload": "workloads", "claim": "claims",
            "inference-energy": "inference"}


class ScaffoldError(Exception):
    pass


def new_record(catalog: Path, kind: str, record_id: str) -> Path:
    kind = SINGULAR.get(kind, kind)
    if kind not in KINDS:
        raise ScaffoldError(f"unknown kind {kind!r}; use one of: {', '.join(KINDS)}")
    spec = KINDS[kind]
    if not ID_RE.match(record_id) or record_id.count("/") + 1 != spec.depth:
        shape = "org/name" if spec.depth == 2 else "name"
        raise ScaffoldError(f"{record_id!r} is not a valid {kind} id: lowercase kebab-case, shaped {shape} "
                            f"(e.g. {spec.example_id})")
    path = catalog / kind / f"{record_id}.yaml"
    if path.exists():
        raise ScaffoldError(f"{path} already exists; edit it instead")
    path.parent.mkdir(parents=True, exist_ok=True)
    template = (TEMPLATES / f"{kind}.yaml").read_text(encoding="utf-8")
    path.write_text(schema_line(kind, record_id) + "\n" + template, encoding="utf-8")
    return path
