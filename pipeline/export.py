"""Exports beside the database: Parquet and CSV of every table and view, and a data dictionary.

CSV cells that a spreadsheet would run as a formula (starting with = + - @, tab or CR) get a
leading apostrophe; Parquet and DuckDB keep the values exactly as recorded."""

from __future__ import annotations

from pathlib import Path

import duckdb

FORMULA_START = r"^[=+\-@\t\r]"


def _select_for_csv(con, name: str) -> str:
    columns = con.execute(
        "select column_name, data_type from duckdb_columns() where table_name = ? order by column_index", [name]
    ).fetchall()
    parts = []
    for column, dtype in columns:
        quoted = f'"{column}"'
        if dtype == "VARCHAR":
            parts.append(f"case when regexp_matches({quoted}, '{FORMULA_START}') then '''' || {quoted} "
                         f"else {quoted} end as {quoted}")
        else:
            parts.append(quoted)
    return f'select {", ".join(parts)} from "{name}" order by all'


def write_exports(con: duckdb.DuckDBPyConnection, directory: Path) -> None:
    from .database import relations

    (directory / "parquet").mkdir(parents=True, exist_ok=True)
    (directory / "csv").mkdir(parents=True, exist_ok=True)
    for name, _kind in relations(con):
        con.execute(f'copy (select * from "{name}" order by all) to ? (format parquet, compression zstd)',
                    [str(directory / "parquet" / f"{name}.parquet")])
        con.execute(f"copy ({_select_for_csv(con, name)}) to ? (format csv, header true)",
                    [str(directory / "csv" / f"{name}.csv")])
    (directory / "data-dictionary.md").write_text(data_dictionary(con), encoding="utf-8")
    zip_csv(directory / "csv", directory / "catalog-csv.zip")


def zip_csv(csv_dir: Path, target: Path) -> None:
    """All CSV files in one deflated archive for the site's downloads, with fixed timestamps so that
    two builds of the same catalogue give the same bytes."""
    import zipfile

    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        for path in sorted(csv_dir.glob("*.csv")):
            info = zipfile.ZipInfo(f"csv/{path.name}", date_time=(2000, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            with path.open("rb") as src, archive.open(info, "w") as dst:
                while chunk := src.read(1 << 20):
                    dst.write(chunk)


def data_dictionary(con: duckdb.DuckDBPyConnection) -> str:
    """Markdown generated from the COMMENT ON text of every table, view and column."""
    from .database import relations

    out = ["# Data dictionary", "",
           "Generated from the comments in `catalog.duckdb`. Tables hold the records as contributed; "
           "views derive every metric from them.", ""]
    comments = {r[0]: r[1] for r in con.execute(
        "select table_name, comment from duckdb_tables() union all select view_name, comment from duckdb_views()").fetchall()}
    for name, kind in relations(con):
        out += [f"## `{name}` ({kind})", "", (comments.get(name) or "").strip(), "",
                "| column | type | meaning |", "|---|---|---|"]
        for column, dtype, comment in con.execute(
                "select column_name, data_type, comment from duckdb_columns() where table_name = ? order by column_index",
                [name]).fetchall():
            meaning = (comment or "").replace("|", "\\|")
            out.append(f"| `{column}` | {dtype} | {meaning} |")
        out.append("")
    for kind, heading in (("table_macro", "Table macros"), ("macro", "Scalar functions")):
        macros = con.execute(
            "select distinct function_name, comment from duckdb_functions() where function_type = ? "
            "and not internal and schema_name = 'main' order by 1", [kind]).fetchall()
        if macros:
            out += [f"## {heading}", "", "| name | what it returns |", "|---|---|"]
            out += [f"| `{name}` | {(comment or '').replace('|', chr(92) + '|')} |" for name, comment in macros]
            out.append("")
    return "\n".join(out)
