"""Each record's table rows, as the NDJSON lines the database stage inserts, kept from one build to the next.

Flattening every record into rows and serialising them is most of building the database's tables (the real
catalogue: about 0.6 s of 0.9 s). A record's rows depend only on its own file (pipeline/flatten.py reads no
other record) and on the code, so a record whose bytes are unchanged keeps the lines of the previous build and
only the records edited or added are flattened again. Each table's NDJSON is then the records' lines in
catalogue order: the same bytes a full build writes (tests/test_incremental.py compares the databases).

The file (build/db-rows.json) is JSON, never a pickle, and it is used only when its fingerprint carries this
user's build key (pipeline/local_key.py) and the hash of the code: lines a pull request planted are never read."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

FILE = "db-rows.json"
FORMAT = 1


def _json_default(value):
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    raise TypeError(f"cannot serialise {type(value).__name__}")


def line(row: dict, columns: list[str]) -> str:
    """One row as the NDJSON line read_json inserts: every column of the table, in the DDL's order."""
    return json.dumps({c: row.get(c) for c in columns}, default=_json_default, ensure_ascii=False) + "\n"


def record_digest(entry) -> str:
    return hashlib.blake2b(entry.raw, digest_size=16).hexdigest()


def _read(previous: Path | None, fingerprint: str) -> dict:
    if previous is None:
        return {}
    try:
        data = json.loads((previous / FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("fingerprint") != fingerprint:
        return {}
    records = data.get("records")
    return records if isinstance(records, dict) else {}


def table_lines(cat, columns: dict[str, list[str]], previous: Path | None, fingerprint: str
                ) -> tuple[dict[str, list[str]], dict, int]:
    """(table -> its NDJSON lines in catalogue order, the cache to write for the next build, records flattened).

    The order is the one pipeline/flatten.rows gives for the whole catalogue: kinds in catalogue order, records
    in each kind's order, each record's rows in the order it makes them (a table filled by several kinds, like
    facts, takes them kind by kind, as rows() does)."""
    from .flatten import rows
    from .load import Catalogue

    old = _read(previous, fingerprint)
    new: dict[str, dict] = {}
    out: dict[str, list[str]] = {table: [] for table in columns}
    flattened = 0
    for kind, entries in cat.entries.items():
        for record_id, entry in entries.items():
            key, digest = f"{kind}/{record_id}", record_digest(entry)
            cached = old.get(key)
            if isinstance(cached, dict) and cached.get("digest") == digest and isinstance(cached.get("tables"), dict):
                tables = cached["tables"]
            else:
                one = Catalogue(cat.root)
                one.entries[kind][record_id] = entry
                tables = {table: [line(row, columns[table]) for row in table_rows]
                          for table, table_rows in rows(one).items() if table_rows}
                unknown = set(tables) - set(columns)
                if unknown:  # flatten makes rows for a table the DDL does not create: a bug, never silent
                    raise KeyError(f"rows for tables without DDL: {sorted(unknown)}")
                flattened += 1
            new[key] = {"digest": digest, "tables": tables}
            for table, lines in tables.items():
                out[table].extend(lines)
    return out, {"format": FORMAT, "fingerprint": fingerprint, "records": new}, flattened


def write(path: Path, cache: dict) -> None:
    """The same bytes as json.dumps(cache) in one go, written a record at a time: at 1,000x the file is about
    165 MB, and the whole text (twice: str, then UTF-8) was the database stage's peak memory."""
    def dumps(value) -> str:
        return json.dumps(value, separators=(",", ":"), ensure_ascii=False)

    with path.open("w", encoding="utf-8") as fh:
        fh.write(f'{{"format":{dumps(cache["format"])},"fingerprint":{dumps(cache["fingerprint"])},"records":{{')
        for n, (key, value) in enumerate(cache["records"].items()):
            fh.write(("," if n else "") + dumps(key) + ":" + dumps(value))
        fh.write("}}")
