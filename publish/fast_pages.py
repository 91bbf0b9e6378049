"""A MkDocs plugin, added only by our own build (mkdocs.yml stays plain), that renders generated pages fast.

The thousands of generated pages outside the navigation (one per model) cost plain MkDocs + Material three
things per page that give the same answer every time: Python-Markdown re-parsing raw HTML it passes through
unchanged, Material's search parser walking tables whose sections are all excluded from search, and Material's
Jinja templates rendering the same navigation around a different title, table of contents and content. Here:

- Markdown: publish/fast_markdown.py converts the page when it is the plain subset our generators write.
- Search: the search plugin is shown only the part of the page before its first excluded section when every
  later heading is excluded too (the entries are the same; the rest of the page cannot add one).
- Template: for each group of pages that share a URL shape, front-matter keys and table-of-contents length, the
  theme's own template is rendered once with marker strings for the title, the table of contents and the
  content, and each page is that output with its own values put in place.

- Two cores: the navigation pages to render (the large tables and charts pages) are shared with a forked
  process, which renders its share through MkDocs' own page code (Python-Markdown, the search parser) while this
  process renders the rest; its pages' HTML, tables of contents, anchors, warnings and search entries come back
  before any page is written (on_env), exactly what this process would have made.

Every shortcut is checked against the real thing: the first page of each group and every VERIFY_EVERY-th page
are also rendered the ordinary way and compared; any difference raises FastPathMismatch and the caller rebuilds
the site without this plugin. The output is the same bytes either way (tests/test_site_speed.py builds both)."""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
from pathlib import Path

from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from pipeline.background import InThread
from pipeline.timings import step

from .fast_markdown import to_html
from .search_figures import tags_read

log = logging.getLogger("mkdocs.plugins.distill_ledger")

VERIFY_EVERY = 97
"""Every n-th fast page is also rendered the ordinary way and compared (a prime, so no pattern in the order of
pages hides from it). The first page of every group is always compared."""

ASIDE_SHARE = 0.4
"""The part of the navigation pages' work (counted in tags) the forked process takes: it converts its pages and makes
their search entries; this process converts its own, then makes their search entries while it waits for the forked
one. Measured again once generated tables stopped going through Python-Markdown's HTML parser (publish/raw_blocks.py):
0.5 and 0.6 were no faster on a model-name edit (one page, the benchmarks page, is a third of the work)."""

PRERENDERED = "dl-prerendered.html"
_SAFE = re.compile(r"^[A-Za-z0-9.,()+_/-]+(?: [A-Za-z0-9.,()+_/-]+)*$")  # text no template filter changes
_SEARCH_ATTR = re.compile(r"\s?data-search-\w+=\"[^\"]+\"")  # what Material's search strips after indexing
_EXCLUDED_HEADING = re.compile(r"\n<h[2-6] data-search-exclude id=\"")
_ANY_HEADING = re.compile(r"<h[1-6][\s>]")


class FastPathMismatch(Exception):
    """A shortcut gave a different result from MkDocs itself: build again without the plugin."""


class FastPages(BasePlugin):
    def __init__(self, previous: tuple[Path, Path] | None = None, move_whole: bool = False) -> None:
        """`previous`: (docs, public) of the last build, whose pages are reused where the Markdown is byte-identical
        (the caller passes it only when everything else a page depends on is unchanged: publish/incremental.py).
        `move_whole`: the caller will move the previous site's folders named in `self.moved` into the new one
        when it replaces the site (instead of this plugin linking each reused page: `_whole_folders`)."""
        super().__init__()
        self.previous = previous
        self.move_whole = move_whole
        self.moved: list[str] = []  # folders of the site (relative) to move from the previous site into this one
        self.previous_entries: dict[str, list] | None = None
        self.reused: dict[str, str] = {}  # src_uri -> the previous build's HTML of the page (its path)
        self.search_meta: dict[str, object] = {}
        self.in_nav: set[str] = set()
        self.fast: dict[str, tuple] = {}  # src_uri -> (content, toc tokens) converted without Python-Markdown
        self.count = 0
        self.groups: dict[tuple, list | None] = {}  # group key -> template parts, or None: render normally
        self.tails: dict[str, str] = {}  # src_uri -> the part of the content hidden from the search parser
        self.env = None
        self.search = None  # Material's search plugin, when configured
        self.stats = {"markdown": 0, "template": 0, "search": 0, "verified": 0, "reused": 0, "rendered_aside": 0}
        self.aside: set[str] = set()  # src_uri of the navigation pages a forked process renders (on_nav)
        self.aside_job = None
        self.aside_entries: dict[str, list] = {}  # src_uri -> search entries made before the page is written
        self.linking: InThread | None = None
        self.copying: InThread | None = None  # the static files, linked or copied into the site (on_env)

    # ------------------------------------------------------------------ which pages

    def on_files(self, files, *, config):
        """Static files are hard-linked into the site rather than copied (MkDocs copies every one on every build): the
        same bytes. Those the build made (the downloads: database, Parquet, CSV; our assets and schemas) are linked
        from the build's folder, which is replaced whole, never edited in place. The theme's own (Material's scripts,
        styles and search languages) are linked from the previous site when there is one to reuse: that is passed
        only when the code fingerprint, which names the theme's version, is unchanged (publish/incremental.py), and
        the previous site's copy is then the same bytes; otherwise they are copied from the theme."""
        made: set[str] = set()  # the site's folders made by this build's links, each made once
        for file in files:
            if file.is_documentation_page():
                continue
            if file.src_dir == config.docs_dir:  # MkDocs makes each file it finds in docs/ with that src_dir
                file.copy_file = _linker(file, None, made)
            elif self.previous is not None:
                file.copy_file = _linker(file, Path(self.previous[1]) / file.dest_uri, made)
        return files

    def on_nav(self, nav, *, config, files):
        self.in_nav = {page.file.src_uri for page in nav.pages}
        self._render_aside(nav, config, files)
        return nav

    # ------------------------------------------------------------------ navigation pages on the other core

    def _render_aside(self, nav, config, files) -> None:
        """Fork a process that renders part of the navigation pages this build must render (not reused): the
        heaviest first (by their count of tags outside chart figures and data tables, what the search parser pays for:
        publish/search_figures.py; Python-Markdown passes generated tables and charts through: raw_blocks.py)
        until it holds ASIDE_SHARE of their work."""
        from pipeline.forking import Forked, fork_is_safe

        todo = [page for page in nav.pages if not self._reuse(page, config)]
        if len(todo) < 2 or not fork_is_safe():
            return
        weight = {}
        for page in todo:
            try:
                weight[page.file.src_uri] = tags_read(Path(page.file.abs_src_path).read_text(encoding="utf-8")) + 1
            except (OSError, UnicodeDecodeError):
                return
        share, taken, chosen = sum(weight.values()) * ASIDE_SHARE, 0, set()
        for page in sorted(todo, key=lambda p: -weight[p.file.src_uri]):
            if taken + weight[page.file.src_uri] > share and chosen:
                continue
            chosen.add(page.file.src_uri)
            taken += weight[page.file.src_uri]
        self.aside_job = Forked(_render_pages, [p for p in todo if p.file.src_uri in chosen], config, files,
                                self.search)
        self.aside = chosen  # after the fork: the forked process renders these pages itself

    def _index_own_pages(self, files) -> None:
        """The search entries of the navigation pages this process rendered, made now, as Material's plugin would
        make them when each page is written (from the same content, table of contents, URL and front matter, none
        of which changes until then): this process would otherwise wait for the forked one with a core idle."""
        if self.search is None:
            return
        for file in files.documentation_pages():
            uri, page = file.src_uri, file.page
            if uri not in self.in_nav or uri in self.aside or uri in self.reused or page is None or page.content is None:
                continue
            index = type(self.search.search_index)(**self.search.search_index.config)
            index.add_entry_from_context(page)
            self.aside_entries[uri] = index.entries

    def _collect_aside(self, files) -> None:
        """The forked process's pages put in place, and its warnings logged here (strict mode counts them)."""
        job, self.aside_job = self.aside_job, None
        if job is None:
            return
        try:
            with step("site: wait for the pages rendered aside"):
                rendered, records = job.result()
        except Exception as exc:  # noqa: BLE001 - rendered the ordinary way instead
            raise FastPathMismatch(f"pages rendered aside: {type(exc).__name__}: {exc}") from None
        for name, level, message in records:
            logging.getLogger(name).log(level, message)
        pages = {file.src_uri: file.page for file in files.documentation_pages()}
        for uri, values in rendered.items():
            page = pages[uri]
            page.content, page.toc, page._title_from_render = values["content"], values["toc"], values["title"]
            page.present_anchor_ids = values["anchors"]
            page.links_to_anchors = None if values["links"] is None else {
                files.get_file_from_path(target): links for target, links in values["links"].items()}
            self.aside_entries[uri] = values["entries"]
            self.stats["rendered_aside"] += 1

    def _eligible(self, page: Page) -> bool:
        return page.file.src_uri not in self.in_nav

    # ------------------------------------------------------------------ Markdown

    def _reuse(self, page: Page, config) -> bool:
        """The previous build's HTML and search entries for a page whose Markdown file is byte-identical."""
        if self.previous is None:
            return False
        docs, public = self.previous
        # Paths as text, not pathlib: this runs for every page of the site (thousands) on every rebuild.
        old_md, old_html = os.path.join(docs, page.file.src_uri), os.path.join(public, page.file.dest_uri)
        new_md = os.path.join(config.docs_dir, page.file.src_uri)
        try:
            # A page the generator reused is a hard link to the previous build's file: the same bytes, not read.
            if not os.path.isfile(old_html) or not (os.path.samefile(old_md, new_md) or _bytes(old_md) == _bytes(new_md)):
                return False
        except OSError:
            return False
        if self.previous_entries is None:
            self.previous_entries = {}
            try:
                index = json.loads((public / "search" / "search_index.json").read_text(encoding="utf-8"))
            except (OSError, ValueError):
                self.previous = None  # no previous index: nothing can be reused
                return False
            for entry in index.get("docs", []):
                self.previous_entries.setdefault(entry["location"].split("#", 1)[0], []).append(entry)
        self.reused[page.file.src_uri] = old_html
        return True

    def on_page_read_source(self, *, page, config):
        """A reused page outside the navigation is not read (nor its front matter parsed): its previous HTML and
        search entries, and its URL (for the sitemap), are all of it the build uses. A page in the navigation is
        read: its title is in every page's navigation."""
        if page.file.src_uri not in self.in_nav and self._reuse(page, config):
            return ""
        return None

    def on_page_markdown(self, markdown, *, page, config, files):
        if page.file.src_uri in self.aside:
            def render(config, files, page=page):  # the forked process's HTML is put in place at on_env
                page.content = ""

            page.render = render
            return markdown
        if page.file.src_uri in self.reused or self._reuse(page, config):
            def render(config, files, page=page):
                page.content, page.toc, page.present_anchor_ids = "", get_toc([]), set()
                page.links_to_anchors = {}

            page.render = render
            page.meta["template"] = PRERENDERED
            self.stats["reused"] += 1
            return markdown
        if not self._eligible(page):
            return markdown
        converted = to_html(markdown)
        if converted is None:
            return markdown
        self.count += 1
        verify = self.count == 1 or self.count % VERIFY_EVERY == 0
        html, toc, ids = converted

        def render(config, files, page=page):
            if verify:
                Page.render(page, config, files)
                real = (page.content, [(t.title, t.url, t.level) for t in page.toc], page.present_anchor_ids,
                        page._title_from_render)
                mine = get_toc(toc)
                if real != (html, [(t.title, t.url, t.level) for t in mine], ids, None):
                    raise FastPathMismatch(f"Markdown of {page.file.src_uri}")
                self.stats["verified"] += 1
            # The HTML is made again when the page is written (on_page_context): holding every page's HTML from
            # reading to writing is most of the memory of a build with tens of thousands of pages.
            page.content, page.toc, page.present_anchor_ids = "", get_toc(toc), set(ids)
            page._title_from_render = None
            page.links_to_anchors = {}  # raw HTML links are never rewritten or checked by MkDocs
            if "title" in page.meta:  # (else MkDocs may look for the title in the Markdown; None means "not read")
                page.markdown = ""

        page.render = render
        self.fast[page.file.src_uri] = (None, None, verify)
        self.stats["markdown"] += 1
        page.meta["template"] = PRERENDERED  # the template is rendered here (on_page_context), not by MkDocs
        return markdown

    # ------------------------------------------------------------------ search

    def on_config(self, config):
        self.search = next((p for p in config.plugins.values() if hasattr(p, "search_index")), None)
        return config

    @event_priority(50)  # before Material's search plugin (priority 0)
    def _before_search(self, context, *, page, config, nav):
        uri = page.file.src_uri
        if uri in self.reused or uri in self.aside_entries:
            entries = self.aside_entries.get(uri) if uri in self.aside_entries else self.previous_entries.get(page.url, [])
            if self.search is not None and not (page.meta.get("search") or {}).get("exclude"):
                self.search.search_index.entries.extend(entries)
            self.search_meta[uri] = page.meta.get("search")
            page.meta["search"] = {"exclude": True}  # its entries are in: the search plugin skips the page
            return context
        if uri in self.fast:
            markdown = page.markdown or _read_markdown(page, config)
            page.content = to_html(markdown)[0]
        if self.search is not None and uri in self.fast and not (page.meta.get("search") or {}).get("exclude"):
            cut = _EXCLUDED_HEADING.search(page.content)
            if cut and all(_EXCLUDED_HEADING.match(page.content, m.start() - 1)
                           for m in _ANY_HEADING.finditer(page.content, cut.start() + 1)):
                head, tail = page.content[:cut.start()], page.content[cut.start():]
                if self.fast[uri][2]:
                    self._verify_search(page, head)
                page.content = head
                self.tails[uri] = tail
                self.stats["search"] += 1
        return context

    def _verify_search(self, page: Page, head: str) -> None:
        if self.search is None:
            return
        full, short = (type(self.search.search_index)(**self.search.search_index.config) for _ in range(2))
        full.add_entry_from_context(page)
        content = page.content
        page.content = head
        try:
            short.add_entry_from_context(page)
        finally:
            page.content = content
        if full.entries != short.entries:
            raise FastPathMismatch(f"search entries of {page.file.src_uri}")

    # ------------------------------------------------------------------ template

    def on_env(self, env, *, config, files):
        import jinja2

        env.loader = jinja2.ChoiceLoader([jinja2.DictLoader({PRERENDERED: "{{ dl_prerendered }}"}), env.loader])
        self.env = env
        if self.aside_job is not None:  # while the forked process finishes its share of the pages
            self._index_own_pages(files)
        self._collect_aside(files)  # every page is read and rendered by now; none is written yet
        # The reused pages' previous HTML linked into place by a thread while this one renders the others (a
        # directory and a link per page: system calls, which let the renderer run meanwhile).
        if self.move_whole and self.previous is not None:
            self.moved = _whole_folders(files, set(self.reused), self.previous[1])
        inside = tuple(folder + "/" for folder in self.moved)
        targets = [(self.reused[file.src_uri], Path(file.abs_dest_path)) for file in files.documentation_pages()
                   if file.src_uri in self.reused and not file.dest_uri.startswith(inside)]
        self.linking = _linking(targets)
        # The static files too (MkDocs copies them next, before it writes the pages, one after the other): in a thread
        # of their own while the pages are written. Nothing MkDocs does reads them; each is a link or copy of its own.
        copies = []
        for file in files:
            if not file.is_documentation_page() and file.inclusion.is_included():
                copies.append(file.copy_file)
                file.copy_file = _copied_in_the_background
        self.copying = InThread(lambda: [copy() for copy in copies], name="static files", daemon=True)
        return env

    def on_post_build(self, *, config):
        if self.linking is not None:
            with step("site: wait for the reused pages' links"):
                self.linking.result()
        if self.copying is not None:
            self.copying.result()

    @event_priority(-50)  # after the search plugin
    def _after_search(self, context, *, page, config, nav):
        """Put the content's tail back (as the search plugin would have left it), then render the page."""
        uri = page.file.src_uri
        if uri in self.reused or uri in self.aside_entries:
            search = self.search_meta.pop(uri)
            if search is None:
                del page.meta["search"]
            else:
                page.meta["search"] = search
        if uri in self.aside_entries:  # rendered by MkDocs' own code: its template is rendered as usual
            del self.aside_entries[uri]
        elif uri in self.reused:
            del page.meta["template"]
            # The previous HTML is linked into place (on_env), not read and written again: the template then renders
            # nothing, and MkDocs writes no file for an empty page.
            del self.reused[uri]
            context["dl_prerendered"] = ""
            return context
        if uri in self.tails:
            page.content = page.content + _SEARCH_ATTR.sub("", self.tails.pop(uri))
        if page.meta.get("template") != PRERENDERED:
            return context
        del page.meta["template"]
        context["dl_prerendered"] = self._render(context, page)
        return context

    on_page_context = CombinedEvent(_before_search, _after_search)

    def on_post_page(self, output, *, page, config):
        """Written pages keep nothing large: MkDocs holds every Page until the end of the build."""
        if page.file.src_uri in self.fast or page.file.src_uri not in self.in_nav:
            page.content = None
        return output

    def _render(self, context, page: Page) -> str:
        template = self.env.get_template("main.html")
        toc = list(page.toc)
        simple = _SAFE.match(page.title or "") and all(
            not t.children and _SAFE.match(t.title) and re.fullmatch(r"#[a-z0-9_-]+", t.url) for t in toc)
        if not simple:
            return template.render(context)
        key = (page.url.count("/"), page.url.split("/", 1)[0], tuple(sorted(k for k in page.meta if k != "title")),
               len(toc), "<h1" in page.content)
        if key not in self.groups:
            real = template.render(context)
            parts = _skeleton(template, context, page, len(toc))
            self.groups[key] = parts if parts is not None and _fill(parts, page) == real else None
            self.stats["verified"] += 1
            return real
        parts = self.groups[key]
        if parts is None:
            return template.render(context)
        filled = _fill(parts, page)
        if self.fast.get(page.file.src_uri, (None, None, False))[2]:
            if filled != template.render(context):
                raise FastPathMismatch(f"template of {page.file.src_uri}")
            self.stats["verified"] += 1
        self.stats["template"] += 1
        return filled


_PLAIN_PLUGINS = frozenset({"search", "material/search"})
"""Plugins whose only work on a reused page outside the navigation is what reused_pages_pass_through does itself
(Material's search: the page's entries, which are its previous ones). With any other plugin configured, every page
goes through MkDocs' own per-page steps and every plugin's page events."""


@contextlib.contextmanager
def reused_pages_pass_through(fast: FastPages):
    """MkDocs' two per-page steps (reading and rendering the Markdown; filling and writing the template) for the
    reused pages outside the navigation: only what those steps leave of such a page, without the plugin events,
    the template context and the empty template. What they leave: no Markdown, front matter, content, table of
    contents or anchors (this plugin gives the page no source and renders it as nothing), its previous search
    entries added to the index in the page's turn, and no file written (its previous HTML is linked or moved into
    place). The thousands of reused model pages cost the steps about 0.05 s of every small rebuild; any other page,
    or any other plugin configured, goes through MkDocs' own steps (tests/test_site_speed.py compares the sites)."""
    from mkdocs.commands import build as mkdocs_build

    populate, build_page = mkdocs_build._populate_page, mkdocs_build._build_page
    skipped: set[str] = set()

    def plain(config) -> bool:
        return set(config.plugins) <= _PLAIN_PLUGINS | {fast_key for fast_key, plugin in config.plugins.items()
                                                        if plugin is fast}

    def populate_page(page, config, files, dirty=False):
        uri = page.file.src_uri
        if dirty or uri in fast.in_nav or not plain(config) or not fast._reuse(page, config):
            return populate(page, config, files, dirty)
        page.markdown, page.meta = "", {}
        page.content, page.toc, page.present_anchor_ids, page.links_to_anchors = "", get_toc([]), set(), {}
        fast.stats["reused"] += 1
        skipped.add(uri)

    def build_one(page, config, doc_files, nav, env, dirty=False, excluded=False):
        uri = page.file.src_uri
        if uri not in skipped or dirty or excluded:
            return build_page(page, config, doc_files, nav, env, dirty, excluded)
        if fast.search is not None:
            fast.search.search_index.entries.extend(fast.previous_entries.get(page.url, []))
        del fast.reused[uri]
        page.content = None

    mkdocs_build._populate_page, mkdocs_build._build_page = populate_page, build_one
    try:
        yield
    finally:
        mkdocs_build._populate_page, mkdocs_build._build_page = populate, build_page


@contextlib.contextmanager
def reused_theme_templates(previous_public: Path | None, same_pages: bool):
    """The previous site's 404 page and sitemap linked into the new one instead of rendered again, where they are
    the same bytes: the caller passes the previous site only when the layout (code, configuration, theme, catalogue
    date) is unchanged, and the navigation is all in mkdocs.yml (every entry titled there), so the 404 page, which
    shows no page but the navigation, is a function of the layout alone; the sitemap (and its gzipped copy, dated
    by the catalogue) lists every page, so it is reused only when the pages are the same (`same_pages`). Rendering
    the two was about 10 ms of every small rebuild. A file missing from the previous site is rendered as usual."""
    from mkdocs.commands import build as mkdocs_build

    original = mkdocs_build._build_theme_template

    def build_theme_template(template_name, env, files, config, nav):
        outputs = {"404.html": ["404.html"], "sitemap.xml": ["sitemap.xml", "sitemap.xml.gz"] if same_pages else []}
        names = outputs.get(template_name) if previous_public is not None and _titled_navigation(config) else None
        if names and all(os.path.isfile(os.path.join(previous_public, name)) for name in names):
            for name in names:
                _link(os.path.join(previous_public, name), Path(config.site_dir) / name)
            return None
        return original(template_name, env, files, config, nav)

    mkdocs_build._build_theme_template = build_theme_template
    try:
        yield
    finally:
        mkdocs_build._build_theme_template = original


def _titled_navigation(config) -> bool:
    """Every entry of mkdocs.yml's navigation has its title there (no page's title comes from the page itself)."""
    def titled(items) -> bool:
        return isinstance(items, list) and all(
            isinstance(item, dict) and len(item) == 1 and all(
                isinstance(value, str) or titled(value) for value in item.values()) for item in items)
    return titled(config.nav)


def _render_pages(pages: list[Page], config, files, search) -> tuple[dict, list]:
    """In the forked process: each page read and rendered by MkDocs' own code, as the build would, and its search
    entries as Material's plugin would make them; with the warnings logged meanwhile, to be logged again by the
    build (strict mode counts them there)."""
    from mkdocs.commands.build import _populate_page

    class Keep(logging.Handler):
        def __init__(self) -> None:
            super().__init__(logging.WARNING)
            self.records: list[tuple[str, int, str]] = []

        def emit(self, record: logging.LogRecord) -> None:
            self.records.append((record.name, record.levelno, record.getMessage()))

    keep = Keep()
    logger = logging.getLogger("mkdocs")
    for handler in list(logger.handlers):  # logged once, by the build, not by this process as well
        logger.removeHandler(handler)
    logger.addHandler(keep)
    out = {}
    for page in pages:
        _populate_page(page, config, files)
        entries = []
        if search is not None and not (page.meta.get("search") or {}).get("exclude"):
            index = type(search.search_index)(**search.search_index.config)
            index.add_entry_from_context(page)
            entries = index.entries
        out[page.file.src_uri] = {
            "content": page.content, "toc": page.toc, "title": page._title_from_render,
            "anchors": page.present_anchor_ids, "entries": entries,
            "links": None if page.links_to_anchors is None else {
                target.src_uri: links for target, links in page.links_to_anchors.items()}}
    return out, keep.records


def _read_markdown(page: Page, config) -> str:
    """The page's Markdown without its front matter, as MkDocs read it (read again: it was not kept)."""
    from mkdocs.utils import meta

    return meta.get_data(page.file.content_string)[0]


def _copied_in_the_background(dirty: bool = False) -> None:
    """A static file's copy_file once FastPages.on_env has handed the real one to its thread."""


def _linking(pairs: list[tuple[Path, Path]]) -> InThread:
    """_link() for each (source, target), in a thread; result() waits and raises what it raised."""
    return InThread(lambda: [_link(source, target) for source, target in pairs], name="page links", daemon=True)


def _whole_folders(files, reused: set[str], previous_public: Path) -> list[str]:
    """The largest folders of the site every file of which is a reused page, holding exactly the same files in the
    previous site: moved whole into the new site when it replaces the old (a rename), not linked page by page into
    it and then deleted with the old site (two file-system operations per page and per folder, most of a small
    rebuild's file-system time). Never the site's root."""
    under_new: dict[str, int] = {}  # folder -> files the new site puts under it
    under_reused: dict[str, int] = {}  # folder -> of which reused pages
    for file in files:
        parts = file.dest_uri.split("/")[:-1]
        is_reused = file.src_uri in reused and file.is_documentation_page()
        for depth in range(1, len(parts) + 1):
            folder = "/".join(parts[:depth])
            under_new[folder] = under_new.get(folder, 0) + 1
            if is_reused:
                under_reused[folder] = under_reused.get(folder, 0) + 1
    chosen: list[str] = []
    taken: set[str] = set()
    for folder in sorted(under_reused, key=lambda f: (f.count("/"), f)):  # outermost first
        parts = folder.split("/")
        if under_reused[folder] != under_new[folder] or any("/".join(parts[:d]) in taken for d in range(1, len(parts))):
            continue
        if _files_under(previous_public / folder) == under_new[folder]:
            chosen.append(folder)
            taken.add(folder)
    return chosen


def _files_under(folder: Path) -> int:
    """How many files (of any kind but folders) are under `folder`; -1 if it cannot be read or holds a link to a
    folder. (What each entry is comes with the folder's listing: no system call per entry, as os.walk's link test
    makes.)"""
    count = 0
    stack = [os.fspath(folder)]
    try:
        while stack:
            with os.scandir(stack.pop()) as entries:
                for entry in entries:
                    if entry.is_dir(follow_symlinks=False):
                        stack.append(entry.path)
                    elif entry.is_symlink() and entry.is_dir():
                        return -1
                    else:
                        count += 1
    except OSError:
        return -1
    return count


def _link(source: str, target: Path) -> None:
    import shutil

    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def _linker(file, earlier: Path | None = None, made: set[str] | None = None):
    """A copy_file for `file` that hard-links `earlier` (the previous site's copy of it) into the site, or its source
    where that cannot be linked (not there, not a file); a copy where the file system allows no link. `made`: the
    folders already made for the site's files (a folder is made once; a link tried rather than a file tested first:
    about one system call a file instead of five)."""
    def copy_file(dirty: bool = False) -> None:
        import shutil

        target = file.abs_dest_path
        folder = os.path.dirname(target)
        if made is None or folder not in made:
            os.makedirs(folder, exist_ok=True)
            if made is not None:
                made.add(folder)
        for source in ([os.fspath(earlier)] if earlier is not None else []) + [file.abs_src_path]:
            try:
                _link_over(source, target)
                return
            except OSError:
                continue
        shutil.copyfile(file.abs_src_path, target)
    return copy_file


def _bytes(path: str) -> bytes:
    with open(path, "rb") as fh:
        return fh.read()


def _link_over(source: str, target: str) -> None:
    """A hard link of `source` at `target`, in place of any file there."""
    try:
        os.link(source, target)
    except FileExistsError:
        os.unlink(target)
        os.link(source, target)


_MARK = re.compile("\x00dl([a-z])([0-9]*)\x00")


def _skeleton(template, context, page: Page, n_toc: int) -> list | None:
    """The template's output for this page with markers in place of its title, table of contents and content,
    split at the markers (None if the content marker does not appear exactly once)."""
    saved = page.content, page.toc, page.meta
    # The theme adds the title as a heading when the content has none (it tests for "<h1"): the marker does too.
    h1 = "<h1" in page.content
    page.content = "\x00dlc\x00" + ("<h1\x00dlz\x00" if h1 else "")
    page.meta = {**page.meta, "title": "\x00dlt\x00"}
    page.toc = get_toc([{"level": list(saved[1])[0].level if n_toc else 2, "id": f"\x00dli{i}\x00",
                         "name": f"\x00dln{i}\x00", "children": []} for i in range(n_toc)])
    try:
        out = template.render(context)
    finally:
        page.content, page.toc, page.meta = saved
    if h1:
        out = out.replace("\x00dlc\x00<h1\x00dlz\x00", "\x00dlc\x00")
    parts: list = []
    pos = 0
    for m in _MARK.finditer(out):
        parts += [out[pos:m.start()], (m.group(1), int(m.group(2) or 0))]
        pos = m.end()
    parts.append(out[pos:])
    if parts.count(("c", 0)) != 1 or ("z", 0) in parts:
        return None
    return parts


def _fill(parts: list, page: Page) -> str:
    toc = list(page.toc)
    values = {"c": lambda i: page.content, "t": lambda i: page.title,
              "n": lambda i: toc[i].title, "i": lambda i: toc[i].url[1:]}
    return "".join(p if isinstance(p, str) else values[p[0]](p[1]) for p in parts)
