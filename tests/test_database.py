"""The DuckDB file: the views reproduce both reference papers from the records, the audit explains
every disagreement, the macros redo the maths, and the invariants hold."""

from __future__ import annotations

import json
import re
import shutil

import duckdb
import pytest
from conftest import ROOT, VALID, copy_catalog, run_build

from pipeline.database import SQL_DIR, view_files

PAPER = "wani-2026-paper-default"


def claims(con, table: str, metric: str, subject: str, gpu: str | None = None) -> float:
    row = con.execute("select value from claims where claim_table_id = ? and metric = ? and subject_id = ? "
                      "and gpu_id is not distinct from ?", [table, metric, subject, gpu]).fetchone()
    assert row, (table, metric, subject, gpu)
    return row[0]


def close(a: float, b: float, tolerance: float = 0.01) -> bool:
    return abs(a / b - 1) <= tolerance


def test_qwen3_8b_case_study(real_db):
    w = "wani-2026/qwen3-8b-pretraining"
    flop = real_db.execute("select flop from workload_compute where workload_id = ?", [w]).fetchone()[0]
    hours, tco2e = real_db.execute("select gpu_hours, tco2e from workload_gpu_hours where workload_id = ? "
                                   "and gpu_id = 'nvidia/h100-sxm' and scenario_id = ?", [w, PAPER]).fetchone()
    assert close(flop, claims(real_db, "wani-2026/case-studies", "training_compute_flop", w), 1e-9)
    assert close(hours, claims(real_db, "wani-2026/case-studies", "gpu_hours", w, "nvidia/h100-sxm"), 1e-6)
    assert close(tco2e, claims(real_db, "wani-2026/case-studies", "tco2e", w, "nvidia/h100-sxm"), 0.001)


def test_distillation_and_fine_tuning_case_studies(real_db):
    for w in ("wani-2026/8b-distillation", "wani-2026/8b-fine-tuning"):
        flop = real_db.execute("select flop from workload_compute where workload_id = ?", [w]).fetchone()[0]
        hours = real_db.execute("select gpu_hours from workload_gpu_hours where workload_id = ? and "
                                "gpu_id = 'nvidia/h100-sxm' and scenario_id = ?", [w, PAPER]).fetchone()[0]
        assert close(flop, claims(real_db, "wani-2026/case-studies", "training_compute_flop", w))
        assert close(hours, claims(real_db, "wani-2026/case-studies", "gpu_hours", w, "nvidia/h100-sxm"))
    teacher, student = real_db.execute("select teacher_inference_flop, student_training_flop from workload_compute "
                                       "where workload_id = 'wani-2026/8b-distillation'").fetchone()
    assert close(teacher, claims(real_db, "wani-2026/case-studies", "teacher_inference_flop", "wani-2026/8b-distillation"), 1e-9)
    assert close(student, claims(real_db, "wani-2026/case-studies", "student_training_flop", "wani-2026/8b-distillation"), 1e-9)


def test_gpt_4o_hours(real_db):
    hours = real_db.execute("select gpu_hours from workload_gpu_hours where workload_id = 'wani-2026/gpt-4o-training' "
                            "and gpu_id = 'nvidia/h100-sxm' and scenario_id = ?", [PAPER]).fetchone()[0]
    assert close(hours, claims(real_db, "wani-2026/case-studies", "gpu_hours", "wani-2026/gpt-4o-training", "nvidia/h100-sxm"), 1e-6)


def test_table_2_all_nine_cells(real_db):
    rows = real_db.execute("""
        select c.subject_id, c.gpu_id, c.metric, c.value, c.significant_digits,
               case c.metric when 'gpu_hours' then h.gpu_hours else h.tco2e end as recomputed
        from claims c join workload_gpu_hours h
          on h.workload_id = c.subject_id and h.gpu_id = c.gpu_id and h.scenario_id = c.scenario_id
        where c.claim_table_id = 'wani-2026/table-2' and c.metric in ('gpu_hours', 'tco2e')""").fetchall()
    assert len({(r[0], r[1]) for r in rows}) == 9 and len(rows) == 18
    for subject, gpu, metric, printed, digits, recomputed in rows:
        if metric == "gpu_hours":
            assert close(recomputed, printed), (subject, gpu, recomputed, printed)
        else:
            # Emissions are printed to two or three significant digits: agree within 1% or the printed rounding.
            half_unit = 0.5 * 10 ** (len(str(int(printed))) - digits if printed >= 1 else -digits)
            assert abs(recomputed - printed) <= max(0.01 * printed, half_unit * 1.0001), (subject, gpu, recomputed, printed)


def test_energy_paper_totals_and_break_even_thresholds(real_db):
    for total, reported in real_db.execute("select total_kwh, reported_total_kwh from energy_pipeline_totals").fetchall():
        assert abs(total - reported) < 0.006
    rows = real_db.execute("""
        select b.run_id, b.n_star, c.value, c.low, c.high from break_even_reuse b
        join claims c on c.subject_id = b.run_id and c.metric = 'break_even_reuse'""").fetchall()
    assert len(rows) == 6
    for run, n_star, printed, low, high in rows:
        if low is not None:
            assert low - 0.5 <= n_star <= high + 0.5, run  # printed as a range, e.g. "≈5–6"
        else:
            assert abs(n_star - printed) < 0.5, run  # printed rounded, e.g. "≈10"


def test_audit_explains_where_table_1_departs_from_its_formula(real_db):
    reasons = dict(((s, m), r) for s, m, r in real_db.execute(
        "select subject_id, metric, reason from audit where claim_table_id = 'wani-2026/table-1'").fetchall())
    assert reasons[("meta/llama-3.1-8b", "gpu_hours")].startswith("copied from the model's published figure")
    assert reasons[("meta/llama-3.1-405b", "tco2e")].startswith("copied from the model's published figure")
    assert reasons[("qwen/qwen3-235b-a22b", "training_compute_flop")] == "MoE model counted with total instead of active parameters"
    for distilled in ("deepseek/deepseek-r1-distill-llama-8b", "deepseek/deepseek-r1-0528-qwen3-8b"):
        assert reasons[(distilled, "training_compute_flop")] == "teacher inference counted with total instead of active parameters"
    assert reasons[("microsoft/phi-4", "gpu_hours")] == "reproduced"
    both = real_db.execute("select count(*) from audit where recomputed is not null and claimed is not null").fetchone()[0]
    assert both > 60


def test_distillation_is_compared_with_its_vanilla_counterpart_through_lineage(real_db):
    rows = dict(real_db.execute("select model_id, vanilla_model_id from distillation_efficiency where scenario_id = ?",
                                [PAPER]).fetchall())
    assert rows["deepseek/deepseek-r1-0528-qwen3-8b"] == "qwen/qwen3-8b"
    assert rows["deepseek/deepseek-r1-distill-llama-8b"] == "meta/llama-3.1-8b"
    ratio = real_db.execute("select compute_ratio_total_params from distillation_efficiency where model_id = "
                            "'deepseek/deepseek-r1-0528-qwen3-8b' and scenario_id = ?", [PAPER]).fetchone()[0]
    assert ratio > 2000  # the paper's "over 2,000 times more compute-efficient"


def test_what_if_macro_scales_with_its_arguments(real_db):
    base = dict(real_db.execute("select model_id, gpu_hours from emissions_under() where gpu_id = 'nvidia/h100-sxm'").fetchall())
    half = dict(real_db.execute("select model_id, gpu_hours from emissions_under(mfu := 0.19) where gpu_id = 'nvidia/h100-sxm'").fetchall())
    assert base and all(close(half[m], base[m] * 2, 1e-9) for m in base)
    one = real_db.execute("select sum(tco2e) from emissions_under(pue := 1.0, grid := 0.1)").fetchone()[0]
    two = real_db.execute("select sum(tco2e) from emissions_under(pue := 2.0, grid := 0.1)").fetchone()[0]
    assert one > 0 and close(two, 2 * one, 1e-9)


def test_every_table_view_and_column_is_documented(real_db):
    undocumented = real_db.execute("""
        select table_name, column_name from duckdb_columns()
        where (comment is null or comment = '') and table_name not like 'duckdb_%' and database_name = current_database()
    """).fetchall()
    assert undocumented == []
    assert real_db.execute("select count(*) from duckdb_tables() where comment is null").fetchone()[0] == 0
    assert real_db.execute("select count(*) from duckdb_views() where not internal and comment is null").fetchone()[0] == 0


def test_one_view_per_file_named_after_it():
    for path in view_files():
        created = re.findall(r"create\s+or\s+replace\s+view\s+([a-z_0-9]+)", path.read_text(), flags=re.I)
        assert created == [path.stem], path
    for path in [*(SQL_DIR / "macros").glob("*.sql"), *(SQL_DIR / "functions").glob("*.sql")]:
        created = re.findall(r"create\s+or\s+replace\s+macro\s+([a-z_0-9]+)", path.read_text(), flags=re.I)
        assert created == [path.stem], path


def test_readme_queries_run_against_the_built_file(real_db):
    blocks = re.findall(r"```sql\n(.*?)```", (ROOT / "README.md").read_text(), flags=re.S)
    assert len(blocks) >= 3
    for sql in blocks:
        assert real_db.execute(sql).fetchall(), sql


def test_exports_and_data_dictionary(real_build):
    exports = real_build / "build" / "exports"
    for name in ("models", "audit", "break_even_reuse", "workload_gpu_hours"):
        assert (exports / "parquet" / f"{name}.parquet").exists()
        assert (exports / "csv" / f"{name}.csv").exists()
    dictionary = (exports / "data-dictionary.md").read_text()
    assert "## `audit` (view)" in dictionary and "emissions_under" in dictionary


def test_checks_fail_the_build_and_keep_the_previous_database(tmp_path):
    catalog = copy_catalog(VALID, tmp_path)
    out = tmp_path / "out"
    assert run_build("db", "--catalog", str(catalog), "--out", str(out)).returncode == 0
    database = out / "build" / "catalog.duckdb"
    before = database.read_bytes()
    run_file = catalog / "energy/study/kd-1b.yaml"
    run_file.write_text(run_file.read_text().replace("total_energy_kwh: 15", "total_energy_kwh: 99"))
    result = run_build("db", "--catalog", str(catalog), "--out", str(out))
    assert result.returncode == 1
    # Found by check, before the database stage, at the file, line and field (the SQL check stays as a backstop).
    assert "catalog/energy/study/kd-1b.yaml:12:19: total_energy_kwh: the stage energies add up to 15 kWh" in result.stderr
    assert "Traceback" not in result.stderr
    assert database.read_bytes() == before


def test_a_failing_sql_check_fails_the_build_though_it_runs_beside_the_exports(tmp_path, monkeypatch):
    """The SQL checks run on a connection of their own while the exports are written (pipeline/database.py
    _Checks): a row from any of them still fails the build, names the check and its rows, and writes nothing."""
    from pipeline import database
    from pipeline.load import load
    from pipeline.release import DatasetInfo

    broken = tmp_path / "always_fails.sql"
    broken.write_text("-- check: a check that always finds one row\nselect 'acme/base-1b' as model_id\n")
    monkeypatch.setattr(database, "check_files", lambda: [broken])
    catalog = copy_catalog(VALID, tmp_path)
    target = tmp_path / "out" / "catalog.duckdb"
    with pytest.raises(database.BuildError) as failed:
        database.build_database(load(catalog), target, tmp_path / "out" / "exports", DatasetInfo("1.0.0", None, None))
    assert "check always_fails failed: a check that always finds one row" in str(failed.value)
    assert "model_id='acme/base-1b'" in str(failed.value)
    assert not target.exists() and not (tmp_path / "out" / "exports").exists()


def test_record_text_never_becomes_sql(tmp_path):
    catalog = copy_catalog(VALID, tmp_path)
    model = catalog / "models/acme/base-1b.yaml"
    hostile = "x'); drop table models; --"
    model.write_text(model.read_text().replace("name: Base 1B", f'name: "{hostile}"'))
    out = tmp_path / "out"
    result = run_build("db", "--catalog", str(catalog), "--out", str(out))
    assert result.returncode == 0, result.stderr
    con = duckdb.connect(str(out / "build" / "catalog.duckdb"), read_only=True)
    assert con.execute("select name from models where model_id = 'acme/base-1b'").fetchone()[0] == hostile


def test_csv_neutralises_formulas_but_parquet_keeps_values(tmp_path):
    catalog = copy_catalog(VALID, tmp_path)
    model = catalog / "models/acme/base-1b.yaml"
    model.write_text(model.read_text().replace("name: Base 1B", 'name: "=HYPERLINK(\\"https://evil.example\\")"'))
    out = tmp_path / "out"
    assert run_build("db", "--catalog", str(catalog), "--out", str(out)).returncode == 0
    csv = (out / "build/exports/csv/models.csv").read_text()
    assert "'=HYPERLINK" in csv and ",=HYPERLINK" not in csv
    con = duckdb.connect()
    value = con.execute("select name from read_parquet(?) where model_id = 'acme/base-1b'",
                        [str(out / "build/exports/parquet/models.parquet")]).fetchone()[0]
    assert value.startswith("=HYPERLINK")


@pytest.mark.parametrize("table", ["models", "scores", "energy_stages", "facts"])
def test_fixture_database_holds_the_fixture_records(fixture_db, table):
    assert fixture_db.execute(f'select count(*) from "{table}"').fetchone()[0] > 0


def _exports_on(connections: int, database, target, monkeypatch) -> dict[str, bytes]:
    """Every export of the built real catalogue computed again on `connections` connections: {file: bytes}."""
    from pipeline import export
    from pipeline.interface import public_relations
    from pipeline.release import dataset_info

    monkeypatch.setattr(export, "EXPORT_CONNECTIONS", connections)
    con = duckdb.connect(str(database))
    try:
        info = dataset_info(ROOT / "catalog")
        export.write_exports(con, target, public_relations(con, info.version), info)
    finally:
        con.close()
    return {p.relative_to(target).as_posix(): p.read_bytes() for p in sorted(target.rglob("*")) if p.is_file()}


def test_exports_computed_on_two_connections_are_the_bytes_one_connection_writes(real_build, tmp_path, monkeypatch):
    """pipeline/export.py computes exports on two connections at once: each export must come out as the single
    connection computed it (a query is run wholly by the thread that asked for it), every file the same bytes."""
    database = tmp_path / "catalog.duckdb"
    shutil.copyfile(real_build / "build" / "catalog.duckdb", database)
    one = _exports_on(1, database, tmp_path / "one", monkeypatch)
    two = _exports_on(2, database, tmp_path / "two", monkeypatch)
    assert len(one) > 100 and one.keys() == two.keys()
    assert [name for name in one if one[name] != two[name]] == []


def test_an_export_computed_alone_is_the_bytes_it_has_among_all_the_others(real_build, tmp_path):
    """An incremental build computes only the exports an edit can change: each must come out as a full build writes
    it. The views computed apart (pipeline/export.py _shared_views) are chosen by the schema, never by the set of
    exports, because DuckDB's statistics of a computed table and of the view computed in place can differ on
    nullability, which the Parquet writer records. Checked on an exported view computed apart, one read from views
    computed apart, the audit (read from its parts) and a table."""
    from pipeline import export
    from pipeline.interface import public_relations
    from pipeline.release import DatasetInfo

    database = tmp_path / "catalog.duckdb"
    shutil.copyfile(real_build / "build" / "catalog.duckdb", database)
    con = duckdb.connect(str(database))
    try:
        built = dict(con.execute("select key, value from metadata").fetchall())  # the build's version and date
        info = DatasetInfo(built["version"], built["catalogue_date"], built["catalogue_commit"])
        relations = {r.name: r for r in public_relations(con, info.version)}
        con.execute("set threads = 1")  # as write_exports computes them
        for name in ("model_creation_cost", "model_gpu_hours", "distillation_break_even", "audit", "models"):
            alone = tmp_path / name
            (alone / "parquet").mkdir(parents=True)
            (alone / "csv").mkdir()
            export._compute_in_parallel(con, alone, [relations[name]], info)
            export._write_csvs(alone, [relations[name]], {})
            for sub in ("parquet", "csv"):
                among_all = real_build / "build" / "exports" / sub / f"{name}.{sub}"
                assert (alone / sub / f"{name}.{sub}").read_bytes() == among_all.read_bytes(), (name, sub)
            # The CSV is written from the Parquet file in file order, unsorted: the rows as the relation sorted gives.
            export.write_csv(con, relations[name], alone / "sorted.csv")
            assert (alone / "sorted.csv").read_bytes() == (alone / "csv" / f"{name}.csv").read_bytes(), name
    finally:
        con.close()


def test_the_export_plan_starts_a_task_only_once_the_views_it_reads_are_made_and_the_audits_parts_first():
    """_Plan on the real schema: taking tasks as two connections would (each task finished in turn), every task is
    taken once, never before the views it reads are made; the audit's parts are taken before the exports that
    nothing waits for."""
    from pipeline import export
    from pipeline.interface import Relation

    todo = [Relation(name, "view", (), "") for name in sorted(p.stem for p in view_files() if not p.stem.startswith("stg_"))]
    todo.append(Relation("models", "table", (), ""))
    shared = export._shared_views(todo)
    assert {"stg_audit_comparisons", "stg_audit_models", "stg_models"} <= set(shared)
    plan = export._Plan(todo, shared)
    order, running = [], []
    while plan.waiting or running:
        task = plan.take() if len(running) < 2 else None
        if task is None:  # both connections busy, or nothing ready: the older task finishes
            assert running, [t.name for t in plan.waiting]
            plan.finish(running.pop(0))
            continue
        assert task.inputs <= plan.made, task.name
        running.append(task)
        order.append(task.name if task.relation is None else f"export {task.name}")
    assert len(order) == len(shared) + len(todo) and len(set(order)) == len(order)
    assert order.index("stg_audit_comparisons") < order.index("export models")
    assert order.index("stg_audit_models") < order.index("export conflicts")


def test_an_export_failing_on_either_connection_stops_the_exports_and_fails_the_build(tmp_path, monkeypatch):
    """A relation whose export fails, whichever connection took it: the error reaches the build, which writes
    nothing; the other connection takes no further relation."""
    from pipeline import database, export
    from pipeline.load import load
    from pipeline.release import DatasetInfo

    events: list[str] = []  # relations as their Parquet writing starts, and the failure
    real = export.write_parquet

    def failing(con, relation, info, target):
        if relation.name == "audit":
            events.append("failed")
            raise OSError("disk full while writing audit")
        events.append(relation.name)
        return real(con, relation, info, target)

    monkeypatch.setattr(export, "write_parquet", failing)
    catalog = copy_catalog(VALID, tmp_path)
    target = tmp_path / "out" / "catalog.duckdb"
    with pytest.raises(OSError, match="disk full while writing audit"):
        database.build_database(load(catalog), target, tmp_path / "out" / "exports", DatasetInfo("1.0.0", None, None))
    assert not target.exists() and not (tmp_path / "out" / "exports").exists()
    # Only the relation the other connection had already taken may still be written after the failure.
    assert "failed" in events and len(events[events.index("failed") + 1:]) <= 1, events


def test_a_computed_export_whose_parquet_file_is_unchanged_keeps_the_previous_csv_file(tmp_path):
    """export.PendingExports: a relation computed again whose Parquet file comes out the bytes of the previous build's
    (by the previous manifest's hash) gets the previous build's CSV file, linked; one whose Parquet file changed, or
    whose previous CSV is missing, gets its CSV written from the new Parquet file."""
    from pipeline import export
    from pipeline.interface import Relation
    from pipeline.release import DatasetInfo

    previous, new = tmp_path / "previous", tmp_path / "new"
    for folder in (previous, new):
        (folder / "parquet").mkdir(parents=True)
        (folder / "csv").mkdir()
    relations = [Relation(name, "view", (), "") for name in ("same", "changed", "lost")]
    for name in ("same", "changed", "lost"):
        (previous / "csv" / f"{name}.csv").write_text(f"previous {name}\n")
    (previous / "csv" / "lost.csv").unlink()
    (previous / "manifest.json").write_text(json.dumps({"files": [
        {"path": "parquet/same.parquet", "sha256": "a"}, {"path": "csv/same.csv", "sha256": "x"},
        {"path": "parquet/changed.parquet", "sha256": "b"}, {"path": "csv/changed.csv", "sha256": "y"},
        {"path": "parquet/lost.parquet", "sha256": "c"}, {"path": "csv/lost.csv", "sha256": "z"}]}))
    hashes = {"parquet/same.parquet": "a", "parquet/changed.parquet": "B", "parquet/lost.parquet": "c"}
    pending = export.PendingExports(relations, DatasetInfo("1.0.0", None, None), relations, hashes, previous)
    todo = pending._csvs_to_write(new)
    assert [r.name for r in todo] == ["changed", "lost"]
    assert (new / "csv/same.csv").stat().st_ino == (previous / "csv/same.csv").stat().st_ino
    assert not (new / "csv/changed.csv").exists() and not (new / "csv/lost.csv").exists()
    without_previous = export.PendingExports(relations, DatasetInfo("1.0.0", None, None), relations, hashes, None)
    assert [r.name for r in without_previous._csvs_to_write(tmp_path / "other")] == ["same", "changed", "lost"]
