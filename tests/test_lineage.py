"""Column lineage (pipeline/lineage.py): an incremental build copies an export when no column it reads changed.
The lineage is read from DuckDB's plan; these tests check it against the data itself."""

from __future__ import annotations

import hashlib
import shutil

import duckdb
import pytest
from pipeline.lineage import ROWS, column_digests, relation_lineage


def _columns(con) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for table, column in con.execute("""select c.table_name, c.column_name from duckdb_columns() c
                                        join duckdb_tables() using (database_name, schema_name, table_name)
                                        where c.database_name = current_database()""").fetchall():
        out.setdefault(table, set()).add(column)
    return out


def test_lineage_names_projected_and_filtered_columns_and_row_counts():
    con = duckdb.connect()
    con.execute("create table t (a int, b varchar, c double, d date)")
    con.execute("insert into t values (1, 'x', 2.5, date '2025-01-01')")
    con.execute("create view only_a as select a from t where b = 'x'")
    con.execute("create view counted as select count(*) as n from t")
    con.execute("create view from_function as select * from range(3)")
    con.execute("create view through_view as select a * 2 as twice from only_a")
    columns = _columns(con)
    assert relation_lineage(con, "only_a", columns) == {"t": sorted([ROWS, "a", "b"])}
    assert relation_lineage(con, "through_view", columns) == {"t": sorted([ROWS, "a", "b"])}
    assert relation_lineage(con, "counted", columns) == {"t": [ROWS]}, "count(*) reads the row count only"
    assert relation_lineage(con, "from_function", columns) is None, "a table function: no lineage, table-level reuse"
    # Reading the plan leaves the connection's optimizer settings as they were.
    assert con.execute("select current_setting('disabled_optimizers')").fetchone()[0] == ""


def test_lineage_does_not_depend_on_the_data():
    """With statistics, DuckDB drops a filter no current row fails; the lineage must still name its column."""
    con = duckdb.connect()
    con.execute("create table t (a int, b int)")
    con.execute("insert into t values (1, 5), (2, 6)")
    con.execute("create view big as select a from t where b > 100")  # no row passes today
    con.execute("create view any_b as select a from t where b is not null")  # every row passes today
    columns = _columns(con)
    assert relation_lineage(con, "big", columns) == {"t": sorted([ROWS, "a", "b"])}
    assert relation_lineage(con, "any_b", columns) == {"t": sorted([ROWS, "a", "b"])}


def test_column_digests_see_values_nulls_order_and_count():
    con = duckdb.connect()
    con.execute("create table t (a int, b varchar)")
    con.execute("insert into t values (1, 'x'), (2, null)")
    first = column_digests(con, "t", ["a", "b"])
    con.execute("update t set b = 'null' where a = 2")  # the string 'null' is not a NULL
    second = column_digests(con, "t", ["a", "b"])
    assert first["a"] == second["a"] and first["b"] != second["b"] and first[ROWS] == second[ROWS] == "2"
    con.execute("insert into t values (3, 'y')")
    assert column_digests(con, "t", ["a", "b"])[ROWS] == "3"
    # Two rows' values swapped, and a zero's sign changed (equal, but written differently in an export).
    con.execute("create table before (v double, w varchar)")
    con.execute("insert into before values (0.0, 'p'), (1.0, 'q')")
    con.execute("create table after (v double, w varchar)")
    con.execute("insert into after values ('-0.0'::double, 'q'), (1.0, 'p')")
    before, after = column_digests(con, "before", ["v", "w"]), column_digests(con, "after", ["v", "w"])
    assert before["v"] != after["v"] and before["w"] != after["w"]


def _mutation(column: str, dtype: str) -> str | None:
    q = f'"{column}"'
    if dtype == "VARCHAR":
        return f"coalesce({q}, '') || '~'"
    if dtype in ("DOUBLE", "FLOAT") or dtype.startswith("DECIMAL"):
        return f"coalesce({q}, 0) * 1.5 + 1"
    if dtype in ("INTEGER", "BIGINT", "SMALLINT", "HUGEINT"):
        return f"coalesce({q}, 0) + 1"
    if dtype == "DATE":
        return f"coalesce({q}, date '2000-01-01') + 1"
    if dtype == "BOOLEAN":
        return f"not coalesce({q}, false)"
    return None


def _digest(con, relation: str) -> str:
    rows = con.execute(f'select * from "{relation}" order by all').fetchall()
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def test_editing_columns_outside_the_lineage_leaves_the_rows_unchanged(real_build, tmp_path):
    """On a fresh copy of the real database for each public view (and one table): every column of every table the
    relation scans that its lineage leaves out is changed (strings, numbers, dates, booleans); the relation's
    rows must stay exactly the same."""
    built = real_build / "build" / "catalog.duckdb"
    con = duckdb.connect(str(built), read_only=True)
    views = [r[0] for r in con.execute("select name from public_interface where kind = 'view' order by 1").fetchall()]
    con.close()
    assert len(views) > 20
    changed = {}
    for relation in ["models", *views]:
        database = tmp_path / f"{relation}.duckdb"
        shutil.copyfile(built, database)
        con = duckdb.connect(str(database))
        con.execute("set threads = 1")  # as the exports: parallel sums may differ in their last digits between runs
        try:
            changed[relation] = _change_outside_lineage(con, relation)
        finally:
            con.close()
            database.unlink()
    assert sum(changed.values()) > 200, changed  # the test changed something worth checking


def _change_outside_lineage(con, relation: str) -> int:
    lineage = relation_lineage(con, relation, _columns(con))
    assert lineage is not None, relation
    before = _digest(con, relation)
    changed = 0
    for table, read in lineage.items():
        types = dict(con.execute("select column_name, data_type from duckdb_columns() where table_name = ?",
                                 [table]).fetchall())
        for column, dtype in types.items():
            expression = _mutation(column, dtype)
            if column in read or expression is None:
                continue
            try:  # each update commits on its own: one that breaks a constraint (a key, a check) changes nothing
                con.execute(f'update "{table}" set "{column}" = {expression}')
                changed += 1
            except duckdb.Error:
                pass
    assert _digest(con, relation) == before, f"{relation} changed when columns outside its lineage did"
    return changed
