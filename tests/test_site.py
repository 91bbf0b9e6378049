"""The published site: built strictly from the database, escaped, deterministic, atomic."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import sys

import duckdb
import pytest
import yaml
from conftest import ROOT, VALID, copy_catalog, run_build


def pages(public):
    return sorted(public.rglob("*.html"))


def test_main_pages_exist_and_placeholders_are_filled(real_build):
    public = real_build / "public"
    for page in ("index.html", "models/index.html", "benchmarks/index.html", "hardware/index.html", "energy/index.html",
                 "economics/index.html", "audit/index.html", "methodology/index.html", "data/index.html",
                 "contributing/index.html", "sources/index.html", "models/qwen/qwen3-8b/index.html"):
        text = (public / page).read_text(encoding="utf-8")
        assert not re.search(r"\{\{\s*(value|table|chart|file)\s*:", text), page
    assert (public / "data/downloads/catalog.duckdb").exists()
    assert (public / "data/downloads/parquet/models.parquet").exists()
    assert (public / "data/downloads/catalog-csv.zip").exists()


def test_model_pages_are_linked_from_the_index_not_the_nav(real_build):
    public = real_build / "public"
    index = (public / "models/index.html").read_text(encoding="utf-8")
    home = (public / "index.html").read_text(encoding="utf-8")
    assert 'href="qwen/qwen3-8b/"' in index
    assert "qwen3-8b/" not in re.sub(r"<article.*</article>", "", home, flags=re.S)


def test_no_third_party_requests_at_page_load(real_build):
    for page in pages(real_build / "public"):
        text = page.read_text(encoding="utf-8")
        for tag in re.findall(r"<(?:script|link|img)\b[^>]*>", text):
            for url in re.findall(r'(?:src|href)="([^"]+)"', tag):
                assert not re.match(r"^(https?:)?//", url), (page, url)
    assert (real_build / "public/assets/js/vega-bundle.js").stat().st_size > 100_000


def test_each_model_figure_has_its_source_link(real_build):
    page = (real_build / "public/models/meta/llama-3.1-8b/index.html").read_text(encoding="utf-8")
    assert 'href="https://github.com/meta-llama/llama-models/blob/main/models/llama3_1/MODEL_CARD.md"' in page
    assert "reported" in page and "Published facts" in page


def test_hostile_text_is_inert_everywhere(hostile_site):
    seen_escaped = False
    for page in pages(hostile_site):
        text = page.read_text(encoding="utf-8")
        for live in ("<script>alert", "<img src=x", "<svg onload", "<b onmouseover",
                     'href="javascript:', "\u202e"):
            assert live not in text, (page, live)
        seen_escaped |= "&lt;script&gt;alert" in text
    assert seen_escaped, "the hostile name should appear, escaped"


def test_hostile_text_in_chart_data_is_json_escaped(hostile_site):
    home = (hostile_site / "index.html").read_text(encoding="utf-8")
    specs = re.findall(r'<script type="application/json" class="dl-spec">(.*?)</script>', home, flags=re.S)
    assert specs
    for spec in specs:
        assert "<" not in spec and "</script" not in spec


def _digest(directory, patterns):
    out = {}
    for pattern in patterns:
        for path in sorted(p for p in directory.rglob(pattern) if p.is_file()):
            out[path.relative_to(directory).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def test_two_builds_are_byte_identical(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    for out in (first, second):
        assert run_build("all", "--catalog", str(VALID), "--out", str(out)).returncode == 0
    for sub, patterns in (("build", ("*.duckdb",)), ("build/exports", ("*.csv", "*.parquet", "*.md", "*.zip")),
                          ("public", ("*",))):
        a, b = _digest(first / sub, patterns), _digest(second / sub, patterns)
        assert a and a == b, sub
    schemas = _digest(ROOT / "schemas/json", ("*.json",))
    run_build("schema")
    assert _digest(ROOT / "schemas/json", ("*.json",)) == schemas


def test_failed_site_stage_keeps_the_previous_site(tmp_path, monkeypatch):
    import publish.site as site

    out = tmp_path / "out"
    assert run_build("all", "--catalog", str(VALID), "--out", str(out)).returncode == 0
    before = _digest(out / "public", ("*.html",))
    pages_dir = tmp_path / "pages"
    pages_dir.mkdir()
    (pages_dir / "index.md").write_text("# Home\n\n{{ value:no_such_value }}\n")
    monkeypatch.setattr(site, "PAGES_DIR", pages_dir)
    with pytest.raises(site.SiteError, match="index.md:3: unknown placeholder"):
        site.build_site(ROOT, out / "build/catalog.duckdb", out / "build/exports", out / "public")
    assert _digest(out / "public", ("*.html",)) == before


def test_failed_check_stage_keeps_every_output(tmp_path):
    out = tmp_path / "out"
    catalog = copy_catalog(VALID, tmp_path)
    assert run_build("all", "--catalog", str(catalog), "--out", str(out)).returncode == 0
    before = _digest(out, ("*.html", "*.csv", "*.parquet", "*.duckdb"))
    (catalog / "models/acme/base-1b.yaml").write_text("name: [broken\n")
    result = run_build("all", "--catalog", str(catalog), "--out", str(out))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert _digest(out, ("*.html", "*.csv", "*.parquet", "*.duckdb")) == before


def test_search_index_holds_names_but_not_data_tables(real_build):
    """Every page downloads the search index: data tables stay out of it (their filter box finds rows), the
    names in them stay in, so it does not grow with every figure of the catalogue."""
    index = json.loads((real_build / "public/search/search_index.json").read_text(encoding="utf-8"))
    text = " ".join(entry["title"] + " " + entry["text"] for entry in index["docs"])
    con = duckdb.connect(str(real_build / "build/catalog.duckdb"), read_only=True)
    try:
        names = [r[0] for r in con.execute("select name from models").fetchall()]
        runs = [r[0] for r in con.execute("select run_id from energy_runs").fetchall()]
    finally:
        con.close()
    assert all(name in text for name in names)
    assert runs and not any(run in text for run in runs)  # the energy runs table is data, not prose


def test_fast_anchor_ids_match_mkdocs_own_parser(real_build, hostile_site):
    from mkdocs.structure.pages import _HTMLHandler

    from publish.fast_anchors import anchor_ids

    sources = [p.read_text(encoding="utf-8") for p in (real_build / "build/docs").rglob("*.md")]
    sources += [p.read_text(encoding="utf-8") for p in (hostile_site.parent / "build/docs").rglob("*.md")]
    sources += ['<a name=x>', "<div id='q&amp;r' class=z>", '<p data-id="no" id="yes">', '<span\nid="multi">',
                '<b name="not-an-anchor">', '<A NAME="upper">', '<x id = "spaced" >']
    for source in sources:
        parser = _HTMLHandler()
        parser.feed(source)
        parser.close()
        assert anchor_ids(source) == parser.present_anchor_ids


def _project_with_generated_docs(real_build, tmp_path):
    """Our mkdocs.yml beside a copy of the pages build.py generated (Zensical wants docs_dir inside the project)."""
    shutil.copytree(real_build / "build/docs", tmp_path / "docs")
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    config.update(docs_dir="docs", site_dir="site")
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    return tmp_path / "mkdocs.yml"


def test_zensical_builds_the_same_pages_from_our_mkdocs_yml(real_build, tmp_path):
    """Zensical, the maintained successor of Material for MkDocs, reads mkdocs.yml: our configuration must
    stay within what it builds, giving the same pages."""
    zensical = shutil.which("zensical")
    assert zensical, "zensical is in requirements.txt (bash scripts/install.sh)"
    config = _project_with_generated_docs(real_build, tmp_path)
    result = subprocess.run([zensical, "build", "--strict", "-f", str(config)], cwd=tmp_path,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr

    def page_paths(public):
        return {p.relative_to(public).as_posix() for p in public.rglob("index.html")}

    ours = page_paths(real_build / "public")
    assert ours and page_paths(tmp_path / "site") == ours
    home = (tmp_path / "site/index.html").read_text(encoding="utf-8")
    assert 'class="dl-spec"' in home and "assets/js/charts.js" in home
    assert (tmp_path / "site/assets/js/vega-bundle.js").is_file()


def test_plain_mkdocs_build_strict_passes_on_the_generated_pages(real_build, tmp_path):
    """`mkdocs build --strict`, as the command line runs it, on the pages `build.py` generated."""
    config = _project_with_generated_docs(real_build, tmp_path)
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config)],
                            cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert not re.search(r"^WARNING\b", result.stderr, flags=re.M), result.stderr  # MkDocs' own warning lines


def test_a_broken_link_fails_the_build_and_is_named(real_build, tmp_path):
    """Strict mode must really be on in build.py's own MkDocs run (a quiet logger would switch it off)."""
    from publish.site import SiteError, run_mkdocs

    docs = tmp_path / "docs"
    shutil.copytree(real_build / "build/docs", docs)
    with (docs / "audit.md").open("a", encoding="utf-8") as page:
        page.write("\n[a page that is not there](no-such-page.md)\n")
    with pytest.raises(SiteError, match="no-such-page.md"):
        run_mkdocs(ROOT, docs, tmp_path / "public", None)


def test_readers_see_labels_not_identifiers(real_build):
    """One label map (publish/labels.py) everywhere: no enumeration identifier or Python boolean reaches a page's
    text (chart data included, since legends show it)."""
    from publish.labels import LABELS

    identifiers = [k for k in LABELS if "_" in k] + ["True", "False"]
    reference = ("contributing", "data", "performance", "methodology")  # pages that document the identifiers for contributors
    for page in pages(real_build / "public"):
        if page.relative_to(real_build / "public").parts[0] in reference:
            continue
        text = page.read_text(encoding="utf-8")
        article = "".join(re.findall(r"<article.*?</article>", text, flags=re.S))
        specs = "".join(re.findall(r'class="dl-spec">(.*?)</script>', article, flags=re.S))
        # Contributed prose (a model's note, a Note column) is the contributor's words, not an enumeration the site shows.
        prose = r'<script.*?</script>|<p class="dl-note".*?</p>|<td class="dl-long"[^>]*>.*?(?=<td|<tr|</tbody)'
        words = re.sub(r"<[^>]+>", " ", re.sub(prose, " ", article, flags=re.S))
        for word in identifiers:
            assert not re.search(rf"(?<![\w/.-]){word}(?![\w/.-])", words), (page, word)
        for word in ("baseline_sft", "synthetic_sft", "logit_kd", "open_weights", "api_only", "fine_tuned",
                     "teacher_logit_cache", "student_training"):
            assert f':"{word}"' not in specs, (page, word)  # a value in chart data (legends show values)


def test_home_verdict_is_computed_and_model_pages_lead_with_the_comparison(real_build):
    home = (real_build / "public/index.html").read_text(encoding="utf-8")
    verdict = re.search(r'<div class="dl-verdict".*?</div>', home, flags=re.S).group(0)
    assert re.search(r"\d", verdict) and "<strong>" in verdict
    assert home.index("dl-verdict") < home.index('id="fig-explorer"')
    page = (real_build / "public/models/deepseek/deepseek-r1-0528-qwen3-8b/index.html").read_text(encoding="utf-8")
    assert page.index("dl-compare") < page.index('id="published-facts"')
    assert "MWh" not in page or "kWh" in page or "GWh" in page or re.search(r"\d MWh", page)
    assert not re.search(r"0\.0\d+ MWh", page)  # energy in kWh, not 0.0412 MWh


def test_every_internal_link_and_anchor_resolves(real_build):
    """A crawl of the built site: every relative link (page tables, model pages, the verdict, chart data tables'
    links and chart data's model paths) opens a file that exists, and every #anchor names an id on that page. Chart
    points link through their spec's data (models/<org>/<name>/ against the figure's data-root), checked too."""
    from html.parser import HTMLParser
    from urllib.parse import unquote, urldefrag, urljoin

    public = (real_build / "public").resolve()
    SITE = "http://site.invalid/"  # pages as URLs, so urljoin resolves relative and root-relative links as a browser does

    class Page(HTMLParser):
        def __init__(self):
            super().__init__(convert_charrefs=True)
            self.ids, self.links, self.spec, self.roots = set(), [], False, []

        def handle_starttag(self, tag, attrs):
            a = dict(attrs)
            if a.get("id"):
                self.ids.add(a["id"])
            if tag == "a" and a.get("name"):
                self.ids.add(a["name"])
            if tag in ("a", "link") and a.get("href"):
                self.links.append(a["href"])
            if tag == "figure" and a.get("data-root") is not None:
                self.roots.append(a["data-root"])
            self.spec = tag == "script" and "dl-spec" in (a.get("class") or "")

        def handle_data(self, data):
            if self.spec:  # chart points: model paths in the spec's data, resolved against the figure's root
                root = self.roots[-1] if self.roots else ""
                self.links += [root + path for path in set(re.findall(r'"(models/[^"#?]+/)"', data))]

    parsed: dict = {}

    def parse(path):
        if path not in parsed:
            page = Page()
            page.feed(path.read_text(encoding="utf-8"))
            parsed[path] = page
        return parsed[path]

    def target(url: str):
        path = (public / unquote(url.removeprefix(SITE))).resolve()
        return path / "index.html" if path.is_dir() else path

    broken = []
    for html in sorted(public.rglob("*.html")):
        base = SITE + html.relative_to(public).as_posix()
        for href in parse(html).links:
            if re.match(r"^(https?:|mailto:|data:|javascript:)", href) or href.startswith("//"):
                continue
            url, anchor = urldefrag(urljoin(base, href))
            file = target(url) if url != base else html
            if not file.is_file() or public not in file.parents:
                broken.append((html.relative_to(public).as_posix(), href, "no such file"))
            elif anchor and file.suffix == ".html" and unquote(anchor) not in parse(file).ids:
                broken.append((html.relative_to(public).as_posix(), href, "no such anchor"))
    assert len(parsed) > 700  # the crawl saw every page, the model pages included
    assert not broken, broken[:20]
