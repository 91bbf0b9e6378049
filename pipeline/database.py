"""Records -> catalog.duckdb: typed tables, layered views, table macros, invariant checks, exports.

Written to a temporary file and renamed into place, so a failed build leaves the previous
database and exports untouched. Record values only ever reach DuckDB as data (NDJSON read
by `read_json`), never pasted into SQL text."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import tempfile
from pathlib import Path

import duckdb

from .atomic import replace_together
from .flatten import rows
from .load import Catalogue
from .reproducible import fix_identifier

SQL_DIR = Path(__file__).resolve().parent.parent / "schemas" / "sql"
VIEW_LAYERS = ("staging", "marts")


class BuildError(Exception):
    pass


# ------------------------------------------------------------------------------------- SQL files


def table_files() -> list[Path]:
    return sorted((SQL_DIR / "tables").glob("*.sql"))


def view_files() -> list[Path]:
    """Staging then marts, each layer in dependency order (a view after every view it names)."""
    ordered: list[Path] = []
    for layer in VIEW_LAYERS:
        files = {p.stem: p for p in sorted((SQL_DIR / layer).glob("*.sql"))}
        deps = {name: {d for d in re.findall(r"\b([a-z_][a-z0-9_]*)\b", _strip_comments(p.read_text()))
                       if d in files and d != name} for name, p in files.items()}
        done: set[str] = set()

        def visit(name: str, trail: tuple = ()):
            if name in done:
                return
            if name in trail:
                raise BuildError(f"schemas/sql/{layer}: views depend on each other in a cycle: {' -> '.join(trail + (name,))}")
            for dep in sorted(deps[name]):
                visit(dep, trail + (name,))
            done.add(name)
            ordered.append(files[name])

        for name in sorted(files):
            visit(name)
    return ordered


def function_files() -> list[Path]:
    return sorted((SQL_DIR / "functions").glob("*.sql"))


def macro_files() -> list[Path]:
    return sorted((SQL_DIR / "macros").glob("*.sql"))


def check_files() -> list[Path]:
    return sorted((SQL_DIR / "checks").glob("*.sql"))


def _strip_comments(sql: str) -> str:
    return re.sub(r"--[^\n]*", "", sql)


def doc_comments(sql: str) -> tuple[str, dict[str, str]]:
    """The `-- view:` / `-- macro:` description and `-- col name: meaning` lines of a SQL file."""
    description, columns = [], {}
    for line in sql.splitlines():
        m = re.match(r"--\s*(view|macro|check|function):\s*(.*)", line)
        if m:
            description.append(m.group(2).strip())
            continue
        m = re.match(r"--\s*col\s+([a-z_][a-z0-9_]*):\s*(.*)", line)
        if m:
            columns[m.group(1)] = m.group(2).strip()
    return " ".join(description), columns


def _literal(text: str) -> str:
    """A SQL string literal for text from our own SQL files (never record text)."""
    return "'" + text.replace("'", "''") + "'"


# ----------------------------------------------------------------------------------------- build


def _json_default(value):
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    raise TypeError(f"cannot serialise {type(value).__name__}")


def load_tables(con: duckdb.DuckDBPyConnection, table_rows: dict[str, list[dict]], scratch: Path) -> None:
    for path in table_files():
        con.execute(path.read_text(encoding="utf-8"))
    tables = [r[0] for r in con.execute("select table_name from duckdb_tables() order by table_name").fetchall()]
    for table in tables:
        data = table_rows.get(table, [])
        if not data:
            continue
        columns = con.execute(
            "select column_name, data_type from duckdb_columns() where table_name = ? order by column_index", [table]
        ).fetchall()
        file = scratch / f"{table}.ndjson"
        with file.open("w", encoding="utf-8") as fh:
            for row in data:
                fh.write(json.dumps({c: row.get(c) for c, _ in columns}, default=_json_default, ensure_ascii=False))
                fh.write("\n")
        # Column names and types come from our DDL (duckdb_columns), not from records.
        spec = "{" + ", ".join(f"{_literal(c)}: {_literal(t)}" for c, t in columns) + "}"
        con.execute(f'insert into "{table}" select * from read_json(?, format = \'newline_delimited\', '
                    f"columns = {spec}, maximum_object_size = 16777216)", [str(file)])


def _run_sql_file(con: duckdb.DuckDBPyConnection, path: Path) -> tuple[str, dict[str, str]]:
    """Execute one SQL file; return its documentation comments."""
    sql = path.read_text(encoding="utf-8")
    try:
        con.execute(sql)
    except duckdb.Error as exc:
        raise BuildError(f"{path.relative_to(SQL_DIR.parent.parent)}: {exc}") from None
    return doc_comments(sql)


def create_views(con: duckdb.DuckDBPyConnection) -> None:
    """Scalar functions first (the views use them), then views in dependency order, then table macros."""
    for path in function_files():
        description, _ = _run_sql_file(con, path)
        if description:
            con.execute(f'comment on macro "{path.stem}" is {_literal(description)}')
    for path in view_files():
        description, columns = _run_sql_file(con, path)
        if description:
            con.execute(f'comment on view "{path.stem}" is {_literal(description)}')
        for column, meaning in columns.items():
            con.execute(f'comment on column "{path.stem}"."{column}" is {_literal(meaning)}')
    for path in macro_files():
        description, _ = _run_sql_file(con, path)
        if description:
            con.execute(f'comment on macro table "{path.stem}" is {_literal(description)}')


def run_checks(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Every check returns the rows that break an invariant; any row fails the build."""
    failures = []
    for path in check_files():
        cursor = con.execute(path.read_text(encoding="utf-8"))
        names = [d[0] for d in cursor.description]
        bad = cursor.fetchall()
        if bad:
            description, _ = doc_comments(path.read_text(encoding="utf-8"))
            lines = [f"check {path.stem} failed: {description}"]
            lines += ["  " + ", ".join(f"{n}={v!r}" for n, v in zip(names, row)) for row in bad[:20]]
            if len(bad) > 20:
                lines.append(f"  ... and {len(bad) - 20} more rows")
            failures.append("\n".join(lines))
    return failures


def relations(con) -> list[tuple[str, str]]:
    """(name, 'table'|'view') of everything exported, in a stable order."""
    tables = [(r[0], "table") for r in con.execute("select table_name from duckdb_tables() order by 1").fetchall()]
    views = [(r[0], "view") for r in con.execute(
        "select view_name from duckdb_views() where not internal order by 1").fetchall()]
    return tables + views


def build_database(cat: Catalogue, database: Path, exports: Path) -> None:
    from .export import write_exports

    database.parent.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=".build-", dir=database.parent))
    try:
        tmp_db = scratch / database.name
        con = duckdb.connect(str(tmp_db))
        try:
            # One thread and no compression: DuckDB then writes the same blocks for the same rows (parallel
            # inserts reorder them; compressed segments carry uninitialised padding). See reproducible.py.
            con.execute("set threads = 1")
            con.execute("set force_compression = 'uncompressed'")
            load_tables(con, rows(cat), scratch)
            create_views(con)
            failures = run_checks(con)
            if failures:
                raise BuildError("\n".join(failures) + "\nnothing was written; fix the records above.")
            tmp_exports = scratch / "exports"
            write_exports(con, tmp_exports)
            con.execute("checkpoint")
        finally:
            con.close()
        fix_identifier(tmp_db)
        replace_together([(tmp_db, database), (tmp_exports, exports)])
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
