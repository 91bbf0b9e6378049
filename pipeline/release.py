"""What a build is: its data-and-schema version, catalogue date and licence; and `build.py release`,
which writes a versioned, self-contained bundle under build/release/<version>/.

The version lives in schemas/VERSION (semantic: a removed or renamed public column or name is a major
change, an added one minor, data only a patch). The catalogue date is the date of the last commit that
touched catalog/, never the clock, so two builds of one commit give the same bytes."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VERSION_FILE = ROOT / "schemas" / "VERSION"
INTERFACE_FILE = ROOT / "schemas" / "interface.json"
STORAGE_VERSION = "v1.4.0"  # oldest DuckDB that opens catalog.duckdb: the 1.4 long-term-support line

NAME = "distill-ledger"
TITLE = "distill-ledger: the cost of making language models, and what you get for it"
DESCRIPTION = ("A sourced catalogue of what it costs to make language models (FLOP, GPU-hours, kWh, tCO2e, "
               "dollars) and what you get (benchmark scores), distilled models set against vanilla, fine-tuned "
               "and proprietary ones. Every figure cites its source document; views derive every metric.")
LICENSE = {"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/",
           "title": "Creative Commons Attribution 4.0 International"}
ATTRIBUTION = ("Figures taken from Epoch AI's databases are CC BY 4.0 (Epoch AI, Data on AI Models / Data on "
               "Machine Learning Hardware); each source's own licence is in sources.license.")


class ReleaseError(Exception):
    pass


def read_version(path: Path = VERSION_FILE) -> str:
    version = path.read_text(encoding="utf-8").strip()
    if not re.fullmatch(r"\d+\.\d+\.\d+", version):
        raise ReleaseError(f"{path.name}: {version!r} is not a semantic version MAJOR.MINOR.PATCH")
    return version


def _git(cwd: Path, *args: str) -> str | None:
    try:
        return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, timeout=30,
                              check=True).stdout.strip() or None
    except (OSError, subprocess.SubprocessError):
        return None


@dataclass(frozen=True)
class DatasetInfo:
    version: str
    catalogue_date: str | None  # ISO date of the last commit touching the catalogue; None outside git
    catalogue_commit: str | None

    @property
    def citation(self) -> str:
        return f"distill-ledger {self.version}, catalogue as of {self.catalogue_date or 'unknown date'}"

    def metadata(self) -> dict[str, str | None]:
        return {"name": NAME, "title": TITLE, "version": self.version, "catalogue_date": self.catalogue_date,
                "catalogue_commit": self.catalogue_commit, "license": LICENSE["name"],
                "license_url": LICENSE["path"], "attribution": ATTRIBUTION, "citation": self.citation,
                "duckdb_storage_version": STORAGE_VERSION}


def dataset_info(catalog: Path | None = None, version_file: Path = VERSION_FILE) -> DatasetInfo:
    """Version from schemas/VERSION; date and commit of the last git commit touching `catalog`."""
    date = commit = None
    if catalog is not None and catalog.is_dir():
        out = _git(catalog, "log", "-1", "--format=%cs %H", "--", ".")
        if out:
            date, commit = out.split()
    return DatasetInfo(read_version(version_file), date, commit)


def metadata_rows(info: DatasetInfo) -> list[dict]:
    return [{"key": k, "value": v} for k, v in info.metadata().items()]


# ------------------------------------------------------------------------------------------ release


def write_release(database: Path, exports: Path, target_root: Path, info: DatasetInfo, root: Path = ROOT) -> Path:
    """Copy one build into build/release/<version>/ with the changelog, citation and a manifest covering
    every file including the database. Refuses to overwrite a different release of the same version."""
    from .descriptors import write_manifest

    target = target_root / info.version
    tmp = target_root / f".{info.version}.tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    shutil.copytree(exports, tmp)
    shutil.copy2(database, tmp / "catalog.duckdb")
    for name in ("CHANGELOG.md", "CITATION.cff", "LICENSE", "LICENSE-DATA"):
        if (root / name).exists():
            shutil.copy2(root / name, tmp / name)
    (tmp / "README.md").write_text(bundle_readme(info), encoding="utf-8")
    write_manifest(tmp, info)
    if target.exists():
        shutil.rmtree(target)
    tmp.rename(target)
    return target


def bundle_readme(info: DatasetInfo) -> str:
    return "\n".join([
        f"# {NAME} {info.version}", "",
        f"Catalogue as of {info.catalogue_date or 'unknown'}. {DESCRIPTION}", "",
        "- `catalog.duckdb`: every table, view and macro, with comments (DuckDB 1.4 or later: "
        "`duckdb catalog.duckdb`)",
        "- `parquet/`, `csv/` (UTF-8 with BOM), `catalog-csv.zip`: one file per public table and view",
        "- `datapackage.json` (Frictionless), `croissant.json` (ML Commons Croissant), `data-dictionary.md`",
        "- `manifest.json`: every file with its size and SHA-256",
        "- `CHANGELOG.md`: schema and data changes per release; `CITATION.cff`: how to cite",
        "- `LICENSE-DATA`: the data licence (CC BY 4.0); `LICENSE`: the code's (Apache-2.0)", "",
        f"Licence: {LICENSE['title']} ({LICENSE['path']}). {ATTRIBUTION}", "",
        f"Cite as: {info.citation}.", ""])


def write_interface(snapshot: dict, path: Path = INTERFACE_FILE) -> None:
    path.write_text(json.dumps(snapshot, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def citation_cff(info: DatasetInfo) -> str:
    """CITATION.cff (Citation File Format 1.2.0) for this release: GitHub and Zenodo read it."""
    def q(text: str) -> str:
        return json.dumps(text, ensure_ascii=False)  # a JSON string is a valid YAML double-quoted scalar

    lines = ["# Generated by `python3 build.py release` from schemas/VERSION and the catalogue date.",
             "cff-version: 1.2.0",
             "message: " + q(f"If you use these data, cite the release you used, e.g. \"{info.citation}\" (the "
                             "version and catalogue date are in the metadata table of catalog.duckdb and in every "
                             "export). For figures taken from Epoch AI's databases, also cite Epoch AI."),
             "type: dataset", f"title: {q(TITLE)}", f"version: {q(info.version)}"]
    if info.catalogue_date:
        lines.append(f"date-released: {info.catalogue_date}")
    lines += [f"license: {LICENSE['name']}", f"abstract: {q(DESCRIPTION)}",
              "authors:", "  - name: distill-ledger contributors",
              "keywords:", *[f"  - {q(k)}" for k in ("language models", "distillation", "compute", "energy",
                                                       "emissions", "benchmarks")],
              "references:",
              "  - type: database", f"    title: {q('Data on AI Models')}", "    authors:", "      - name: Epoch AI",
              "    license: CC-BY-4.0",
              "  - type: database", f"    title: {q('Data on Machine Learning Hardware')}", "    authors:",
              "      - name: Epoch AI", "    license: CC-BY-4.0", ""]
    return "\n".join(lines)


def write_citation(info: DatasetInfo, root: Path = ROOT) -> Path:
    path = root / "CITATION.cff"
    path.write_text(citation_cff(info), encoding="utf-8")
    return path
