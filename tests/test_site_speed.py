"""The site's shortcuts give exactly MkDocs' output, its incremental build exactly a full build's, no page grows
with the catalogue, and what keeps memory bounded at 1,000x (model pages made in chunks, model pages out of the search
index above a threshold) changes nothing else. Small synthetic catalogues (2× and 3×: 40 and 60 models), so the file
runs in seconds."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, VALID, copy_catalog, run_build


def _synthetic(tmp: Path, scale: int) -> Path:
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "synthetic.py"), "--scale", str(scale), str(tmp)],
                   check=True, capture_output=True, timeout=300)
    return tmp / "catalog"


def _db(catalog: Path, out: Path) -> Path:
    cache = ROOT / "build" / "cache"
    if cache.is_dir():  # the Vega bundle takes seconds to make: reuse the checkout's
        shutil.copytree(cache, out / "build" / "cache", dirs_exist_ok=True)
    result = run_build("db", "--catalog", str(catalog), "--out", str(out))
    assert result.returncode == 0, result.stderr
    return out / "build"


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _same_trees(a: Path, b: Path) -> list[str]:
    left, right = _tree(a), _tree(b)
    return sorted(k for k in left.keys() | right.keys() if left.get(k) != right.get(k))


@pytest.fixture(scope="module")
def synthetic2(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("synthetic2")
    catalog = _synthetic(tmp / "source", 2)
    return catalog, _db(catalog, tmp / "out")


def test_fast_pages_give_exactly_what_plain_mkdocs_gives(synthetic2, tmp_path):
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from publish.site import run_mkdocs, write_docs

    _, build_dir = synthetic2
    docs = tmp_path / "docs"
    write_docs(ROOT, build_dir / "catalog.duckdb", build_dir / "exports", docs)
    stats = run_mkdocs(ROOT, docs, tmp_path / "ours", None)
    assert stats is not None, "a shortcut disagreed with MkDocs and the build fell back"
    assert stats["markdown"] >= 40 and stats["template"] >= 30 and stats["search"] >= 40, stats
    config = load_config(str(ROOT / "mkdocs.yml"), docs_dir=str(docs), site_dir=str(tmp_path / "plain"))
    build(config)  # MkDocs and Material as anyone would run them: no plugin of ours, no patch
    assert _same_trees(tmp_path / "ours", tmp_path / "plain") == []


def test_pages_rendered_by_a_forked_process_are_what_mkdocs_renders_itself(synthetic2, tmp_path):
    """The navigation pages shared with a forked process (publish/fast_pages.py, on a machine with two cores)
    give the same site as MkDocs alone; in a fresh process, where a fork is safe (this one has DuckDB's threads)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    _, build_dir = synthetic2
    docs, ours = tmp_path / "docs", tmp_path / "ours"
    script = (
        "import json, sys; from pathlib import Path; sys.path.insert(0, sys.argv[1])\n"
        "from publish.site import run_mkdocs, write_docs\n"
        "root, build, docs, ours = map(Path, sys.argv[1:5])\n"
        "write_docs(root, build / 'catalog.duckdb', build / 'exports', docs)\n"
        "print(json.dumps(run_mkdocs(root, docs, ours, None)))\n")
    result = subprocess.run([sys.executable, "-c", script, str(ROOT), str(build_dir), str(docs), str(ours)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    stats = json.loads(result.stdout.strip().splitlines()[-1])
    assert stats is not None and stats["rendered_aside"] >= 1, stats  # not a fallback: pages were rendered aside
    config = load_config(str(ROOT / "mkdocs.yml"), docs_dir=str(docs), site_dir=str(tmp_path / "plain"))
    build(config)
    assert _same_trees(ours, tmp_path / "plain") == []


def test_a_warning_on_a_page_rendered_aside_still_fails_the_strict_build(synthetic2, tmp_path):
    """A broken link on a navigation page the forked process renders is logged by the build, which fails."""
    _, build_dir = synthetic2
    docs = tmp_path / "docs"
    script = (
        "import sys; from pathlib import Path; sys.path.insert(0, sys.argv[1])\n"
        "from publish.site import SiteError, run_mkdocs, write_docs\n"
        "root, build, docs, ours = map(Path, sys.argv[1:5])\n"
        "write_docs(root, build / 'catalog.duckdb', build / 'exports', docs)\n"
        "page = max((docs / p for p in ('benchmarks.md', 'hardware.md', 'models/index.md')), key=lambda p: p.stat().st_size)\n"
        "page.write_text(page.read_text() + '\\n\\n[gone](no-such-page.md)\\n')\n"
        "try:\n    run_mkdocs(root, docs, ours, None)\nexcept SiteError as exc:\n    print(exc)\n")
    result = subprocess.run([sys.executable, "-c", script, str(ROOT), str(build_dir), str(docs), str(tmp_path / "ours")],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "mkdocs build --strict failed" in result.stdout and "no-such-page.md" in result.stdout, result.stdout


def test_incremental_site_build_is_byte_identical_to_a_full_one(synthetic2, tmp_path):
    from publish.site import build_site

    catalog, built = synthetic2
    catalog = shutil.copytree(catalog, tmp_path / "catalog")
    out = tmp_path / "out"
    build_dir = shutil.copytree(built, out / "build")  # the same database and exports, built once for the module
    public = out / "public"
    first = build_site(ROOT, build_dir / "catalog.duckdb", build_dir / "exports", public)
    assert first["pages"]["reused"] == 0

    # One record edited: a model's note (what a contributor does most).
    record = sorted((catalog / "models").rglob("*.yaml"))[3]
    text = record.read_text(encoding="utf-8")
    record.write_text(text + "note: Edited for the incremental build test.\n" if "\nnote:" not in text
                      else text.replace("\nnote:", "\nnote: Edited.", 1), encoding="utf-8")
    _db(catalog, out)
    again = build_site(ROOT, build_dir / "catalog.duckdb", build_dir / "exports", public)
    assert again["pages"]["reused"] > 0 and again["rendering"]["reused"] > 30, again
    # Only the edited model's own page is made again (publish/page_reuse.py): no other page shows its note.
    models = len(list((catalog / "models").rglob("*.yaml")))
    assert again["pages"]["model_pages_reused"] == models - 1, again

    full_changes = tmp_path / "changes.json"
    full_changes.write_text(json.dumps({"full": True}), encoding="utf-8")
    full_public = tmp_path / "full-public"
    full = build_site(ROOT, build_dir / "catalog.duckdb", build_dir / "exports", full_public, changes=full_changes)
    assert full["pages"]["reused"] == 0 and full["rendering"]["reused"] == 0
    assert _same_trees(public, full_public) == []


def test_a_model_pages_own_queries_whose_results_are_known_are_not_run_and_the_site_is_a_full_builds(
        synthetic2, tmp_path, monkeypatch):
    """publish/model_pages.py: after a score's value is edited, the queries of the pages' own facts, compute and
    GPU-hours read nothing that changed (incremental.QueryInputs), so they are not run for the models at large; the
    page made again (the edited model's: its scores changed) has them fetched for its own model alone. The site is
    the same bytes as a full build's, as after a model is renamed (its pages' range fetched)."""
    import re

    from publish import model_pages
    from publish.site import build_site

    catalog, built = synthetic2
    catalog = shutil.copytree(catalog, tmp_path / "catalog")
    out = tmp_path / "out"
    build_dir = shutil.copytree(built, out / "build")
    public = out / "public"
    from pipeline import forking

    monkeypatch.setattr(forking, "fork_is_safe", lambda: False)  # the parts in this process, where `runs` is
    runs: list[tuple[str, list]] = []
    real = model_pages._own_rows
    monkeypatch.setattr(model_pages, "_own_rows", lambda con, sql, params, one: runs.append((sql, params)) or
                        real(con, sql, params, one))
    unchanged = {name: sql for name, sql, _ in model_pages._OWN if name in ("facts", "creation", "hours")}

    def fetched_for_every_model() -> list[str]:
        return [name for name, sql in unchanged.items() if any(run == sql and p[-2] != p[-1] for run, p in runs)]

    build_site(ROOT, build_dir / "catalog.duckdb", build_dir / "exports", public)
    assert fetched_for_every_model() == list(unchanged), "the first build fetches them all"
    chunk = {tuple(p[-2:]) for run, p in runs if run == unchanged["facts"]}
    score = sorted((catalog / "scores").rglob("*.yaml"))[0]
    score.write_text(re.sub(r"value: ([0-9.]+)", lambda m: f"value: {float(m.group(1)) + 0.5:g}", score.read_text(),
                            count=1), encoding="utf-8")
    _db(catalog, out)
    runs.clear()
    tables: list[int] = []  # the models table pages made (their rows, with each model's count of scores, are the same)
    real_table = model_pages._index_page
    monkeypatch.setattr(model_pages, "_index_page", lambda *a, **k: tables.append(1) or real_table(*a, **k))
    again = build_site(ROOT, build_dir / "catalog.duckdb", build_dir / "exports", public)
    assert again["pages"]["model_pages_reused"] > 0 and again["pages"]["generated"] > 0, again
    assert fetched_for_every_model() == [] and tables == []
    full_changes = tmp_path / "changes.json"
    full_changes.write_text(json.dumps({"full": True}), encoding="utf-8")
    build_site(ROOT, build_dir / "catalog.duckdb", build_dir / "exports", tmp_path / "full", changes=full_changes)
    assert _same_trees(public, tmp_path / "full") == []

    # A model renamed: the models table is made again, and so are the pages that show the name (its own, those of
    # the models it is compared with): the parts not fetched are fetched once, over those pages' range.
    model = sorted((catalog / "models").rglob("*.yaml"))[1]
    model.write_text(model.read_text(encoding="utf-8").replace("\nname: ", "\nname: Renamed ", 1), encoding="utf-8")
    _db(catalog, out)
    runs.clear()
    build_site(ROOT, build_dir / "catalog.duckdb", build_dir / "exports", public)
    assert tables, "the models table is made again"
    own = {sql for _, sql, _ in model_pages._OWN}
    narrow = [p for run, p in runs if run in own and tuple(p[-2:]) not in chunk]
    assert narrow, "a part not fetched for the chunk was fetched over the pages' range"
    build_site(ROOT, build_dir / "catalog.duckdb", build_dir / "exports", tmp_path / "full-renamed", changes=full_changes)
    assert _same_trees(public, tmp_path / "full-renamed") == []


def test_reused_pages_skip_mkdocs_per_page_steps_only_with_the_plugins_known_to_leave_them_alone(synthetic2, tmp_path,
                                                                                                     monkeypatch):
    """publish/fast_pages.reused_pages_pass_through: on an incremental build the reused model pages never reach
    MkDocs' own per-page steps, and the site is the one those steps make (the same build with the shortcut refused,
    as it is when another plugin is configured)."""
    from mkdocs.commands import build as mkdocs_build

    from publish import fast_pages
    from publish.site import build_site

    catalog, built = synthetic2
    catalog = shutil.copytree(catalog, tmp_path / "catalog")
    first = tmp_path / "first"
    build_dir = shutil.copytree(built, first / "build")
    build_site(ROOT, build_dir / "catalog.duckdb", build_dir / "exports", first / "public")
    record = sorted((catalog / "models").rglob("*.yaml"))[5]
    record.write_text(record.read_text(encoding="utf-8").replace("\nname: ", "\nname: Renamed ", 1), encoding="utf-8")
    _db(catalog, first)
    seen: list[str] = []
    own_build_page = mkdocs_build._build_page

    def counting(page, *args, **kwargs):
        seen.append(page.file.src_uri)
        return own_build_page(page, *args, **kwargs)

    sites = {}
    for name, plugins in (("shortcut", fast_pages._PLAIN_PLUGINS), ("refused", frozenset())):
        out = shutil.copytree(first, tmp_path / name, copy_function=shutil.copy2)
        monkeypatch.setattr(fast_pages, "_PLAIN_PLUGINS", plugins)
        monkeypatch.setattr(mkdocs_build, "_build_page", counting)
        seen.clear()
        made = build_site(ROOT, out / "build" / "catalog.duckdb", out / "build" / "exports", out / "public")
        monkeypatch.setattr(mkdocs_build, "_build_page", own_build_page)
        reused_models = made["rendering"]["reused"]
        models_seen = sum(1 for uri in seen if uri.startswith("models/") and uri != "models/index.md")
        sites[name] = (out / "public", reused_models, models_seen)
    assert sites["shortcut"][1] > 30 and sites["shortcut"][2] <= 2, sites  # the renamed model's pages only
    assert sites["refused"][2] > 30, sites
    assert _same_trees(sites["shortcut"][0], sites["refused"][0]) == []


def test_every_chart_passes_altairs_checks(real_build, monkeypatch):
    """The build makes charts with Altair's check of each object against the Vega-Lite schema switched off
    (publish/figures.py): here every figure of the real site is made with it on, as Altair makes them by default."""
    import duckdb

    from publish import figures
    from publish.site import read_exported_views

    build_dir = real_build / "build"
    con = duckdb.connect(str(build_dir / "catalog.duckdb"), read_only=True)
    try:
        read_exported_views(con, build_dir / "exports")
        scenario = con.execute("select scenario_id from scenarios where is_default").fetchone()[0]
        checked = 0
        monkeypatch.setattr(figures, "CHECK_EACH_OBJECT", True)
        for name in figures.chart_names():
            checked += len(figures.build_figures(name, con, scenario))  # raises on an object the schema refuses
    finally:
        con.close()
    assert checked > 20


def test_every_chart_is_the_same_with_altairs_schema_lookup_made_once(real_build, monkeypatch):
    """publish/figures._schema_lookup_made_once: every figure of the real site has the same Vega-Lite spec as when
    Altair makes its table from schemas to classes anew on each from_dict (and the table is used: it holds one
    entry per set of classes Altair asked with, the one figures.warm_up makes ahead)."""
    import contextlib

    import duckdb

    from publish import figures
    from publish.site import read_exported_views

    build_dir = real_build / "build"
    con = duckdb.connect(str(build_dir / "catalog.duckdb"), read_only=True)
    try:
        read_exported_views(con, build_dir / "exports")
        scenario = con.execute("select scenario_id from scenarios where is_default").fetchone()[0]
        figures._SCHEMA_LOOKUPS.clear()
        once = {name: [f.spec() for f in figures.build_figures(name, con, scenario)] for name in figures.chart_names()}
        assert len(figures._SCHEMA_LOOKUPS) == 1
        figures.warm_up()
        assert len(figures._SCHEMA_LOOKUPS) == 1, "warm_up makes the table the charts use"
        monkeypatch.setattr(figures, "_schema_lookup_made_once", contextlib.nullcontext)
        anew = {name: [f.spec() for f in figures.build_figures(name, con, scenario)] for name in figures.chart_names()}
    finally:
        con.close()
    assert once == anew and sum(len(v) for v in once.values()) > 20


def test_charts_compiled_without_their_rows_are_the_compilers_own_output(synthetic2):
    """publish/vega_compile.Memo compiles each chart's shape without its rows and puts the rows in as the compiler
    would: the same JSON as compiling the whole spec, for every chart of the site, for numbers whose trip through
    JavaScript changes their type, and when the shape comes from the previous build's memo."""
    import duckdb

    from publish import figures, vega_compile
    from publish.site import read_exported_views

    build_dir = synthetic2[1]
    con = duckdb.connect(str(build_dir / "catalog.duckdb"), read_only=True)
    try:
        read_exported_views(con, build_dir / "exports")
        scenario = con.execute("select scenario_id from scenarios where is_default").fetchone()[0]
        specs = [f.spec() for name in figures.chart_names() for f in figures.build_figures(name, con, scenario)]
    finally:
        con.close()
    values = [100.0, 0.5, -0.0, 0, -1, 2.0 ** 31, -(2.0 ** 31) - 1, 4294967295.0, 2 ** 40, 3.4e15, 1e300, float("nan"),
              float("inf"), True, None, "x", [1.0, 2], {"a": 1.0}]
    specs.append({"data": {"name": "d"}, "datasets": {"d": [{"v": v} for v in values]}, "mark": "point",
                  "encoding": {"x": {"field": "v", "type": "quantitative"}}})
    compiled = [s for s in specs if not vega_compile.needs_browser(s)]
    assert len(compiled) > 10
    first = vega_compile.Memo()
    for spec in compiled:
        assert first.compiled_json(spec) == vega_compile.dumps(vega_compile.to_vega(spec))
    later = vega_compile.Memo(first.used)  # the next build: every shape found, none compiled
    later_compiles = []
    original = vega_compile.to_vega
    vega_compile.to_vega = lambda spec: later_compiles.append(spec) or original(spec)
    try:
        assert [later.compiled_json(s) for s in compiled] == [first.compiled_json(s) for s in compiled]
    finally:
        vega_compile.to_vega = original
    assert later_compiles == []


def test_no_page_grows_with_the_catalogue(synthetic2, tmp_path, monkeypatch):
    """With every cap scaled down (so 2× and 3× behave as 100× and 1,000× do with the real caps), no page but the
    per-model ones (nor the search index every page loads) grows from 2× to 3× (the synthetic catalogue's slow dimensions, GPUs, prices and benchmarks, are the
    same at both), and every page stays under 1.5 MB."""
    from publish import content, figures, model_pages, tables
    from publish.site import build_site

    monkeypatch.setattr(tables, "TABLE_BYTES", 4000)
    monkeypatch.setattr(content, "FIGURE_TABLE_ROWS", 20)
    monkeypatch.setattr(model_pages, "MODELS_PER_PAGE", 15)
    monkeypatch.setattr(figures, "STUDIES_SHOWN", 2)
    monkeypatch.setattr(figures, "RUNS_SHOWN", 2)
    monkeypatch.setattr(model_pages, "SEARCH_PAGES_MAX", 10)  # model names move to the models table pages
    loader = figures.load_module

    def load_module(name):
        module = loader(name)
        if name == "accuracy_vs_compute":
            module.POINTS_PER_PAGE, module.MIN_POINTS = 40, 5
        if name == "explorer":
            module.MAX_MODELS = 25
        if name == "api_break_even":
            module.SWAPS_SHOWN = 5
        if name == "hardware_workloads":
            module.WORKLOADS_SHOWN = 2
        return module

    monkeypatch.setattr(figures, "load_module", load_module)
    sizes = {}
    for scale in (2, 3):
        build_dir = shutil.copytree(synthetic2[1], tmp_path / "o2" / "build") if scale == 2 else _db(_synthetic(tmp_path / f"s{scale}", scale), tmp_path / f"o{scale}")
        public = tmp_path / f"o{scale}" / "public"
        build_site(ROOT, build_dir / "catalog.duckdb", build_dir / "exports", public)
        sizes[scale] = {p.relative_to(public).as_posix(): p.stat().st_size for p in public.rglob("*.html")}
        sizes[scale]["search/search_index.json"] = (public / "search" / "search_index.json").stat().st_size
    for page, size in sizes[3].items():
        assert size < 1_500_000, page
        if page.startswith("models/") and page.count("/") == 3:
            assert size < 60_000, page  # a model page carries its own records only
        elif page in sizes[2]:
            assert size <= sizes[2][page] * 1.1 + 5000, (page, sizes[2][page], size)
    assert "models/page-4/index.html" in sizes[3]  # the models table continued over pages (15 models a page)


def test_a_process_with_threads_is_never_forked():
    """A fork copies one thread; a lock another thread holds stays locked in the child, which hangs (it did,
    in a test session that had used polars before building a site)."""
    import threading

    from pipeline.forking import fork_is_safe

    stop = threading.Event()
    worker = threading.Thread(target=stop.wait)
    worker.start()
    try:
        assert not fork_is_safe()
    finally:
        stop.set()
        worker.join()


# ---------------------------------------------------------------- memory and weight at scale (issue #18)

def _model_docs(build_dir: Path, target: Path) -> dict[str, bytes]:
    import duckdb

    from publish import model_pages
    from publish.site import read_exported_views

    con = duckdb.connect(str(build_dir / "catalog.duckdb"), read_only=True)
    try:
        read_exported_views(con, build_dir / "exports")
        scenario = con.execute("select scenario_id from scenarios where is_default").fetchone()[0]
        model_pages.write_model_pages(con, target, scenario)
    finally:
        con.close()
    return {p.relative_to(target).as_posix(): p.read_bytes() for p in sorted(target.rglob("*.md"))}


def test_model_pages_made_in_chunks_are_the_pages_made_at_once(synthetic2, tmp_path, monkeypatch):
    """A page shows its base model's and teachers' figures, which may lie in another chunk."""
    from publish import model_pages

    small = synthetic2[1]
    whole = _model_docs(small, tmp_path / "whole")
    monkeypatch.setattr(model_pages, "CHUNK", 3)
    chunked = _model_docs(small, tmp_path / "chunked")
    assert len(whole) > 40 and chunked == whole


def test_above_the_threshold_model_pages_are_found_through_the_models_table(synthetic2, tmp_path, monkeypatch):
    """Every model's name and organisation is still in the search index (on the table page that lists it); no model
    page has an entry of its own; and the fast pages still give exactly what MkDocs gives."""
    import duckdb
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from publish import model_pages
    from publish.site import run_mkdocs, write_docs

    small = synthetic2[1]
    monkeypatch.setattr(model_pages, "SEARCH_PAGES_MAX", 10)
    monkeypatch.setattr(model_pages, "MODELS_PER_PAGE", 15)
    docs = tmp_path / "docs"
    write_docs(ROOT, small / "catalog.duckdb", small / "exports", docs)
    assert run_mkdocs(ROOT, docs, tmp_path / "ours", None) is not None, "a shortcut disagreed with MkDocs"
    build(load_config(str(ROOT / "mkdocs.yml"), docs_dir=str(docs), site_dir=str(tmp_path / "plain")))
    assert _same_trees(tmp_path / "ours", tmp_path / "plain") == []

    index = json.loads((tmp_path / "ours" / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    assert not [e for e in index if e["location"].startswith("models/") and e["location"].count("/") >= 3
                and not e["location"].startswith("models/page-")]
    tables = " ".join(e["text"] for e in index if e["location"].split("#")[0] in ("models/", *(
        f"models/page-{n}/" for n in range(2, 10))))
    con = duckdb.connect(str(small / "catalog.duckdb"), read_only=True)
    models = con.execute("select name, organization from models").fetchall()
    con.close()
    for name, organization in models:
        assert name in tables and organization in tables, name


def test_an_even_sample_spans_the_range_and_keeps_whole_runs():
    from publish.figures import even_sample, sample_runs

    assert even_sample(list(range(10)), 20) == list(range(10))
    picked = even_sample(list(range(1000)), 7)
    assert picked[0] == 0 and picked[-1] == 999 and len(set(picked)) == 7 and picked == sorted(picked)
    assert all(len(set(even_sample(list(range(n)), k))) == k for n in range(2, 60) for k in range(2, n))
    rows = [{"run_id": f"r{i // 5}", "stage": i % 5} for i in range(500)]  # 100 runs of 5 stages
    drawn = sample_runs(rows, 10)
    runs = {r["run_id"] for r in drawn}
    assert len(runs) == 10 and len(drawn) == 50 and {"r0", "r99"} <= runs
    few = rows[:20]
    assert sample_runs(few, 10) is few  # four runs: every one drawn


def test_a_failed_check_in_a_full_build_builds_nothing(tmp_path):
    """`build.py` checks in the database stage's own process: a catalogue with problems still stops the build
    before anything is written, with the problems listed."""
    catalog = copy_catalog(VALID, tmp_path)
    model = catalog / "models/acme/base-1b.yaml"
    model.write_text(model.read_text(encoding="utf-8") + "not_a_key: 1\n", encoding="utf-8")
    result = run_build("all", "--catalog", str(catalog), "--out", str(tmp_path / "out"))
    assert result.returncode == 1
    assert "not_a_key" in result.stderr and "nothing was built" in result.stderr
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").rglob("*.duckdb"))


def _sections_with_and_without_the_shortcut(pages: dict[str, str]) -> tuple[dict, dict, list[str]]:
    """Material's search sections of each page made by its own parser, the same made with the shortcut of
    publish/search_figures.py, and the start tags the shortcut's parser read of the page named "plain"."""
    from material.plugins.search import plugin

    from publish.search_figures import search_skips_chart_figures

    def sections(html: str) -> list:
        parser = plugin.Parser()
        parser.feed(html)
        parser.close()
        return [(s.id, s.title, s.text, s.depth, s.el.tag) for s in parser.data]

    expected = {name: sections(html) for name, html in pages.items()}
    tags: list[str] = []
    original = plugin.Parser

    class Counting(original):
        def handle_starttag(self, tag, attrs):
            tags.append(tag)
            return super().handle_starttag(tag, attrs)

    plugin.Parser = Counting
    try:
        with search_skips_chart_figures():
            shortcut = {name: sections(html) for name, html in pages.items()}
            tags.clear()
            sections(pages["plain"])
    finally:
        plugin.Parser = original
    return expected, shortcut, tags


def test_the_search_parser_skips_a_chart_figure_only_where_that_changes_nothing():
    """publish/search_figures.py against Material's own parser: the same sections for a page of chart figures, and
    for each place the shortcut must not apply (inside a skipped element of a tag the figure also uses, a heading or
    a figure inside a figure, a figure in a comment or a script); and it does skip a plain figure's inside."""
    def figure(inside: str = "") -> str:
        return ('<figure class="dl-figure" id="fig-x" data-root="../" data-search-exclude="1">\n'
                '<div class="dl-chart" style="--h:320px"></div>\n<script type="application/json" class="dl-spec">'
                '{"a": "\\u003c/figure\\u003e"}</script>\n<figcaption><strong>T</strong> caption &amp; more</figcaption>\n'
                '<details class="dl-data"><summary>Data table</summary><div class="dl-scroll"><table><thead><tr>'
                '<th scope="col">Model</th></tr></thead><tbody>\n<tr><td><a href="../m/">M &lt;1&gt;</a></td></tr>\n'
                f'</tbody></table></div><p>First 1 of 2 rows</p></details>{inside}\n</figure>\n')

    pages = {
        "plain": f'<h1 id="t">Title</h1>\n<p>Intro</p>\n{figure()}<h2 id="a">After</h2>\n<p>text <code>x</code></p>\n'
                 f'<div class="dl-figures">\n{figure()}{figure()}</div>\n<p>tail</p>',
        "inside a skipped div": f'<h1 id="t">T</h1><div data-search-exclude="1"><p>hidden</p>\n{figure()}<p>seen?</p></div>'
                                '<p>after</p>',
        "inside a skipped details": f'<h1 id="t">T</h1><details data-search-exclude="1">{figure()}<p>x</p></details><p>y</p>',
        "a heading inside": '<h1 id="t">T</h1>' + figure('<h2 id="in">Inside</h2><p>z</p>') + "<p>after</p>",
        "a figure inside": '<h1 id="t">T</h1>' + figure("<figure><p>inner</p></figure>") + "<p>after</p>",
        "in a comment": f'<h1 id="t">T</h1><!-- {figure()} --><p>after</p>',
        "in a script": f'<h1 id="t">T</h1><script>var s = \'{figure()}\';</script><p>after</p>',
        "unclosed": '<h1 id="t">T</h1><figure class="dl-figure" id="f" data-search-exclude="1"><p>open',
    }

    expected, shortcut, tags = _sections_with_and_without_the_shortcut(pages)
    assert shortcut == expected
    assert "table" not in tags and tags.count("figure") == 3, "a plain chart figure's inside is not read"


def test_the_search_parser_skips_a_data_tables_inside_only_where_that_changes_nothing():
    """publish/search_figures.py on generated tables: the same sections as Material's own parser for a page of
    tables (a long one with its "First ... rows" line after it, which Material indexes because the scroll box's end
    tag takes the excluded wrapper off its skip list), and for each place the shortcut must not apply (a searchable
    table, a table inside a skipped div, a heading, a div or a figure in a cell, a compact table whose cells are not
    closed, a table in a comment or a script, an unclosed table, a table inside a skipped row, whose own end tags
    Material lets take the row off its skip list); and it does skip a plain table's inside."""
    from publish.tables import Column, html_table

    columns = [Column("name", "Model"), Column("flop", "FLOP", numeric=True)]
    rows = [{"name": f"M <{i}> & co", "flop": i * 1e20} for i in range(30)]

    def table(cell: str = "", **kwargs) -> str:
        html = html_table(columns, rows, **kwargs)
        return html.replace("<td", f"<td>{cell}</td><td", 1) if cell else html

    long = html_table(columns, rows, max_bytes=200)
    pages = {
        "plain": f'<h1 id="t">Title</h1>\n<p>Intro</p>\n{table()}<h2 id="a">After</h2>\n<p>text</p>\n{long}<p>tail</p>',
        "searchable": '<h1 id="t">T</h1>' + table(search_keys=("name",)) + "<p>after</p>",
        "inside a skipped div": f'<h1 id="t">T</h1><div data-search-exclude="1"><p>hidden</p>{table()}<p>seen?</p></div><p>a</p>',
        # The table's own </tr> takes the skipped row off Material's list (it compares tags): "seen?" is indexed.
        "inside a skipped row": f'<h1 id="t">T</h1><table><tr data-search-exclude="1"><td>{table()}<p>seen?</p></td></tr>'
                                '</table><p>after</p>',
        "a heading in a cell": '<h1 id="t">T</h1>' + table('<h2 id="in">Inside</h2>') + "<p>after</p>",
        "a div in a cell": '<h1 id="t">T</h1>' + table("<div>box</div>") + "<p>after</p>",
        "a figure in a cell": '<h1 id="t">T</h1>' + table('<figure class="dl-figure" id="f" data-search-exclude="1">'
                                                         '<p>x</p></figure>') + "<p>after</p>",
        "compact": '<h1 id="t">T</h1>' + table(compact=True) + "<p>after</p>",
        "in a comment": f'<h1 id="t">T</h1><!-- {table()} --><p>after</p>',
        "in a script": f'<h1 id="t">T</h1><script>var s = \'{table()}\';</script><p>after</p>',
        "unclosed": '<h1 id="t">T</h1><div class="dl-table" data-search-exclude="1"><div class="dl-scroll">'
                    '<table class="dl-sortable" data-sortable><tr><td>open',
    }

    expected, shortcut, tags = _sections_with_and_without_the_shortcut(pages)
    assert any("First" in "".join(text) for _, _, text, _, _ in expected["plain"]), "Material indexes the line after"
    assert shortcut == expected
    assert "td" not in tags and tags.count("table") == 2, "a plain table's inside is not read"


def test_a_site_with_hostile_text_is_what_plain_mkdocs_makes_of_the_same_pages(hostile_site, tmp_path, monkeypatch):
    """Markup and script in contributed text (conftest.HOSTILE) go through our shortcuts (raw blocks, the search
    parser skipping chart figures, fast pages) exactly as through plain MkDocs + Material: the same site, search
    index included, byte for byte."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from publish.site import catalogue_date

    _, epoch = catalogue_date(ROOT)
    if epoch:  # the build dates the sitemap from the catalogue, not the clock
        monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    docs = hostile_site.parent / "build" / "docs"
    config = load_config(str(ROOT / "mkdocs.yml"), docs_dir=str(docs), site_dir=str(tmp_path / "plain"))
    build(config)
    assert b"&lt;script&gt;alert(" in (hostile_site / "search" / "search_index.json").read_bytes()
    assert _same_trees(hostile_site, tmp_path / "plain") == []


def test_the_theme_files_mkdocs_finds_are_kept_only_for_the_same_filter_reading_the_same_templates(tmp_path, monkeypatch):
    """publish/template_cache.theme_listing: MkDocs' static files of the theme found ahead and again in the build are
    the same list as without the memo; the memo serves a second call of MkDocs' own filter over the same
    configuration, but not a filter of other code, nor the same filter once the theme's static templates changed."""
    import fnmatch

    from mkdocs.config import load_config
    from mkdocs.structure.files import Files

    from publish.template_cache import theme_listing

    (tmp_path / "docs").mkdir()
    config = load_config(str(ROOT / "mkdocs.yml"), docs_dir=str(tmp_path / "docs"), site_dir=str(tmp_path / "site"))
    env = config.theme.get_env()

    def found() -> list[str]:
        files = Files([])
        files.add_files_from_theme(env, config)
        return [f.src_uri for f in files]

    plain = found()
    matched = []  # MkDocs' filter matches each name against its patterns with fnmatch: counted here
    real_fnmatch = fnmatch.fnmatch
    monkeypatch.setattr(fnmatch, "fnmatch", lambda name, pattern: matched.append(name) or real_fnmatch(name, pattern))
    with theme_listing({}):
        assert found() == plain and matched, "the first listing runs MkDocs' filter"
        matched.clear()
        assert found() == plain and not matched, "the second is the first one's list"
        css = env.list_templates(filter_func=lambda name: name.endswith(".css"))
        assert css and all(name.endswith(".css") for name in css), "another filter: its own list"
        config.theme.static_templates.add(plain[0])
        try:
            assert found() == plain[1:] and matched, "the filter reads other templates: listed again"
        finally:
            config.theme.static_templates.discard(plain[0])



_SHARE_PAGES = """
import json, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from pipeline.forking import fork_is_safe, run_forked
from publish.site import PageQueue

def take(queue, pause):
    taken = []
    for page in queue:
        taken.append(page.name)
        time.sleep(pause)  # a page takes a while to make
    return taken

queue = PageQueue([Path(f"page-{n:02}.md") for n in range(40)])
assert fork_is_safe()
print(json.dumps([*run_forked([(take, queue, 0.01), (take, queue, 0.002)]), list(queue)]))
"""


def test_the_hand_written_pages_go_once_each_to_whichever_forked_part_asks_first():
    """write_docs' two forked parts share the hand-written pages (publish/site.py PageQueue): every page is made
    by exactly one of them, each in the order listed, and both take pages. In a fresh process: one that has
    started threads (this test session's DuckDB) runs the parts one after the other instead of forking."""
    result = subprocess.run([sys.executable, "-c", _SHARE_PAGES, str(ROOT)], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    slow, quick, left = json.loads(result.stdout)
    assert sorted(slow + quick) == [f"page-{n:02}.md" for n in range(40)]
    assert not set(slow) & set(quick) and left == []
    assert slow == sorted(slow) and quick == sorted(quick)
    assert slow and len(quick) > len(slow)  # the quicker part took more
