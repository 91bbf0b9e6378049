"""The public interface: which tables, views and macros analysts may rely on, their keys and references.

Tables take their keys from their PRIMARY KEY constraints; views from a `-- key: a, b` line in their SQL
file. Staging views (stg_*) are internal: not listed, not exported. Deprecated names live in
schemas/sql/deprecated/ (see its README) and stay for one major version."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

SQL_DIR = Path(__file__).resolve().parent.parent / "schemas" / "sql"
INTERNAL_PREFIX = "stg_"
META_TABLES = ("metadata", "public_interface")

# Columns that name a row of another table under a different name than its key (the rest match by name:
# a column `gpu_id` refers to gpus.gpu_id wherever gpus is not the table itself).
REFERENCE_ALIASES = {
    "teacher_id": "model_id", "student_id": "model_id", "base_model_id": "model_id", "vanilla_model_id": "model_id",
    "training_gpu_id": "gpu_id", "baseline_run_id": "run_id", "reference_run_id": "run_id",
    "reference_price_id": "price_id", "candidate_price_id": "price_id",
}


class InterfaceError(Exception):
    pass


@dataclass(frozen=True)
class Relation:
    name: str
    kind: str  # table | view | table_macro | function
    primary_key: tuple[str, ...]
    description: str
    status: str = "stable"
    replaced_by: str | None = None
    removed_in: str | None = None
    columns: tuple[tuple[str, str, str], ...] = ()  # (name, DuckDB type, comment), in order

    @property
    def exported(self) -> bool:
        return self.kind in ("table", "view")


@dataclass(frozen=True)
class Deprecation:
    path: Path
    name: str
    replaced_by: str
    removed_in: str


def header(sql: str, tag: str) -> str | None:
    """The value of a `-- tag: value` line of a SQL file."""
    m = re.search(rf"^--\s*{tag}:\s*(.+)$", sql, flags=re.M)
    return m.group(1).strip() if m else None


def view_key(path: Path) -> tuple[str, ...]:
    key = header(path.read_text(encoding="utf-8"), "key")
    return tuple(k.strip() for k in key.split(",")) if key else ()


def major(version: str) -> int:
    return int(version.split(".")[0])


def deprecations(version: str, sql_dir: Path | None = None) -> list[Deprecation]:
    """Deprecated views still within their major version; one past it is an error (delete the file)."""
    sql_dir = sql_dir or SQL_DIR
    out = []
    for path in sorted((sql_dir / "deprecated").glob("*.sql")):
        sql = path.read_text(encoding="utf-8")
        replaced_by, removed_in = header(sql, "replaced_by"), header(sql, "removed_in")
        if not replaced_by or not removed_in or not re.fullmatch(r"\d+\.\d+\.\d+", removed_in):
            raise InterfaceError(f"{path.name}: a deprecated view needs '-- replaced_by: NAME' and "
                                 "'-- removed_in: MAJOR.0.0' lines")
        if major(version) >= major(removed_in):
            raise InterfaceError(f"{path.name}: deprecated view {path.stem} was to be removed in {removed_in} and "
                                 f"this is {version}: delete schemas/sql/deprecated/{path.name}")
        out.append(Deprecation(path, path.stem, replaced_by, removed_in))
    return out


def public_relations(con, version: str, sql_dir: Path | None = None) -> list[Relation]:
    """Everything analysts may rely on, tables first, in a stable order."""
    sql_dir = sql_dir or SQL_DIR
    described: dict[str, list[tuple[str, str, str]]] = {}
    for table, column, dtype, comment in con.execute(
            "select table_name, column_name, data_type, coalesce(comment, '') from duckdb_columns() "
            "where schema_name = 'main' order by table_name, column_index").fetchall():
        described.setdefault(table, []).append((column, dtype, comment))
    keys: dict[str, list[str]] = {}
    for table, columns in con.execute(
            "select table_name, constraint_column_names from duckdb_constraints() "
            "where constraint_type = 'PRIMARY KEY' and schema_name = 'main'").fetchall():
        keys[table] = list(columns)
    out = [Relation(name, "table", tuple(keys.get(name, ())), comment or "", columns=tuple(described.get(name, ())))
           for name, comment in con.execute(
               "select table_name, comment from duckdb_tables() where schema_name = 'main' order by 1").fetchall()]
    deprecated = {d.name: d for d in deprecations(version, sql_dir)}
    view_paths = {p.stem: p for layer in ("marts", "deprecated") for p in (sql_dir / layer).glob("*.sql")}
    for name, comment in con.execute(
            "select view_name, comment from duckdb_views() where not internal and schema_name = 'main' "
            "order by 1").fetchall():
        if name.startswith(INTERNAL_PREFIX):
            continue
        d = deprecated.get(name)
        out.append(Relation(name, "view", view_key(view_paths[name]) if name in view_paths else (), comment or "",
                            "deprecated" if d else "stable", d.replaced_by if d else None,
                            d.removed_in if d else None, tuple(described.get(name, ()))))
    for kind in ("table_macro", "macro"):
        for name, comment in con.execute(
                "select distinct function_name, comment from duckdb_functions() where function_type = ? "
                "and not internal and schema_name = 'main' order by 1", [kind]).fetchall():
            out.append(Relation(name, "function" if kind == "macro" else kind, (), comment or ""))
    return out


def foreign_keys(relation: Relation, tables: dict[str, tuple[str, ...]]) -> list[tuple[str, str, str]]:
    """(column, referenced table, referenced column) for a table's columns that name another table's row."""
    owners = {key[0]: table for table, key in tables.items() if len(key) == 1 and key[0].endswith("_id")}
    out = []
    for column, _, _ in relation.columns:
        target = REFERENCE_ALIASES.get(column, column)
        table = owners.get(target)
        if table and table != relation.name:
            out.append((column, table, target))
    return out


def interface_rows(relations: list[Relation]) -> list[dict]:
    return [dict(name=r.name, kind=r.kind, primary_key=", ".join(r.primary_key) or None, status=r.status,
                 replaced_by=r.replaced_by, removed_in=r.removed_in, description=r.description)
            for r in relations]


def snapshot(relations: list[Relation]) -> dict:
    """Names, columns, types and keys of the public interface: what a version number promises. Committed as
    schemas/interface.json at each release, so the changelog compares releases without rebuilding them."""
    out = {}
    for r in relations:
        if not r.exported:
            out[r.name] = {"kind": r.kind}
            continue
        out[r.name] = {"kind": r.kind, "primary_key": list(r.primary_key), "status": r.status,
                       "columns": {c: t for c, t, _ in r.columns}}
    return out


LEVELS = ("patch", "minor", "major")


def classified_changes(old: dict, new: dict) -> list[tuple[str, str]]:
    """(level, change in words) for every difference between two interface snapshots: 'major' when a public
    name or column went away, changed type or the key changed (what breaks an analyst's query or join),
    'minor' when one was added; a deprecation alone is noted at 'patch' (the name still works)."""
    out: list[tuple[str, str]] = []
    for name in sorted(set(old) - set(new)):
        out.append(("major", f"removed {old[name]['kind']} `{name}`"))
    for name in sorted(set(new) - set(old)):
        out.append(("minor", f"added {new[name]['kind']} `{name}`"))
    for name in sorted(set(old) & set(new)):
        a, b = old[name].get("columns", {}), new[name].get("columns", {})
        for column in sorted(set(a) - set(b)):
            out.append(("major", f"`{name}`: removed column `{column}`"))
        for column in sorted(set(a) & set(b)):
            if a[column] != b[column]:
                out.append(("major", f"`{name}`: column `{column}` changed type {a[column]} → {b[column]}"))
        for column in sorted(set(b) - set(a)):
            out.append(("minor", f"`{name}`: added column `{column}`"))
        if old[name].get("primary_key") != new[name].get("primary_key"):
            out.append(("major", f"`{name}`: key {', '.join(old[name].get('primary_key') or []) or '(none)'} → "
                                 f"{', '.join(new[name].get('primary_key') or []) or '(none)'}"))
        if old[name].get("status") != new[name].get("status") and new[name].get("status") == "deprecated":
            out.append(("patch", f"deprecated `{name}`"))
    return out


def required_bump(old: dict, new: dict) -> tuple[str, list[str]]:
    """The least release level two snapshots need, and the changes in words, breaking ones first."""
    changes = classified_changes(old, new)
    level = max((lvl for lvl, _ in changes), key=LEVELS.index, default="patch")
    return level, [text for lvl, text in sorted(changes, key=lambda c: -LEVELS.index(c[0]))]
