"""What changed since the previous database build, and which exports can be copied from it.

The database stage always builds the database whole (seconds, byte-identical to any build of the same
catalogue); what costs is computing every view for its Parquet and CSV export. An exported relation's rows
depend only on the rows of the tables it reads (directly or through views, table macros and functions)
and on the SQL and code, so when every one of those tables has the same rows as in the previous build (the
same hash of its NDJSON, in the same order) and the code is the same, its export files are copied.

db-state.json (kept beside the database for the next build): a fingerprint of the code and settings that
shape exports, the hash of each table's rows, and the hash of each record file. changes.json (for the site
stage; its format is in /work/wt/briefs/incremental-interface.md): "full", the records added, changed and
removed by kind, the tables whose rows changed and the exported relations computed again."""

from __future__ import annotations

import functools
import hashlib
import json
import re
from pathlib import Path

import duckdb

from .local_key import build_token

ROOT = Path(__file__).resolve().parent.parent
SQL_DIR = ROOT / "schemas" / "sql"
FILES = ("db-state.json", "changes.json")
FORMAT = 2


@functools.lru_cache(maxsize=1)
def _code_fingerprint() -> str:
    """Everything besides the rows that shapes the database and its exports. Read once per process (a build asks
    for it seven times, each a read of some 200 files: 15 ms of a small rebuild's database stage); the code of a
    running build does not change under it."""
    digest = hashlib.sha256(f"{FORMAT} duckdb {duckdb.__version__}".encode())
    folders = [(SQL_DIR, "**/*.sql"), (ROOT / "pipeline", "*.py"), (ROOT / "schemas" / "records", "*.py")]
    for folder, pattern in folders:
        for path in sorted(folder.glob(pattern)):
            digest.update(path.relative_to(ROOT).as_posix().encode() + b"\0" + path.read_bytes())
    digest.update((ROOT / "schemas" / "VERSION").read_bytes())
    return digest.hexdigest()


def rows_fingerprint() -> str:
    """What a record's cached table rows depend on besides its own bytes (pipeline/row_cache.py): the code
    (flatten, record classes, the tables' DDL) and this user's build key."""
    return hashlib.sha256(f"rows {_code_fingerprint()} {build_token()}".encode()).hexdigest()


def schema_key() -> str:
    """What the database's schema alone depends on (pipeline/database.py with_schema): the SQL, our code, DuckDB's
    version and this user's build key (a schema file a pull request planted is never opened)."""
    return hashlib.sha256(f"schema {_code_fingerprint()} {build_token()}".encode()).hexdigest()


def state(cat, table_digests: dict[str, str], info) -> dict:
    # The version and the catalogue date are written into every Parquet file's metadata: a new date means
    # new files. (The catalogue commit is only in the metadata table, which has its own digest.)
    # build_token: a state a pull request planted in build/ never matches (pipeline/local_key.py).
    fingerprint = hashlib.sha256(f"{_code_fingerprint()} {info.version} {info.catalogue_date} {build_token()}".encode()).hexdigest()
    records = {f"{kind}/{entry_id}": hashlib.blake2b(entry.raw, digest_size=16).hexdigest()
               for kind, entries in cat.entries.items() for entry_id, entry in entries.items()}
    return {"format": FORMAT, "fingerprint": fingerprint, "tables": table_digests, "records": records}


def identity(state: dict) -> bytes:
    """What the database file's blocks are a function of (pipeline/reproducible.py): every table's rows (the metadata
    table's too: version, date and commit) and the code that laid them out (the SQL, DuckDB's version). Never the
    build key: two users' builds of one commit are the same file."""
    return json.dumps({"tables": state["tables"], "code": _code_fingerprint()}, sort_keys=True).encode()


def _read_state(previous: Path | None) -> dict | None:
    if previous is None:
        return None
    try:
        old = json.loads((previous / "db-state.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return old if isinstance(old, dict) and old.get("format") == FORMAT else None


@functools.lru_cache(maxsize=1)
def _objects() -> dict[str, set[str]]:
    """Each view, table macro and scalar function -> the names its SQL mentions (comments removed)."""
    out = {}
    for layer in ("staging", "marts", "deprecated", "macros", "functions"):
        for path in sorted((SQL_DIR / layer).glob("*.sql")):
            text = re.sub(r"--[^\n]*", "", path.read_text(encoding="utf-8"))
            out[path.stem] = set(re.findall(r"\b([a-z_][a-z0-9_]*)\b", text))
    return out


def reads(name: str, direct: bool = False) -> set[str]:
    """The views, macros and functions a relation's SQL names: directly, or through any chain of them."""
    objects = _objects()
    if direct:
        return {w for w in objects.get(name, ()) if w in objects and w != name}
    seen, stack = set(), [name]
    while stack:
        for word in objects.get(stack.pop(), ()):
            if word in objects and word not in seen and word != name:
                seen.add(word)
                stack.append(word)
    return seen


def tables_read_by(name: str, tables: set[str]) -> set[str]:
    """The tables a relation reads, through any chain of views, macros and functions. Any word of its SQL
    that names a table counts (a column alias spelt like a table only makes the answer larger: safe)."""
    objects = _objects()
    seen, stack, found = set(), [name], set()
    while stack:
        node = stack.pop()
        if node in seen:
            continue
        seen.add(node)
        if node in tables:
            found.add(node)
        for word in objects.get(node, ()):
            if word in tables or word in objects:
                stack.append(word)
    return found


def compare(new: dict, previous: Path | None, relations, con=None) -> tuple[dict, set[str]]:
    """(changes.json's content, names of the exported relations whose previous export files can be copied).

    With `con` (the new database), an export that reads a changed table is still copied when none of the
    columns it reads changed (pipeline/lineage.py), and `new` gains each table's column digests for the next
    build (those of an unchanged table are carried over from the previous state)."""
    from schemas.records import KINDS

    old = _read_state(previous)
    full = old is None or old.get("fingerprint") != new["fingerprint"] \
        or not (previous / "exports").is_dir()
    old_records = {} if full else old.get("records", {})
    records = {kind: {"added": [], "changed": [], "removed": []} for kind in KINDS}
    for key, digest in new["records"].items():
        kind, record_id = key.split("/", 1)
        if key not in old_records:
            records[kind]["added"].append(record_id)
        elif old_records[key] != digest:
            records[kind]["changed"].append(record_id)
    for key in old_records.keys() - new["records"].keys():
        kind, record_id = key.split("/", 1)
        if kind in records:
            records[kind]["removed"].append(record_id)
    for lists in records.values():
        for ids in lists.values():
            ids.sort()
    old_tables = {} if full else old.get("tables", {})
    changed_tables = sorted(t for t, d in new["tables"].items() if old_tables.get(t) != d)
    exported = [r.name for r in relations if r.exported]
    tables, changed = set(new["tables"]), set(changed_tables)
    old_columns = {} if full else old.get("columns", {})
    if con is not None:
        new["columns"] = _column_digests(con, tables, changed, old_columns)
    reuse = set()
    if not full:
        candidates = [name for name in exported if tables_read_by(name, tables) & changed]
        reuse = set(exported) - set(candidates)
        if con is not None and old_columns:
            reuse |= _same_columns(con, candidates, old_columns, new["columns"])
    # "schema": what the database's schema is a function of, so the site keeps what it reads of the schema.
    changes = {"full": full, "records": records, "tables": changed_tables,
               "relations": sorted(set(exported) - reuse), "schema": schema_key()}
    return changes, reuse


def _column_digests(con, tables: set[str], changed: set[str], old: dict) -> dict[str, dict[str, str]]:
    from .lineage import column_digests

    names: dict[str, list[str]] = {}
    # Our tables only (duckdb_columns also lists the system catalogue's views under a schema called main).
    for table, column in con.execute("""select c.table_name, c.column_name from duckdb_columns() c
                                        join duckdb_tables() t using (database_name, schema_name, table_name)
                                        where c.database_name = current_database() and c.schema_name = 'main'
                                        order by c.table_name, c.column_index""").fetchall():
        names.setdefault(table, []).append(column)
    return {t: old[t] if t in old and t not in changed else column_digests(con, t, names[t])
            for t in sorted(tables & names.keys())}


def _same_columns(con, candidates: list[str], old: dict, new: dict) -> set[str]:
    """The candidates none of whose lineage columns changed."""
    from . import lineage

    columns_of = {t: set(cols) - {lineage.ROWS} for t, cols in new.items()}
    key = hashlib.sha256(f"lineage {_code_fingerprint()} {build_token()}".encode()).hexdigest()
    known = lineage.cached(key)
    learned = False
    same = set()
    for name in candidates:
        if name not in known:
            known[name] = lineage.relation_lineage(con, name, columns_of)
            learned = True
        read = known[name]
        if read is not None and all(old.get(t, {}).get(c) == new.get(t, {}).get(c) and c in new.get(t, {})
                                    for t, cols in read.items() for c in cols):
            same.add(name)
    if learned:
        lineage.store(key, known)
    return same


def write(path: Path, data: dict) -> None:
    path.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")
