"""Exports beside the database: Parquet and CSV of every public table and view, a data dictionary, and
the descriptors (datapackage.json, croissant.json, manifest.json).

Staging views (stg_*) are internal and not exported. Each Parquet file carries in its key-value metadata
the relation's description, its columns' descriptions, key, version, catalogue date and licence. CSVs are
UTF-8 with a byte-order mark, which Excel needs to read them as UTF-8 (LibreOffice and most readers detect
and skip it). CSV cells that a spreadsheet would run as a formula (starting with = + - @, tab or CR) get a
leading apostrophe; Parquet and DuckDB keep the values exactly as recorded."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb

from .interface import Relation
from .release import ATTRIBUTION, LICENSE, DatasetInfo

FORMULA_START = r"^[=+\-@\t\r]"
BOM = b"\xef\xbb\xbf"


def _literal(text: str) -> str:
    """A SQL string literal for text from our own SQL comments and VERSION file (never record text)."""
    return "'" + text.replace("'", "''") + "'"


def _select_for_csv(relation: Relation, source: str | None = None) -> str:
    """`source`: SQL for where the rows come from (our own text, never record text), already in order (the
    relation's Parquet file, written sorted and read back in file order on one thread); else the relation, sorted."""
    parts = []
    for column, dtype, _ in relation.columns:
        quoted = f'"{column}"'
        if dtype == "VARCHAR":
            parts.append(f"case when regexp_matches({quoted}, '{FORMULA_START}') then '''' || {quoted} "
                         f"else {quoted} end as {quoted}")
        else:
            parts.append(quoted)
    return f'select {", ".join(parts)} from {source}' if source else \
        f'select {", ".join(parts)} from {_quoted(relation.name)} order by all'


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def parquet_metadata(relation: Relation, info: DatasetInfo) -> dict[str, str]:
    """Key-value metadata of one Parquet file: enough to use it without the rest of the download."""
    columns = {c: d for c, _, d in relation.columns}
    return {"name": relation.name, "description": relation.description,
            "primary_key": ", ".join(relation.primary_key), "columns": json.dumps(columns, ensure_ascii=False),
            "dataset": "distill-ledger", "version": info.version, "catalogue_date": info.catalogue_date or "",
            "license": LICENSE["name"], "license_url": LICENSE["path"], "attribution": ATTRIBUTION,
            "citation": info.citation}


def write_parquet(con, relation: Relation, info: DatasetInfo, target: Path) -> None:
    kv = ", ".join(f"{_literal(k)}: {_literal(v)}" for k, v in parquet_metadata(relation, info).items())
    con.execute(f'copy (select * from "{relation.name}" order by all) to ? '
                f"(format parquet, compression zstd, kv_metadata {{{kv}}})", [str(target)])


def write_csv(con, relation: Relation, target: Path, source: str | None = None) -> None:
    """DuckDB's CSV, then the byte-order mark put in front (DuckDB's writer has no option for it).
    `source`: SQL for where the rows come from, e.g. the relation's Parquet file just written."""
    tmp = target.with_suffix(".nobom")
    con.execute(f"copy ({_select_for_csv(relation, source)}) to ? (format csv, header true)", [str(tmp)])
    with tmp.open("rb") as src, target.open("wb") as dst:
        dst.write(BOM)
        while chunk := src.read(1 << 20):
            dst.write(chunk)
    tmp.unlink()


def write_exports(con: duckdb.DuckDBPyConnection, directory: Path, relations: list[Relation],
                  info: DatasetInfo, reuse_from: Path | None = None, reuse: set[str] = frozenset(),
                  later: bool = False, provisional_manifest: bool = True) -> "PendingExports | None":
    """`reuse`: relations whose Parquet and CSV are copied from `reuse_from` (a previous build's exports,
    for relations whose rows cannot have changed: pipeline/incremental.py) instead of being computed.
    `later`: write only what needs the database (the Parquet files, each hashed, a provisional manifest of them
    unless `provisional_manifest` is False, the data dictionary) and return the rest (PendingExports: the CSV files,
    their archive, the descriptors), which needs only the Parquet files; else write everything and return None."""
    (directory / "parquet").mkdir(parents=True, exist_ok=True)
    (directory / "csv").mkdir(parents=True, exist_ok=True)
    # One thread while the views are computed for export: parallel aggregation adds floating-point partial
    # sums in whatever order threads finish, so the last digits of a summed figure could differ between two
    # builds of one commit. Exports must be byte-identical (the manifest's hashes, reproducible releases).
    threads = con.execute("select current_setting('threads')").fetchone()[0]
    con.execute("set threads = 1")
    try:
        computed, hashes = _write_files(con, directory, relations, info, reuse_from, reuse)
        (directory / "data-dictionary.md").write_text(data_dictionary(relations, info), encoding="utf-8")
        pending = PendingExports(relations, info, computed, hashes, reuse_from if reuse else None)
        if not later:
            pending.finish(directory, con)
            return None
    finally:
        con.execute(f"set threads = {int(threads)}")
    if provisional_manifest:
        from .descriptors import write_manifest

        # What the site stage reads of the manifest (publish/incremental.py export_hashes): each Parquet file's hash.
        write_manifest(directory, info, hashes=hashes, under="parquet/")
    return pending


class PendingExports:
    """The exports written from the Parquet files alone: each computed relation's CSV (read back from its Parquet file,
    in file order, on one thread: the bytes a computation of the view writes, at a fraction of its cost), the CSV
    archive and the descriptors, whose manifest lists every file with its hash. build.py writes them while the site,
    which needs only the database and the Parquet files, is built. It holds no connection: the database may be
    closed (and moved into place) before finish() is called."""

    def __init__(self, relations: list[Relation], info: DatasetInfo, computed: list[Relation],
                 hashes: dict[str, str], previous: Path | None) -> None:
        self.relations, self.info, self.computed, self.hashes, self.previous = relations, info, computed, hashes, previous

    @property
    def files(self) -> list[str]:
        """The paths under the exports folder that finish() writes."""
        from .descriptors import DESCRIPTORS

        return [f"csv/{r.name}.csv" for r in self.computed] + [ARCHIVE, *DESCRIPTORS]

    def finish(self, directory: Path, con: duckdb.DuckDBPyConnection | None = None) -> None:
        """write_csvs(directory, con), then write_archive_and_descriptors(directory)."""
        self.write_csvs(directory, con)
        self.write_archive_and_descriptors(directory)

    def write_csvs(self, directory: Path, con: duckdb.DuckDBPyConnection | None = None) -> None:
        """The CSV files. `con`: a connection of one DuckDB thread to write them on (the database's, where it is open
        anyway); else an in-memory DuckDB is opened for them (10-20 ms)."""
        self.hashes = dict(self.hashes)
        _write_csvs(directory, self._csvs_to_write(directory), self.hashes, con)

    def write_archive_and_descriptors(self, directory: Path) -> None:
        """The CSV archive and the descriptors, once write_csvs has written the CSV files: they need no database."""
        from concurrent.futures import ThreadPoolExecutor

        from .descriptors import write_descriptors

        # The archive is compressed in a second thread (zlib lets go of the interpreter while it works) while the
        # descriptors are written; the manifest, which lists the archive too, waits for it. Members of the previous
        # archive are copied only when that build's state was ours (`previous` is then set).
        with ThreadPoolExecutor(max_workers=1) as pool:
            archive = pool.submit(zip_csv, directory / "csv", directory / ARCHIVE, self.info, self.previous)
            write_descriptors(self.relations, self.info, directory, before_manifest=archive.result, hashes=self.hashes)

    def _csvs_to_write(self, directory: Path) -> list[Relation]:
        """The computed relations whose CSV must be written: the others' Parquet file came out the bytes of the
        previous build's (a model added leaves most views' rows as they were), and a CSV is a function of the Parquet
        file it is read from, so the previous build's CSV is linked (and hashed with the descriptors, as every
        copied export is)."""
        from .atomic import link_or_copy

        before: dict[str, str] = {}
        if self.previous is not None:
            try:
                manifest = json.loads((self.previous / "manifest.json").read_text(encoding="utf-8"))
                before = {str(f["path"]): str(f["sha256"]) for f in manifest["files"]}
            except (OSError, ValueError, KeyError, TypeError):
                before = {}
        todo = []
        for relation in self.computed:
            parquet, csv = f"parquet/{relation.name}.parquet", f"csv/{relation.name}.csv"
            if before.get(parquet) == self.hashes[parquet] and csv in before and (self.previous / csv).is_file():
                link_or_copy(self.previous / csv, directory / csv)  # outputs are replaced whole, never edited in place
            else:
                todo.append(relation)
        return todo


ARCHIVE = "catalog-csv.zip"


def _write_files(con, directory: Path, relations: list[Relation], info: DatasetInfo,
                 reuse_from: Path | None = None, reuse: set[str] = frozenset()) -> tuple[list[Relation], dict[str, str]]:
    """The exports' Parquet files, and the previous build's Parquet and CSV files of the relations in `reuse`, linked;
    returns (the relations computed, whose CSV is still to write; the SHA-256 of each Parquet file by path under
    `directory`). A copied CSV is hashed with the descriptors."""
    from .atomic import link_or_copy

    todo, copied = [], []
    for relation in relations:
        if not relation.exported:
            continue
        files = [(reuse_from / sub / f"{relation.name}.{sub}", directory / sub / f"{relation.name}.{sub}")
                 for sub in ("parquet", "csv")] if reuse_from is not None and relation.name in reuse else []
        if files and all(old.is_file() for old, _ in files):
            for old, new in files:
                link_or_copy(old, new)  # outputs are replaced whole, never edited in place
            copied.append(files[0][1])
        else:
            todo.append(relation)
    todo.sort(key=lambda r: r.name)
    return todo, _compute_in_parallel(con, directory, todo, info, copied)


EXPORT_CONNECTIONS = 2
"""Connections computing exports side by side, each on a thread of its own, at most one per core this process may
use. DuckDB runs with one thread here (write_exports), and a query is then run wholly by the thread that asked for
it (DuckDB's executor takes work only from its own query), so each export is computed exactly as with a single
connection; two connections just compute two of them at once. A model added recomputes about 40 exports and 20 shared
views (0.67-0.74 s on one connection, 0.38-0.40 s on two, on the real catalogue; 0.87 and 0.52-0.55 s before the
audit was computed in parts and the CSVs stopped being sorted again)."""


def _write_csvs(directory: Path, todo: list[Relation], hashes: dict[str, str],
                con: duckdb.DuckDBPyConnection | None = None) -> None:
    """Each relation's CSV written from its Parquet file (in file order, which is the relation's sorted order: the
    bytes a CSV of the view sorted gives), on `con` (one DuckDB thread) or else an in-memory DuckDB of one thread,
    EXPORT_CONNECTIONS connections at once; each CSV hashed into `hashes`. The first error stops them all and is
    raised."""
    import threading

    from .database import DUCKDB_MEMORY
    from .descriptors import sha256

    if not todo:
        return
    queue, errors, lock = list(reversed(todo)), [], threading.Lock()
    opened = con is None
    if opened:
        con = duckdb.connect(config={"threads": 1, "memory_limit": DUCKDB_MEMORY})

    def work(connection) -> None:
        try:
            while True:
                with lock:
                    if errors or not queue:
                        return
                    relation = queue.pop()
                parquet = directory / "parquet" / f"{relation.name}.parquet"
                csv = directory / "csv" / f"{relation.name}.csv"
                write_csv(connection, relation, csv, f"read_parquet({_literal(str(parquet))})")
                digest = sha256(csv)
                with lock:
                    hashes[csv.relative_to(directory).as_posix()] = digest
        except BaseException as exc:  # noqa: BLE001 - raised below, in the calling thread
            with lock:
                errors.append(exc)

    try:
        _on_connections(con, min(EXPORT_CONNECTIONS, _cores(), len(todo)), work, "csv exports")
    finally:
        if opened:
            con.close()
    if errors:
        raise errors[0]


def _on_connections(con, count: int, work, name: str) -> None:
    """work(connection) for `con`, in this thread, and for count - 1 cursors of it, each in a thread of its own;
    returns once all are done, the cursors closed."""
    import threading

    others = [con.cursor() for _ in range(count - 1)]
    threads = [threading.Thread(target=work, args=(other,), name=name) for other in others]
    try:
        for thread in threads:
            thread.start()
        work(con)
    finally:
        for thread in threads:
            thread.join()
        for other in others:
            other.close()


def _cores() -> int:
    """The cores this process may use."""
    import os

    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


SHARED = "dl_shared"
"""An in-memory database attached while the exports are computed: the views several exports read, computed once
(SharedViews). Attached databases belong to the DuckDB instance, so every connection sees them; none is written
to the database file."""


def _compute_in_parallel(con, directory: Path, todo: list[Relation], info: DatasetInfo,
                         copied: list[Path] = ()) -> dict[str, str]:
    """Every relation in `todo` computed once, for its Parquet file (its CSV is written from that file: _write_csvs).
    The shared views (SharedViews) and the exports are tasks of one plan (_Plan): each connection takes the most urgent
    task whose shared inputs are made, and waits when none is ready; the first error stops them all and is raised.
    Each file written is hashed at once (while its bytes are in memory), then the `copied` ones, by whichever thread
    is free (hashlib lets go of the interpreter): returns {path under `directory`: SHA-256}."""
    import threading

    from .descriptors import sha256

    hashes: dict[str, str] = {}
    to_hash = list(reversed(copied))

    def hashed(path: Path) -> None:
        hashes[path.relative_to(directory).as_posix()] = sha256(path)

    ready = threading.Condition()
    errors: list[BaseException] = []
    con.execute(f"attach ':memory:' as {SHARED}")
    shared = SharedViews(_shared_views(todo), con.execute("select current_database()").fetchone()[0])
    plan = _Plan(todo, shared.names)

    def work(connection) -> None:
        made: list[str] = []  # shared views this connection reads from the shared database
        try:
            while True:
                with ready:
                    while not errors and (task := plan.take()) is None and plan.running:
                        ready.wait()
                    if errors:
                        break
                    if task is None:
                        if plan.waiting:  # nothing running, nothing ready: a view the plan never makes (a bug)
                            raise RuntimeError(f"exports: no task can start: {[t.name for t in plan.waiting]}")
                        break
                for name in shared.names:  # dependency order: a shared view after the shared views it reads
                    if name in task.inputs and name not in made:
                        shared.read_through(connection, name)
                        made.append(name)
                if task.relation is None:
                    shared.make(connection, task.name)
                else:
                    parquet = directory / "parquet" / f"{task.name}.parquet"
                    write_parquet(connection, task.relation, info, parquet)
                    hashed(parquet)
                with ready:
                    plan.finish(task)
                    ready.notify_all()
            for name in reversed(made):  # the first connection goes on being used
                connection.execute(f"drop view temp.main.{_quoted(name)}")
            while True:
                with ready:
                    if errors or not to_hash:
                        break
                    path = to_hash.pop()
                hashed(path)
        except BaseException as exc:  # noqa: BLE001 - raised below, in the calling thread
            with ready:
                errors.append(exc)
                ready.notify_all()

    try:
        _on_connections(con, min(EXPORT_CONNECTIONS, _cores(), len(todo)), work, "exports")
    finally:
        con.execute(f"detach {SHARED}")
    if errors:
        raise errors[0]
    return hashes


def _shared_views(todo: list[Relation]) -> list[str]:
    """The views to compute (or under them) that are computed once, apart from the relations that read them, in
    dependency order: those two or more views of the schema read, and every staging view (stg_*: the building
    blocks, such as the audit's parts, which two connections can then compute side by side). An exported view so
    chosen is written from its computed table, whether or not a relation that reads it is computed too.

    Which views are computed apart is a property of the schema, never of the edit: a relation read from a computed
    table is the same rows, but DuckDB's statistics of a table's columns say "may be null" (SharedViews) where those
    of the view, computed in place from a table's NOT NULL columns, may say "never", and the Parquet writer marks a
    column required or optional by them. Any build that computes a relation must give it the same inputs."""
    from .database import view_files
    from .incremental import reads

    wanted = {r.name for r in todo}
    needed = wanted.union(*(reads(name) for name in wanted))  # an exported view computed apart: from its table
    views = [path.stem for path in view_files()]
    readers: dict[str, int] = {}
    for name in views:
        for other in reads(name, direct=True):
            readers[other] = readers.get(other, 0) + 1
    return [name for name in views if name in needed and (readers.get(name, 0) >= 2 or name.startswith("stg_"))]


class _Task:
    """One shared view to compute (`relation` None) or one relation to export. `inputs`: the shared views its SQL
    reads, through any chain of views (an exported shared view reads its own computed table)."""

    def __init__(self, name: str, relation: Relation | None, inputs: set[str], cost: int) -> None:
        self.name, self.relation, self.inputs, self.cost = name, relation, inputs, cost
        self.urgency = cost


class _Plan:
    """The tasks of one export run and the order they are taken in. A task is ready when every shared view it reads
    is made; of the ready ones, the most urgent goes first: its own cost plus that of the longest chain of tasks
    waiting on it (so the views under the audit start before the exports nothing waits for). A task's cost is
    counted in the views its query expands (1 + the views it reads that are not shared): planning them is most of
    a view's time on a catalogue of this size. Which connection runs a task changes no byte it writes."""

    def __init__(self, todo: list[Relation], shared: list[str]) -> None:
        from .incremental import reads

        apart = set(shared)
        tasks: list[_Task] = []
        for name in shared:  # in dependency order
            read = reads(name)
            tasks.append(_Task(name, None, read & apart, 1 + len(read - apart)))
        for relation in todo:
            read = reads(relation.name) | {relation.name}  # an exported shared view is read from its table
            tasks.append(_Task(relation.name, relation, read & apart, 1 + len(read - apart - {relation.name})))
        views = {task.name: task for task in tasks if task.relation is None}
        for task in reversed(tasks):  # every task after the views it reads: each urgency final before it is used
            for name in task.inputs:
                views[name].urgency = max(views[name].urgency, views[name].cost + task.urgency)
        self.waiting = sorted(tasks, key=lambda t: (-t.urgency, t.relation is not None, t.name))
        self.made: set[str] = set()
        self.running = 0

    def take(self) -> _Task | None:
        """The most urgent ready task, now counted as running; None when none is ready (or none is left)."""
        for at, task in enumerate(self.waiting):
            if task.inputs <= self.made:
                self.running += 1
                return self.waiting.pop(at)
        return None

    def finish(self, task: _Task) -> None:
        self.running -= 1
        if task.relation is None:
            self.made.add(task.name)


class SharedViews:
    """Views several exports read, each computed once into a table of the shared in-memory database (SHARED), which
    every connection then reads through a temporary view of the same name.

    DuckDB looks names up in the temporary schema first, so every view that reads `stg_models` then reads the rows
    computed once instead of computing them again (the real catalogue's exports went from minutes to seconds).
    Same rows in the same order (one thread), so the same results. A view is made once (_Plan hands it to one
    connection), with the shared views under it already read through on that connection.
    The tables' columns' statistics would say "never null" wherever this catalogue has no null, and the Parquet
    writer would then mark those columns required: one all-null row inserted and deleted again leaves every column
    "may be null". A view computed in place may still say "never" of a column taken from a table's NOT NULL column,
    which is why the views computed apart are chosen by the schema alone (_shared_views)."""

    def __init__(self, names: list[str], database: str) -> None:
        self.names, self._database = names, database

    def make(self, con, name: str) -> None:
        """`name` computed into the shared database, on this connection."""
        table = f"{SHARED}.main.{_quoted(name)}"
        con.execute(f"create table {table} as select * from {_quoted(self._database)}.main.{_quoted(name)}")
        con.execute(f"insert into {table} default values")
        con.execute(f"delete from {table} where rowid = (select max(rowid) from {table})")

    def read_through(self, con, name: str) -> None:
        """`name` read from the shared database on this connection (it is made)."""
        con.execute(f"create temp view {_quoted(name)} as select * from {SHARED}.main.{_quoted(name)}")


def zip_csv(csv_dir: Path, target: Path, info: DatasetInfo, previous: Path | None = None) -> None:
    """All CSV files in one deflated archive for the site's downloads, with fixed timestamps so that two builds of
    the same catalogue give the same bytes; version and date in the archive comment. `previous`: the previous
    build's exports folder, whose compressed members are copied for unchanged CSV files (pipeline/archive.py)."""
    from .archive import write_archive

    comment = f"distill-ledger {info.version}, catalogue as of {info.catalogue_date or 'unknown'}"
    write_archive(csv_dir, target, comment, previous / "csv" if previous is not None else None,
                  previous / "catalog-csv.zip" if previous is not None else None)


def _cell(text: str | None) -> str:
    return (text or "").replace("|", "\\|")


def data_dictionary(relations: list[Relation], info: DatasetInfo) -> str:
    """Markdown generated from the COMMENT ON text of every public table, view, column and macro."""
    out = ["# Data dictionary", "",
           f"distill-ledger {info.version}, catalogue as of {info.catalogue_date or 'unknown'}. Generated from the "
           "comments in `catalog.duckdb`. Tables hold the records as contributed; views derive every metric from "
           "them.", "",
           "**Public interface.** The tables and views below, with their keys, are what analysts may rely on "
           "(also listed in the `public_interface` table). A name or column is removed or renamed only in a new "
           "major version, and the old name keeps working as a deprecated view for one major version. "
           "`stg_*` views are internal staging: not exported, and they may change in any release.", "",
           "| name | kind | key | status |", "|---|---|---|---|"]
    for r in relations:
        if r.exported:
            status = r.status + (f" (use `{r.replaced_by}`; removed in {r.removed_in})" if r.replaced_by else "")
            out.append(f"| `{r.name}` | {r.kind} | {', '.join(f'`{k}`' for k in r.primary_key) or '—'} | {status} |")
    out.append("")
    for r in relations:
        if not r.exported:
            continue
        key = f" Key: {', '.join(f'`{k}`' for k in r.primary_key)}." if r.primary_key else ""
        out += [f"## `{r.name}` ({r.kind})", "", (r.description or "").strip() + key, "",
                "| column | type | meaning |", "|---|---|---|"]
        for column, dtype, comment in r.columns:
            out.append(f"| `{column}` | {dtype} | {_cell(comment)} |")
        out.append("")
    for kind, heading in (("table_macro", "Table macros"), ("function", "Scalar functions")):
        rows = [r for r in relations if r.kind == kind]
        if rows:
            out += [f"## {heading}", "", "| name | what it returns |", "|---|---|"]
            out += [f"| `{r.name}` | {_cell(r.description)} |" for r in rows]
            out.append("")
    return "\n".join(out)
