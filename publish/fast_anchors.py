"""A faster way for MkDocs to find the anchor ids in a page's raw HTML, used while we run MkDocs.

MkDocs feeds every page's whole Markdown source through Python's HTML parser once more, only to collect
the `id`s (and `<a name>`s) that links to `page#anchor` may point at. At thousands of generated pages made
mostly of HTML tables, that second parse is a third of the build. The ids are found here with a regular
expression over the same text, which gives the same set for the quoted attributes our pages use.

Applied only around our own build (mkdocs.yml stays plain, so Zensical or `mkdocs build` read it as is),
and only if MkDocs still has the class and method it replaces; otherwise MkDocs runs unchanged."""

from __future__ import annotations

import contextlib
import html
import re

# A start tag that has an id= or name= attribute, then that attribute's value in any of its three forms.
# HTML attribute names are case-insensitive.
_TAG_WITH_ANCHOR = re.compile(r"<([A-Za-z][A-Za-z0-9-]*)(?=[^<>]*\s(?:id|name)\s*=)([^<>]*)>", re.I)
_ANCHOR_ATTR = re.compile(r"""\s(id|name)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""", re.I)


def anchor_ids(source: str) -> set[str]:
    """The ids a page's raw HTML defines: every id=, and name= on <a> (as MkDocs' own parser collects them)."""
    found = set()
    for tag, attrs in _TAG_WITH_ANCHOR.findall(source):
        for name, double, single, bare in _ANCHOR_ATTR.findall(attrs):
            if name.lower() == "id" or tag.lower() == "a":
                found.add(html.unescape(double or single or bare))
    return found


def _run(self, lines: list[str]) -> list[str]:
    self.present_anchor_ids = anchor_ids("\n".join(lines))
    return lines


@contextlib.contextmanager
def faster_anchor_search():
    try:
        from mkdocs.structure import pages

        target = pages._RawHTMLPreprocessor
        original = target.run
    except (ImportError, AttributeError):  # a MkDocs without this internal: nothing to speed up
        yield
        return
    target.run = _run
    try:
        yield
    finally:
        target.run = original
