"""Which columns of which tables each exported relation reads, so that an incremental build recomputes only the
exports whose inputs changed column by column.

Table-level reuse (pipeline/incremental.py) recomputes every export that reads a changed table; nearly every view
joins `models`, so a model's name edited meant computing 27 exports, of which one (the `models` table) came out
different. DuckDB's plan names, for each table it scans, the columns it reads (projection pushdown) and the filters
pushed into the scan: that is the relation's column lineage, taken from the engine that runs the SQL rather than
from our own reading of it.

A plan must not depend on the data, or a lineage read from one catalogue would be wrong for the next: the
optimizers that use the data's statistics (which can drop a filter that no current row fails, or a whole branch
no current row reaches) are switched off while the plan is read. A plan with an operator not listed below (a table
function, a file reader) has no lineage and its relation falls back to table-level reuse. Every scan also depends
on its table's row count (`#rows`: a count(*) reads no column). tests/test_lineage.py checks the lineage against
the data: editing a column outside a relation's lineage leaves its rows unchanged.

A lineage depends only on the SQL, DuckDB and our code (the export fingerprint), so it is cached in the user's cache
directory under that fingerprint (JSON data, never code) and computed only for the relations an edit could change:
a full build never pays for it."""

from __future__ import annotations

import json
import re
from pathlib import Path

from .user_cache import directory, keep

ROWS = "#rows"
DATA_DEPENDENT_OPTIMIZERS = ("statistics_propagation", "empty_result_pullup", "row_group_pruner",
                             "compressed_materialization")
# Operators whose inputs are other operators, constants or CTEs: anything else ends the lineage (None).
_KNOWN = frozenset("""PROJECTION FILTER HASH_JOIN NESTED_LOOP_JOIN PIECEWISE_MERGE_JOIN BLOCKWISE_NL_JOIN CROSS_PRODUCT
    CTE CTE_SCAN REC_CTE REC_CTE_SCAN HASH_GROUP_BY PERFECT_HASH_GROUP_BY UNGROUPED_AGGREGATE WINDOW STREAMING_WINDOW
    UNION ORDER_BY TOP_N LIMIT STREAMING_LIMIT UNNEST EMPTY_RESULT COLUMN_DATA_SCAN EXPRESSION_SCAN DUMMY_SCAN
    DELIM_JOIN LEFT_DELIM_JOIN RIGHT_DELIM_JOIN DELIM_SCAN POSITIONAL_JOIN ASOF_JOIN IE_JOIN CHUNK_SCAN
    SEQ_SCAN""".split())
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def relation_lineage(con, name: str, columns_of: dict[str, set[str]]) -> dict[str, list[str]] | None:
    """{table: sorted columns read, always with ROWS} for `select * from name`, or None when the plan
    reaches data any other way than a scan of one of our tables."""
    disabled = con.execute("select current_setting('disabled_optimizers')").fetchone()[0]
    con.execute(f"set disabled_optimizers = '{','.join(DATA_DEPENDENT_OPTIMIZERS)}'")
    try:
        plan = json.loads(con.execute(f'explain (format json) select * from "{name}"').fetchall()[0][1])
    finally:
        con.execute(f"set disabled_optimizers = '{disabled}'")
    found: dict[str, set[str]] = {}
    stack = list(plan)
    while stack:
        node = stack.pop()
        operator = node.get("name", "").strip()
        if operator not in _KNOWN:
            return None
        if operator == "SEQ_SCAN":
            info = node.get("extra_info") or {}
            table = str(info.get("Table", "")).split(".")[-1].strip('"')
            if table not in columns_of:
                return None
            used = found.setdefault(table, {ROWS})
            for key in ("Projections", "Filters"):
                # Filter text names its columns among operators and literals: any word that is a column counts
                # (a literal spelt like a column only makes the lineage larger, which is safe).
                for word in _WORD.findall(json.dumps(info.get(key, ""))):
                    if word in columns_of[table]:
                        used.add(word)
        stack.extend(node.get("children", ()))
    return {table: sorted(cols) for table, cols in sorted(found.items())}


def column_digests(con, table: str, columns: list[str]) -> dict[str, str]:
    """A digest of each column's values in row order, and the row count under ROWS.

    The sum, over the rows, of DuckDB's 64-bit hash of (row number, the value as text): a value changed, moved or
    swapped with another row's changes its column's sum but for a chance of one in 2^64. As text, so that what
    compares equal but is written differently (0.0 and -0.0) counts as a change, as it would in the exports.
    (DuckDB's hash is the same for the same version, which the code fingerprint includes; an MD5 of the column
    took ten times as long: 22 ms of an added model's 45 ms comparison, on the facts table.)"""
    if not columns:
        return {ROWS: str(con.execute(f'select count(*) from "{table}"').fetchone()[0])}
    parts = [f"""coalesce(sum(hash(rowid, cast("{c}" as varchar))), 0)""" for c in columns]
    row = con.execute(f'select count(*), {", ".join(parts)} from "{table}"').fetchone()
    return {ROWS: str(row[0]), **{column: str(value) for column, value in zip(columns, row[1:])}}


def _cache_file(fingerprint: str) -> Path:
    return directory("lineage", f"{fingerprint}.json")


def cached(fingerprint: str) -> dict:
    try:
        data = json.loads(_cache_file(fingerprint).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def store(fingerprint: str, lineage: dict) -> None:
    keep(_cache_file(fingerprint), json.dumps(lineage, sort_keys=True).encode("utf-8"))
