"""Each table's rows as the NDJSON file the database stage inserts, kept from one build to the next with an index of
which record wrote which lines.

Flattening every record into rows and serialising them is most of building the database's tables (the real
catalogue: about 0.6 s of 0.9 s). A record's rows depend only on its own file (pipeline/flatten.py reads no
other record) and on the code, so a record whose bytes are unchanged keeps its lines from the previous build and
only the records edited or added are flattened again. A table none of whose records changed (the same records, in
the same order, none edited) is the previous build's file itself, linked once its hash is checked, not parsed and
written again: most tables, on most edits. Another table is put together again in catalogue order from the
previous file's lines and the new records' lines: the same bytes a full build writes (tests/test_incremental.py
compares the databases).

The folder (build/db-rows/: index.json and one TABLE.ndjson per table) is used only when the index's fingerprint
carries this user's build key (pipeline/local_key.py) and the hash of the code, and each file it links has the hash
the index gives: lines a pull request planted are never inserted. JSON, never a pickle."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

FOLDER = "db-rows"
INDEX = "index.json"
FORMAT = 2
LEGACY_FILE = "db-rows.json"  # what builds before format 2 kept (one JSON file): removed once the folder is in place
EMPTY = hashlib.sha256().hexdigest()  # the digest of a table without rows


def _json_default(value):
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    raise TypeError(f"cannot serialise {type(value).__name__}")


def line(row: dict, columns: list[str]) -> str:
    """One row as the NDJSON line read_json inserts: every column of the table, in the DDL's order."""
    return json.dumps({c: row.get(c) for c in columns}, default=_json_default, ensure_ascii=False) + "\n"


def record_digest(entry) -> str:
    return hashlib.blake2b(entry.raw, digest_size=16).hexdigest()


def _read_index(previous: Path | None, fingerprint: str) -> dict:
    if previous is None:
        return {}
    try:
        data = json.loads((previous / FOLDER / INDEX).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("fingerprint") != fingerprint \
            or not isinstance(data.get("records"), dict) or not isinstance(data.get("tables"), dict):
        return {}
    return data


def _file_digest(path: Path) -> str | None:
    try:
        with path.open("rb") as fh:
            return hashlib.file_digest(fh, "sha256").hexdigest()
    except OSError:
        return None


def write_table(path: Path, pieces) -> str:
    """Write the pieces (bytes: a record's lines each, or a slice of the previous file); return their SHA-256 (the
    table's digest: the same rows in the same order, the same table)."""
    digest = hashlib.sha256()
    path.unlink(missing_ok=True)  # never written through: it may be a link to the previous build's file
    with path.open("wb") as fh:
        for piece in pieces:
            digest.update(piece)
            fh.write(piece)
    return digest.hexdigest()


def table_files(cat, columns: dict[str, list[str]], previous: Path | None, fingerprint: str, folder: Path
                ) -> tuple[dict[str, str], dict, int]:
    """Write each table's NDJSON into `folder` (TABLE.ndjson; none for a table without rows) and return (table ->
    digest of its file, the index to write beside them for the next build, records flattened).

    The order is the one pipeline/flatten.rows gives for the whole catalogue: kinds in catalogue order, records
    in each kind's order, each record's rows in the order it makes them (a table filled by several kinds, like
    facts, takes them kind by kind, as rows() does)."""
    from .flatten import rows
    from .load import Catalogue

    old = _read_index(previous, fingerprint)
    old_records, old_tables = old.get("records", {}), old.get("tables", {})
    records: dict[str, dict] = {}
    # table -> [(record key, its line count, its fresh lines or None for "the previous file's")], in catalogue order
    parts: dict[str, list[tuple[str, int, list[str] | None]]] = {table: [] for table in columns}
    flattened = 0
    for kind, entries in cat.entries.items():
        for record_id, entry in entries.items():
            key, digest = f"{kind}/{record_id}", record_digest(entry)
            cached = old_records.get(key)
            if isinstance(cached, dict) and cached.get("digest") == digest and isinstance(cached.get("rows"), dict) \
                    and all(t in columns and isinstance(n, int) and n > 0 for t, n in cached["rows"].items()):
                counts = cached["rows"]
                for table, n in counts.items():
                    parts[table].append((key, n, None))
            else:
                one = Catalogue(cat.root)
                one.entries[kind][record_id] = entry
                made = {table: table_rows for table, table_rows in rows(one).items() if table_rows}
                unknown = set(made) - set(columns)
                if unknown:  # flatten makes rows for a table the DDL does not create: a bug, never silent
                    raise KeyError(f"rows for tables without DDL: {sorted(unknown)}")
                counts = {}
                for table, table_rows in made.items():
                    lines = [line(row, columns[table]) for row in table_rows]
                    counts[table] = len(lines)
                    parts[table].append((key, len(lines), lines))
                flattened += 1
            records[key] = {"digest": digest, "rows": counts}

    try:
        digests, tables = _write_tables(parts, old_tables, previous, folder)
    except (ValueError, TypeError, KeyError, OSError):  # a kept file or index that does not hold what it says
        if previous is None:
            raise
        return table_files(cat, columns, None, fingerprint, folder)  # every record flattened again
    return digests, {"format": FORMAT, "fingerprint": fingerprint, "tables": tables, "records": records}, flattened


def _write_tables(parts: dict, old_tables: dict, previous: Path | None, folder: Path) -> tuple[dict, dict]:
    from .atomic import link_or_copy

    digests: dict[str, str] = {}
    tables: dict[str, dict] = {}
    for table, contributions in parts.items():
        if not contributions:
            continue
        path = folder / f"{table}.ndjson"
        before = old_tables.get(table)
        same = isinstance(before, dict) and before.get("records") == [[k, n] for k, n, fresh in contributions] \
            and all(fresh is None for _, _, fresh in contributions)
        source = previous / FOLDER / f"{table}.ndjson" if previous is not None else None
        if same and _file_digest(source) == before.get("digest"):
            link_or_copy(source, path)
            digest = before["digest"]
        else:
            digest = write_table(path, _pieces(contributions, before, source))
        digests[table] = digest
        tables[table] = {"digest": digest, "records": [[k, n] for k, n, _ in contributions]}
    return digests, tables


def _pieces(contributions, before, source: Path | None):
    """A table's bytes in catalogue order: each unchanged record's lines as one slice of the previous file (where the
    previous index says they are, checked against its digest), each other record's lines as just made: one slice
    per record, not a decoded string per line (facts: 9,000 lines), and never the whole table as text in memory."""
    import itertools

    kept: dict[str, tuple[int, int, int]] = {}
    data = b""
    if any(fresh is None for _, _, fresh in contributions):
        data = source.read_bytes() if source is not None else b""
        if hashlib.sha256(data).hexdigest() != (before or {}).get("digest"):
            raise ValueError("kept rows do not match their index")  # the caller flattens every record instead
        # Split at newlines only (a line's JSON may hold other line breaks, U+2028 or U+0085, never a newline byte).
        lines = data.split(b"\n")
        if lines.pop() != b"" or len(lines) != sum(n for _, n in before["records"]):
            raise ValueError("kept rows do not match their index")
        starts = list(itertools.accumulate((len(one) + 1 for one in lines), initial=0))  # each line's first byte
        del lines
        at = 0
        for key, n in before["records"]:
            kept[key] = (starts[at], starts[at + n], n)
            at += n
    for key, n, fresh in contributions:
        if fresh is not None:
            yield "".join(fresh).encode("utf-8")
        else:
            span = kept.get(key)
            if span is None or span[2] != n:
                raise ValueError("kept rows do not match their index")
            yield data[span[0]:span[1]]


def write_index(folder: Path, index: dict) -> None:
    (folder / INDEX).write_text(json.dumps(index, separators=(",", ":"), ensure_ascii=False), encoding="utf-8")
