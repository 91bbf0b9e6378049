"""Material's search parser, spared the inside of our chart figures and data tables, used while we run MkDocs.

A chart on a page is a `<figure class="dl-figure" … data-search-exclude="1">` holding the chart's Vega spec and its
data table (publish/figures.py); a generated table is a `<div class="dl-table" data-search-exclude="1">` holding a
`<table class="dl-sortable" data-sortable>` (publish/tables.py). On a page of charts and tables they are most of the
HTML the search parser reads, all of it left out of the index, and Material's parser still walks every tag in them.
Here the parser is fed a page in pieces and goes from such a figure's start tag straight to its end tag, or from such
a table's start tag to its end tag, when that cannot change what it makes:

- the parser has just read the figure's (the table's) own start tag (no comment, script or unfinished tag around
  it), so the figure is the innermost open element and is being skipped (the table is, inside the scroll box inside
  the excluded wrapper, which is being skipped);
- nothing else is being skipped: the parser's skip list holds only script, style and object and this figure (this
  wrapper). (It compares elements by tag name alone, so an end tag inside would take an enclosing skipped element of
  the same name off the list: then the inside is read, as Material would read it. That is also why only a table's
  inside is passed over, not its wrapper's: the scroll box's end tag takes the wrapper off the list, and the text
  after the table, "First 100 of 753 rows", is indexed.);
- the inside holds no heading (a heading starts a section even where text is skipped) and no other figure; a
  table's inside holds no element of a tag being skipped (div, script, style, object), no other table, no comment,
  and closes every element it opens, in order, as the parser pairs them; and the current section cannot end inside
  it (it began no deeper than the table).

Inside such a figure or table every piece of text is skipped, no tag is kept, and every element opened is closed
again, so the parser leaves it exactly as it entered it, with or without the inside. tests/test_site_speed.py compares
a whole site built this way with plain MkDocs' (search index included) and the parser with Material's own on figures
and tables placed where the shortcut must not apply.

Applied only around our own build (mkdocs.yml stays plain) and only if Material still has the parser it replaces."""

from __future__ import annotations

import contextlib
import re

_FIGURE_START = re.compile(r'<figure class="dl-figure" [^<>]*? data-search-exclude="1">')
_FIGURE_END = "</figure>"
_NOT_INSIDE = re.compile(r"<(?:h[1-6]|figure)[\s/>]", re.IGNORECASE)
_TABLE_START = re.compile(r'<table class="dl-sortable" data-sortable[^<>]*>')
_TABLE_END = "</table>"
_NOT_IN_TABLE = re.compile(r"<(?:h[1-6]|figure|table|div|script|style|object)[\s/>]|<[!?]", re.IGNORECASE)
_TAG = re.compile(r"<(/?)([a-zA-Z][^\s/>]*)[^>]*?(/?)>")  # (end tag?, name, self-closed?)
_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
_ALWAYS_SKIPPED = frozenset({"script", "style", "object"})


def _figures(text: str):
    """(start, end) of each chart figure's inside in the text: from the end of its start tag to its end tag."""
    at = 0
    while (start := _FIGURE_START.search(text, at)) is not None:
        end = text.find(_FIGURE_END, start.end())
        if end < 0:
            return
        yield start.end(), end
        at = end


def _regions(text: str):
    """(start, end, kind) of each chart figure's inside and each generated table's inside outside those figures
    (from the end of its start tag to its end tag), in the order of the text."""
    figures = list(_figures(text))
    tables, at, next_figure = [], 0, 0
    while (start := _TABLE_START.search(text, at)) is not None:
        end = text.find(_TABLE_END, start.end())
        if end < 0:
            break
        while next_figure < len(figures) and figures[next_figure][1] <= start.start():
            next_figure += 1
        if next_figure < len(figures) and figures[next_figure][0] <= start.start():
            at = figures[next_figure][1]  # a figure's own data table: the figure's inside holds it
            continue
        if next_figure >= len(figures) or figures[next_figure][0] > end:  # (a table holding a figure is read)
            tables.append((start.end(), end, "table"))
        at = end
    return sorted([(a, b, "figure") for a, b in figures] + tables)


def _closes_what_it_opens(text: str, start: int, end: int) -> bool:
    """The inside of a table opens and closes its elements in pairs, as the parser pairs them (an end tag closes the
    innermost open element only if it names it), and holds nothing the shortcut must read."""
    if _NOT_IN_TABLE.search(text, start, end):
        return False
    open_tags: list[str] = []
    # findall's tuples, not match objects: a big table's inside is thousands of tags, on the critical path of a rebuild.
    for closing, name, self_closed in _TAG.findall(text, start, end):
        name = name.lower()
        if closing:
            if not open_tags or open_tags[-1] != name:
                return False
            open_tags.pop()
        elif name not in _VOID and not self_closed:
            open_tags.append(name)
    return not open_tags


def tags_read(text: str) -> int:
    """The tags of a page's text that the search parser reads: those outside its chart figures and data tables
    (roughly: an inside is read where the shortcut does not apply). What sharing the pages between two processes
    weighs."""
    return text.count("<") - sum(text.count("<", start, end) for start, end, _ in _regions(text))


def _parser_class():
    from material.plugins.search import plugin

    base = plugin.Parser

    class FigureSkippingParser(base):
        def feed(self, data: str) -> None:
            at = 0
            for start, end, kind in _regions(data):
                super().feed(data[at:start])
                skip = (self._at_skipped_figure() and not _NOT_INSIDE.search(data, start, end)) if kind == "figure" \
                    else (self._at_skipped_table() and _closes_what_it_opens(data, start, end))
                if not skip:
                    super().feed(data[start:end])  # else straight to </figure> or </table>
                at = end
            super().feed(data[at:])

        def _at_skipped_figure(self) -> bool:
            if self.rawdata or self.cdata_elem is not None or not self.context:
                return False
            figure = self.context[-1]
            if figure.tag != "figure" or figure.attrs.get("data-search-exclude") != "1":
                return False
            return all(item is figure or (isinstance(item, str) and item in _ALWAYS_SKIPPED) for item in self.skip)

        def _at_skipped_table(self) -> bool:
            if self.rawdata or self.cdata_elem is not None or len(self.context) < 3 or self.section is None \
                    or self.section.depth > len(self.context):
                return False
            wrapper, scroll, table = self.context[-3:]
            if table.tag != "table" or scroll.tag != "div" or wrapper.tag != "div" \
                    or wrapper.attrs.get("data-search-exclude") != "1" or "data-search-exclude" in scroll.attrs:
                return False
            return all(item is wrapper or (isinstance(item, str) and item in _ALWAYS_SKIPPED) for item in self.skip)

    return plugin, base, FigureSkippingParser


@contextlib.contextmanager
def search_skips_chart_figures():
    try:
        plugin, original, faster = _parser_class()
    except (ImportError, AttributeError):  # a Material without this parser: nothing to speed up
        yield
        return
    plugin.Parser = faster
    try:
        yield
    finally:
        plugin.Parser = original
