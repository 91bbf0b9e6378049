"""`build.py import NAME ...`: turn a table someone already published into ordinary catalogue records,
so nobody retypes it. Each importer is a module with

    HELP: str                               one line for `build.py import --help`
    add_arguments(parser) -> None           its own arguments
    run(args, catalog_dir: Path) -> int     writes records, prints what it added/changed/removed; exit code

and is listed in IMPORTERS below. Importers write YAML that `build.py check` accepts and never touch a
value that cites another source."""

from __future__ import annotations

import importlib

IMPORTERS: dict[str, str] = {
    "epoch-models": "pipeline.importers.epoch_models",
    "epoch-hardware": "pipeline.importers.epoch_hardware",
}


def load_importer(name: str):
    return importlib.import_module(IMPORTERS[name])
