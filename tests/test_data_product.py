"""The database as an analyst's product: opens in DuckDB 1.4 LTS and the CLI, versioned and dated,
self-describing exports, stable keys, join keys, and remote querying over HTTP."""

from __future__ import annotations

import csv
import functools
import http.server
import io
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import threading
import zipfile
from pathlib import Path

import duckdb
import pytest
import yaml

from conftest import ROOT, VALID, copy_catalog, run_build
from pipeline.database import build_database
from pipeline.load import load

LTS = ROOT / ".cache" / "duckdb-lts"  # DuckDB 1.4.x + httpfs, installed by scripts/install.sh
LTS_VERSION = "1.4.4"
VERSION = (ROOT / "schemas" / "VERSION").read_text().strip()
DATA_PAGE = ROOT / "site" / "pages" / "data.md"
EPOCH_FIXTURE = ROOT / "tests" / "fixtures" / "epoch" / "ai-models-sample.csv"


def readme_blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), flags=re.S)


def readme_sql() -> list[str]:
    return readme_blocks("sql")


EXAMPLE_BASE = "https://example.org/data/downloads"  # the one thing a reader (and a test) replaces


def readme_python(kind: str) -> str:
    """The README's Python example of one kind: local (build/ files), remote (over HTTP) or spark."""
    blocks = {"spark" if "pyspark" in b else "remote" if EXAMPLE_BASE in b else "local": b
              for b in readme_blocks("python")}
    return blocks[kind]


def run_python(code: str, cwd: Path, timeout: int = 120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True, timeout=timeout)


def page_blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", DATA_PAGE.read_text(encoding="utf-8"), flags=re.S)


def run_lts(code: str, *args: str) -> subprocess.CompletedProcess:
    """Python code run against DuckDB 1.4 LTS, in its own folder ahead of the pinned DuckDB on the path."""
    if not (LTS / "duckdb").is_dir():
        pytest.fail(f"DuckDB {LTS_VERSION} is not in {LTS.relative_to(ROOT)}: run `bash scripts/install.sh`")
    env = dict(os.environ, PYTHONPATH=str(LTS))
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=300, env=env)


@pytest.fixture(scope="module")
def downloads(real_build) -> Path:
    return real_build / "public" / "data" / "downloads"


@pytest.fixture(scope="module")
def con(real_build):
    c = duckdb.connect(str(real_build / "build" / "catalog.duckdb"), read_only=True)
    yield c
    c.close()


def catalogue_date() -> str:
    return subprocess.run(["git", "log", "-1", "--format=%cs", "--", "."], cwd=ROOT / "catalog", capture_output=True,
                          text=True, check=True).stdout.strip()


# ------------------------------------------------------------------------------------- opens everywhere


def test_duckdb_lts_opens_the_database_and_runs_the_readme_queries(real_build):
    code = """
import sys, duckdb
assert duckdb.__version__ == sys.argv[2], duckdb.__version__
con = duckdb.connect(sys.argv[1], read_only=True)
con.execute("set enable_progress_bar = false")  # it would print to stdout on a slow query
for sql in sys.argv[3:]:
    print(len(con.sql(sql).fetchall()))
print(con.execute("select value from metadata where key = 'version'").fetchone()[0])
"""
    blocks = readme_sql()
    assert len(blocks) >= 3
    result = run_lts(code, str(real_build / "build" / "catalog.duckdb"), LTS_VERSION, *blocks)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.split()
    assert all(int(n) > 0 for n in lines[:-1]), lines  # every README query returns rows
    assert lines[-1] == VERSION


def test_current_duckdb_runs_the_readme_queries(con):
    for sql in readme_sql():
        assert con.sql(sql).fetchall()


def test_the_readme_cli_command_works_as_written(real_build, tmp_path):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "duckdb build/catalog.duckdb" in readme
    cli = shutil.which("duckdb")
    assert cli, "the duckdb CLI (PyPI duckdb-cli, pinned in requirements.txt) is not installed"
    (tmp_path / "build").mkdir()  # a copy: other tests hold the built file open, and the CLI opens read-write
    shutil.copy2(real_build / "build" / "catalog.duckdb", tmp_path / "build" / "catalog.duckdb")
    result = subprocess.run(["duckdb", "build/catalog.duckdb"], cwd=tmp_path, capture_output=True, text=True,
                            input="select value from metadata where key = 'version';\n", timeout=60)
    assert result.returncode == 0, result.stderr
    assert VERSION in result.stdout
    commands = [line for block in re.findall(r"```sh\n(.*?)```", readme, flags=re.S) for line in block.splitlines()
                if line.startswith("duckdb ")]
    assert commands
    for command in commands:  # the README's one-line CLI queries, as written
        result = subprocess.run(shlex.split(command), cwd=tmp_path, capture_output=True, text=True, timeout=60)
        assert result.returncode == 0 and result.stdout.strip(), (command, result.stderr)
    assert "duckdb catalog.duckdb \"select key, value from metadata\"" in DATA_PAGE.read_text(encoding="utf-8")
    result = subprocess.run(["duckdb", "catalog.duckdb", "select key, value from metadata"],
                            cwd=real_build / "public" / "data" / "downloads", capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and "catalogue_date" in result.stdout, result.stderr


# --------------------------------------------------------------------------------- version and metadata


def test_version_and_catalogue_date_are_in_the_database_and_every_export(con, downloads):
    meta = dict(con.execute("select key, value from metadata").fetchall())
    assert re.fullmatch(r"\d+\.\d+\.\d+", VERSION)
    assert meta["version"] == VERSION
    assert meta["catalogue_date"] == catalogue_date()  # the last catalog/ commit, not the clock
    assert meta["license"] == "CC-BY-4.0" and "Epoch AI" in meta["attribution"]
    for path in sorted((downloads / "parquet").glob("*.parquet")):
        kv = dict(duckdb.sql(f"select decode(key), decode(value) from parquet_kv_metadata('{path}')").fetchall())
        assert kv["version"] == VERSION and kv["catalogue_date"] == meta["catalogue_date"], path.name
    for name in ("datapackage.json", "croissant.json", "manifest.json"):
        data = json.loads((downloads / name).read_text(encoding="utf-8"))
        assert data["version"] == VERSION, name
    assert json.loads((downloads / "manifest.json").read_text())["catalogue_date"] == meta["catalogue_date"]
    with zipfile.ZipFile(downloads / "catalog-csv.zip") as archive:
        assert f"distill-ledger {VERSION}, catalogue as of {meta['catalogue_date']}" == archive.comment.decode()
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["version"] == VERSION and cff["license"] == "CC-BY-4.0" and cff["authors"]
    assert f"## {VERSION} " in (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")


def test_exports_are_byte_identical_across_builds_of_one_commit(real_build, tmp_path):
    result = run_build("db", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    first, second = real_build / "build" / "exports", tmp_path / "build" / "exports"
    names = sorted(p.relative_to(first).as_posix() for p in first.rglob("*") if p.is_file())
    assert names == sorted(p.relative_to(second).as_posix() for p in second.rglob("*") if p.is_file())
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


# ----------------------------------------------------------------------------------- public interface


def test_public_interface_lists_every_export_with_its_key(con, downloads):
    public = con.execute("select name, kind, primary_key from public_interface").fetchall()
    exported = {name for name, kind, _ in public if kind in ("table", "view")}
    assert {p.stem for p in (downloads / "parquet").glob("*.parquet")} == exported
    assert {p.stem for p in (downloads / "csv").glob("*.csv")} == exported
    views = {r[0] for r in con.execute("select view_name from duckdb_views() where not internal").fetchall()}
    staging = {v for v in views if v.startswith("stg_")}
    assert staging and not staging & exported  # internal staging exists but is not exported
    for name, kind, key in public:
        if kind not in ("table", "view"):
            continue
        assert key, f"{name} has no key"
        columns = [k.strip() for k in key.split(",")]
        total, distinct, nulls = con.execute(
            f'select count(*), count(distinct ({", ".join(columns)})), '
            f'count(*) filter (where {" or ".join(c + " is null" for c in columns)}) from "{name}"').fetchone()
        assert total == distinct, f"{name}: key ({key}) is not unique"
        # Tables' keys are never null (PRIMARY KEY); a view's key column may be null where it does not apply
        # (distillation_sensitivity.students_per_teacher on marginal rows), but never its first column.
        assert nulls == 0 or kind == "view", f"{name}: key ({key}) has nulls"
        first = columns[0]
        assert not con.execute(f'select count(*) from "{name}" where {first} is null').fetchone()[0], name


def _keyed(con, table: str, key: str, value: str) -> dict:
    return {row[:-1]: row[-1] for row in con.execute(f"select {key}, {value} from {table}").fetchall()}


def test_child_table_keys_survive_reordering_yaml_lists(real_build, tmp_path):
    """Reverse every list in every record: the child tables keep the same keys with the same values."""
    reordered = copy_catalog(ROOT / "catalog", tmp_path / "b")
    for path in reordered.rglob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        data = yaml.safe_load(text)
        # every list whose order means nothing (a price's history must stay oldest first: its order is checked)
        for key in ("scores", "stages", "figures", "teachers", "aka", "aliases", "configurations"):
            if isinstance(data.get(key), list):
                data[key] = list(reversed(data[key]))
        for parent, key in (("quality", "scores"), ("measurement", "flags")):
            if isinstance(data.get(parent), dict) and isinstance(data[parent].get(key), list):
                data[parent][key] = list(reversed(data[parent][key]))
        first = text.splitlines()[0] + "\n" if text.startswith("#") else ""  # the editor schema line
        path.write_text(first + yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    build_database(load(reordered), tmp_path / "b.duckdb", None)  # the database alone: no exports needed
    a = duckdb.connect(str(real_build / "build" / "catalog.duckdb"), read_only=True)  # the catalogue as it is
    b = duckdb.connect(str(tmp_path / "b.duckdb"), read_only=True)
    checks = {"scores": ("model_id, benchmark_id, settings_hash", "value"),
              "energy_stages": ("run_id, stage", "energy_kwh"),
              "energy_run_scores": ("run_id, benchmark_id", "value"),
              "claims": ("claim_table_id, claim_key", "value"),
              "facts": ("record_kind, record_id, field", "value"),
              "model_teachers": ("model_id, teacher_id", "1"),
              "model_stages": ("model_id, stage, occurrence", "compute_flop"),
              "model_aliases": ("model_id, alias", "1"),
              "gpu_aliases": ("gpu_id, alias", "1"),
              "benchmark_aliases": ("benchmark_id, alias", "1"),
              "energy_run_flags": ("run_id, flag", "1"),
              "inference_configurations": ("measurement_id, configuration, occurrence", "energy_per_token_j"),
              "inference_energy": ("measurement_id, configuration, occurrence", "energy_per_token_j")}
    for table, (key, value) in checks.items():
        before, after = _keyed(a, table, key, value), _keyed(b, table, key, value)
        assert before == after, table
        assert before or table == "energy_run_flags", table  # the real catalogue has no flagged run yet
    # Every table with a key (tables by their PRIMARY KEY) is either checked above or has no list behind it.
    keyed = {t for t, in a.execute("select table_name from duckdb_constraints() where constraint_type = 'PRIMARY KEY' "
                                   "and len(constraint_column_names) > 1").fetchall()}
    assert keyed - set(checks) <= {"fact_revisions", "price_points", "scenario_mfu", "scenario_peak_overrides",
                                   "energy_run_software"}, keyed - set(checks)
    moved = a.execute("select count(*) from scores").fetchone()[0] - len(
        set(a.execute("select model_id, benchmark_id, position from scores").fetchall())
        & set(b.execute("select model_id, benchmark_id, position from scores").fetchall()))
    assert moved > 0  # the positions did move, so the test reordered something


def variant_spellings(con, tables: list[str]) -> dict[str, set[str]]:
    """Category words (one token of letters, '_' or '-') found in more than one spelling across the given
    tables' text columns: {'fine_tuned': {'fine_tuned', 'fine-tuned'}}. Ids, keys, names and free text are not
    categories and are skipped."""
    spellings: dict[str, set[str]] = {}
    for name in tables:
        for column, in con.execute("select column_name from duckdb_columns() where table_name = ? and "
                                   "data_type = 'VARCHAR'", [name]).fetchall():
            if column.endswith(("_id", "_key", "_hash")) or column in ("field", "alias", "name", "value", "key"):
                continue
            values = con.execute(f'select distinct "{column}" from "{name}" where "{column}" is not null '
                                 "limit 50").fetchall()
            for (v,) in values:
                if re.fullmatch(r"[A-Za-z][A-Za-z_-]*", v):
                    spellings.setdefault(v.lower().replace("-", "_"), set()).add(v)
    return {k: v for k, v in spellings.items() if len(v) > 1}


def test_the_spelling_scan_finds_variants():
    c = duckdb.connect()
    c.execute("create table a (model_id varchar, method varchar); create table b (kind varchar, note varchar)")
    c.execute("insert into a values ('x/y', 'fine_tuned'), ('x/z', 'distilled')")
    c.execute("insert into b values ('Fine-Tuned', 'free text, not a category'), ('distilled', null)")
    assert variant_spellings(c, ["a", "b"]) == {"fine_tuned": {"fine_tuned", "Fine-Tuned"}}


def test_enumerations_are_spelled_one_way(con):
    """A category never appears as both fine_tuned and fine-tuned (or Fine_Tuned) anywhere in the database.
    Epoch AI's rows (epoch_*) keep Epoch's own words as written ('Unreleased', 'Reported'): they are its text."""
    tables = [n for n, in con.execute("select name from public_interface where kind in ('table', 'view') "
                                      "and not starts_with(name, 'epoch_')").fetchall()]
    assert len(tables) > 40
    assert variant_spellings(con, tables) == {}
    methods = {m for m, in con.execute("select distinct method from models").fetchall()}
    assert "fine_tuned" in methods and "fine-tuned" not in methods


# --------------------------------------------------------------------------------- self-describing files


def test_code_and_data_licences_are_stated_everywhere(con, downloads):
    """Apache-2.0 for the code (LICENSE), CC BY 4.0 for the data (LICENSE-DATA), named by every descriptor."""
    code = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert "Apache License" in code and "Version 2.0, January 2004" in code
    data = (ROOT / "LICENSE-DATA").read_text(encoding="utf-8")
    assert "CC BY 4.0" in data and "https://creativecommons.org/licenses/by/4.0/" in data and "Epoch AI" in data
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "`LICENSE`" in readme and "`LICENSE-DATA`" in readme
    assert json.loads((downloads / "datapackage.json").read_text())["licenses"][0]["path"] == \
        "https://creativecommons.org/licenses/by/4.0/"
    assert json.loads((downloads / "croissant.json").read_text())["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert dict(con.execute("select key, value from metadata").fetchall())["license"] == "CC-BY-4.0"
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert "cite the release you used" in cff["message"] and cff["type"] == "dataset"



def test_parquet_files_describe_themselves(con, downloads):
    import pyarrow.parquet as pq

    meta = pq.read_metadata(downloads / "parquet" / "scores.parquet").metadata
    columns = json.loads(meta[b"columns"])
    assert set(columns) == {c for c, in con.execute(
        "select column_name from duckdb_columns() where table_name = 'scores'").fetchall()}
    assert all(columns.values())  # every column described
    assert meta[b"primary_key"] == b"model_id, benchmark_id, settings_hash"
    assert meta[b"license"] == b"CC-BY-4.0" and meta[b"description"].startswith(b"Benchmark results")
    import polars as pl  # polars and pandas (through pyarrow) see the same descriptions

    kv = pl.read_parquet_metadata(downloads / "parquet" / "scores.parquet")
    assert json.loads(kv["columns"]) == columns and kv["license"] == "CC-BY-4.0" and kv["version"] == VERSION


def test_csv_files_open_as_utf8_in_spreadsheets(con, downloads):
    """Excel reads a CSV as UTF-8 only with a byte-order mark (LibreOffice detects it too); every reader
    here must skip it, and accented or typographic characters must come back as the database has them."""
    import pandas as pd

    for path in (downloads / "csv").glob("*.csv"):
        raw = path.read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf") and not raw[3:].startswith(b"\xef\xbb\xbf"), path.name
    # a table with non-ASCII text in the real catalogue
    path = next(p for p in sorted((downloads / "csv").glob("*.csv")) if not p.read_bytes()[3:].isascii())
    raw = path.read_bytes()
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    header, cells = rows[0], {cell for row in rows[1:] for cell in row}
    assert not header[0].startswith("\ufeff")
    in_db = {v for row in con.execute(f'select * from "{path.stem}"').fetchall() for v in row if isinstance(v, str)}
    non_ascii = {c for c in cells if not c.isascii()}
    assert non_ascii and non_ascii <= in_db  # no mojibake: the same text as in the database
    assert list(pd.read_csv(path).columns) == header
    assert duckdb.sql(f"select * from read_csv('{path}')").columns == header
    with zipfile.ZipFile(downloads / "catalog-csv.zip") as archive:
        assert archive.read(f"csv/{path.name}") == raw


def test_datapackage_validates_with_frictionless(downloads):
    """Types, primary keys and foreign keys of every CSV, checked by the reference implementation."""
    from frictionless import Package

    package = json.loads((downloads / "datapackage.json").read_text(encoding="utf-8"))
    assert package["licenses"][0]["name"] == "CC-BY-4.0"
    scores = next(r for r in package["resources"] if r["name"] == "scores")
    assert scores["schema"]["primaryKey"] == ["model_id", "benchmark_id", "settings_hash"]
    assert {"fields": ["model_id"], "reference": {"resource": "models", "fields": ["model_id"]}} in \
        scores["schema"]["foreignKeys"]
    report = Package(str(downloads / "datapackage.json")).validate()
    errors = [f"{task.name}: {e.message}" for task in report.tasks for e in task.errors][:10]
    assert report.valid, errors


def test_croissant_and_manifest_match_the_files(downloads):
    import hashlib

    croissant = json.loads((downloads / "croissant.json").read_text(encoding="utf-8"))
    assert croissant["conformsTo"] == "http://mlcommons.org/croissant/1.0" and croissant["@type"] == "sc:Dataset"
    assert croissant["license"] == "https://creativecommons.org/licenses/by/4.0/"
    files = {f["@id"]: f for f in croissant["distribution"]}
    for record_set in croissant["recordSet"]:
        for field in record_set["field"]:
            assert field["source"]["fileObject"]["@id"] in files
            assert field["description"], field["@id"]
    for rel, f in files.items():
        assert hashlib.sha256((downloads / rel).read_bytes()).hexdigest() == f["sha256"]
    manifest = json.loads((downloads / "manifest.json").read_text(encoding="utf-8"))
    listed = {f["path"]: f for f in manifest["files"]}
    assert "parquet/models.parquet" in listed and "datapackage.json" in listed
    for rel, f in listed.items():
        data = (downloads / rel).read_bytes()
        assert len(data) == f["bytes"] and hashlib.sha256(data).hexdigest() == f["sha256"], rel


# ------------------------------------------------------------------------------------------- join keys


HF_IDS = ROOT / "tests" / "fixtures" / "hf" / "model-ids.csv"  # a Hugging Face model list, as its API gives it
ML_ENERGY_INDEX = ROOT / "tests" / "fixtures" / "ml-energy" / "data" / "index.json"


def test_models_join_with_epoch_hugging_face_and_ml_energy_data(tmp_path):
    """Epoch AI's CSV header with rows of our own joined on models.epoch_name; a Hugging Face id list on
    models.hf_id (the record's own, or the repository Epoch links); ML.ENERGY's model index on ml_energy_id."""
    catalog = copy_catalog(VALID, tmp_path)
    blocks = {"models/acme/base-1b.yaml": "hf_id: acme/base-1b\nml_energy_id: acme/tiny-chat-8B\n"
                                          "epoch:\n  name: Acme Base 1B\n  last_modified: 2025-01-01\n",
              "models/acme/teacher-70b.yaml": "epoch:\n  name: Acme Teacher 70B\n  last_modified: 2025-01-01\n"
                                             "  hf_id: acme/Teacher-70B\n"}
    for path, block in blocks.items():
        (catalog / path).write_text((catalog / path).read_text(encoding="utf-8") + block, encoding="utf-8")
    cat = load(catalog)
    assert not cat.problems, [p.plain() for p in cat.problems]
    build_database(cat, tmp_path / "catalog.duckdb", None)
    con = duckdb.connect(str(tmp_path / "catalog.duckdb"), read_only=True)
    header = EPOCH_FIXTURE.read_text(encoding="utf-8").splitlines()[0].split(",")
    assert header[:4] == ["Model", "Domain", "Task", "Organization"] and "Last modified" in header
    joined = con.execute("""
        select m.model_id, e."Organization", m.hf_id, m.hf_id_from
        from models m join read_csv(?, header = true, all_varchar = true) e on e."Model" = m.epoch_name
        order by 1""", [str(EPOCH_FIXTURE)]).fetchall()
    assert joined == [("acme/base-1b", "Acme", "acme/base-1b", "record"),
                      ("acme/teacher-70b", "Acme", "acme/Teacher-70B", "epoch")]
    assert con.execute("select hf_id from epoch_models where model_id = 'acme/teacher-70b'").fetchone() == \
        ("acme/Teacher-70B",)
    on_hf = con.execute("""
        select m.model_id, h.downloads from models m
        join read_csv(?, header = true) h on lower(h.id) = lower(m.hf_id) order by 1""", [str(HF_IDS)]).fetchall()
    assert on_hf == [("acme/base-1b", 1200), ("acme/teacher-70b", 34)]
    on_ml_energy = con.execute("""
        select m.model_id, k from models m
        join (select unnest(json_keys(json, '$.models')) as k from read_json_objects(?)) on k = m.ml_energy_id""",
                               [str(ML_ENERGY_INDEX)]).fetchall()
    assert on_ml_energy == [("acme/base-1b", "acme/tiny-chat-8B")]
    con.close()


def test_ml_energy_ids_come_from_the_records_and_link_their_measurements(con):
    """models.ml_energy_id is the record's own (the economics mapping, docs in the record); one model per id;
    and a measurement the leaderboard files under that id is linked to that model in inference_energy."""
    from pipeline.load import load as load_catalog

    cat = load_catalog(ROOT / "catalog")
    in_records = {mid: e.record.ml_energy_id for mid, e in cat.entries["models"].items() if e.record.ml_energy_id}
    assert dict(con.execute("select model_id, ml_energy_id from models where ml_energy_id is not null").fetchall()) \
        == in_records
    assert not con.execute("select lower(ml_energy_id) from models where ml_energy_id is not null group by 1 "
                           "having count(*) > 1").fetchall()
    unlinked = con.execute("""
        select distinct e.measurement_id, m.model_id from inference_energy e
        join models m on lower(m.ml_energy_id) = lower(e.model_name)
        join inference_measurements i using (measurement_id)
        where i.model_id is null and e.model_id is distinct from m.model_id""").fetchall()
    assert not unlinked


@pytest.mark.parametrize("row, expected", [
    ({"Model": "Yi-1.5-34B", "Link": "https://huggingface.co/01-ai/Yi-1.5-34B\nhttps://arxiv.org/abs/2403.04652"},
     "01-ai/Yi-1.5-34B"),
    ({"Model": "OpenELM-1.1B", "Link": "https://huggingface.co/apple/OpenELM-1_1B/tree/main"}, "apple/OpenELM-1_1B"),
    ({"Model": "Flan-T5 11B", "Link": "https://huggingface.co/google/flan-t5-xxl"}, "google/flan-t5-xxl"),
    # the weights link of another size, or a sibling, is not this model's
    ({"Model": "CoEdiT-xxl", "Link": "https://huggingface.co/grammarly/coedit-large"}, None),
    ({"Model": "NVILA 8B", "Link": "https://huggingface.co/Efficient-Large-Model/NVILA-15B"}, None),
    ({"Model": "Qwen3-32B", "Accessibility notes": "Apache 2.0 https://huggingface.co/Qwen/Qwen3-32B-Base"}, None),
    ({"Model": "QwQ-32B", "Accessibility notes": "weights: https://huggingface.co/Qwen/QwQ-32B."}, "Qwen/QwQ-32B"),
    # two links run together, two repositories, or not a model repository: nothing
    ({"Model": "ALLaM 13B", "Link": "https://huggingface.co/ALLaM-AI/ALLaM-7B-Instruct-previehttps://x.org"}, None),
    ({"Model": "A 7B", "Link": "https://huggingface.co/a/a-7b https://huggingface.co/a/a-7b-chat"}, None),
    ({"Model": "A", "Link": "https://huggingface.co/datasets/a/corpus https://huggingface.co/blog/a/post"}, None),
])
def test_epoch_import_takes_only_the_repository_epoch_links_for_the_model(row, expected):
    from pipeline.importers.epoch_models import hf_repo

    assert hf_repo(row) == expected


def test_every_hugging_face_id_is_sourced_and_joins_one_model(con):
    """Each models.hf_id is the record's own or Epoch's link, and no two models claim one repository."""
    assert con.execute("""
        select count(*) from models m left join epoch_models e using (model_id)
        where m.hf_id is not null and not (m.hf_id_from = 'epoch' and m.hf_id = e.hf_id or m.hf_id_from = 'record')
        """).fetchone()[0] == 0
    assert con.execute("select count(*) from models where (hf_id is null) <> (hf_id_from is null)").fetchone()[0] == 0
    assert not con.execute("select lower(hf_id) from models where hf_id is not null group by 1 having count(*) > 1"
                           ).fetchall()
    assert con.execute("select count(*) from models where hf_id_from = 'epoch'").fetchone()[0] > 0


# ------------------------------------------------------------------------------------ remote querying


class _Quiet(http.server.SimpleHTTPRequestHandler):
    """A static host as the site is published on: quiet, and answering byte ranges (GitHub Pages, Netlify and S3
    do; Python's own server does not, and polars' reader needs them to read a Parquet footer)."""

    def log_message(self, *args):
        pass

    def send_head(self):
        match = re.fullmatch(r"bytes=(\d*)-(\d*)", self.headers.get("Range", ""))
        path = Path(self.translate_path(self.path))
        if not match or not path.is_file():
            return super().send_head()
        size = path.stat().st_size
        first, last = match.groups()
        start = int(first) if first else max(size - int(last), 0)  # "bytes=-N": the last N bytes
        end = min(int(last), size - 1) if first and last else size - 1
        if start > end:
            self.send_error(416)
            return None
        data = path.read_bytes()[start:end + 1]
        self.send_response(206)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Range", f"bytes {start}-{end}/{size}")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Accept-Ranges", "bytes")
        self.end_headers()
        return io.BytesIO(data)


@pytest.fixture(scope="module")
def served(real_build):
    """The built site on 127.0.0.1, as a static host would serve it."""
    handler = functools.partial(_Quiet, directory=str(real_build / "public"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/data/downloads"
    server.shutdown()
    server.server_close()


def test_duckdb_reads_the_published_parquet_over_http_from_the_manifest(served, con):
    """The data page's DuckDB commands, run as written against the served site with DuckDB 1.4's httpfs
    (the PyPI package, since a test may not download the extension)."""
    (sql,) = page_blocks("sql")
    sql = sql.replace("https://example.org/data/downloads", served)
    code = """
import sys, duckdb, duckdb_extension_httpfs, pathlib
ext = next(pathlib.Path(duckdb_extension_httpfs.__file__).parent.rglob('httpfs.duckdb_extension'))
con = duckdb.connect()
con.execute(f"load '{ext}'")
statements = [s for s in sys.argv[1].split(';') if s.strip()]
for s in statements[:-1]:
    con.execute(s)
models = con.execute(statements[1]).fetchall()
print(len(models))
files = con.execute(statements[-1]).fetchall()
paths = [f"'{sys.argv[2]}/{p}'" for p, _, _ in files]
print(len(paths), con.execute(f"select count(*) from read_parquet([{', '.join(paths[:3])}], union_by_name = true)").fetchone()[0])
"""
    result = run_lts(code, sql, served)
    assert result.returncode == 0, result.stderr
    n_models, n_files, n_rows = (int(x) for x in result.stdout.split())
    assert n_models == con.execute("select count(*) from models").fetchone()[0]
    assert n_files == con.execute("select count(*) from public_interface where kind in ('table', 'view')").fetchone()[0]
    assert n_rows > 0


def test_every_readme_code_example_is_one_a_test_runs():
    """README.md's examples are run below exactly as written (bar EXAMPLE_BASE): none is left untested."""
    kinds = [("spark" if "pyspark" in b else "remote" if EXAMPLE_BASE in b else "local") for b in readme_blocks("python")]
    assert sorted(kinds) == ["local", "remote", "spark"]
    assert len(readme_sql()) >= 3  # run with DuckDB 1.4 LTS and the current DuckDB above
    shell = [line for b in readme_blocks("sh") for line in b.splitlines() if line.strip()]
    queries = [line for line in shell if line.startswith("duckdb ")]
    assert queries  # run by test_the_readme_cli_command_works_as_written
    # The rest are the build and contributor commands (install, build, test, new, check), not query examples.
    assert all(re.match(r"(bash scripts/install\.sh|python3 |\$EDITOR |duckdb )", line) for line in shell), shell
    # The data page shows the same Python as the README, so one run proves both.
    assert page_blocks("python") == [readme_python("remote"), readme_python("spark")]


def test_the_readme_python_example_runs_as_written(real_build):
    """DuckDB, pandas and polars on build/catalog.duckdb and build/exports/, from the build's root."""
    result = run_python(readme_python("local"), real_build)
    assert result.returncode == 0, result.stderr
    assert "hf_id" in result.stdout and "base_model_id" in result.stdout and "benchmark_id" in result.stdout


def test_the_readme_remote_example_runs_against_the_served_site(served, con):
    """pandas and polars reading the published Parquet over HTTP (the data page shows the same code)."""
    code = readme_python("remote")
    assert code.count(EXAMPLE_BASE) == 1
    result = run_python(code.replace(EXAMPLE_BASE, served), ROOT)
    assert result.returncode == 0, result.stderr
    assert "compute_ratio" in result.stdout and "epoch_name" in result.stdout
    n = con.execute("select count(*) from models where hf_id is not null").fetchone()[0]
    assert f"shape: ({n}, 3)" in result.stdout  # polars read every row over HTTP


def test_the_readme_spark_example_runs_against_the_served_site(served):
    """PySpark (local mode, Java 17+) with the file fetched from the served site by addFile."""
    if not shutil.which("java"):
        pytest.skip("no Java runtime: Spark cannot run here (scripts/install.sh installs pyspark only with java)")
    pytest.importorskip("pyspark", reason="run `bash scripts/install.sh` (requirements-spark.txt)")
    code = readme_python("spark")
    assert code.count(EXAMPLE_BASE) == 1
    result = run_python(code.replace(EXAMPLE_BASE, served), ROOT, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "model_id" in result.stdout and "epoch_name" in result.stdout and "only showing top 5 rows" in result.stdout
