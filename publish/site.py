"""build/catalog.duckdb -> build/docs (Markdown) -> public/ (MkDocs), each step atomic."""

from __future__ import annotations

import functools
import http.server
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import yaml

from pipeline.atomic import swap_dir

from . import content, economics_data, model_pages
from .fast_anchors import faster_anchor_search

PAGES_DIR = Path(__file__).resolve().parent.parent / "site" / "pages"
ASSETS_DIR = Path(__file__).resolve().parent.parent / "site" / "assets"


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


def write_docs(root: Path, database: Path, exports: Path, docs: Path) -> None:
    config = _site_config(root)
    scenario = config.get("extra", {}).get("default_scenario", "wani-2026-paper-default")
    date, _ = catalogue_date(root)
    con = duckdb.connect(str(database), read_only=True)
    try:
        known = [r[0] for r in con.execute("select scenario_id from scenarios order by 1").fetchall()]
        try:  # the catalogue's own default scenario, where it marks one, over the site's configured one
            marked = con.execute("select scenario_id from scenarios where is_default order by 1").fetchone()
        except duckdb.Error:
            marked = None
        if marked:
            scenario = marked[0]
        if scenario not in known and known:
            scenario = known[0]  # a catalogue without the configured default (e.g. a test fixture)
        shutil.copytree(ASSETS_DIR, docs / "assets")
        for full, name in ((False, "vega-bundle.js"), (True, "vega-lite-bundle.js")):
            (docs / "assets" / "js" / name).write_text(vega_bundle(database.parent / "cache", full), encoding="utf-8")
        version = con.execute("select value from metadata where key = 'version'").fetchone()
        files = {"catalogue_date": date, "data_version": version[0] if version else "unknown",
                 "data_dictionary": data_dictionary(exports),
                 "schema_reference": schema_reference(),
                 "example_queries": example_queries(root)}
        for page in sorted(PAGES_DIR.rglob("*.md")):
            rel = page.relative_to(PAGES_DIR)
            depth = len(rel.parts) - 1 + (0 if rel.name == "index.md" else 1)
            ctx = content.Context(con=con, scenario=scenario, prefix="../" * depth or "./", files=files)
            target = docs / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(content.fill(page.read_text(encoding="utf-8"), rel, ctx), encoding="utf-8")
        model_pages.write_model_pages(con, docs, scenario)
        economics_data.write(con, docs)  # the economics page's calculator reads it in the browser
    finally:
        con.close()
    shutil.copytree(Path(__file__).resolve().parent.parent / "schemas" / "json", docs / "schemas")
    downloads = docs / "data" / "downloads"
    downloads.mkdir(parents=True, exist_ok=True)
    shutil.copy2(database, downloads / "catalog.duckdb")
    shutil.copytree(exports / "parquet", downloads / "parquet")
    shutil.copy2(exports / "catalog-csv.zip", downloads / "catalog-csv.zip")
    # The descriptors, so remote readers list files from the manifest and tools find the schemas.
    shutil.copytree(exports / "csv", downloads / "csv")
    for name in ("manifest.json", "datapackage.json", "croissant.json"):
        shutil.copy2(exports / name, downloads / name)


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
        schema = schema_for(kind)
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


def run_mkdocs(root: Path, docs: Path, public: Path, source_date_epoch: str | None) -> None:
    """MkDocs in strict mode: any warning (a broken link, a missing page) fails the build, listed in the error.

    Strict mode counts the warnings that reach MkDocs' logger, so the logger stays at WARNING (quieter would
    silently switch strictness off); INFO chatter is dropped and the warnings are collected for the message."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    logger = logging.getLogger("mkdocs")
    logger.setLevel(logging.WARNING)
    collect = _Collect()
    logger.addHandler(collect)
    if source_date_epoch:
        os.environ["SOURCE_DATE_EPOCH"] = source_date_epoch  # sitemap dates from the catalogue, not the clock
    try:
        config = load_config(str(root / "mkdocs.yml"), docs_dir=str(docs), site_dir=str(public), strict=True)
        with faster_anchor_search():
            build(config)
    except (MkDocsException, SystemExit) as exc:
        details = "".join(f"\n  {m}" for m in collect.messages)
        raise SiteError(f"mkdocs build --strict failed: {exc}{details}") from None
    finally:
        logger.removeHandler(collect)


def build_site(root: Path, database: Path, exports: Path, public: Path) -> None:
    if not database.exists():
        raise SiteError(f"{database} does not exist: run `python build.py db` first")
    build_dir = database.parent
    scratch = Path(tempfile.mkdtemp(prefix=".site-", dir=build_dir))
    try:
        docs, tmp_public = scratch / "docs", scratch / "public"
        started = time.perf_counter()
        try:
            write_docs(root, database, exports, docs)
        except content.PlaceholderError as exc:
            raise SiteError(f"site/pages/{exc}") from None
        except (duckdb.Error, OSError, ValueError) as exc:
            raise SiteError(f"site generation failed: {type(exc).__name__}: {exc}") from None
        _, epoch = catalogue_date(root)
        generated = time.perf_counter()
        try:
            run_mkdocs(root, docs, tmp_public, epoch)
        except SiteError:
            raise
        except Exception as exc:  # anything else MkDocs or a theme raises: a message, never a traceback
            raise SiteError(f"mkdocs build failed: {type(exc).__name__}: {exc}") from None
        swap_dir(tmp_public, public)
        swap_dir(docs, build_dir / "docs")
        if os.environ.get("DL_TIMINGS"):  # the benchmark suite reads these
            print(f"timing generate {generated - started:.3f} mkdocs {time.perf_counter() - generated:.3f}", file=sys.stderr)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def serve(public: Path, port: int = 8000) -> None:
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(public))
    with http.server.ThreadingHTTPServer(("127.0.0.1", port), handler) as server:
        print(f"serving {public} on http://127.0.0.1:{port}/ (Ctrl-C to stop)")
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
