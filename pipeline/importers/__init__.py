"""`build.py import NAME ...`: turn a table or a measurement log someone already produced into ordinary
catalogue records, so nobody retypes it. Each importer is a module with

    HELP: str                               one line for `build.py import --help`
    add_arguments(parser) -> None           its own arguments
    run(args, catalog_dir: Path) -> int     writes records, prints what it added/changed/removed; exit code

and is listed in IMPORTERS below. Importers write YAML that `build.py check` accepts and never touch a
value that cites another source. The measurement importers (harness, codecarbon, ml-energy,
ai-energy-score) share `records.py`: validation as `check` does it, no overwrite without --update, and
bad input reported as one message naming the file (exit 1)."""

from __future__ import annotations

import importlib

IMPORTERS: dict[str, str] = {
    "epoch-models": "pipeline.importers.epoch_models",
    "epoch-hardware": "pipeline.importers.epoch_hardware",
    "genai-prices": "pipeline.importers.genai_prices",
    "epoch-gpu-prices": "pipeline.importers.epoch_gpu_prices",
    "harness": "pipeline.importers.harness",
    "codecarbon": "pipeline.importers.codecarbon",
    "ml-energy": "pipeline.importers.ml_energy",
    "ml-energy-v2": "pipeline.importers.ml_energy_v2",
    "ai-energy-score": "pipeline.importers.ai_energy_score",
}


def load_importer(name: str):
    return importlib.import_module(IMPORTERS[name])
