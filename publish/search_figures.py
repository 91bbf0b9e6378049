"""Material's search parser, spared the inside of our chart figures, used while we run MkDocs.

A chart on a page is a `<figure class="dl-figure" … data-search-exclude="1">` holding the chart's Vega spec and its
data table (publish/figures.py): on a page of charts, most of the HTML the search parser reads, all of
it left out of the index. Material's parser still walks every tag in it. Here the parser is fed a page in pieces and
goes from such a figure's start tag straight to its end tag when that cannot change what it makes:

- the parser has just read the figure's own start tag (no comment, script or unfinished tag around it), so the
  figure is the innermost open element and is being skipped;
- nothing else is being skipped: the parser's skip list holds only script, style and object and this figure.
  (It compares elements by tag name alone, so an end tag inside the figure would take an enclosing skipped element
  of the same name off the list: then the inside is read, as Material would read it.);
- the inside holds no heading (a heading starts a section even where text is skipped) and no other figure.

Inside such a figure every piece of text is skipped, no tag is kept, and every element opened is closed again (our
own markup, with record text escaped), so the parser leaves the figure exactly as it entered it, with or without the
inside. tests/test_site_speed.py compares a whole site built this way with plain MkDocs' (search index included)
and the parser with Material's own on figures placed where the shortcut must not apply.

Applied only around our own build (mkdocs.yml stays plain) and only if Material still has the parser it replaces."""

from __future__ import annotations

import contextlib
import re

_FIGURE_START = re.compile(r'<figure class="dl-figure" [^<>]*? data-search-exclude="1">')
_FIGURE_END = "</figure>"
_NOT_INSIDE = re.compile(r"<(?:h[1-6]|figure)[\s/>]", re.IGNORECASE)
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


def tags_outside_figures(text: str) -> int:
    """The tags of a page's text that the search parser reads: those outside its chart figures (roughly: a figure's
    inside is read where the shortcut does not apply). What sharing the pages between two processes weighs."""
    inside = sum(text.count("<", start, end) for start, end in _figures(text))
    return text.count("<") - inside


def _parser_class():
    from material.plugins.search import plugin

    base = plugin.Parser

    class FigureSkippingParser(base):
        def feed(self, data: str) -> None:
            at = 0
            for start, end in _figures(data):
                super().feed(data[at:start])
                if not (self._at_skipped_figure() and not _NOT_INSIDE.search(data, start, end)):
                    super().feed(data[start:end])  # else straight to </figure>
                at = end
            super().feed(data[at:])

        def _at_skipped_figure(self) -> bool:
            if self.rawdata or self.cdata_elem is not None or not self.context:
                return False
            figure = self.context[-1]
            if figure.tag != "figure" or figure.attrs.get("data-search-exclude") != "1":
                return False
            return all(item is figure or (isinstance(item, str) and item in _ALWAYS_SKIPPED) for item in self.skip)

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
