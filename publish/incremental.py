"""What a site build may reuse from the previous one, and how it knows.

A generated page is a function of the site's code and of the rows it reads. Each page records the relations its
queries name (and, through view and macro definitions, every relation under them), each with the SHA-256 of its
Parquet export from the manifest the db stage writes. The next build copies the previous Markdown of a page whose
code fingerprint and every recorded hash are unchanged, and generates the others; MkDocs then reuses the previous
HTML and search entries of every page whose Markdown is byte-identical (publish/fast_pages.py). A relation without
an export, a missing manifest or any change to the code means 'changed': the fallback is always a full build.
Inside a page made again, less is made again: model pages are copied one by one when their own inputs are
unchanged (publish/page_reuse.py), and charts reuse the Vega compiled by the previous build for the same chart
shape (publish/vega_compile.Memo, kept in docs/.dl-vega-memo.json).
The state lives beside the generated Markdown (docs/.dl-site-state.json; MkDocs skips dot-files)."""

from __future__ import annotations

import hashlib
import io
import json
import pickle
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
    with its parameters and a digest of what each query returned, so that the next build can run the same queries
    again and compare their results. A read-only query's rows are fetched once, digested and handed to the page's
    code from memory (_Result): digesting them by running every query a second time after the page was made cost
    a third of a small rebuild's page generation.
    `tracked` turns False when the code reaches the connection any other way (con.sql, con.table, a cursor...):
    queries it did not see could not be compared, so such a page is never reused on its queries' results."""

    _HARMLESS = frozenset({"description", "rowcount"})  # the last query's metadata, not a query

    def __init__(self, con, seen: dict | None = None) -> None:
        """`seen`: where each read-only query's digest is also kept, by query and parameters (same_results)."""
        self._con = con
        self._seen = seen
        self.sql: list[str] = []
        self.queries: list[tuple[str, object, str | None]] = []  # (sql, params, digest of its result or None)
        self.tracked = True
        self._last: _Result | None = None

    def untracked(self):
        """The connection itself, for queries already recorded as run (KnownResults.skip_all), which running through
        the recorder would record a second time."""
        return self._con

    def execute(self, sql, *args, **kwargs):
        self.sql.append(sql)
        if kwargs or len(args) > 1 or (args and args[0] is not None and not isinstance(args[0], (list, tuple))):
            self.tracked, self._last = False, None
            self._forget()
            return self._con.execute(sql, *args, **kwargs)
        params = list(args[0]) if args and args[0] is not None else []
        self._last = None
        if not read_only(sql):  # run as asked; query_digests then refuses the page (never run again)
            self.queries.append((sql, params, None))
            self._forget()  # it may change what a query returns from now on
            return self._con.execute(sql, *args)
        kept = self._seen.take(sql, params) if isinstance(self._seen, SeenResults) else None
        if kept is not None:  # same_results has just run it, found it changed and kept its rows
            description, rows, digest = kept
        else:
            cursor = self._con.execute(sql, params)
            description, rows = cursor.description, cursor.fetchall()
            digest = _digest(description, rows)
        self.queries.append((sql, params, digest))
        if self._seen is not None:
            try:
                self._seen[(sql, json.dumps(params))] = digest
            except (TypeError, ValueError):  # parameters JSON cannot carry are never compared (query_digests)
                pass
        self._last = _Result(self, sql, params, description, rows)
        return self._last

    # DuckDB's execute returns the connection itself: code may fetch from it rather than from what execute returned.
    def fetchall(self):
        return self._last.fetchall() if self._last is not None else self._con.fetchall()

    def fetchone(self):
        return self._last.fetchone() if self._last is not None else self._con.fetchone()

    def fetchmany(self, size: int = 1):
        return self._last.fetchmany(size) if self._last is not None else self._con.fetchmany(size)

    def __getattr__(self, name):
        if name not in self._HARMLESS:
            self.tracked = False
            self._forget()
        return getattr(self._con, name)

    def _forget(self) -> None:
        """Code that may have changed the connection: no digest taken before is trusted for what comes after."""
        if self._seen is not None:
            self._seen.clear()


class _Result:
    """A read-only query's rows, fetched once, served as the cursor would serve them. Anything else asked of it
    (a data frame, Arrow) runs the query again on the connection, and the page is no longer reused on its
    queries' results (what it read that way was not digested)."""

    def __init__(self, recorder: Recorder, sql: str, params: list, description, rows: list) -> None:
        self._recorder, self._sql, self._params = recorder, sql, params
        self.description, self._rows, self._at = description, rows, 0

    def fetchall(self) -> list:
        rows, self._at = self._rows[self._at:], len(self._rows)
        return rows

    def fetchone(self):
        if self._at >= len(self._rows):
            return None
        self._at += 1
        return self._rows[self._at - 1]

    def fetchmany(self, size: int = 1) -> list:
        rows = self._rows[self._at:self._at + size]
        self._at += len(rows)
        return rows

    def __getattr__(self, name):
        self._recorder.tracked = False
        return getattr(self._recorder._con.execute(self._sql, self._params), name)


_READ_ONLY = re.compile(r"\s*(?:--[^\n]*\n\s*)*\(?\s*(?:select|with|from)\b", re.IGNORECASE)


def read_only(sql: str) -> bool:
    """One statement that only reads (select, with, from): safe to run again to compare its result."""
    return bool(_READ_ONLY.match(sql)) and ";" not in sql.rstrip().rstrip(";")


def _digest(description, rows) -> str:
    """SHA-256 of a result: its column names and types, then its rows in the order returned, 10,000 at a time
    (result_digest streams them the same way, so both give the same digest for the same result)."""
    digest = hashlib.sha256(repr([(d[0], str(d[1])) for d in description]).encode())
    for start in range(0, len(rows), 10_000):
        digest.update(_pickled(rows[start:start + 10_000]))
    return digest.hexdigest()


def _pickled(rows: list) -> bytes:
    """Rows as bytes, five times faster than repr: pickled without its memo ('fast' mode), so the bytes depend on
    the values alone, never on which of them happen to be the same object. Equal bytes are equal values of equal
    types (1 and 1.0, 0.0 and -0.0 differ): never a wrong 'unchanged'."""
    out = io.BytesIO()
    pickler = pickle.Pickler(out, protocol=5)
    pickler.fast = True  # rows hold no cycles
    pickler.dump(rows)
    return out.getvalue()


def _digest_keeping(con, sql: str, params: list, limit: int) -> tuple[str, list, list | None]:
    """(the result's digest, its description, its rows or None when there are more than `limit`): the rows are read
    in the chunks _digest hashes, so a kept result's digest is the one a Recorder takes of the same rows."""
    cursor = con.execute(sql, params)
    description = cursor.description
    digest = hashlib.sha256(repr([(d[0], str(d[1])) for d in description]).encode())
    rows: list | None = [] if limit > 0 else None
    while chunk := cursor.fetchmany(10_000):
        digest.update(_pickled(chunk))
        if rows is not None:
            rows.extend(chunk)
            if len(rows) > limit:
                rows = None
    return digest.hexdigest(), description, rows


def result_digest(con, sql: str, params: list) -> str:
    """SHA-256 of what a query returns: its column names and types and every row, in the order returned (a query
    whose order varies between runs only ever compares unequal: the page is then made again, never wrongly kept)."""
    return _digest_keeping(con, sql, params, 0)[0]


def query_digests(con, recorder: Recorder) -> list | None:
    """[[sql, params, result digest], ...] of every distinct query a page ran, or None when they cannot be run
    again safely (not all seen, not read-only, parameters that JSON cannot carry). The digests were taken as the
    page read the rows (Recorder); `con` is kept for callers that pass it."""
    if not recorder.tracked:
        return None
    out, seen = [], set()
    for sql, params, digest in recorder.queries:
        try:
            key = json.dumps([sql, params])
        except (TypeError, ValueError):
            return None
        if key in seen:
            continue
        seen.add(key)
        if digest is None or not read_only(sql):
            return None
        out.append([sql, params, digest])
    return out


class SeenResults(dict):
    """Result digests taken on one connection, by (query, parameters as JSON); and the rows of the last query
    same_results found changed. The page or table made next because of it usually runs that query first: its
    Recorder takes those rows rather than running the query again (one query less for every page made again)."""

    KEEP_ROWS = 20_000
    """Rows of a result kept at most: a larger one is digested as it streams and not kept (at 1,000x a query of
    every model's facts would hold a hundred megabytes of rows while the page waits for them)."""

    _kept: tuple | None = None

    def clear(self) -> None:  # the connection may have changed (Recorder._forget): the kept rows go too
        super().clear()
        self._kept = None

    def keep(self, key: tuple, description, rows: list, digest: str) -> None:
        self._kept = (key, description, rows, digest)  # one at a time: the rows of a single result, not a build's

    def take(self, sql: str, params: list) -> tuple | None:
        """(description, rows, digest) kept for this query, once; else None."""
        if self._kept is None:
            return None
        try:
            key = (sql, json.dumps(params))
        except (TypeError, ValueError):
            return None
        if self._kept[0] != key:
            return None
        _, description, rows, digest = self._kept
        self._kept = None
        return description, rows, digest


def same_results(con, recorded, seen: dict | None = None, unchanged_inputs=None) -> bool:
    """True when every query a page ran returns exactly what it returned then. The page's code (fingerprinted) is
    a function of its queries' results: a query that depends on an earlier one's result (its parameters) is the
    same query while those results are the same, so comparing them in order is exact.

    `seen`: the digests already taken on this connection, by query and parameters (pages and their tables often
    run the same query; the connection only reads, so its answer cannot change), filled as queries are run.
    `unchanged_inputs(sql)`: True when nothing the query reads changed since it was recorded (QueryInputs): its
    rows are then the same without running it."""
    if not isinstance(recorded, list) or not recorded:
        return False
    seen = {} if seen is None else seen
    for item in recorded:
        if not (isinstance(item, list) and len(item) == 3 and isinstance(item[0], str) and isinstance(item[1], list)):
            return False
        if unchanged_inputs is not None and unchanged_inputs(item[0]):
            continue
        try:
            key = (item[0], json.dumps(item[1]))  # JSON tells 1 from 1.0 and "1", as the query would
            digest = seen.get(key)
            if digest is None and isinstance(seen, SeenResults):
                digest, description, rows = _digest_keeping(con, item[0], item[1], seen.KEEP_ROWS)
                seen[key] = digest
                if digest != item[2] and rows is not None:
                    seen.keep(key, description, rows, digest)
            elif digest is None:
                digest = seen[key] = result_digest(con, item[0], item[1])
            if digest != item[2]:
                return False
        except Exception:  # a query that no longer runs (a view changed shape): the page is made again
            return False
    return True


class QueryInputs:
    """Whether anything a recorded query reads changed since the previous build, from the exports' hashes alone.

    A query on the site's connection reads tables, the views replaced by their Parquet exports (read_exported_views)
    and, through the definitions of the other views and macros it names, what they read. Its rows are a function of
    those: of each table's rows (its export's hash: the export is the table's rows), of each replaced view's export
    (the file it reads), and of the definitions (a changed schema rebuilds the whole site). So a query whose inputs
    all have the previous build's hashes returns what it returned then, as a page whose relations all do is reused
    whole (unchanged()); here it is judged query by query, and a view read from its export stops the walk down the
    definitions (its own inputs may change without changing it: a model's name, for a view that shows none).
    Only when the previous build read the same views from their exports (a view read from its export returns its
    rows in the export's order), and never for a query that reads a table without an export."""

    def __init__(self, deps: "Dependencies", replaced: set[str], hashes: dict[str, str], before) -> None:
        self.deps, self.replaced, self.hashes = deps, frozenset(name.lower() for name in replaced), hashes
        usable = isinstance(before, dict) and isinstance(before.get("hashes"), dict) \
            and before.get("replaced") == sorted(self.replaced)
        self.before = before["hashes"] if usable else None
        self._answers: dict[str, bool] = {}

    def unchanged(self, sql: str) -> bool:
        if self.before is None:
            return False
        if sql not in self._answers:
            inputs = [name for name in self.deps.of([sql], stop=self.replaced)
                      if name in self.hashes or name in self.deps.tables]
            # A query that reads none of them (a constant, a system table, the clock) is always run again.
            self._answers[sql] = bool(inputs) and all(
                name in self.hashes and self.hashes[name] == self.before.get(name) for name in inputs)
        return self._answers[sql]


class KnownResults:
    """What a page's queries returned in the previous build, for those none of whose inputs changed since
    (QueryInputs): such a query need not be run. skip() hands it to the page's recorder as if it had been run (with
    its previous digest), so that the page's record, and the next build's comparisons, are the same either way."""

    def __init__(self, inputs: QueryInputs, recorded) -> None:
        self.inputs = inputs
        self.digests: dict[tuple[str, str], str] = {}
        for item in recorded if isinstance(recorded, list) else []:
            if isinstance(item, list) and len(item) == 3 and isinstance(item[0], str) and isinstance(item[1], list) \
                    and isinstance(item[2], str):
                try:
                    self.digests[(item[0], json.dumps(item[1]))] = item[2]
                except (TypeError, ValueError):
                    pass

    def skip(self, recorder, sql: str, params: list) -> bool:
        """True, and the query recorded as run, when it returns what it returned then; else False (run it)."""
        return self.skip_all(recorder, [(sql, params)])

    def skip_all(self, recorder, queries: list[tuple[str, list]]) -> bool:
        """skip() for every query or for none: True, and each recorded as run, when each returns what it returned then."""
        if not isinstance(recorder, Recorder) or not recorder.tracked:
            return False
        digests = []
        for sql, params in queries:
            try:
                digest = self.digests.get((sql, json.dumps(params))) if self.inputs.unchanged(sql) else None
            except (TypeError, ValueError):
                digest = None
            if digest is None:
                return False
            digests.append(digest)
        for (sql, params), digest in zip(queries, digests):
            recorder.sql.append(sql)
            recorder.queries.append((sql, list(params), digest))
        return True


class Dependencies:
    """Relation names in SQL text, closed over the definitions of the views and macros they name."""

    def __init__(self, definitions: dict[str, str], tables) -> None:
        """`definitions` and `tables` as read() gives them (kept in the site's state while the schema is the same)."""
        self.definitions = dict(definitions)
        self.tables = set(tables)
        self._closed: dict[tuple[str, frozenset], frozenset] = {}

    @staticmethod
    def read(con) -> dict:
        """{"definitions": {relation or macro: its SQL ('' for a table)}, "tables": [table, ...]} of a database."""
        definitions: dict[str, str] = {}
        tables = []
        for (name,) in con.execute("select table_name from duckdb_tables() where schema_name = 'main'").fetchall():
            definitions[name.lower()] = ""
            tables.append(name.lower())
        for name, sql in con.execute("select view_name, sql from duckdb_views() where not internal and schema_name = 'main'").fetchall():
            definitions[name.lower()] = sql or ""
        for name, sql in con.execute("""select function_name, coalesce(macro_definition, '') from duckdb_functions()
                                        where function_type in ('macro', 'table_macro') and not internal""").fetchall():
            definitions[name.lower()] = definitions.get(name.lower(), "") + " " + sql
        return {"definitions": definitions, "tables": sorted(tables)}

    def of(self, sql_texts, stop: frozenset = frozenset()) -> set[str]:
        """Every relation and macro the texts name, and those their definitions name in turn; the definition of a
        name in `stop` is not followed (a view the site reads from its export)."""
        found: set[str] = set()
        for text in sql_texts:
            for word in set(_WORD.findall(text.lower())):
                if word in self.definitions:
                    found |= self._closure(word, stop)
        return found

    def _closure(self, name: str, stop: frozenset = frozenset()) -> frozenset:
        key = (name, stop)
        if key in self._closed:
            return self._closed[key]
        self._closed[key] = frozenset({name})  # cycles (never expected) end here
        seen, todo = {name}, [name]
        while todo:
            node = todo.pop()
            if node in stop:
                continue
            for word in set(_WORD.findall(self.definitions.get(node, "").lower())):
                if word in self.definitions and word not in seen:
                    seen.add(word)
                    todo.append(word)
        self._closed[key] = frozenset(seen)
        return self._closed[key]


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


def _read_dict(path: Path) -> dict:
    """A JSON object from the previous build, {} when it is missing, unreadable or not an object."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def read_state(docs: Path) -> dict:
    return _read_dict(docs / STATE)


def write_state(docs: Path, state: dict) -> None:
    # No indent: json's C encoder then writes it (with one, the pure-Python encoder takes three times as long).
    (docs / STATE).write_text(json.dumps(state, sort_keys=True, separators=(",", ":")), encoding="utf-8")


MEMO = ".dl-vega-memo.json"


def read_memo(docs: Path) -> dict:
    """Page -> {Vega-Lite digest: compiled Vega JSON} of the previous build (publish/vega_compile.Memo); the caller
    reads it only when the previous state's code fingerprint matches (the key only this user's cache holds)."""
    return _read_dict(docs / MEMO)


def write_memo(docs: Path, memo: dict) -> None:
    (docs / MEMO).write_text(json.dumps(memo, sort_keys=True, ensure_ascii=False), encoding="utf-8")


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
    """Pages (src paths) whose Markdown mentions the name of a page the previous build had and this one has not as a
    link would: a link to it would now be broken, and only a page MkDocs renders has its links checked. A name is the
    file's stem, or its folder's for an index page, as every link to the page spells it (relative or not), between
    what can start a link's path segment (a slash, a bracket, a quote, a space, the start of the text) and what can
    end it (a slash, .md or .html, an anchor, a query, a closing bracket or quote, a space, the end of the text).
    A mention in another way (the record's file, `catalog/models/x/gone.yaml`) does not cost the page its reuse; one
    that merely looks like a link (the name alone in prose) does."""
    removed = set(before) - set(now)
    if not removed:
        return set()
    names = {(Path(r).parent.name if Path(r).stem == "index" else Path(r).stem) for r in removed}
    names = {n.encode("utf-8") for n in names if n}
    if not names:  # the root index removed: nothing is reused
        return set(now)
    link = re.compile(rb"(?:^|(?<=[/(<\"'\s:=]))(?:" + b"|".join(re.escape(n) for n in sorted(names))
                      + rb")(?=/|\.md\b|\.html\b|[#?\"')>\]\s]|$)")
    out = set()
    for rel in now:
        try:
            text = (docs / rel).read_bytes()
        except OSError:
            out.add(rel)
            continue
        # The plain search first: the pattern, tried at every byte, was ten times slower over a thousand pages.
        if any(n in text for n in names) and link.search(text):
            out.add(rel)
    return out
