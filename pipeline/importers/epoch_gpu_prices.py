"""`build.py import epoch-gpu-prices ml-hardware.csv`: Epoch AI's "Google Cloud pricing ($ per hour) data from 17 dec
2022" column -> GPU-hour price series (hyperscaler on-demand, dated 2022-12-17, citing epoch-ml-hardware), one per
accelerator the catalogue has a GPU record for (matched on its name, aka names or Epoch name). Rows for accelerators
without a record are listed and skipped: a price never attaches to another GPU. Re-runs append a changed value as a
new dated point and never overwrite one."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

import yaml

from .epoch_csv import EpochFormatError, clean_name, kebab, name_key, read_rows, number
from .epoch_hardware import _existing
from .yaml_out import record_text, write_if_changed

HELP = "Epoch AI's ML hardware CSV, Google Cloud price column -> GPU-hour price series (2022-12-17)"
SOURCE_ID = "epoch-ml-hardware"
COLUMN = "Google Cloud pricing ($ per hour) data from 17 dec 2022"
PRICE_DATE = dt.date(2022, 12, 17)  # stated in the column's name
REQUIRED = ("Hardware name", COLUMN)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("csv", type=Path, help="Epoch AI's ML hardware CSV export")
    parser.add_argument("--dry-run", action="store_true", help="print what would change, write nothing")


def run(args, catalog_dir: Path) -> int:
    try:
        rows = read_rows(args.csv, REQUIRED)
    except EpochFormatError as exc:
        print(f"error: {exc}")
        return 1
    _, _, by_name = _existing(catalog_dir)
    added, changed, unchanged, skipped = [], [], 0, []
    for row in rows:
        name, price = clean_name(row.get("Hardware name")), number(row.get(COLUMN))
        if not name or price is None:
            if name and (row.get(COLUMN) or "").strip():
                skipped.append(f"{name}: {row.get(COLUMN)!r} is not a dollar figure")
            continue
        gpu_id = by_name.get(name_key(name))
        if gpu_id is None:
            skipped.append(f"{name}: no GPU record (add it, e.g. with build.py import epoch-hardware)")
            continue
        price_id = f"google-cloud/{kebab(gpu_id.split('/')[-1])}-on-demand"
        path = catalog_dir / "prices" / f"{price_id}.yaml"
        old = yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else None
        history = list(old["history"]) if old else []
        same_day = [h for h in history if h["date"] == PRICE_DATE]
        if same_day:
            if same_day[0]["usd_per_gpu_hour"] != price:
                print(f"  {price_id}: Epoch now gives ${price} for {PRICE_DATE}; kept the recorded value")
            unchanged += 1
            continue
        history.append({"date": PRICE_DATE, "basis": "observed", "usd_per_gpu_hour": price, "source": SOURCE_ID,
                        "note": f"Epoch AI, Data on Machine Learning Hardware, row {name!r}, column {COLUMN!r}"})
        history.sort(key=lambda h: h["date"])
        body = {"provider": "Google Cloud", "product": f"{name} GPU-hour, on demand", "kind": "gpu_hour",
                "currency": "USD", "gpu": gpu_id, "provider_class": "hyperscaler_on_demand", "history": history,
                "note": "Written by `build.py import epoch-gpu-prices`; Epoch AI's reading of Google Cloud's list price. "
                        "Dated values are appended on re-runs, never replaced.",
                "sources": [SOURCE_ID]}
        (changed if old else added).append(price_id)
        if not args.dry_run:
            write_if_changed(path, record_text("prices", price_id, body))
    for item in skipped:
        print(f"  skipped {item}")
    for label, items in (("added", added), ("changed", changed)):
        for item in items:
            print(f"{label}: {item}")
    print(f"epoch-gpu-prices: {len(added)} added, {len(changed)} changed, {unchanged} unchanged, {len(skipped)} skipped"
          + (" (dry run: nothing written)" if args.dry_run else ""))
    return 0
