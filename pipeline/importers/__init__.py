"""`build.py import NAME ...`: turn a measurement tool's own output into ordinary catalogue records.

An importer is a module with two functions:

    add_arguments(parser: argparse.ArgumentParser) -> None
        Declare its arguments (input files, --source, ...). `--catalog` and `--update` are added for it.
    run(args: argparse.Namespace, catalog_dir: pathlib.Path) -> int
        Read the input, write records with `records.write_record` (which validates them, refuses to
        overwrite without --update and prints what it added or changed), return an exit code:
        0 written, 1 bad input (raise `records.ImportFailed` with a message naming the file and the problem).

Register it below under the name contributors type (`build.py import NAME`). Its module docstring's first
line is the one-line help `build.py import --help` lists."""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path

IMPORTERS: dict[str, str] = {
    "harness": "pipeline.importers.harness",
    "codecarbon": "pipeline.importers.codecarbon",
    "ml-energy": "pipeline.importers.ml_energy",
    "ai-energy-score": "pipeline.importers.ai_energy_score",
}
"""name -> module path. Modules are imported only when their importer runs (or for --help)."""


def importer(name: str):
    return importlib.import_module(IMPORTERS[name])


def main(argv: list[str], default_catalog: Path) -> int:
    from .records import ImportFailed

    parser = argparse.ArgumentParser(
        prog="build.py import",
        description="Write catalogue records from a measurement tool's own output files. "
                    "Each importer prints what it added or changed; existing records are replaced only with --update.")
    subparsers = parser.add_subparsers(dest="importer", metavar="NAME", required=True)
    for name in IMPORTERS:
        module = importer(name)
        summary = (module.__doc__ or "").strip().splitlines()[0] if module.__doc__ else ""
        sub = subparsers.add_parser(name, help=summary, description=(module.__doc__ or "").strip(),
                                    formatter_class=argparse.RawDescriptionHelpFormatter)
        module.add_arguments(sub)
        sub.add_argument("--catalog", type=Path, default=default_catalog, help="catalogue directory (default: catalog/)")
        sub.add_argument("--update", action="store_true", help="replace records that already exist")
    args = parser.parse_args(argv)
    try:
        return importer(args.importer).run(args, args.catalog)
    except ImportFailed as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
