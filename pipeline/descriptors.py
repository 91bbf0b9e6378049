"""Descriptors that make the exports self-describing: a Frictionless Data Package (datapackage.json),
Croissant metadata for ML dataset search (croissant.json) and a manifest of every file with its size and
SHA-256 (manifest.json), which is also how a remote reader (DuckDB httpfs, Spark, Trino) lists the files.

All three are generated from the database's comments and the public interface, so they cannot drift from
what is exported. Paths are relative to the downloads folder: catalog.duckdb, parquet/, csv/, ..."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from .interface import Relation, foreign_keys
from .release import ATTRIBUTION, DESCRIPTION, LICENSE, NAME, TITLE, DatasetInfo

FRICTIONLESS_TYPES = {"VARCHAR": "string", "DOUBLE": "number", "FLOAT": "number", "INTEGER": "integer",
                      "BIGINT": "integer", "SMALLINT": "integer", "BOOLEAN": "boolean", "DATE": "date",
                      "TIMESTAMP": "datetime"}
CROISSANT_TYPES = {"VARCHAR": "sc:Text", "DOUBLE": "sc:Float", "FLOAT": "sc:Float", "INTEGER": "sc:Integer",
                   "BIGINT": "sc:Integer", "SMALLINT": "sc:Integer", "BOOLEAN": "sc:Boolean", "DATE": "sc:Date",
                   "TIMESTAMP": "sc:DateTime"}
CROISSANT_CONTEXT = {
    "@language": "en", "@vocab": "https://schema.org/", "citeAs": "cr:citeAs", "column": "cr:column",
    "conformsTo": "dct:conformsTo", "cr": "http://mlcommons.org/croissant/", "rai": "http://mlcommons.org/croissant/RAI/",
    "data": {"@id": "cr:data", "@type": "@json"}, "dataType": {"@id": "cr:dataType", "@type": "@vocab"},
    "dct": "http://purl.org/dc/terms/", "equivalentProperty": "cr:equivalentProperty",
    "examples": {"@id": "cr:examples", "@type": "@json"},
    "extract": "cr:extract", "field": "cr:field", "fileProperty": "cr:fileProperty", "fileObject": "cr:fileObject",
    "fileSet": "cr:fileSet", "format": "cr:format", "includes": "cr:includes", "isLiveDataset": "cr:isLiveDataset",
    "jsonPath": "cr:jsonPath", "key": "cr:key", "md5": "cr:md5", "parentField": "cr:parentField", "path": "cr:path",
    "recordSet": "cr:recordSet", "references": "cr:references", "regex": "cr:regex", "repeated": "cr:repeated",
    "replace": "cr:replace", "samplingRate": "cr:samplingRate", "sc": "https://schema.org/",
    "separator": "cr:separator", "source": "cr:source",
    "subField": "cr:subField", "transform": "cr:transform",
}


DESCRIPTORS = ("datapackage.json", "croissant.json", "manifest.json")


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def json_lines(data: dict) -> str:
    """A descriptor's JSON text: each key of the object on a line of its own, and each element of a list value (a
    file, a resource, a record set) on a line of its own, written compactly. Readable, and a diff of two releases'
    descriptors shows the entries that changed; and Python's json writes compact text in C, whereas indenting it
    runs its encoder in Python (14 ms for the three descriptors of the real catalogue, against 3 ms)."""
    def one(value) -> str:
        return json.dumps(value, ensure_ascii=False)

    lines = []
    for key, value in data.items():
        if isinstance(value, list) and value:
            lines.append(f" {one(key)}: [\n" + ",\n".join(f"  {one(item)}" for item in value) + "\n ]")
        else:
            lines.append(f" {one(key)}: {one(value)}")
    return "{\n" + ",\n".join(lines) + "\n}\n"


def _dump(path: Path, data: dict) -> None:
    """Written beside and renamed into place: the site stage may read the manifest while it is written again
    (export.PendingExports), and must find the whole of either."""
    import os

    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(json_lines(data), encoding="utf-8")
    os.replace(tmp, path)


def datapackage(relations: list[Relation], info: DatasetInfo) -> dict:
    """Frictionless Data Package v1 over the CSV files (UTF-8 with BOM, which readers detect)."""
    tables = {r.name: r.primary_key for r in relations if r.kind == "table"}
    resources = []
    for r in relations:
        if not r.exported:
            continue
        schema: dict = {"fields": [{"name": c, "type": FRICTIONLESS_TYPES.get(t, "any"), "description": d}
                                   for c, t, d in r.columns]}
        if r.primary_key:
            schema["primaryKey"] = list(r.primary_key)
        if r.kind == "table":
            fks = [{"fields": [column], "reference": {"resource": table, "fields": [target]}}
                   for column, table, target in foreign_keys(r, tables)]
            if fks:
                schema["foreignKeys"] = fks
        resources.append({"name": r.name, "path": f"csv/{r.name}.csv", "profile": "tabular-data-resource",
                          "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
                          "description": r.description, "schema": schema})
    return {"profile": "tabular-data-package", "name": NAME, "title": TITLE, "description": DESCRIPTION,
            "version": info.version, "licenses": [dict(LICENSE)],
            "sources": [{"title": ATTRIBUTION}], "keywords": ["language models", "distillation", "compute",
                                                              "energy", "emissions", "benchmarks"],
            "resources": resources} | ({"created": f"{info.catalogue_date}T00:00:00Z"} if info.catalogue_date else {})


def croissant(relations: list[Relation], info: DatasetInfo, directory: Path, hashes: dict[str, str] | None = None) -> dict:
    """Croissant 1.0 JSON-LD: one FileObject and one RecordSet per Parquet file. `hashes`: SHA-256 already taken,
    by path under `directory` (write_descriptors)."""
    hashes = hashes or {}
    distribution, record_sets = [], []
    for r in relations:
        if not r.exported:
            continue
        rel = f"parquet/{r.name}.parquet"
        path = directory / rel
        distribution.append({"@type": "cr:FileObject", "@id": rel, "name": rel, "contentUrl": rel,
                             "contentSize": f"{path.stat().st_size} B", "encodingFormat": "application/x-parquet",
                             "sha256": hashes.get(rel) or sha256(path)})
        fields = [{"@type": "cr:Field", "@id": f"{r.name}/{c}", "name": f"{r.name}/{c}", "description": d,
                   "dataType": CROISSANT_TYPES.get(t, "sc:Text"),
                   "source": {"fileObject": {"@id": rel}, "extract": {"column": c}}}
                  for c, t, d in r.columns]
        record_set = {"@type": "cr:RecordSet", "@id": r.name, "name": r.name, "description": r.description,
                      "field": fields}
        if r.primary_key:
            record_set["key"] = [{"@id": f"{r.name}/{c}"} for c in r.primary_key]
        record_sets.append(record_set)
    out = {"@context": CROISSANT_CONTEXT, "@type": "sc:Dataset", "conformsTo": "http://mlcommons.org/croissant/1.0",
           "name": NAME, "description": DESCRIPTION, "license": LICENSE["path"], "version": info.version,
           "citeAs": info.citation, "creditText": ATTRIBUTION,
           "keywords": ["language models", "distillation", "compute", "energy", "emissions", "benchmarks"],
           "distribution": distribution, "recordSet": record_sets}
    if info.catalogue_date:
        out["datePublished"] = info.catalogue_date
    return out


def write_manifest(directory: Path, info: DatasetInfo, leave_out: tuple[str, ...] = (),
                   hashes: dict[str, str] | None = None, under: str = "") -> dict:
    """Every file under `directory` (but the manifest itself and `leave_out`; only those whose path starts with
    `under`) with size and SHA-256 (from `hashes` where already taken, by path under `directory`)."""
    hashes = hashes or {}
    files = []
    for path in sorted(p for p in directory.rglob("*") if p.is_file() and p.name != "manifest.json"
                       and p.relative_to(directory).as_posix() not in leave_out
                       and p.relative_to(directory).as_posix().startswith(under)):
        rel = path.relative_to(directory).as_posix()
        files.append({"path": rel, "bytes": path.stat().st_size, "sha256": hashes.get(rel) or sha256(path)})
    manifest = {"name": NAME, "version": info.version, "catalogue_date": info.catalogue_date,
                "license": LICENSE["name"], "files": files}
    _dump(directory / "manifest.json", manifest)
    return manifest


def write_descriptors(relations: list[Relation], info: DatasetInfo, directory: Path, before_manifest=None,
                      hashes: dict[str, str] | None = None) -> None:
    """`before_manifest`: called (and waited for) before the manifest lists the files, e.g. an archive still
    being written. `hashes`: the SHA-256 of files the caller wrote and hashed, by path under `directory` (pipeline/
    export.py hashes each export as it writes it); every other file is hashed here."""
    _dump(directory / "datapackage.json", datapackage(relations, info))
    _dump(directory / "croissant.json", croissant(relations, info, directory, hashes))
    if before_manifest is not None:
        before_manifest()
    # The data dictionary is shown on the site's data page rather than published as a file.
    write_manifest(directory, info, leave_out=("data-dictionary.md",), hashes=hashes)
