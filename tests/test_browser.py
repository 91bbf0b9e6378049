"""Every page of the built site in headless Chromium: no console errors, every chart drawn, tables
with rows, nothing fetched from anywhere but the site itself. Screenshots land in build/screenshots/."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import threading

import pytest
from conftest import ROOT

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]


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


def test_every_page_loads_cleanly_and_draws_its_charts(real_build, site_url, browser):
    public = real_build / "public"
    paths = sorted(p.relative_to(public).parent.as_posix() for p in public.rglob("index.html"))
    assert len(paths) >= 30
    shots = ROOT / "build" / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    problems: list[str] = []
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("request", lambda r: problems.append(f"external request: {r.url}")
            if not r.url.startswith(site_url) and not r.url.startswith("data:") else None)
    drawn = 0
    for path in paths:
        url = site_url + ("" if path == "." else path + "/")
        page.goto(url, wait_until="networkidle")
        charts = page.locator(".dl-chart")
        if charts.count():
            page.wait_for_function("() => [...document.querySelectorAll('.dl-chart')].every("
                                   "c => c.querySelector('svg, canvas'))", timeout=15000)
            drawn += charts.count()
        for table in page.locator("article table").all():
            assert table.locator("tbody tr, tr").count() > 0, (url, "empty table")
        name = {".": "home", "models/qwen/qwen3-8b": "model", "energy": "energy"}.get(path)
        if name:
            page.screenshot(path=str(shots / f"{name}.png"), full_page=True)
        assert not problems, (url, problems)
    assert drawn >= 10


def test_what_if_sliders_recompute_in_the_browser(site_url, browser):
    page = browser.new_page()
    page.goto(site_url, wait_until="networkidle")
    page.wait_for_selector("#fig-whatif-emissions svg")
    before = page.locator("#fig-whatif-emissions svg").inner_html()
    slider = page.locator("#fig-whatif-emissions input[type=range]").first
    slider.evaluate("(el) => { el.value = 0.2; el.dispatchEvent(new Event('input', {bubbles: true})); }")
    page.wait_for_timeout(300)
    assert page.locator("#fig-whatif-emissions svg").inner_html() != before


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
    """The Vega bundle is most of a page's weight: a model page (no chart) must not fetch it; the home page must."""
    for path, wanted in (("models/qwen/qwen3-8b/", False), ("", True)):
        page = browser.new_page()
        fetched: list[str] = []
        page.on("request", lambda r: fetched.append(r.url))
        page.goto(site_url + path, wait_until="networkidle")
        assert any(url.endswith("/assets/js/vega-bundle.js") for url in fetched) is wanted, (path, fetched)
        page.close()
