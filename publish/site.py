"""build/catalog.duckdb -> build/docs (Markdown) -> public/ (MkDocs), each step atomic."""

from __future__ import annotations

import functools
import hashlib
import http.server
import json
import logging
import re
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb
import yaml

from pipeline.atomic import copy_tree_or_link, link_or_copy, replace_together, swap_dir, write_or_link
from pipeline.descriptors import DESCRIPTORS
from pipeline.export import ARCHIVE
from pipeline.forking import run_forked
from pipeline.lifetime import keep_to_the_end
from pipeline.timings import step

from . import content, economics_data, figures, incremental, model_pages, page_reuse, vega_compile
from .fast_anchors import faster_anchor_search
from .fast_pages import FastPages, FastPathMismatch, reused_pages_pass_through, reused_theme_templates
from .fragments import Fragments, marked_blocks
from .raw_blocks import RawBlocks
from .search_figures import search_skips_chart_figures
from .template_cache import compiled_templates

PAGES_DIR = Path(__file__).resolve().parent.parent / "site" / "pages"
ASSETS_DIR = Path(__file__).resolve().parent.parent / "site" / "assets"
SCHEMAS_DIR = Path(__file__).resolve().parent.parent / "schemas" / "json"


class SiteError(Exception):
    pass


def _site_config(root: Path) -> dict:
    return yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))  # our own file, not contributed


def catalogue_date(root: Path) -> tuple[str, str | None]:
    """Date of the last commit touching catalog/: what the site says it is 'as of' (never the clock)."""
    try:
        out = subprocess.run(["git", "log", "-1", "--format=%cs %ct", "--", "catalog"], cwd=root,
                             capture_output=True, text=True, timeout=20, check=True).stdout.split()
        if len(out) == 2:
            return out[0], out[1]
    except (OSError, subprocess.SubprocessError):
        pass
    return "unknown", None


@dataclass(frozen=True)
class BuildFacts:
    """What every part of the site stage reads of the checkout, read once a build: the catalogue's date (a git call),
    mkdocs.yml and the code's fingerprint (a hash of the site's code: publish/incremental.py)."""
    dated: tuple[str, str | None]
    config: dict
    fingerprint: str


def build_facts(root: Path) -> BuildFacts:
    return BuildFacts(catalogue_date(root), _site_config(root), incremental.code_fingerprint(root))


def vega_bundle(cache_dir: Path, full: bool = False) -> str:
    """Vega alone (full=False: for pages whose charts were compiled to Vega at build time) or Vega with the
    Vega-Lite compiler, each one self-contained script (from vl-convert), cached per version because bundling
    takes seconds. Not vega-embed: it adds ~270 kB for an actions menu the site hides and a tooltip plugin;
    charts.js draws with Vega's own View and a small tooltip of its own."""
    import vl_convert

    from .vega_compile import VEGA_AND_LITE, VEGA_ONLY, VL_VERSION

    name = "vega-lite" if full else "vega-only"
    cached = cache_dir / f"{name}-bundle-vl{VL_VERSION}-vlc{vl_convert.__version__}.js"
    if not cached.exists():
        cache_dir.mkdir(parents=True, exist_ok=True)
        tmp = cached.with_suffix(".tmp")
        tmp.write_text(vl_convert.javascript_bundle(VEGA_AND_LITE if full else VEGA_ONLY, vl_version=VL_VERSION),
                       encoding="utf-8")
        os.replace(tmp, cached)
    return cached.read_text(encoding="utf-8")


class _LazyFiles(dict):
    """The {{ file:… }} texts, each made on first use (a page reused from the previous build needs none of them).

    Each text comes from outside the database (git, the README, the exports' data dictionary, the record classes),
    so a page that uses one is reused only when that text's inputs are unchanged: `inputs` gives, for each name, a
    digest of what the text is made from, and `used` collects the names a page read while it was made."""

    def __init__(self, values: dict, inputs: dict) -> None:
        super().__init__(values)
        self.inputs = inputs
        self.used: set[str] = set()

    def __getitem__(self, key):
        self.used.add(key)
        value = super().__getitem__(key)
        if callable(value):
            value = value()
            self[key] = value
        return value

    def get(self, key, default=None):
        return self[key] if key in self else default

    def digests(self, names) -> dict[str, str]:
        return {name: self.inputs[name]() for name in sorted(names)}


def _digest_files(*paths: Path) -> str:
    """The bytes of the files (folders: every file under them, by relative name), wherever the folder is (the exports
    are in a new staging folder on every build)."""
    digest = hashlib.sha256()
    for path in paths:
        files = sorted(p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts) if path.is_dir() else [path]
        for f in files:
            name = f.relative_to(path).as_posix() if path.is_dir() else f.name
            digest.update(name.encode() + b"\0" + (f.read_bytes() if f.is_file() else b"") + b"\0")
    return digest.hexdigest()


def write_docs(root: Path, database: Path, exports: Path, docs: Path, previous_docs: Path | None = None,
               meanwhile=None, facts: "BuildFacts | None" = None, made: frozenset[Path] = frozenset(),
               coming: tuple[str, ...] = ()) -> dict:
    """Fill build/docs. With `previous_docs` (the last build's) and an unchanged code fingerprint, a page whose
    relations' exports are unchanged is copied from there instead of generated (publish/incremental.py).

    The model pages and the other pages are made side by side, each part in a forked process of its own
    (pipeline/forking.py: in this process, one after the other, where a fork is not safe); this process merges
    what each part read into the state the next build compares with. `meanwhile()` runs here while they work.
    `facts`: build_facts(root), when the caller has it (read once for the whole build). `made`: the model pages'
    folders the caller made ahead in `docs` (page_reuse.make_folders_ahead). `coming`: the exports still being
    written (_copy_downloads)."""
    docs.mkdir(parents=True, exist_ok=True)
    facts = facts or build_facts(root)
    queue = PageQueue([*TASKS, *_heaviest_first(sorted(PAGES_DIR.rglob("*.md")), previous_docs)])
    with step("site: generate"):
        parts = run_forked([(_generate, root, database, exports, docs, previous_docs, part, facts, queue, made, coming)
                            for part in PARTS], meanwhile)
    page_reuse.remove_empty_folders(made)
    state, memo, stats = {}, {}, {"generated": 0, "reused": 0}
    for part_state, part_memo, part_stats in parts:
        for key, value in part_state.items():
            if isinstance(value, dict) and isinstance(state.get(key), dict):
                state[key].update(value)
            else:
                state.setdefault(key, value)
        memo.update(part_memo)
        for key, value in part_stats.items():
            if key == "seconds":
                stats.setdefault("seconds", {}).update(value)
            elif key in ("generated", "reused"):
                stats[key] += value
            elif isinstance(value, int):  # counts: both parts may make hand-written pages
                stats[key] = stats.get(key, 0) + value
            else:
                stats[key] = value
    _, epoch = facts.dated
    # What every page's HTML depends on besides its own Markdown: the code (mkdocs.yml's navigation included) and the
    # catalogue date (sitemap). MkDocs reuses pages only when this is unchanged. The navigation is listed in mkdocs.yml,
    # so pages outside it (a model's) come and go without changing any other page's HTML; but a reused page's links
    # are not checked again, so a page that may link to a removed one is rendered anew (reusable_pages).
    state["layout"] = hashlib.sha256("\n".join([state["code"], str(epoch)]).encode()).hexdigest()
    state["page_list"] = markdown_files(docs)
    incremental.write_state(docs, state)
    incremental.write_memo(docs, memo)
    return stats


def markdown_files(docs: Path) -> list[str]:
    """Every Markdown file under `docs`, as sorted relative POSIX paths (what docs.rglob("*.md") lists, in a third of
    its time: a walk of a thousand model pages is on the critical path of every rebuild)."""
    found = []
    for folder, _, names in os.walk(docs):
        rel = os.path.relpath(folder, docs)
        prefix = "" if rel == "." else rel.replace(os.sep, "/") + "/"
        found += [prefix + name for name in names if name.endswith(".md")]
    return sorted(found)


PARTS = ("pages", "models")
"""What write_docs makes in parallel: the hand-written pages with their placeholders filled and the tasks (TASKS: the
assets, the economics calculator's data, the downloads, the models table); the model pages. The hand-written pages
and the tasks are shared out (PageQueue): the models part takes the ones left once its own work is done."""


TASKS = ("assets", "economics data", "downloads", "models table")
"""Made on every build, first in the queue of hand-written pages: the site's assets (with the Vega bundles), the
economics page's calculator data, the downloads (linked from the exports) and the models table's pages
(models/index.md: copied when its queries return what they did). The pages part takes them at once; the models part,
the longer on most edits (its hundreds of pages are each digested and linked), is spared them."""


class PageQueue:
    """The hand-written pages (after TASKS), each handed to whichever part asks first: the pages part from the start,
    the models part once its model pages are made (on a small edit, a few model pages are made and the rest
    copied). The position is a counter in memory the forked parts share. A page is the same bytes whichever process
    makes it: it is a function of the database, the code and the previous build alone."""

    def __init__(self, pages: list[Path]) -> None:
        import multiprocessing
        import threading

        self.pages = pages
        if "fork" in multiprocessing.get_all_start_methods():
            context = multiprocessing.get_context("fork")  # its lock is unlinked at once: no tracker process
            self._next, self._lock = context.RawValue("i", 0), context.Lock()
        else:  # no fork: the parts run one after the other in this process (pipeline/forking.py)
            self._next, self._lock = _Counter(), threading.Lock()

    def __iter__(self):
        while True:
            with self._lock:
                position = self._next.value
                if position >= len(self.pages):
                    return
                self._next.value = position + 1
            yield self.pages[position]


class _Counter:
    value = 0


def _heaviest_first(pages: list[Path], previous_docs: Path | None) -> list[Path]:
    """The pages in the order to hand them out: those that took longest to make last time first (a page never made
    before counts as the longest), so that the part that joins late finds the quick ones left, not one that keeps
    it busy after the other part is done. The order changes no page."""
    seconds = incremental.read_state(previous_docs).get("seconds") if previous_docs is not None else None
    seconds = seconds if isinstance(seconds, dict) else {}

    def cost(page: Path) -> float:
        value = seconds.get(page.relative_to(PAGES_DIR).as_posix())
        return float(value) if isinstance(value, (int, float)) else float("inf")

    return sorted(pages, key=lambda page: -cost(page))  # a stable sort: ties keep the name order


def _generate(root: Path, database: Path, exports: Path, docs: Path, previous_docs: Path | None, part: str,
              facts: "BuildFacts", queue: PageQueue, made: frozenset[Path] = frozenset(),
              coming: tuple[str, ...] = ()) -> tuple:
    """One part of write_docs: (its share of the state, its charts' Vega memo, its counts)."""
    with step(f"site: generate {part}"):
        return _generate_part(root, database, exports, docs, previous_docs, part, facts, queue, made, coming)


def _generate_part(root: Path, database: Path, exports: Path, docs: Path, previous_docs: Path | None, part: str,
                   facts: "BuildFacts | None" = None, queue: PageQueue | None = None,
                   made: frozenset[Path] = frozenset(), coming: tuple[str, ...] = ()) -> tuple:
    """`queue`: the hand-written pages still to make, shared with the other part (None: the pages part makes them
    all). `made`: the model pages' folders made ahead (write_docs). `coming`: exports still being written."""
    facts = facts or build_facts(root)
    if queue is None:
        queue = PageQueue([*TASKS, *sorted(PAGES_DIR.rglob("*.md"))] if part == "pages" else [])
    config = facts.config
    scenario = config.get("extra", {}).get("default_scenario", "wani-2026-paper-default")
    date, _ = facts.dated
    fingerprint = facts.fingerprint
    hashes = incremental.export_hashes(exports)
    before = incremental.read_state(previous_docs) if previous_docs else {}
    pages_before = before.get("pages", {}) if before.get("code") == fingerprint else {}
    state = {"code": fingerprint, "pages": {}}
    stats = {"generated": 0, "reused": 0}
    # One DuckDB thread: the two parts already keep both cores busy and the site's queries are small; and a figure
    # summed in a query then comes out the same on every build (as the database stage's exports do).
    con = duckdb.connect(str(database), read_only=True, config={"threads": 1})
    try:
        columns_before = before.get("export_columns") if before.get("code") == fingerprint else None
        state["export_columns"] = columns_before if isinstance(columns_before, dict) else {}
        # The views' columns and the definitions under them: a function of the schema, kept while it is the same.
        schema = _schema_id(database.parent / "changes.json")
        schema_info = before.get("schema") if before.get("code") == fingerprint else None
        if not (schema and isinstance(schema_info, dict) and schema_info.get("id") == schema and _schema_shape(schema_info)):
            schema_info = {"id": schema, "views": view_columns(con), **incremental.Dependencies.read(con)}
        state["schema"] = schema_info if schema else None
        replaced = read_exported_views(con, exports, state["export_columns"], schema_info["views"])
        deps = incremental.Dependencies(schema_info["definitions"], schema_info["tables"])
        # What this build's queries read, for the next build's check of each query's inputs (QueryInputs).
        state["inputs"] = {"hashes": hashes, "replaced": sorted(replaced)}
        known = [r[0] for r in con.execute("select scenario_id from scenarios order by 1").fetchall()]
        try:  # the catalogue's own default scenario, where it marks one, over the site's configured one
            marked = con.execute("select scenario_id from scenarios where is_default order by 1").fetchone()
        except duckdb.Error:
            marked = None
        if marked:
            scenario = marked[0]
        if scenario not in known and known:
            scenario = known[0]  # a catalogue without the configured default (e.g. a test fixture)
        version = con.execute("select value from metadata where key = 'version'").fetchone()
        files = _LazyFiles({"catalogue_date": date, "data_version": version[0] if version else "unknown",
                            "data_dictionary": lambda: data_dictionary(exports),
                            "schema_reference": schema_reference,
                            "example_queries": lambda: example_queries(root)},
                           inputs={"catalogue_date": lambda: date,
                                   "data_version": lambda: version[0] if version else "unknown",
                                   "data_dictionary": lambda: _digest_files(exports / "data-dictionary.md"),
                                   "schema_reference": lambda: _digest_files(SCHEMAS_DIR, root / "schemas" / "records"),
                                   "example_queries": lambda: _digest_files(root / "README.md")})

        if before.get("scenario") != scenario:  # pages pass the default scenario to their queries as a parameter
            pages_before.clear()
        queries_before = before.get("queries", {}) if pages_before else {}
        files_before = before.get("files", {}) if pages_before else {}
        sources_before = before.get("sources", {}) if pages_before else {}
        fragments_before = before.get("fragments", {}) if pages_before else {}
        state["scenario"], state["queries"], state["files"], state["sources"] = scenario, {}, {}, {}
        # How long each page took when last made (a reused page keeps its figure): the order pages are handed out.
        seconds_before = before.get("seconds") if isinstance(before.get("seconds"), dict) else {}
        state["seconds"] = {}
        state["fragments"] = {}
        # Charts compiled to Vega by the previous build, by page (a reused page carries its own forward).
        memo_before = incremental.read_memo(previous_docs) if pages_before else {}
        memo_state: dict[str, dict] = {}
        available = {k: v for entries in memo_before.values() if isinstance(entries, dict) for k, v in entries.items()}
        seen = incremental.SeenResults()  # result digests taken on this connection, by query (incremental.same_results)
        # A recorded query none of whose inputs changed is not run again to compare its result.
        inputs = incremental.QueryInputs(deps, replaced, hashes, before.get("inputs") if pages_before else None)

        def make(key: str, generate, copy, source: str = "") -> None:
            """Copy the page (or folder) from the previous build when nothing it read has changed, else generate it.
            'Nothing changed': every relation it read has the same export as then (cheap), or else every query it
            ran returns the same rows as then (a model's note edited changes the models export, but not the rows
            of a chart that shows no notes)."""
            recorded, used, queries = pages_before.get(key), files_before.get(key), queries_before.get(key)
            reads_nothing = recorded == {} and queries == []  # every query seen, and there were none
            # The page's own source (site/pages is in the code fingerprint too; this holds wherever it is read from).
            own = hashlib.sha256(source.encode("utf-8")).hexdigest()
            state["sources"][key] = own
            if recorded is not None and sources_before.get(key) == own and isinstance(used, dict) and used == files.digests(used) \
                    and (reads_nothing or incremental.unchanged(recorded, hashes) or incremental.same_results(con, queries, seen, inputs.unchanged)) \
                    and copy():
                state["pages"][key] = incremental.snapshot(set(recorded), deps.tables, hashes)
                state["queries"][key], state["files"][key] = queries_before.get(key), used
                if key in fragments_before:
                    state["fragments"][key] = fragments_before[key]
                memo_state[key] = memo_before.get(key, {})
                if key in seconds_before:
                    state["seconds"][key] = seconds_before[key]
                stats["reused"] += 1
                return
            recorder = incremental.Recorder(con, seen)
            files.used = set()
            started = time.perf_counter()
            vega_compile.memo = vega_compile.Memo(available)
            generate(recorder)
            memo_state[key] = vega_compile.memo.used
            stats.setdefault("seconds", {})[key] = state["seconds"][key] = round(time.perf_counter() - started, 3)
            state["pages"][key] = incremental.snapshot(deps.of(recorder.sql), deps.tables, hashes)
            state["queries"][key] = incremental.query_digests(con, recorder)
            state["files"][key] = files.digests(files.used)
            stats["generated"] += 1

        def copy_file(rel: Path):
            def copy() -> bool:
                source = previous_docs / rel
                if not source.is_file():
                    return False
                (docs / rel).parent.mkdir(parents=True, exist_ok=True)
                link_or_copy(source, docs / rel)  # a link: MkDocs then knows it unchanged without reading it
                return True
            return copy

        def _previous_fragments(key: str, source: str) -> tuple:
            """The previous build's records and blocks of this page's tables and charts, when it made them from
            the same page source (and, as every reuse here, the same code and scenario); else nothing to keep."""
            if sources_before.get(key) != hashlib.sha256(source.encode("utf-8")).hexdigest():
                return None, None, None
            try:
                blocks = marked_blocks((previous_docs / key).read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError):
                return None, None, None
            return fragments_before.get(key), blocks, available

        # Each model page's digest (publish/page_reuse.py), from a state whose code fingerprint matches only.
        model_pages_before = before.get("model_pages") if pages_before else None
        state["model_pages"] = {}

        def copy_models() -> bool:
            if not (previous_docs / "models").is_dir():
                return False
            # The models table's pages (models/*.md) are the "models table" task's, maybe the other part's.
            top = str(previous_docs / "models")
            shutil.copytree(previous_docs / "models", docs / "models", copy_function=link_or_copy, dirs_exist_ok=True,
                            ignore=lambda folder, names: [n for n in names if n.endswith(".md")] if folder == top else [])
            state["model_pages"] = model_pages_before if isinstance(model_pages_before, dict) else {}
            return True

        def generate_models(recorder) -> None:
            out: dict = {}
            model_pages.write_model_pages(recorder, docs, scenario, previous_docs / "models" if model_pages_before else None,
                                          model_pages_before, out, incremental.KnownResults(inputs, queries_before.get("models/")),
                                          made)
            state["model_pages"] = out["pages"]
            stats["model_pages_reused"] = out["reused"]

        def copy_models_table() -> bool:
            folder = previous_docs / "models"
            names = sorted(n for n in os.listdir(folder) if n.endswith(".md")) if folder.is_dir() else []
            if "index.md" not in names:
                return False
            (docs / "models").mkdir(parents=True, exist_ok=True)
            for name in names:
                link_or_copy(folder / name, docs / "models" / name)
            return True

        def generate_models_table(recorder) -> None:
            (docs / "models").mkdir(parents=True, exist_ok=True)
            for name, text in model_pages.index_pages(recorder, scenario).items():
                (docs / "models" / name).write_text(text, encoding="utf-8")

        if part == "models":
            make("models/", generate_models, copy_models)

        for page in queue:  # the models part takes what is left once its own work is done
            if page == "assets":
                # Linked from the previous build where the bytes are the same (pipeline/atomic.py says why).
                old = previous_docs / "assets" if previous_docs is not None else None
                copy_tree_or_link(ASSETS_DIR, docs / "assets", old)
                for full, name in ((False, "vega-bundle.js"), (True, "vega-lite-bundle.js")):
                    write_or_link(docs / "assets" / "js" / name, vega_bundle(database.parent / "cache", full).encode("utf-8"),
                                  old / "js" / name if old is not None else None)
                continue
            if page == "economics data":  # the economics page's calculator reads it in the browser (always made)
                economics_data.write(con, docs, previous_docs)
                continue
            if page == "downloads":
                _copy_downloads(database, exports, docs, coming, previous_docs)
                continue
            if page == "models table":
                make("models table", generate_models_table, copy_models_table)
                continue
            rel = page.relative_to(PAGES_DIR)
            depth = len(rel.parts) - 1 + (0 if rel.name == "index.md" else 1)

            def generate(recorder, page=page, rel=rel, depth=depth) -> None:
                key, source = rel.as_posix(), page.read_text(encoding="utf-8")
                fragments = Fragments(con, recorder, files, *_previous_fragments(key, source), seen, inputs.unchanged)
                ctx = content.Context(con=recorder, scenario=scenario, prefix="../" * depth or "./", files=files,
                                      fragments=fragments)
                target = docs / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(content.fill(source, rel, ctx), encoding="utf-8")
                state["fragments"][key] = fragments.now
                stats["fragments_reused"] = stats.get("fragments_reused", 0) + fragments.reused

            make(rel.as_posix(), generate, copy_file(rel), page.read_text(encoding="utf-8"))
    finally:
        con.close()
    return state, memo_state, stats


DOWNLOADS = Path("data") / "downloads"  # where the exports are published, under docs/ and the site


def _copy_downloads(database: Path, exports: Path, docs: Path, coming: tuple[str, ...] = (),
                    previous_docs: Path | None = None) -> None:
    """The database and the exports linked into docs/data/downloads. `coming`: paths under `exports` still being
    written when the site stage starts (build.py: the CSV files, their archive and the descriptors, which need only
    the Parquet files): each is an empty file here, which MkDocs links into the site as it does every download
    (pages link to some of them, and MkDocs checks every link), and put_coming_downloads replaces both once they
    are written. The empty stand-ins are links to one empty file, and the schemas are linked from `previous_docs` (the
    last build's) where their bytes are the same: no new file where none is needed (pipeline/atomic.py says why)."""
    copy_tree_or_link(Path(__file__).resolve().parent.parent / "schemas" / "json", docs / "schemas",
                      previous_docs / "schemas" if previous_docs is not None else None)
    downloads = docs / DOWNLOADS
    downloads.mkdir(parents=True, exist_ok=True)
    # Hard links where the file system allows (the build writes new files, never edits one in place): the
    # downloads are most of the site's bytes, and copying them is most of a small rebuild's time.
    link_or_copy(database, downloads / "catalog.duckdb")
    shutil.copytree(exports / "parquet", downloads / "parquet", copy_function=link_or_copy)
    (downloads / "csv").mkdir()
    later = set(coming)
    # Each CSV file by name, never the folder: the ones still coming are being written into it meanwhile.
    for name in sorted(os.listdir(exports / "csv")):
        if name.endswith(".csv") and f"csv/{name}" not in later:
            link_or_copy(exports / "csv" / name, downloads / "csv" / name)
    # The descriptors, so remote readers list files from the manifest and tools find the schemas.
    for name in (ARCHIVE, *DESCRIPTORS):
        if name not in later:
            link_or_copy(exports / name, downloads / name)
    if later:
        empty = docs.parent / ".coming-download"  # beside docs/, not in it: MkDocs never sees it
        empty.touch()
        for name in sorted(later):
            link_or_copy(empty, downloads / name)


def put_coming_downloads(exports: Path, docs: Path, public: Path, coming: list[str]) -> None:
    """The downloads that were still being written when the pages were made (_copy_downloads), now written: each
    linked into docs/ and the site in place of its empty stand-in."""
    for name in coming:
        for downloads in (docs / DOWNLOADS, public / DOWNLOADS):
            (downloads / name).unlink(missing_ok=True)
            link_or_copy(exports / name, downloads / name)


def _schema_id(changes: Path) -> str | None:
    """The db stage's key of the database's schema (changes.json), or None."""
    try:
        value = json.loads(changes.read_text(encoding="utf-8")).get("schema")
    except (OSError, ValueError, AttributeError):
        return None
    return value if isinstance(value, str) else None


def _schema_shape(known: dict) -> bool:
    return isinstance(known.get("views"), dict) and isinstance(known.get("definitions"), dict) \
        and isinstance(known.get("tables"), list)


def view_columns(con) -> dict[str, list]:
    """{view: [[column, type], ...]} of the database's own views."""
    columns: dict[str, list] = {}
    for view, column, kind in con.execute("""
            select c.table_name, c.column_name, c.data_type from duckdb_columns() c
            join duckdb_views() v on v.view_name = c.table_name and v.schema_name = c.schema_name
            where not v.internal and c.schema_name = 'main' order by c.table_name, c.column_index""").fetchall():
        columns.setdefault(view, []).append([column, kind])
    return columns


def read_exported_views(con, exports: Path, schemas: dict | None = None, views: dict | None = None) -> set[str]:
    """Point the site's queries at the views' Parquet exports, which the db stage has just written from the same
    database, instead of computing each view again (the audit alone takes seconds, and several pages read it).
    A temporary view of the same name shadows the database's; a view is used only when its export has exactly the
    view's columns and types. Reading the exports also gives every page the very figures the downloads carry.
    `schemas`: {view: [export SHA-256, its columns]} of the previous build (its state, trusted as the pages are),
    updated in place: an export whose bytes are unchanged is not described again (a Parquet file's columns are
    in its bytes). `views`: view_columns(con), when the caller has it. Returns the names of the views replaced."""
    columns = {view: [tuple(c) for c in cols] for view, cols in (views if views is not None else view_columns(con)).items()}
    used, statements = set(), []
    hashes = incremental.export_hashes(exports) if schemas is not None else {}
    present: set[str] = set()
    for path in sorted((exports / "parquet").glob("*.parquet")) if (exports / "parquet").is_dir() else []:
        if path.stem not in columns:
            continue
        source = "read_parquet('" + path.resolve().as_posix().replace("'", "''") + "')"
        name = '"' + path.stem.replace('"', '""') + '"'
        sha, known = hashes.get(path.stem.lower()), (schemas or {}).get(path.stem)
        if sha and isinstance(known, list) and len(known) == 2 and known[0] == sha:
            exported = [tuple(c) for c in known[1]]
        else:
            exported = [(r[0], r[1]) for r in con.execute(f"describe select * from {source}").fetchall()]
            if sha and schemas is not None:
                schemas[path.stem] = [sha, [list(c) for c in exported]]
        present.add(path.stem)
        if exported == columns[path.stem]:
            statements.append(f"create temp view {name} as select * from {source}")
            used.add(path.stem)
    if statements:
        con.execute(";\n".join(statements))  # one call: each view still bound on its own, as before
    for gone in set(schemas or ()) - present:
        del schemas[gone]
    return used


def data_dictionary(exports: Path) -> str:
    """The data dictionary as HTML kept out of the search index: every page downloads the index, and the home page
    must stay under its weight budget; the dictionary is read on its page (and its headings stay linkable)."""
    import markdown

    text = (exports / "data-dictionary.md").read_text(encoding="utf-8").split("\n", 1)[1]
    body = markdown.markdown(text, extensions=["tables", "toc"])
    return f'<div class="dl-dictionary" data-search-exclude="1">\n{body}\n</div>\n'


def example_queries(root: Path) -> str:
    """The README's SQL examples, so the site shows exactly the queries the tests run."""
    import re

    blocks = re.findall(r"```sql\n(.*?)```", (root / "README.md").read_text(encoding="utf-8"), flags=re.S)
    return "\n".join(f"```sql\n{block}```\n" for block in blocks)


def schema_reference() -> str:
    """Markdown reference of every record kind's keys, generated from the pydantic classes."""
    from schemas.json_schema import schema_for
    from schemas.records import KINDS

    from . import escape

    out = []
    for kind, spec in KINDS.items():
        # The committed JSON Schema (a test keeps it equal to schema_for(kind)): reading it is faster than generating.
        committed = SCHEMAS_DIR / f"{kind}.schema.json"
        schema = json.loads(committed.read_text(encoding="utf-8")) if committed.is_file() else schema_for(kind)
        out += [f"### {kind}", "", escape.text((spec.record.__doc__ or "").strip()), "",
                f"File: <code>catalog/{kind}/{escape.text(spec.example_id)}.yaml</code> · "
                f'JSON Schema: <a href="../schemas/{kind}.schema.json">schemas/json/{kind}.schema.json</a>', "",
                "| key | required | meaning |", "|---|---|---|"]
        required = set(schema.get("required", []))
        for key, prop in schema.get("properties", {}).items():
            meaning = escape.text(prop.get("description", "")).replace("|", "&#124;")
            out.append(f"| `{key}` | {'yes' if key in required else ''} | {meaning} |")
        out.append("")
    return "\n".join(out)


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


class _FastPagesExcept(FastPages):
    """FastPages that never reuses the previous HTML of the pages named (they are rendered, their links checked)."""

    def __init__(self, previous, blocked: set[str], move_whole: bool = False) -> None:
        super().__init__(previous, move_whole)
        self.blocked = blocked

    def _reuse(self, page, config) -> bool:
        return page.file.src_uri not in self.blocked and super()._reuse(page, config)


def _prepare_mkdocs(root: Path, docs: Path, public: Path) -> dict:
    """What MkDocs reads before any page, read while the pages are generated (the forked processes have the cores
    then): the configuration, the theme's list of template files and MkDocs' list of its static files. Nothing, if
    reading it logged anything (the build then reads it itself, where its warnings count)."""
    from mkdocs.config import load_config
    from mkdocs.structure.files import Files

    from .template_cache import theme_listing

    logger = logging.getLogger("mkdocs")
    collect, level = _Collect(), logger.level
    logger.setLevel(logging.WARNING)
    logger.addHandler(collect)
    listing: dict = {}
    try:
        config = load_config(str(root / "mkdocs.yml"), docs_dir=str(docs), site_dir=str(public), strict=True)
        with theme_listing(listing):
            env = config.theme.get_env()
            env.list_templates()
            # The theme's static files as MkDocs finds them (its filtered list is kept in `listing`); the files found
            # here are dropped: the build adds them again, after the pages' own, which they must not override.
            Files([]).add_files_from_theme(env, config)
    except Exception:  # noqa: BLE001 - the build reads the configuration itself and reports what is wrong
        return {}
    finally:
        logger.removeHandler(collect)
        logger.setLevel(level)
    return {} if collect.messages else {"config": config, "theme_listing": listing}


class SiteAhead:
    """What the site stage can make before the database it reads exists: its working folder (in `parent`, the
    folder the database is being built in), MkDocs' configuration for it and the facts every part of the stage
    reads (BuildFacts). build.py makes it while the forked database stage works, so the site stage starts with it."""

    def __init__(self, root: Path, parent: Path, previous_docs: Path | None = None, spare: Path | None = None) -> None:
        """`previous_docs`: the last build's generated Markdown, whose model pages' folders are made ahead here (from
        the empty folders in `spare` where it has them: page_reuse.make_folders_ahead)."""
        self.scratch = Path(tempfile.mkdtemp(prefix=".site-", dir=parent))
        (self.scratch / "docs").mkdir()
        self.made = page_reuse.make_folders_ahead(previous_docs / "models", self.scratch / "docs" / "models", spare) \
            if previous_docs is not None else frozenset()
        self.prepared = _prepare_mkdocs(root, self.scratch / "docs", self.scratch / "public")
        self.facts = build_facts(root)
        figures.warm_up()  # in the processes forked from this one, the first chart skips what it made
        keep_to_the_end()  # the modules, configuration and theme imported and read here: kept for the whole stage


def run_mkdocs(root: Path, docs: Path, public: Path, source_date_epoch: str | None,
               previous: tuple[Path, Path] | None = None, blocked: set[str] = frozenset(),
               prepared: dict | None = None, moved: list[str] | None = None, same_pages: bool = False) -> dict | None:
    """MkDocs in strict mode: any warning (a broken link, a missing page) fails the build, listed in the error.

    Strict mode counts the warnings that reach MkDocs' logger, so the logger stays at WARNING (quieter would
    silently switch strictness off); INFO chatter is dropped and the warnings are collected for the message.
    `prepared`: what _prepare_mkdocs read ahead for these folders. `moved`: a list the caller will move the
    previous site's folders named in into `public` when it replaces the site; filled here with the folders of
    reused pages only (FastPages._whole_folders), which are then not written to `public`. None: every file is.
    `same_pages`: the previous site had the same pages (with `previous`: its sitemap is this one's)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    from .template_cache import theme_listing

    prepared = prepared or {}

    logger = logging.getLogger("mkdocs")
    logger.setLevel(logging.WARNING)
    collect = _Collect()
    logger.addHandler(collect)
    if source_date_epoch:
        os.environ["SOURCE_DATE_EPOCH"] = source_date_epoch  # sitemap dates from the catalogue, not the clock
    try:
        try:
            config = prepared.get("config") or load_config(str(root / "mkdocs.yml"), docs_dir=str(docs),
                                                           site_dir=str(public), strict=True)
            fast = _FastPagesExcept(previous, set(blocked), move_whole=moved is not None)
            config.plugins["distill-ledger/fast-pages"] = fast  # ours only: mkdocs.yml stays plain
            config.markdown_extensions.append(RawBlocks())
            with faster_anchor_search(), compiled_templates(), theme_listing(prepared.get("theme_listing", {})), \
                    search_skips_chart_figures(), reused_pages_pass_through(fast), \
                    reused_theme_templates(previous[1] if previous else None, same_pages):
                # Out of the collector's full passes while MkDocs builds: what the stage made so far. (A small
                # rebuild's site stage spent 0.05 s in two full passes over it, on the single-core tail of the build.)
                keep_to_the_end()
                build(config)
            stats = fast.stats
            if moved is not None:
                moved.extend(fast.moved)
                stats["moved_whole"] = len(fast.moved)
        except FastPathMismatch as exc:  # a shortcut disagreed with MkDocs: the ordinary build, same output
            stats = None
            logger.info("fast pages disagreed with MkDocs (%s); building without them", exc)
            if os.environ.get("DL_TIMINGS"):
                print(f"fast pages disagreed: {exc}", file=sys.stderr)
            collect.messages.clear()
            config = load_config(str(root / "mkdocs.yml"), docs_dir=str(docs), site_dir=str(public), strict=True)
            config.markdown_extensions.append(RawBlocks())
            with faster_anchor_search(), compiled_templates():
                build(config)
    except (MkDocsException, SystemExit) as exc:
        details = "".join(f"\n  {m}" for m in collect.messages)
        raise SiteError(f"mkdocs build --strict failed: {exc}{details}") from None
    finally:
        logger.removeHandler(collect)
    return stats


def build_site(root: Path, database: Path, exports: Path, public: Path, changes: Path | None = None,
               previous: tuple[Path, Path] | None = None, moves: list | None = None,
               ahead: "SiteAhead | None" = None, coming: list[str] | tuple[str, ...] = ()) -> dict:
    """Generate the Markdown and build the site; returns what was generated, reused and rendered. `previous` = (build dir holding docs/, public dir) of the last
    build (default: beside `database` and `public` themselves): pages whose inputs are unchanged are reused from it
    (publish/incremental.py); the output is the same bytes as a full build. `changes` (the db stage's changes.json)
    can only force a full build ("full": true); the site finds what changed from the exports' hashes.

    Folders holding only reused pages are moved from the previous site into the new one as it replaces the old
    (FastPages._whole_folders), where the previous site is the one being replaced: `public` itself; or, with
    `moves` (a list), by the caller, who gets the (from, to) pairs in it to pass to atomic.replace_together with
    the rest of the build. Otherwise (a previous site elsewhere, kept) each reused page is linked.

    `ahead`: the working folder and MkDocs' configuration, made by the caller before the database was ready
    (SiteAhead); without it they are made here, the configuration while the pages are generated.

    `coming`: paths under `exports` the caller is still writing (build.py: those written from the Parquet files);
    each is an empty stand-in in the site until the caller calls put_coming_downloads."""
    if not database.exists():
        raise SiteError(f"{database} does not exist: run `python build.py db` first")
    build_dir = database.parent
    previous_build, previous_public = previous if previous else (build_dir, public)
    previous_docs = previous_build / "docs"
    if not (previous_docs.is_dir() and previous_public.is_dir()) or _full_rebuild(changes):
        previous_docs = None
    scratch = ahead.scratch if ahead is not None else Path(tempfile.mkdtemp(prefix=".site-", dir=build_dir))
    try:
        docs, tmp_public = scratch / "docs", scratch / "public"
        started, started_cpu = time.perf_counter(), time.process_time()
        try:
            prepared: dict = ahead.prepared if ahead is not None else {}
            facts = ahead.facts if ahead is not None else build_facts(root)
            generation = write_docs(root, database, exports, docs, previous_docs,
                                    meanwhile=None if prepared else lambda: prepared.update(_prepare_mkdocs(root, docs, tmp_public)),
                                    facts=facts, made=ahead.made if ahead is not None else frozenset(),
                                    coming=tuple(coming))
        except content.PlaceholderError as exc:
            raise SiteError(f"site/pages/{exc}") from None
        except (duckdb.Error, OSError, ValueError) as exc:
            raise SiteError(f"site generation failed: {type(exc).__name__}: {exc}") from None
        _, epoch = facts.dated
        generated, generated_cpu = time.perf_counter(), time.process_time()
        try:
            reuse, blocked, same_pages = None, set(), False
            if previous_docs is not None:
                before, now = incremental.read_state(previous_docs), incremental.read_state(docs)
                if before.get("layout") == now.get("layout") and isinstance(before.get("page_list"), list):
                    reuse = (previous_docs, previous_public)
                    blocked = incremental.may_link_to_removed(docs, before["page_list"], now.get("page_list", []))
                    same_pages = before["page_list"] == now.get("page_list")
            in_place = moves is not None or previous_public.resolve() == public.resolve()
            moved: list[str] | None = [] if in_place else None
            rendering = run_mkdocs(root, docs, tmp_public, epoch, reuse, blocked, prepared, moved, same_pages)
        except SiteError:
            raise
        except Exception as exc:  # anything else MkDocs or a theme raises: a message, never a traceback
            raise SiteError(f"mkdocs build failed: {type(exc).__name__}: {exc}") from None
        pairs = [(previous_public / folder, public / folder) for folder in moved or []]
        if moves is not None:  # the caller moves them when it puts the whole build in place
            swap_dir(tmp_public, public)
            moves.extend(pairs)
        else:
            replace_together([(tmp_public, public)], moves=[(old, tmp_public / new.relative_to(public))
                                                            for old, new in pairs])
        swap_dir(docs, build_dir / "docs")
        if os.environ.get("DL_TIMINGS"):  # the benchmark suite reads these
            print(f"pages {generation} rendering {rendering}", file=sys.stderr)
            print(f"timing generate {generated - started:.3f} mkdocs {time.perf_counter() - generated:.3f} "
                  f"(cpu {generated_cpu - started_cpu:.3f} and {time.process_time() - generated_cpu:.3f})", file=sys.stderr)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return {"pages": generation, "rendering": rendering}


def _full_rebuild(changes: Path | None) -> bool:
    """The db stage's changes.json says everything changed (or cannot be read): nothing is reused."""
    if changes is None:
        return False
    try:
        return bool(json.loads(Path(changes).read_text(encoding="utf-8")).get("full", True))
    except (OSError, ValueError, AttributeError):
        return True


def serve(public: Path, port: int = 8000) -> None:
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(public))
    with http.server.ThreadingHTTPServer(("127.0.0.1", port), handler) as server:
        print(f"serving {public} on http://127.0.0.1:{port}/ (Ctrl-C to stop)")
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
