"""`build.py import epoch-hardware ml-hardware.csv`: Epoch AI's Data on Machine Learning Hardware ->
catalog/gpus/. Every accelerator with a 16-bit tensor figure and a TDP becomes (or updates) a GPU record;
Epoch's figures go in its `epoch:` block, which this importer owns. Curated datasheet figures above it
are never touched, and views prefer them."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import yaml

from schemas.records.gpu import Gpu

from .epoch_csv import EpochFormatError, clean_name, date, kebab, name_key, number, read_rows
from .plausible import drop_implausible
from .revisions import carry_revisions
from .yaml_out import record_text, replace_block, write_if_changed

HELP = "Epoch AI's Data on Machine Learning Hardware (CSV) -> GPU records with an epoch: block"
SOURCE_ID = "epoch-ml-hardware"
REQUIRED = ("Hardware name", "Manufacturer", "Tensor-FP16/BF16 performance (FLOP/s)", "TDP (W)", "Last modified")
QUANTITY_FIELDS = ("peak_bf16_tflops", "peak_fp8_tflops", "tdp_w", "memory_gb", "memory_bandwidth_tbps",
                   "release_price_usd")
FAMILIES = [  # (pattern on the lower-cased name, family): first match wins
    (r"\b(a100|a800|a10|a30|a40|a6000|rtx 30)", "ampere"), (r"\b(h100|h800|h200|h20|gh200)\b", "hopper"),
    (r"\b(b100|b200|b300|gb200|gb300)\b", "blackwell"), (r"\b(l40|l4|rtx 40|ada)", "ada"),
    (r"\bmi3[0-2]\d", "cdna3"), (r"\bmi35\d", "cdna4"), (r"\btpu", "tpu"),
]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("csv", type=Path, help="Epoch AI's ML hardware CSV export")
    parser.add_argument("--dry-run", action="store_true", help="print what would change, write nothing")


def family(name: str) -> str:
    lowered = name.lower()
    return next((fam for pattern, fam in FAMILIES if re.search(pattern, lowered)), "other")


def facts(row: dict) -> dict:
    def scaled(column, factor):
        n = number(row.get(column))
        return round(n / factor, 6) if n else None

    out = {"name": clean_name(row["Hardware name"]), "last_modified": date(row.get("Last modified")),
           "released": date(row.get("Release date")),
           "peak_bf16_tflops": scaled("Tensor-FP16/BF16 performance (FLOP/s)", 1e12),
           "peak_fp8_tflops": scaled("FP8 performance (FLOP/s)", 1e12), "tdp_w": number(row.get("TDP (W)")),
           "memory_gb": scaled("Memory size per board (Byte)", 1e9),
           "memory_bandwidth_tbps": scaled("Memory bandwidth (byte/s)", 1e12),
           "release_price_usd": number(row.get("Release price (USD)"))}
    return {k: v for k, v in out.items() if v is not None}


def _existing(catalog_dir: Path):
    records, paths, by_name = {}, {}, {}
    for path in sorted((catalog_dir / "gpus").rglob("*.yaml")):
        gpu_id = path.relative_to(catalog_dir / "gpus").with_suffix("").as_posix()
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except (yaml.YAMLError, UnicodeDecodeError):
            continue
        if not isinstance(data, dict):
            continue
        records[gpu_id], paths[gpu_id] = data, path
        epoch = data.get("epoch") if isinstance(data.get("epoch"), dict) else {}
        for name in [data.get("name"), *(data.get("aka") or []), epoch.get("name")]:
            if isinstance(name, str):
                by_name.setdefault(name_key(name), gpu_id)
                by_name.setdefault(name_key(f"{data.get('vendor', '')} {name}"), gpu_id)
    return records, paths, by_name


def run(args, catalog_dir: Path) -> int:
    try:
        rows = read_rows(args.csv, REQUIRED)
    except EpochFormatError as exc:
        print(f"error: {exc}")
        return 1
    records, paths, by_name = _existing(catalog_dir)
    added, changed, unchanged, seen, left_out = [], [], 0, set(), []
    for row in rows:
        f = facts(row)
        if not f.get("name") or not f.get("peak_bf16_tflops") or not f.get("tdp_w") or not f.get("last_modified"):
            continue
        body = {"name": f["name"], "family": family(f["name"]), "epoch": f}
        left_out += drop_implausible("gpus", Gpu, body, "epoch")
        if not f.get("peak_bf16_tflops") or not f.get("tdp_w"):
            continue
        key = name_key(f["name"])
        if key in seen:
            continue
        seen.add(key)
        vendor = clean_name(row.get("Manufacturer")) or "Unknown"
        gpu_id = by_name.get(key)
        if gpu_id is None:
            short = re.sub(rf"^{re.escape(vendor)}\s+", "", f["name"], flags=re.I)
            gpu_id = f"{kebab(vendor)}/{kebab(short)}"
            if gpu_id in records:
                gpu_id = f"{gpu_id}-{kebab(str(f.get('released', 'epoch')))}"
        path = paths.get(gpu_id) or catalog_dir / "gpus" / f"{gpu_id}.yaml"
        if gpu_id in records:
            old = records[gpu_id].get("epoch")
            if old:
                fields = carry_revisions(old, f, QUANTITY_FIELDS)
                fields += [k for k in f if k not in QUANTITY_FIELDS and k != "last_modified" and old.get(k) != f[k]]
            else:
                fields = ["epoch block added"]
            text = replace_block(path.read_text(encoding="utf-8"), "epoch", f)
        else:
            fields = []
            body = {"name": f["name"], "vendor": vendor, "family": family(f["name"])}
            if f.get("released"):
                body["released"] = f["released"]
            body["note"] = ("Imported from Epoch AI's Data on Machine Learning Hardware; figures are Epoch's (epoch "
                            "block). Epoch's 16-bit tensor figure is taken as the dense figure: check the datasheet.")
            body["sources"] = [SOURCE_ID]
            body["epoch"] = f
            text = record_text("gpus", gpu_id, body)
        wrote = (not path.exists() or path.read_text(encoding="utf-8") != text) if args.dry_run else write_if_changed(path, text)
        if not wrote:
            unchanged += 1
        elif gpu_id in records:
            changed.append((gpu_id, fields))
        else:
            added.append(gpu_id)
            records[gpu_id] = {}
            by_name[key] = gpu_id
    for gpu_id in added:
        print(f"added   gpus/{gpu_id}")
    for line in left_out:
        print(f"skipped {line}")
    for gpu_id, fields in changed:
        print(f"changed gpus/{gpu_id}: {', '.join(fields) if fields else 'Last modified only'}")
    verb = "would be " if args.dry_run else ""
    print(f"epoch-hardware: {len(added)} {verb}added, {len(changed)} {verb}changed, {unchanged} unchanged "
          f"({len(seen)} accelerators with a 16-bit tensor figure and a TDP, of {len(rows)} rows)")
    return 0
