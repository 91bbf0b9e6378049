"""The built site in headless Chromium, as its readers use it, at 1280 px and 390 px: no console errors, every
chart drawn and readable (text >= 11 px, no overlapping tick labels or point names, no layout shift as it loads), tables that fit or scroll with their answer
columns in view, no serious or critical axe-core violation, filters, sorting, search and the home page's
explorer working, nothing fetched from anywhere but the site itself.

Screenshots of every page checked land in build/screenshots/<width>/ (not committed): look at them."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import re
import shutil
import threading

import pytest
from conftest import ROOT

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
AXE = ROOT / "tests" / "vendor" / "axe-4.14.1.min.js"  # axe-core from npm, vendored: nothing fetched by the test
WIDTHS = (1280, 390)
MODEL_PAGES_CHECKED = 6
"""Model pages are generated from one template: a sample (one per model type, and the kinds whose sections differ) is
walked, not hundreds."""
HOME_BUDGET = 1_500_000  # bytes the home page may transfer, uncompressed
SHOT_HEIGHT = 12_000
"""Screenshots keep a page's first 12,000 px: the data dictionary (97,000 px on a phone) and the models table repeat
the same rows below that, and a full shot of them took seconds."""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextlib.contextmanager
def _serve(directory):
    handler = functools.partial(_Quiet, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()


@pytest.fixture(scope="module")
def site_url(real_build):
    with _serve(real_build / "public") as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sync_playwright = None
    if sync_playwright is None or CHROMIUM is None:
        if os.environ.get("CI"):
            pytest.fail("CI needs Chromium and Playwright for the browser test (bash scripts/install.sh)")
        pytest.skip("Chromium or Playwright is not installed")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def _paths_to_check(real_build, real_db) -> list[str]:
    """Every page but the model pages, and model pages of every kind (their template is one, their sections differ):
    the most-scored model of each type (distilled, fine-tuned, teacher, vanilla open-weights, proprietary), a model
    imported from Epoch AI only (no scores, Epoch's figures), an API-only one, a student of measured energy runs (with
    inference measurements), and a distilled model with a base, a teacher and an API price."""
    public = real_build / "public"
    paths = sorted(p.relative_to(public).parent.as_posix() for p in public.rglob("index.html"))
    others = [p for p in paths if not p.startswith("models/") or p == "models"]
    sample = [r[0] for r in real_db.execute("""
        select arg_max(s.model_id, (select count(*) from scores x where x.model_id = s.model_id))
        from stg_models s group by s.model_type order by 1""").fetchall()][:MODEL_PAGES_CHECKED]
    kinds = real_db.execute("""
        select min(model_id) filter (where source_id = 'epoch-ai-models' and model_id not in (select model_id from scores)),
               min(model_id) filter (where access = 'api_only' and model_id not in (select unnest(?::varchar[]))),
               (select min(student_id) from energy_runs where student_id in (select model_id from inference_measurements)),
               (select min(f.model_id) from price_in_force f join models d using (model_id)
                where d.base_model_id is not null and f.model_id in (select model_id from model_teachers))
        from models""", [sample]).fetchone()
    sample += [m for m in kinds if m and m not in sample]
    return others + [f"models/{m}" for m in sample]


# Chart text and ticks: the rendered size is the SVG font size times the SVG's scale on screen.
CHART_TEXT = """() => [...document.querySelectorAll('.dl-chart svg text')].filter(t => t.textContent.trim() &&
    t.getBoundingClientRect().width > 0 && parseFloat(getComputedStyle(t).opacity || 1) > 0).map(t => {
      const m = t.getScreenCTM(); const scale = m ? Math.hypot(m.a, m.b) : 1;
      return [t.textContent, parseFloat(getComputedStyle(t).fontSize) * scale]; })"""
OVERLAPS = """() => { const out = [];
  document.querySelectorAll('.dl-chart svg g.role-axis-label').forEach(group => {
    const boxes = [...group.querySelectorAll('text')].filter(t => t.textContent.trim() &&
        (t.getAttribute('opacity') ?? '1') !== '0' && parseFloat(getComputedStyle(t).opacity) > 0)
      .map(t => [t.textContent, t.getBoundingClientRect()]);
    for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
      const [a, r] = boxes[i], [b, s] = boxes[j];
      if (r.left < s.right - 1 && s.left < r.right - 1 && r.top < s.bottom - 1 && s.top < r.bottom - 1) out.push(a + ' / ' + b);
    } });
  return out; }"""
# Point names (Vega's label transform): none overlaps another, at any width. The transform lays names out by
# their font size (11 px); a glyph box is 12 px tall, so boxes of names on adjacent lines may touch by a pixel or
# two at the descenders without the letters meeting: 2 px of tolerance.
LABEL_OVERLAPS = """() => { const out = [];
  document.querySelectorAll('.dl-chart svg g.point_labels').forEach(group => {
    const boxes = [...group.querySelectorAll('text')].filter(t => t.textContent.trim() &&
        parseFloat(t.getAttribute('opacity') ?? '1') > 0).map(t => [t.textContent, t.getBoundingClientRect()]);
    for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
      const [a, r] = boxes[i], [b, s] = boxes[j];
      if (r.left < s.right - 2 && s.left < r.right - 2 && r.top < s.bottom - 2 && s.top < r.bottom - 2) out.push(a + ' / ' + b);
    } });
  return out; }"""
# Tables: answer columns must start inside their scroll container's visible box without scrolling.
HIDDEN_ANSWERS = """() => { const out = [];
  document.querySelectorAll('.dl-scroll').forEach(box => {
    const edge = box.getBoundingClientRect().right;
    const answers = [...box.querySelectorAll('th[data-answer]')];
    const need = innerWidth >= 1000 ? answers : answers.slice(0, 1);
    need.forEach(th => { if (th.getBoundingClientRect().left > edge - 20) out.push(th.textContent); }); });
  return out; }"""
# Every cell of a Source / Measured by column (page tables and charts' data tables) links to the document.
UNLINKED_SOURCES = """() => { const out = [];
  document.querySelectorAll('article table').forEach(table => {
    const heads = [...table.querySelectorAll('thead th')].map(th => th.textContent.trim());
    heads.forEach((h, i) => { if (!/^(Source|Measured by|Its source|Other source)$/.test(h)) return;
      table.querySelectorAll('tbody tr').forEach(tr => { const cell = tr.cells[i];
        if (cell && cell.textContent.trim() && !cell.querySelector('a[href^="https://"]')) out.push(h + ': ' + cell.textContent.trim()); }); }); });
  return out; }"""
# The page itself never scrolls sideways (a phone's 390 px included): only tables and charts, in their own boxes.
PAGE_SCROLL = "() => document.documentElement.scrollWidth - innerWidth"
# Text in the article (tables, captions, notes, controls; not the SVG charts, checked above) at least 11 px.
SMALL_TEXT = """() => { const out = new Set(); const root = document.querySelector('article');
  const walk = document.createTreeWalker(root, NodeFilter.SHOW_TEXT); let n;
  while ((n = walk.nextNode())) { const el = n.parentElement; if (!n.textContent.trim() || el.closest('svg')) continue;
    if (!el.getClientRects().length) continue;  // not shown (a closed data table)
    const size = parseFloat(getComputedStyle(el).fontSize); if (size < 10.95) out.add(el.tagName + ' ' + size + 'px: ' + n.textContent.trim().slice(0, 30)); }
  return [...out].slice(0, 8); }"""
SCROLLING_BADLY = """() => [...document.querySelectorAll('article table')].filter(t => {
    const box = t.closest('.dl-scroll, .md-typeset__scrollwrap, .dl-data');
    return !box && t.getBoundingClientRect().right > document.querySelector('article').getBoundingClientRect().right + 2;
  }).map(t => t.querySelector('th') ? t.querySelector('th').textContent : '?')"""


# Recorded before any script runs: each chart box's height as first laid out, and every layout shift after it.
WATCH_SHIFTS = """window.__shift = 0; window.__reserved = null;
  new PerformanceObserver(list => { for (const e of list.getEntries()) if (!e.hadRecentInput) window.__shift += e.value; })
    .observe({type: 'layout-shift', buffered: true});
  document.addEventListener('DOMContentLoaded', () => { window.__reserved = [...document.querySelectorAll('.dl-chart')]
    .map(c => c.getBoundingClientRect().height); });"""


AXE_ROWS = 40
"""Rows of each table axe-core checks: the rows after them repeat the same markup (a 750-row table took axe 7 s)."""


@functools.lru_cache(maxsize=1)
def _axe_source() -> str:
    return AXE.read_text(encoding="utf-8")


def _axe(page) -> list[str]:
    page.add_script_tag(content=_axe_source())
    found = page.evaluate(f"""async () => (await axe.run({{exclude: [['article table tbody tr:nth-child(n+{AXE_ROWS + 1})']]}},
            {{resultTypes: ['violations']}})).violations
        .filter(v => v.impact === 'serious' || v.impact === 'critical')
        .map(v => v.id + ' (' + v.nodes.length + '): ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', '))""")
    return found


@pytest.mark.parametrize("width", WIDTHS)
def test_every_page_reads_right_and_passes_axe(real_build, real_db, site_url, browser, width):
    paths = _paths_to_check(real_build, real_db)
    assert len(paths) >= 20
    shots = ROOT / "build" / "screenshots" / str(width)
    shutil.rmtree(shots, ignore_errors=True)
    shots.mkdir(parents=True)
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.add_init_script(WATCH_SHIFTS)  # chart boxes as first laid out, and every layout shift after
    problems: list[str] = []
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("request", lambda r: problems.append(f"external request: {r.url}")
            if not r.url.startswith(site_url) and not r.url.startswith("data:") else None)
    drawn = 0
    for path in paths:
        url = site_url + ("" if path == "." else path + "/")
        page.goto(url, wait_until="load")  # charts are waited for below; networkidle cost half a second a page
        charts = page.locator(".dl-chart")
        if charts.count():
            page.wait_for_function("() => [...document.querySelectorAll('.dl-chart')].every("
                                   "c => c.querySelector('svg, canvas'))", timeout=15000)
            page.wait_for_function("() => [...document.querySelectorAll('.dl-chart')].every(c => c.dataset.ready)",
                                   timeout=15000)
            page.wait_for_timeout(200)
            drawn += charts.count()
            # No layout shift as charts load: each box was reserved its drawn height before Vega ran.
            before = page.evaluate("window.__reserved")
            after = page.evaluate("[...document.querySelectorAll('.dl-chart')].map(c => c.getBoundingClientRect().height)")
            grown = [(i, round(b), round(a)) for i, (b, a) in enumerate(zip(before, after)) if a > b + 1]
            assert not grown, (url, "chart boxes grew after drawing (index, reserved, drawn)", grown)
            assert page.evaluate("window.__shift") < 0.01, (url, "cumulative layout shift", page.evaluate("window.__shift"))
        empty = page.evaluate("() => [...document.querySelectorAll('article table')].filter(t => !t.rows.length).length")
        assert not empty, (url, "empty table")
        height = min(SHOT_HEIGHT, page.evaluate("document.documentElement.scrollHeight"))
        page.screenshot(path=str(shots / ((path.replace("/", "_") if path != "." else "home") + ".png")), full_page=True,
                        clip={"x": 0, "y": 0, "width": width, "height": height})
        small = [(text, round(size, 1)) for text, size in page.evaluate(CHART_TEXT) if size < 10.95]
        assert not small, (url, "chart text under 11 px", small[:8])
        assert not page.evaluate(OVERLAPS), (url, "overlapping tick labels", page.evaluate(OVERLAPS)[:8])
        assert not page.evaluate(LABEL_OVERLAPS), (url, "overlapping point names", page.evaluate(LABEL_OVERLAPS)[:8])
        assert not page.evaluate(UNLINKED_SOURCES), (url, "a source cell without its link", page.evaluate(UNLINKED_SOURCES)[:5])
        assert not page.evaluate(HIDDEN_ANSWERS), (url, "answer columns out of view", page.evaluate(HIDDEN_ANSWERS))
        assert not page.evaluate(SCROLLING_BADLY), (url, "table wider than the column, not in a scroll box")
        assert page.evaluate(PAGE_SCROLL) <= 0, (url, "the page scrolls sideways by", page.evaluate(PAGE_SCROLL))
        assert not page.evaluate(SMALL_TEXT), (url, "text under 11 px", page.evaluate(SMALL_TEXT))
        assert not _axe(page), (url, _axe(page))
        assert not problems, (url, problems)
    assert drawn >= 10
    page.close()


def test_charts_have_real_descriptions_and_keyboard_data_tables(site_url, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    for path in ("", "benchmarks/", "energy/", "hardware/", "economics/"):
        page.goto(site_url + path, wait_until="networkidle")
        page.wait_for_function("() => [...document.querySelectorAll('.dl-chart')].every(c => c.querySelector('svg'))")
        for figure in page.locator(".dl-figure").all():
            label = figure.locator("svg").first.get_attribute("aria-label") or ""
            assert label and "Vega visualization" not in label and len(label) > 40, (path, label)
            assert figure.locator("figcaption").inner_text().strip()
            summary = figure.locator("details.dl-data summary")
            summary.focus()
            page.keyboard.press("Enter")
            assert figure.locator("details.dl-data table").is_visible(), path
    page.close()


def test_filter_box_hides_rows_and_headers_sort(site_url, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(site_url + "models/", wait_until="networkidle")
    table = page.locator("#models-table")
    rows = table.locator("tbody tr")
    total = rows.count()
    first_name = rows.first.locator("td").first.inner_text()
    page.locator(".dl-filter").first.fill(first_name)
    visible = table.locator("tbody tr:not([hidden])")
    assert 1 <= visible.count() < total
    assert all(first_name.lower() in r.inner_text().lower() for r in visible.all())
    page.locator(".dl-filter").first.fill("")
    assert table.locator("tbody tr:not([hidden])").count() == total
    # Sorting a numeric column: ascending, then descending, by the cells' sort values (blanks last on ascending).
    header = table.locator("th[data-type=number]").first
    index = header.evaluate("th => th.cellIndex")
    values = "(i) => [...document.querySelectorAll('#models-table tbody tr')].map(r => r.cells[i].dataset.sort)" \
             ".filter(v => v !== undefined).map(Number)"
    header.click()
    ascending = page.evaluate(values, index)
    assert len(ascending) > 2 and ascending == sorted(ascending)
    header.press("Enter")
    descending = page.evaluate(values, index)
    assert descending == sorted(descending, reverse=True)
    page.close()


def test_search_finds_a_model_and_lands_on_its_page(site_url, browser, real_db):
    name, model_id = real_db.execute("select name, model_id from models where model_id = 'qwen/qwen3-8b'").fetchone()
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(site_url, wait_until="networkidle")
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially(name, delay=30)
    page.locator(".md-search-result__item a").first.wait_for(timeout=15000)
    page.wait_for_timeout(300)
    # The model's own page is among the first three results (a distilled model named after it may rank level).
    hrefs = [a.get_attribute("href") or "" for a in page.locator(".md-search-result__item > a").all()[:3]]
    assert any(f"models/{model_id}/" in h for h in hrefs), hrefs
    page.locator(f".md-search-result__item > a[href*='models/{model_id}/']").first.click()
    page.wait_for_url(re.compile(re.escape(f"models/{model_id}/")))
    assert page.locator("h1").first.inner_text() == name
    page.close()


def test_home_answers_first_and_its_explorer_opens_model_pages(site_url, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    sizes: list[int] = []
    page.on("response", lambda r: sizes.append(len(r.body())) if r.ok else None)
    page.goto(site_url, wait_until="networkidle")
    verdict = page.locator(".dl-verdict")
    assert verdict.is_visible() and verdict.bounding_box()["y"] < 900  # the answer is on the first screen
    assert re.search(r"\d", verdict.inner_text())
    assert sum(sizes) < HOME_BUDGET, sum(sizes)
    explorer = page.locator("#fig-explorer")
    page.wait_for_function("() => document.querySelector('#fig-explorer svg')")
    legend = explorer.locator("svg g.role-legend").first.text_content()  # colour and shape, one legend
    for kind in ("Distilled", "Proprietary", "Vanilla"):
        assert kind in legend, (kind, legend)
    for control in ("Benchmark", "Organisation", "Type", "Access"):
        assert explorer.locator(f".vega-bind-name:text-is('{control}')").count() or control in explorer.inner_text(), control
    # A click on a point opens its model page.
    point = explorer.locator("svg g.mark-symbol.role-mark path").first
    point.scroll_into_view_if_needed()
    box = point.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_url(re.compile(r"/models/[^/]+/[^/]+/$"), timeout=10000)
    page.close()


def test_what_if_shows_its_result_as_numbers_and_a_visible_change(site_url, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(site_url + "hardware/", wait_until="networkidle")
    figure = page.locator("#fig-whatif-emissions")
    figure.locator("svg").first.wait_for()

    def state():
        return figure.locator("svg").first.text_content(), figure.locator("svg g.mark-symbol.role-mark path").evaluate_all(
            "els => els.map(e => e.getBoundingClientRect().right)")

    text_before, marks_before = state()
    assert re.search(r"\d", text_before)

    def set_slider(name, value):
        figure.locator(f"input[name={name}]").evaluate(
            f"(el) => {{ el.value = {value}; el.dispatchEvent(new Event('input', {{bubbles: true}})); }}")
        page.wait_for_timeout(300)

    set_slider("mfu", 0.05)  # ~7.6x the hours of the starting MFU
    text_after, marks_after = state()
    assert text_after != text_before  # the numbers change
    moved = max(abs(a - b) for a, b in zip(marks_after, marks_before))
    assert moved > 30, moved  # and the chart shows it
    set_slider("grid", 0)
    text_zero, marks_zero = state()
    assert len(marks_zero) == len(marks_after) and "NaN" not in text_zero  # grid 0 does not blank the chart
    page.close()


def test_site_search_shows_hostile_names_as_text(hostile_site, browser):
    """The search index holds contributed names; Material's search UI must show them, not run them."""
    with _serve(hostile_site) as url:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        dialogs: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto(url, wait_until="networkidle")
        box = page.locator("input.md-search__input")
        box.click()
        box.press_sequentially("onload", delay=50)  # a word of the hostile source title
        page.locator(".md-search-result__item").first.wait_for(timeout=15000)
        shown = page.locator(".md-search-result").inner_text()
        assert "<svg onload=alert('src')>" in shown  # the source's title, shown as text
        live = page.locator(".md-search-result").evaluate(
            "(el) => [...el.querySelectorAll('*')].filter(e => ['SCRIPT', 'IMG', 'IFRAME'].includes(e.tagName)"
            " || [...e.attributes].some(a => a.name.startsWith('on'))).map(e => e.outerHTML)")
        assert live == []
        page.wait_for_timeout(300)
        assert dialogs == []


def test_vega_is_loaded_only_by_pages_with_charts(site_url, browser):
    """The Vega bundle is most of a page's weight: a model page (no chart) must not fetch it; the home page must,
    Vega alone (its charts are compiled at build time), not the larger bundle with the Vega-Lite compiler."""
    for path, wanted in (("models/qwen/qwen3-8b/", False), ("", True)):
        page = browser.new_page()
        fetched: list[str] = []
        page.on("request", lambda r: fetched.append(r.url))
        page.goto(site_url + path, wait_until="networkidle")
        assert any(url.endswith("/assets/js/vega-bundle.js") for url in fetched) is wanted, (path, fetched)
        assert not any(url.endswith("/assets/js/vega-lite-bundle.js") for url in fetched), (path, fetched)
        page.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_explorer_names_points_without_collisions(site_url, browser, width):
    """The explorer names a readable subset of points (the frontier first), never two names on top of each other,
    whatever is chosen; names are at least 11 px."""
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(site_url, wait_until="networkidle")
    page.wait_for_function("() => document.querySelector('#fig-explorer .dl-chart').dataset.ready")
    select = page.locator("#fig-explorer select").first  # the benchmark (or release date) on the y axis
    options = select.locator("option").all_inner_texts()
    for choice in [options[0], options[len(options) // 2], "Release date"]:
        select.select_option(label=choice)
        page.wait_for_timeout(300)
        assert not page.evaluate(LABEL_OVERLAPS), (choice, page.evaluate(LABEL_OVERLAPS)[:5])
        named = page.evaluate("""() => [...document.querySelectorAll('#fig-explorer g.point_labels text')]
            .filter(t => t.textContent.trim() && parseFloat(t.getAttribute('opacity') ?? '1') > 0)
            .map(t => parseFloat(getComputedStyle(t).fontSize) * Math.hypot(t.getScreenCTM().a, t.getScreenCTM().b))""")
        points = page.locator("#fig-explorer svg g.mark-symbol.role-mark path").count()
        assert len(named) >= min(3, points), (choice, points, named)
        assert min(named) >= 10.95, (choice, named)
    page.close()


def test_every_figure_is_one_click_from_its_source(site_url, browser):
    """The verdict's numbers link to the pages whose rows cite them; chart tooltips name the source; a click on a
    point with no page of its own (an energy run) opens the source document."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(site_url, wait_until="networkidle")
    numbers = page.locator(".dl-verdict a").evaluate_all(
        "els => els.filter(a => /\\d/.test(a.textContent)).map(a => [a.textContent, a.href])")
    assert len(numbers) >= 8, numbers  # every ratio, score difference and energy figure
    for text, href in numbers:
        page.goto(href, wait_until="domcontentloaded")
        cited = page.locator("article a[href^='https://']").count()
        assert cited, (text, href, "the page a verdict number links to cites no source")
    # Tooltips name the source: hover a point of the explorer.
    page.goto(site_url, wait_until="networkidle")
    page.wait_for_function("() => document.querySelector('#fig-explorer .dl-chart').dataset.ready")
    point = page.locator("#fig-explorer svg g.mark-symbol.role-mark path").first
    point.scroll_into_view_if_needed()
    point.hover()
    tip = page.locator(".dl-tooltip")
    tip.wait_for(state="visible", timeout=5000)
    assert "Source" in tip.inner_text(), tip.inner_text()
    # An energy run has no page: its point opens the paper that measured it (the request is stopped here).
    opened: list[str] = []
    page.route(re.compile(r"^https://"), lambda route: (opened.append(route.request.url), route.abort()))
    page.goto(site_url + "energy/", wait_until="networkidle")
    page.wait_for_function("() => [...document.querySelectorAll('.dl-chart')].every(c => c.dataset.ready)")
    dot = page.locator("#fig-energy-frontier-energy-2026 svg g.mark-symbol.role-mark path").first
    dot.scroll_into_view_if_needed()
    dot.hover()
    assert "Measured by" in page.locator(".dl-tooltip").inner_text()
    dot.click()
    page.wait_for_timeout(500)
    assert opened and opened[0].startswith("https://"), opened
    page.close()


def test_economics_calculator_starts_at_the_worked_example_and_moves_with_its_inputs(site_url, browser):
    """The economics page's break-even is computed in the browser from the build's own JSON: its defaults are the
    economics post's worked example read from the records, and every input moves the result."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    fetched = []
    page.on("request", lambda r: fetched.append(r.url))
    page.goto(site_url + "economics/", wait_until="networkidle")
    page.wait_for_selector("#dl-econ[data-ready]")
    assert page.locator("#econ-ref-month").text_content() == "$3,250"  # 1M calls x (500 x $2.50 + 200 x $10) / 1M
    assert page.locator("#econ-cand-month").text_content() == "$195"  # 'under $200' on GPT-4o mini
    before = page.locator("#econ-result").text_content()
    assert "8.5 weeks" in before, before  # the same as break_even_under() for that pair and date

    def change(selector, value):
        page.fill(selector, value)
        page.dispatch_event(selector, "input")
        return page.locator("#econ-result").text_content()

    ten_times = change("#econ-volume", "10000000")
    assert "$32,500 a month" in ten_times and "0.9 weeks" in ten_times, ten_times
    assert change("#econ-out", "2000") != ten_times  # tokens per query move it
    assert "No price" in change("#econ-date", "2020-01-01") or "No price" in page.locator("#econ-status").text_content()
    assert all(u.startswith(site_url) for u in fetched), [u for u in fetched if not u.startswith(site_url)]
    page.close()
