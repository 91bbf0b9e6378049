"""What a site build may reuse from the previous one, and how it knows.

A generated page is a function of the site's code and of the rows it reads. Each page records the relations its
queries name (and, through view and macro definitions, every relation under them), each with the SHA-256 of its
Parquet export from the manifest the db stage writes. The next build copies the previous Markdown of a page whose
code fingerprint and every recorded hash are unchanged, and generates the others; MkDocs then reuses the previous
HTML and search entries of every page whose Markdown is byte-identical (publish/fast_pages.py). A relation without
an export, a missing manifest or any change to the code means 'changed': the fallback is always a full build.
The state lives beside the generated Markdown (docs/.dl-site-state.json; MkDocs skips dot-files)."""

from __future__ import annotations

import hashlib
import json
import re
from importlib import metadata
from pathlib import Path

from pipeline.local_key import build_token

STATE = ".dl-site-state.json"
_WORD = re.compile(r"[a-z_][a-z0-9_]*")
_CODE = ("mkdocs.yml", "README.md", "publish", "site", "schemas/json", "schemas/VERSION")
_PACKAGES = ("mkdocs", "mkdocs-material", "markdown", "pymdown-extensions", "jinja2", "altair", "vl-convert-python",
             "duckdb", "pygments")


def code_fingerprint(root: Path) -> str:
    """Everything that shapes a page besides the data: our code, pages, assets, configuration and library versions."""
    # build_token: pages a pull request planted under build/ or public/ are never reused (pipeline/local_key.py).
    digest = hashlib.sha256(build_token().encode())
    for name in _CODE:
        path = root / name
        files = sorted(p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts) if path.is_dir() else [path]
        for f in files:
            if f.is_file():
                digest.update(f.relative_to(root).as_posix().encode() + b"\0" + f.read_bytes() + b"\0")
    for package in _PACKAGES:
        try:
            digest.update(f"{package}={metadata.version(package)}\0".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{package}=none\0".encode())
    return digest.hexdigest()


class Recorder:
    """A DuckDB connection that remembers the SQL run through it (the chart and table code only calls execute),
    with its parameters, so that the next build can run the same queries again and compare their results.
    `tracked` turns False when the code reaches the connection any other way (con.sql, con.table, a cursor...):
    queries it did not see could not be compared, so such a page is never reused on its queries' results."""

    _HARMLESS = frozenset({"description", "rowcount"})  # the last query's metadata, not a query

    def __init__(self, con) -> None:
        self._con = con
        self.sql: list[str] = []
        self.queries: list[tuple[str, object]] = []
        self.tracked = True

    def execute(self, sql, *args, **kwargs):
        self.sql.append(sql)
        if kwargs or len(args) > 1:
            self.tracked = False
        else:
            self.queries.append((sql, list(args[0]) if args and args[0] is not None else []))
        return self._con.execute(sql, *args, **kwargs)

    def __getattr__(self, name):
        if name not in self._HARMLESS:
            self.tracked = False
        return getattr(self._con, name)


_READ_ONLY = re.compile(r"\s*(?:--[^\n]*\n\s*)*\(?\s*(?:select|with|from)\b", re.IGNORECASE)


def result_digest(con, sql: str, params: list) -> str:
    """SHA-256 of what a query returns: its column names and types and every row, in the order returned (a query
    whose order varies between runs only ever compares unequal: the page is then made again, never wrongly kept)."""
    cursor = con.execute(sql, params)
    digest = hashlib.sha256(repr([(d[0], str(d[1])) for d in cursor.description]).encode())
    while chunk := cursor.fetchmany(10_000):
        digest.update(repr(chunk).encode())
    return digest.hexdigest()


def query_digests(con, recorder: Recorder) -> list | None:
    """[[sql, params, result digest], ...] of every distinct query a page ran, or None when they cannot be run
    again safely (not all seen, not read-only, parameters that JSON cannot carry)."""
    if not recorder.tracked:
        return None
    out, seen = [], set()
    for sql, params in recorder.queries:
        try:
            key = json.dumps([sql, params])
        except (TypeError, ValueError):
            return None
        if key in seen:
            continue
        seen.add(key)
        if not _READ_ONLY.match(sql) or ";" in sql.rstrip().rstrip(";"):
            return None
        out.append([sql, params, result_digest(con, sql, params)])
    return out


def same_results(con, recorded) -> bool:
    """True when every query a page ran returns exactly what it returned then. The page's code (fingerprinted) is
    a function of its queries' results: a query that depends on an earlier one's result (its parameters) is the
    same query while those results are the same, so comparing them in order is exact."""
    if not isinstance(recorded, list) or not recorded:
        return False
    for item in recorded:
        if not (isinstance(item, list) and len(item) == 3 and isinstance(item[0], str) and isinstance(item[1], list)):
            return False
        try:
            if result_digest(con, item[0], item[1]) != item[2]:
                return False
        except Exception:  # a query that no longer runs (a view changed shape): the page is made again
            return False
    return True


class Dependencies:
    """Relation names in SQL text, closed over the definitions of the views and macros they name."""

    def __init__(self, con) -> None:
        self.definitions: dict[str, str] = {}
        self.tables: set[str] = set()
        for (name,) in con.execute("select table_name from duckdb_tables() where schema_name = 'main'").fetchall():
            self.definitions[name.lower()] = ""
            self.tables.add(name.lower())
        for name, sql in con.execute("select view_name, sql from duckdb_views() where not internal and schema_name = 'main'").fetchall():
            self.definitions[name.lower()] = sql or ""
        for name, sql in con.execute("""select function_name, coalesce(macro_definition, '') from duckdb_functions()
                                        where function_type in ('macro', 'table_macro') and not internal""").fetchall():
            self.definitions[name.lower()] = self.definitions.get(name.lower(), "") + " " + sql
        self._closed: dict[str, frozenset] = {}

    def of(self, sql_texts) -> set[str]:
        found: set[str] = set()
        for text in sql_texts:
            for word in set(_WORD.findall(text.lower())):
                if word in self.definitions:
                    found |= self._closure(word)
        return found

    def _closure(self, name: str) -> frozenset:
        if name in self._closed:
            return self._closed[name]
        self._closed[name] = frozenset({name})  # cycles (never expected) end here
        seen, todo = {name}, [name]
        while todo:
            for word in set(_WORD.findall(self.definitions.get(todo.pop(), "").lower())):
                if word in self.definitions and word not in seen:
                    seen.add(word)
                    todo.append(word)
        self._closed[name] = frozenset(seen)
        return self._closed[name]


def export_hashes(exports: Path) -> dict[str, str]:
    """relation -> SHA-256 of its Parquet export, from the db stage's manifest ({} without one)."""
    try:
        manifest = json.loads((exports / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    out = {}
    for entry in manifest.get("files", []):
        path = str(entry.get("path", ""))
        if path.startswith("parquet/") and path.endswith(".parquet") and entry.get("sha256"):
            out[path[len("parquet/"):-len(".parquet")].lower()] = entry["sha256"]
    return out


def read_state(docs: Path) -> dict:
    try:
        state = json.loads((docs / STATE).read_text(encoding="utf-8"))
        return state if isinstance(state, dict) else {}
    except (OSError, ValueError):
        return {}


def write_state(docs: Path, state: dict) -> None:
    (docs / STATE).write_text(json.dumps(state, sort_keys=True, indent=0), encoding="utf-8")


def unchanged(recorded: dict | None, hashes: dict[str, str]) -> bool:
    """True when every relation the page read has the same export hash as when it was generated."""
    if not recorded:
        return False
    return all(sha is not None and hashes.get(name) == sha for name, sha in recorded.items())


def snapshot(relations: set[str], tables: set[str], hashes: dict[str, str]) -> dict:
    """The hashes to compare next time: every exported relation read, and every table under them (a table without
    an export is recorded as None, which never compares equal). Internal views are covered by their tables."""
    return {name: hashes.get(name) for name in sorted(relations) if name in hashes or name in tables}


def may_link_to_removed(docs: Path, before: list[str], now: list[str]) -> set[str]:
    """Pages (src paths) whose Markdown mentions the name of a page the previous build had and this one has not: a
    link to it would now be broken, and only a page MkDocs renders has its links checked. A name is the file's stem,
    or its folder's for an index page, as every link to the page spells it (relative or not); mentioning it in any
    other way only costs that page its reuse."""
    removed = set(before) - set(now)
    if not removed:
        return set()
    names = {(Path(r).parent.name if Path(r).stem == "index" else Path(r).stem) for r in removed}
    names = {n.encode("utf-8") for n in names if n}
    if not names:  # the root index removed: nothing is reused
        return set(now)
    out = set()
    for rel in now:
        try:
            text = (docs / rel).read_bytes()
        except OSError:
            out.add(rel)
            continue
        if any(n in text for n in names):
            out.add(rel)
    return out
