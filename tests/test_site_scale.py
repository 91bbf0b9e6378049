"""What keeps the site build's memory and every page's weight bounded at 1,000x, checked on a small catalogue with the
thresholds scaled down: model pages made chunk by chunk give the same pages, model pages leave the search index for
the models table pages, and a chart's sample spans its range. Fast (a 2x synthetic catalogue, one site build)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, VALID, copy_catalog, run_build


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> Path:
    """A 2x synthetic catalogue (40 models) built into a database: the build folder."""
    tmp = tmp_path_factory.mktemp("scale")
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "synthetic.py"), "--scale", "2", str(tmp / "source")],
                   check=True, capture_output=True, timeout=300)
    cache = ROOT / "build" / "cache"
    if cache.is_dir():  # the Vega bundle takes seconds to make: reuse the checkout's
        shutil.copytree(cache, tmp / "out" / "build" / "cache")
    result = run_build("db", "--catalog", str(tmp / "source" / "catalog"), "--out", str(tmp / "out"))
    assert result.returncode == 0, result.stderr
    return tmp / "out" / "build"


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


def test_model_pages_made_in_chunks_are_the_pages_made_at_once(small, tmp_path, monkeypatch):
    """A page shows its base model's and teachers' figures, which may lie in another chunk."""
    from publish import model_pages

    whole = _model_docs(small, tmp_path / "whole")
    monkeypatch.setattr(model_pages, "CHUNK", 3)
    chunked = _model_docs(small, tmp_path / "chunked")
    assert len(whole) > 40 and chunked == whole


def test_above_the_threshold_model_pages_are_found_through_the_models_table(small, tmp_path, monkeypatch):
    """Every model's name and organisation is still in the search index (on the table page that lists it); no model
    page has an entry of its own; and the fast pages still give exactly what MkDocs gives."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from publish import model_pages
    from publish.site import run_mkdocs, write_docs

    monkeypatch.setattr(model_pages, "SEARCH_PAGES_MAX", 10)
    monkeypatch.setattr(model_pages, "MODELS_PER_PAGE", 15)
    docs = tmp_path / "docs"
    write_docs(ROOT, small / "catalog.duckdb", small / "exports", docs)
    assert run_mkdocs(ROOT, docs, tmp_path / "ours", None) is not None, "a shortcut disagreed with MkDocs"
    build(load_config(str(ROOT / "mkdocs.yml"), docs_dir=str(docs), site_dir=str(tmp_path / "plain")))
    ours, plain = (sorted(p.relative_to(tmp_path / d) for p in (tmp_path / d).rglob("*") if p.is_file())
                   for d in ("ours", "plain"))
    assert ours == plain
    assert all((tmp_path / "ours" / p).read_bytes() == (tmp_path / "plain" / p).read_bytes() for p in ours)

    index = json.loads((tmp_path / "ours" / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    assert not [e for e in index if e["location"].startswith("models/") and e["location"].count("/") >= 3
                and not e["location"].startswith("models/page-")]
    tables = " ".join(e["text"] for e in index if e["location"].split("#")[0] in ("models/", *(
        f"models/page-{n}/" for n in range(2, 10))))
    import duckdb

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
    assert sample_runs(rows[:20], 10) is rows[:20] or sample_runs(rows[:20], 10) == rows[:20]


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
