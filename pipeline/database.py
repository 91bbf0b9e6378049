"""Records -> catalog.duckdb: typed tables, layered views, table macros, invariant checks, exports.

Written to a temporary file and renamed into place, so a failed build leaves the previous
database and exports untouched. Record values only ever reach DuckDB as data (NDJSON read
by `read_json`), never pasted into SQL text."""

from __future__ import annotations

import contextlib
import json
import re
import shutil
import tempfile
from dataclasses import asdict
from pathlib import Path

import duckdb

from .atomic import replace_together
from .background import InThread
from .interface import InterfaceError, Relation, deprecations, interface_rows, public_relations
from .load import Catalogue
from .release import STORAGE_VERSION, DatasetInfo, dataset_info, metadata_rows
from .reproducible import fix_identifier
from .timings import step

SQL_DIR = Path(__file__).resolve().parent.parent / "schemas" / "sql"
VIEW_LAYERS = ("staging", "marts", "deprecated")


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


def table_columns(con: duckdb.DuckDBPyConnection) -> dict[str, list[str]]:
    """{table or view: its column names in order}, from our DDL (duckdb_columns), never from records. The first
    question a new connection asks of the catalogue costs 15 ms (DuckDB reads it in then): DatabaseAhead asks it."""
    names: dict[str, list[str]] = {}
    for table, column in con.execute("""select table_name, column_name from duckdb_columns()
                                        where schema_name = 'main' order by table_name, column_index""").fetchall():
        names.setdefault(table, []).append(column)
    return names


def load_tables(con: duckdb.DuckDBPyConnection, cat: Catalogue, info: DatasetInfo, scratch: Path,
                previous: Path | None = None, fingerprint: str = "",
                columns: dict[str, list[str]] | None = None) -> tuple[dict[str, str], dict]:
    """Create the tables and insert their rows; returns (a hash of each table's rows, the index of the rows kept for
    the next build). Incremental exports compare the hashes with the previous build's. The rows are NDJSON files in
    scratch/db-rows/, kept for the next build: with `previous` (the last build's folder), a table none of whose
    records changed is its file, and other records whose files are unchanged keep their lines (pipeline/row_cache.py).
    `columns`: table_columns(con), where the caller has it."""
    from . import row_cache

    # The values' types are the tables' own. (The views are listed too: each is a "table" without rows.)
    names = columns if columns is not None else table_columns(con)
    folder = scratch / row_cache.FOLDER
    folder.mkdir()
    digests, index, _ = row_cache.table_files(cat, {t: c for t, c in names.items() if t != "metadata"}, previous,
                                              fingerprint, folder)
    # The metadata table's rows are the build's own (version, date), never kept: a file outside the kept folder.
    files = {table: folder / f"{table}.ndjson" for table in digests}
    metadata = [row_cache.line(row, names["metadata"]) for row in metadata_rows(info)]
    if metadata:
        files["metadata"] = scratch / "metadata.ndjson"
        digests["metadata"] = row_cache.write_table(files["metadata"], [one.encode("utf-8") for one in metadata])
    for table in sorted(names):
        if table in files:
            _insert_ndjson(con, table, files[table])
        else:  # no rows: nothing to insert
            digests[table] = row_cache.EMPTY
    return dict(sorted(digests.items())), index


def _insert_ndjson(con, table: str, file: Path) -> None:
    """One table's rows, an NDJSON file (every line an object with every column: row_cache.line) read by COPY, which
    casts each value to the table's own column type: record values never enter SQL text. (An INSERT from read_json
    with the columns spelt out gives the same rows; its statement took 0.4 ms more to plan for each of the 27 tables.)"""
    try:
        con.execute(f'copy "{table}" from {_literal(str(file))} (format json, array false, '
                    "maximum_object_size 16777216)")
    except duckdb.ConstraintException as exc:
        # A child table's key is its stable identity (e.g. model x benchmark x settings for scores).
        raise BuildError(f"table {table}: two rows share a key: {exc}\nnothing was written; make the "
                         "records' keys distinct (see public_interface for each table's key).") from None


def _insert_rows(con, table: str, rows: list[dict]) -> None:
    """Rows we generate ourselves (public_interface), as parameters: one statement (executemany runs one per row,
    a tenth of a millisecond each)."""
    if not rows:
        return
    columns = list(rows[0])
    marks = "(" + ", ".join("?" for _ in columns) + ")"
    con.execute(f'insert into "{table}" ({", ".join(columns)}) values {", ".join(marks for _ in rows)}',
                [row[c] for row in rows for c in columns])


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


def _connect(path: Path) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(str(path), config={"storage_compatibility_version": STORAGE_VERSION})
    # One thread and no compression: DuckDB then writes the same blocks for the same rows (parallel
    # inserts reorder them; compressed segments carry uninitialised padding). See reproducible.py.
    con.execute("set threads = 1")
    con.execute("set force_compression = 'uncompressed'")
    # DuckDB's own memory capped (it spills to a temporary folder beside the database past it): the stage
    # also holds the checked catalogue, and `build.py` must stay under 1 GiB at 1,000x (issue #18).
    con.execute(f"set memory_limit = '{DUCKDB_MEMORY}'")
    return con


def with_schema(path: Path, cached: bool = False) -> None:
    """A database file holding the schema alone: tables, functions, views, macros and their comments.

    Every build starts from such a file and then adds the rows, so the schema is a function of the SQL only and
    can be kept: creating the views (DuckDB binds each against everything under it) is about 0.4 s of every
    build, copying the file a few milliseconds. `cached`: copy it from the user's cache directory when there is
    one for this SQL and code (pipeline/incremental.py schema_key), else create it and keep a copy there. A full
    and an incremental build take the same steps, so their files hold the same schema and rows (their bytes can
    still differ in padding DuckDB leaves unwritten: pipeline/reproducible.py)."""
    from .incremental import schema_key

    from .user_cache import directory, keep

    kept = directory("schema", f"{schema_key()}.duckdb") if cached else None
    if kept is not None and kept.is_file():
        try:
            shutil.copyfile(kept, path)
            return
        except OSError:
            pass
    con = _connect(path)
    try:
        con.execute("begin transaction")
        for sql in table_files():
            con.execute(sql.read_text(encoding="utf-8"))
        create_views(con)
        con.execute("commit")
        con.execute("checkpoint")
    finally:
        con.close()
    if kept is not None:
        keep(kept, path.read_bytes())


def _public_relations(con: duckdb.DuckDBPyConnection, version: str, cached: bool) -> list[Relation]:
    """public_relations(): a function of the schema and the version alone, so an incremental build keeps it beside
    the schema file (with_schema) instead of reading DuckDB's catalogue again."""
    from .incremental import schema_key
    from .user_cache import directory, keep

    kept = directory("schema", f"{schema_key()}.relations.json") if cached else None
    if kept is not None:
        try:
            saved = json.loads(kept.read_text(encoding="utf-8"))
            if saved.get("version") == version:
                return [Relation(**{**r, "primary_key": tuple(r["primary_key"]),
                                    "columns": tuple(tuple(c) for c in r["columns"])}) for r in saved["relations"]]
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            pass
    public = public_relations(con, version)
    if kept is not None:
        keep(kept, json.dumps({"version": version, "relations": [asdict(r) for r in public]}).encode("utf-8"))
    return public


def _fix_identifier(path: Path, known: bool, identity: bytes) -> None:
    """fix_identifier(), reopening the file only until this DuckDB's layout has been checked once (a marker beside
    the schema file; `known` False, as in a cold build, always checks)."""
    from .incremental import schema_key
    from .user_cache import directory, keep

    marker = directory("schema", f"{schema_key()}.layout-checked")
    layout_known = known and marker.is_file()
    if fix_identifier(path, layout_known=layout_known, identity=identity) and not layout_known:
        keep(marker, b"")


def run_checks(con: duckdb.DuckDBPyConnection, exports: Path | None = None, exports_written=None) -> list[str]:
    """Every check returns the rows that break an invariant; any row fails the build. `exports`: a folder of this
    database's exports, whose Parquet files the checks then read for the views they name (the rows of the view, as
    published), instead of computing them again: a check of the GPU-hours was 40 ms of a small rebuild, against 2.
    `exports_written()`: waits until they are written; the checks that read only tables run before it is called."""
    checks = [(path, path.read_text(encoding="utf-8")) for path in check_files()]
    views = {row[0] for row in con.execute("select view_name from duckdb_views() where not internal "
                                           "and schema_name = 'main'").fetchall()}
    named = {path: views & set(re.findall(r"\b([a-z_][a-z0-9_]*)\b", _strip_comments(sql))) for path, sql in checks}
    failures = {path: _check(con, path, sql) for path, sql in checks if not named[path]}
    if exports_written is not None:
        exports_written()
    shadowed = _read_exported_views(con, exports, set().union(*named.values())) if exports is not None else []
    try:
        failures |= {path: _check(con, path, sql) for path, sql in checks if named[path]}
    finally:
        for name in shadowed:
            con.execute(f'drop view temp.main."{name}"')
    return [failures[path] for path, _ in checks if failures[path]]


def _read_exported_views(con: duckdb.DuckDBPyConnection, exports: Path, names: set[str]) -> list[str]:
    """Temporary views, on this connection only, over the Parquet exports of the views `names` (a temporary view is
    looked up before the database's own), each only where the export has exactly the view's columns and types (as
    the site's publish/site.py read_exported_views); returns the names so shadowed."""
    shadowed = []
    for name in sorted(names):
        parquet = exports / "parquet" / f"{name}.parquet"
        if not parquet.is_file():
            continue
        source = f"read_parquet({_literal(str(parquet))})"
        view = con.execute("select column_name, data_type from duckdb_columns() where schema_name = 'main' "
                           "and table_name = ? order by column_index", [name]).fetchall()
        if [tuple(r[:2]) for r in con.execute(f"describe select * from {source}").fetchall()] == view:
            con.execute(f'create temp view "{name}" as select * from {source}')
            shadowed.append(name)
    return shadowed


def _check(con: duckdb.DuckDBPyConnection, path: Path, sql: str) -> str | None:
    """One check's failure (its description and up to 20 rows), or None when it returns no row."""
    cursor = con.execute(sql)
    names = [d[0] for d in cursor.description]
    bad = cursor.fetchall()
    if not bad:
        return None
    description, _ = doc_comments(sql)
    lines = [f"check {path.stem} failed: {description}"]
    lines += ["  " + ", ".join(f"{n}={v!r}" for n, v in zip(names, row)) for row in bad[:20]]
    if len(bad) > 20:
        lines.append(f"  ... and {len(bad) - 20} more rows")
    return "\n".join(lines)


class _Checks:
    """run_checks on a cursor of its own (DuckDB lets go of the GIL while a query runs), in a thread started now.
    With `exports`, the checks that read views wait for exports_written() and read their Parquet files there."""

    def __init__(self, con: duckdb.DuckDBPyConnection, exports: Path | None = None) -> None:
        import threading

        self._cursor, self._exports = con.cursor(), exports
        self._written = threading.Event()
        self._failures: list[str] = []
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="database checks")
        self._thread.start()

    def _run(self) -> None:
        try:
            self._failures = run_checks(self._cursor, self._exports,
                                        self._written.wait if self._exports is not None else None)
        except BaseException as exc:  # noqa: BLE001 - raised in the building thread by result()
            self._error = exc

    def exports_written(self) -> None:
        self._written.set()

    def result(self) -> list[str]:
        """The failures (a description and rows per failed check); a check that could not run raises here."""
        self.discard()
        if self._error is not None:
            raise self._error
        return self._failures

    def discard(self) -> None:
        """Wait for the checks and let their connection go (the build failed elsewhere: their answer is moot)."""
        self._written.set()  # never left waiting for exports that will not come
        self._thread.join()
        self._cursor.close()


class DatabaseAhead:
    """The database stage's scratch folder beside `database` and a connection to a file holding the schema alone
    (with_schema), made on a thread of its own while the caller checks the catalogue: DuckDB lets go of the
    interpreter while it opens a database (about 25 ms) and reads its catalogue in (table_columns, 15 ms), so the
    check goes on meanwhile. build_database takes them
    (take()); a caller that does not build discards them. Start it only where no process will be forked after it
    (a thread, DuckDB's included, makes a fork unsafe: pipeline/forking.py)."""

    def __init__(self, database: Path, cached: bool) -> None:
        import threading

        self.database, self.cached = database, cached
        self.scratch: Path | None = None
        self.con: duckdb.DuckDBPyConnection | None = None
        self.columns: dict[str, list[str]] | None = None  # table_columns(con)
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._make, name="database ahead", daemon=True)
        self._thread.start()

    def _make(self) -> None:
        try:
            self.database.parent.mkdir(parents=True, exist_ok=True)
            self.scratch = Path(tempfile.mkdtemp(prefix=".build-", dir=self.database.parent))
            with_schema(self.scratch / self.database.name, self.cached)
            self.con = _connect(self.scratch / self.database.name)
            self.columns = table_columns(self.con)
        except BaseException as exc:  # noqa: BLE001 - raised by take()
            self._error = exc

    def take(self) -> tuple[Path, duckdb.DuckDBPyConnection]:
        """(scratch folder, connection to the schema file in it); raises what making them raised."""
        self._thread.join()
        if self._error is not None:
            self.discard()
            raise self._error
        return self.scratch, self.con

    def discard(self) -> None:
        self._thread.join()
        if self.con is not None:
            self.con.close()
        if self.scratch is not None:
            shutil.rmtree(self.scratch, ignore_errors=True)


class Pending:
    """What build_database leaves to its caller (`pending`) once the database, its Parquet exports and changes.json are
    in place, all a site stage reads: the invariant checks, on the database opened read-only (other processes may
    read it meanwhile), then the exports written from the Parquet files (export.PendingExports). finish() raises
    BuildError if a check fails; the caller must not put the build in place before it has returned."""

    def __init__(self, database: Path, exports: Path | None, later) -> None:
        self.database, self.exports, self.later = database, exports, later

    @property
    def files(self) -> list[str]:
        """The paths under the exports folder finish() writes."""
        return self.later.files if self.later is not None else []

    def finish(self) -> None:
        con = duckdb.connect(str(self.database), read_only=True, config={"threads": 1, "memory_limit": DUCKDB_MEMORY})
        try:
            failures = run_checks(con, self.exports if self.later is not None else None)
        finally:
            con.close()
        if failures:
            raise BuildError("\n".join(failures) + "\nnothing was written; fix the records above.")
        if self.later is not None:
            self.later.finish(self.exports)


DUCKDB_MEMORY = "500MB"
"""DuckDB's memory limit in the database stage: at 1,000x the real catalogue (20,000 models) the stage peaks at about
860 MB with it and 1,240 MB without; the database and exports are the same bytes either way."""


def build_database(cat: Catalogue, database: Path, exports: Path | None, info: DatasetInfo | None = None,
                   previous: Path | None = None, release_catalogue: bool = False, pending: list | None = None,
                   ahead: DatabaseAhead | None = None) -> dict:
    """Tables, views, the metadata and public_interface tables, then the exports, with the checks beside them.
    The file is written in DuckDB's 1.4 storage format (release.STORAGE_VERSION) so that the long-term-support
    release and the PyPI CLI open it, not only the DuckDB that built it.

    The database itself is always built whole (a few seconds, and the same tables, views and rows as any other
    build of the same catalogue; its bytes too, but for DuckDB's unwritten padding: pipeline/reproducible.py).
    With `previous` (the folder of the last build: its db-state.json and exports/), each exported relation none
    of whose input columns changed is copied from the previous exports instead of being computed again
    (pipeline/incremental.py, pipeline/lineage.py). Beside the database it writes db-state.json
    (for the next build) and changes.json (for the site stage: /work/wt/briefs/incremental-interface.md).
    `release_catalogue`: empty `cat` once its rows are loaded (build.py, which has no use for it afterwards).
    `pending`: a list that receives what is left once the database, the Parquet files and changes.json are in place
    (Pending: the checks, and the exports written from the Parquet files alone), for the caller to finish; else they
    are done here. `ahead`: the scratch folder and schema connection made while the catalogue was checked (used
    when made for this database with the same schema cache; discarded otherwise). Returns the changes."""
    from . import incremental, row_cache
    from .export import write_exports

    info = info or dataset_info(None)
    if ahead is not None and (ahead.database != database or ahead.cached != (previous is not None)):
        ahead.discard()
        ahead = None
    columns = None  # table_columns(con), asked ahead
    if ahead is not None:
        with step("db: schema and connection made ahead"):
            scratch, con = ahead.take()
            columns = ahead.columns
    else:
        database.parent.mkdir(parents=True, exist_ok=True)
        scratch, con = Path(tempfile.mkdtemp(prefix=".build-", dir=database.parent)), None
    rest: InThread | None = None  # the archive and descriptors, written while the database is closed
    try:
        tmp_db = scratch / database.name
        if con is None:
            with step("db: schema"):
                with_schema(tmp_db, cached=previous is not None)
            with step("db: connect"):
                con = _connect(tmp_db)
        try:
            # One transaction for the whole build: committing each insert and check on its own costs more.
            con.execute("begin transaction")
            with step("db: load tables"):
                digests, rows_index = load_tables(con, cat, info, scratch, previous, incremental.rows_fingerprint(),
                                                  columns)
            with step("db: row cache"):
                row_cache.write_index(scratch / row_cache.FOLDER, rows_index)
            del rows_index
            with step("db: state"):
                state = incremental.state(cat, digests, info)
            if release_catalogue:  # nothing below reads the records: at 1,000x they are half the stage's memory
                for kind in cat.entries:
                    cat.entries[kind] = {}
            try:
                deprecations(info.version)  # fails on a deprecated view past its major version
            except InterfaceError as exc:
                raise BuildError(str(exc)) from None
            with step("db: public relations"):
                public = _public_relations(con, info.version, cached=previous is not None)
            with step("db: interface rows"):
                _insert_rows(con, "public_interface", interface_rows(public))
            with step("db: commit transaction"):
                con.execute("commit")
            # Written out before the exports: they only read, but the temporary tables they use must leave no
            # trace in the file (pipeline/export.py).
            with step("db: checkpoint"):
                con.execute("checkpoint")
            # The invariant checks only read: they run on a connection of their own, on the other core, while this
            # one compares and exports, those of views once their exports are written (or, with `pending`, after the
            # database is closed: Pending). Any failing row still fails the build before anything is put in place.
            tmp_exports = scratch / "exports"
            checks = _Checks(con, tmp_exports if exports is not None else None) if pending is None else None
            later = None
            try:
                with step("db: compare"):
                    changes, reuse = incremental.compare(state, previous, public, con)
                if exports is not None:  # None: the database alone (tests that only query it)
                    with step("db: exports"):
                        later = write_exports(con, tmp_exports, public, info, reuse_from=previous / "exports"
                                              if previous is not None else None, reuse=reuse, later=True,
                                              provisional_manifest=pending is not None)
                        if pending is None:
                            # The checks of views read their Parquet files while the CSV files are written on this
                            # connection; then the archive and the descriptors, which need no database, in a thread
                            # while the database is closed and its identifier fixed.
                            checks.exports_written()
                            later.write_csvs(tmp_exports, con)
                            rest = InThread(later.write_archive_and_descriptors, tmp_exports,
                                            name="archive and descriptors")
            except BaseException:
                if checks is not None:
                    checks.discard()
                raise
            if checks is not None:
                with step("db: checks (what is left of them)"):
                    failures = checks.result()
                if failures:
                    raise BuildError("\n".join(failures) + "\nnothing was written; fix the records above.")
        finally:
            with step("db: close"):
                con.close()
        with step("db: identifier and state"):
            _fix_identifier(tmp_db, known=previous is not None, identity=incremental.identity(state))
            incremental.write(scratch / "db-state.json", state)
            incremental.write(scratch / "changes.json", changes)
        if rest is not None:
            with step("db: the archive and descriptors (what is left of them)"):
                rest.result()
        with step("db: replace"):
            replace_together([(tmp_db, database)] + ([(tmp_exports, exports)] if exports is not None else [])
                             + [(scratch / name, database.parent / name) for name in (*incremental.FILES, row_cache.FOLDER)])
        with contextlib.suppress(OSError):  # an earlier format's row cache, superseded by the folder just put in place
            (database.parent / row_cache.LEGACY_FILE).unlink(missing_ok=True)
        if pending is not None:
            pending.append(Pending(database, exports, later))
        return changes
    finally:
        if rest is not None:  # the build failed meanwhile: its files go with the scratch folder
            rest.discard()
        shutil.rmtree(scratch, ignore_errors=True)
