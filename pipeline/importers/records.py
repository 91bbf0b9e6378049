"""What every importer shares: catalogue look-ups, measured quantities, and writing records safely.

A record is validated exactly as `build.py check` reads it (the YAML text is written, read back with the
catalogue's own reader and validated with the record class) before anything touches the disk, so an importer
can never leave a file that fails `check`. Nothing is overwritten without --update."""

from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import ValidationError

from pipeline import yaml_reader
from pipeline.load import Catalogue, load, schema_line
from schemas.records import KINDS
from schemas.records.common import ID_RE


class ImportFailed(Exception):
    """Bad input: the message names the file and what is wrong with it."""


def guarded(run):
    """An importer's run(): bad input becomes one message on stderr and exit code 1, never a traceback."""
    import functools
    import sys

    @functools.wraps(run)
    def wrapper(args, catalog_dir) -> int:
        try:
            return run(args, Path(catalog_dir))
        except ImportFailed as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
    return wrapper


def add_update_option(parser) -> None:
    parser.add_argument("--update", action="store_true", help="replace records that already exist")


# ------------------------------------------------------------------------------------------ catalogue


_CATALOGUES: dict[Path, Catalogue] = {}


def catalogue(catalog_dir: Path) -> Catalogue:
    """The catalogue as it is now (read once per import), for references and GPU power ratings."""
    key = Path(catalog_dir).resolve()
    if key not in _CATALOGUES:
        if not key.is_dir():
            raise ImportFailed(f"catalogue directory {catalog_dir} not found")
        _CATALOGUES[key] = load(key)
    return _CATALOGUES[key]


def forget_catalogues() -> None:
    _CATALOGUES.clear()


def require(cat: Catalogue, kind: str, record_id: str | None, option: str) -> str:
    """A record the import refers to must exist already: the contributor adds it first (`build.py new`)."""
    if not record_id:
        raise ImportFailed(f"{option} is required")
    if record_id not in cat.entries[kind]:
        singular = {"sources": "source", "models": "model", "gpus": "gpu"}.get(kind, kind)
        raise ImportFailed(f"{option} {record_id!r}: no such record in catalog/{kind}/; "
                           f"add it first with: python3 build.py new {singular} {record_id}")
    return record_id


def model_by_hf_id(cat: Catalogue, hf_id: str | None) -> str | None:
    """The catalogue model whose Hugging Face id (or ML.ENERGY id) is hf_id, if exactly one."""
    if not hf_id:
        return None
    wanted = hf_id.strip().lower()
    found = sorted(mid for mid, e in cat.entries["models"].items()
                   if (e.record.hf_id or "").lower() == wanted or (e.record.ml_energy_id or "").lower() == wanted)
    return found[0] if len(found) == 1 else None


def gpu_tdp_w(cat: Catalogue, gpu_id: str) -> float | None:
    entry = cat.entries["gpus"].get(gpu_id)
    tdp = entry.record.tdp_w if entry else None
    return tdp.value if tdp else None


# ------------------------------------------------------------------------------------------- values


def sig(x: float, digits: int = 6) -> float:
    """x to `digits` significant digits: instruments log float noise (11.000000000000002) that is not precision."""
    if x == 0 or not math.isfinite(x):
        return x
    return float(f"{x:.{digits}g}")


def measured(value: float, note: str | None = None) -> dict:
    """A figure read off an instrument: kind measured, so it is never mistaken for a published one."""
    x = sig(value)
    q = {"value": int(x) if x == int(x) and abs(x) < 1e15 else x, "kind": "measured"}
    if note:
        q["note"] = note
    return q


def slug(text: str) -> str:
    """An id segment from free text: lowercase kebab-case ('kd_olmo2_32B/7B' -> 'kd-olmo2-32b-7b')."""
    out = re.sub(r"[^a-z0-9.]+", "-", text.lower()).strip("-.")
    out = re.sub(r"[.-]{2,}", "-", out)
    return out or "run"


def number(value, what: str, where: str) -> float:
    """A finite number from JSON or CSV text; anything else is an error naming the field and file."""
    if isinstance(value, bool):
        raise ImportFailed(f"{where}: {what} is {value!r}, not a number")
    try:
        x = float(value)
    except (TypeError, ValueError):
        raise ImportFailed(f"{where}: {what} is {value!r}, not a number") from None
    if not math.isfinite(x):
        raise ImportFailed(f"{where}: {what} is {value!r}, not a finite number")
    return x


# ------------------------------------------------------------------------------------------ writing


@dataclass
class Planned:
    kind: str
    record_id: str
    path: Path
    text: str
    summary: str
    status: str = ""  # added | changed | unchanged


class _Dumper(yaml.SafeDumper):
    """Short mappings and lists of short scalars on one line ({value: 11.0, kind: measured}); the rest as blocks."""


def _short(items) -> bool:
    return all(isinstance(x, (int, float, bool)) or (isinstance(x, str) and len(x) <= 40) for x in items) \
        and sum(len(str(x)) for x in items) <= 90


_Dumper.add_representer(dict, lambda d, data: d.represent_mapping(
    "tag:yaml.org,2002:map", data.items(), flow_style=_short([*data.keys(), *data.values()])))
_Dumper.add_representer(list, lambda d, data: d.represent_sequence(
    "tag:yaml.org,2002:seq", data, flow_style=_short(data)))


def render(kind: str, record_id: str, data: dict) -> str:
    body = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=110)
    return schema_line(kind, record_id) + "\n" + body


def plan(cat: Catalogue, catalog_dir: Path, kind: str, record_id: str, data: dict, summary: str,
         update: bool) -> Planned:
    """Validate one record as `check` would and decide what writing it means; raise on any problem."""
    spec = KINDS[kind]
    if not ID_RE.match(record_id) or record_id.count("/") + 1 != spec.depth:
        raise ImportFailed(f"{record_id!r} is not a valid {kind} id (lowercase kebab-case, e.g. {spec.example_id})")
    text = render(kind, record_id, data)
    doc, problem = yaml_reader.read(text.encode("utf-8"), marks=False)
    if problem:  # pragma: no cover - our own YAML; a failure here is a bug in the importer
        raise ImportFailed(f"internal error: the YAML written for {record_id} does not read back: {problem.message}")
    try:
        record = spec.record.model_validate(doc.data)
    except ValidationError as exc:
        lines = [f"  {'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in exc.errors(include_url=False)]
        raise ImportFailed(f"the {kind} record {record_id} would not validate:\n" + "\n".join(lines)) from None
    for key_path, ref_kind, ref in record.references():
        if ref not in cat.entries[ref_kind]:
            raise ImportFailed(f"the {kind} record {record_id} names {ref_kind[:-1]} {ref!r} "
                               f"({'.'.join(map(str, key_path))}), which is not in catalog/{ref_kind}/")
    path = Path(catalog_dir) / kind / f"{record_id}.yaml"
    planned = Planned(kind, record_id, path, text, summary)
    if not path.exists():
        planned.status = "added"
    elif path.read_text(encoding="utf-8") == text:
        planned.status = "unchanged"
    elif update:
        planned.status = "changed"
    else:
        raise ImportFailed(f"{path} already exists; pass --update to replace it with the imported figures")
    return planned


def changed_keys(path: Path, text: str) -> list[str]:
    old, _ = yaml_reader.read(path.read_bytes(), marks=False)
    new, _ = yaml_reader.read(text.encode("utf-8"), marks=False)
    a, b = old.data or {}, new.data or {}
    return [k for k in dict.fromkeys([*a, *b]) if a.get(k) != b.get(k)]


def write_all(planned: list[Planned], base: Path) -> None:
    """Write every planned record (only after all of them validated) and say what happened to each."""
    for p in planned:
        shown = _shown(p.path, base)
        if p.status == "unchanged":
            print(f"unchanged {shown}")
            continue
        detail = ""
        if p.status == "changed":
            detail = f" (changed: {', '.join(changed_keys(p.path, p.text))})"
        p.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = p.path.with_name(f".{p.path.name}.tmp")
        tmp.write_text(p.text, encoding="utf-8")
        os.replace(tmp, p.path)
        print(f"{p.status} {shown}: {p.summary}{detail}")


def _shown(path: Path, base: Path) -> str:
    try:
        return path.resolve().relative_to(base.resolve()).as_posix()
    except ValueError:
        return str(path)
