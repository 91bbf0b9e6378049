"""The Markdown of generated pages, converted without Python-Markdown when it is a plain sequence of blocks.

Model pages are raw HTML blocks, a few `## Heading { attrs }` lines and one-line paragraphs of plain text.
Python-Markdown spends most of its time tokenising the raw HTML only to pass it through unchanged; this module
produces the same HTML, table of contents and anchor ids for exactly that subset and answers None for anything
else (the caller then uses Python-Markdown). The caller also checks samples against Python-Markdown at build
time and tests check every page, so a difference falls back rather than changing the site."""

from __future__ import annotations

import re

from markdown.extensions.toc import slugify

from .fast_anchors import anchor_ids

# A raw HTML block: starts with one of the block-level tags our generators write, at the start of a line.
_RAW_START = re.compile(r"<(?:div|p|table|h1|figure|details|section|ul|ol)[\s>]")
# `## Heading text { data-search-exclude }`: the attribute list of attr_list, only bare keys.
_HEADING = re.compile(r"^(#{2,6}) +([^#{}\n]+?)(?: +\{ *((?:[a-z][a-z-]* *)+)\})? *$")
# Text Python-Markdown leaves alone: no emphasis, code, escapes, links, braces; `&` only in entities,
# `<` only in tags; no line break markers.
_UNSAFE_TEXT = re.compile(r"[`\\*_\[\]!{}]|&(?![a-zA-Z][a-zA-Z0-9]*;|#[0-9]+;|#x[0-9a-fA-F]+;)|<(?![a-zA-Z/][^<>]*>)|  $|\t")
_TAG = re.compile(r"<[^<>]*>")


def to_html(markdown: str) -> tuple[str, list[dict], set[str]] | None:
    """(content HTML, toc tokens as Python-Markdown's toc extension makes them, anchor ids), or None."""
    blocks = re.split(r"\n[ \t]*\n", markdown.strip("\n"))
    out: list[str] = []
    toc: list[dict] = []
    ids: set[str] = set()
    for block in blocks:
        block = block.strip("\n")
        if not block.strip():
            continue
        first = block.split("\n", 1)[0]
        if first.startswith("#"):
            if "\n" in block:
                return None
            match = _HEADING.match(block)
            if not match:
                return None
            hashes, text, attrs = match.groups()
            text = text.strip()
            if _UNSAFE_TEXT.search(text) or "<" in text or "&" in text:
                return None
            ident = slugify(text, "-")
            if not ident or ident in ids:
                return None  # duplicates get suffixes from Python-Markdown: leave them to it
            ids.add(ident)
            level = len(hashes)
            attr_html = "".join(f" {name}" for name in (attrs or "").split())
            out.append(f'<h{level}{attr_html} id="{ident}">{text}<a class="headerlink" href="#{ident}" '
                       f'title="Permanent link">&para;</a></h{level}>\n')
            toc.append({"level": level, "id": ident, "name": text, "children": []})
        elif _RAW_START.match(first):
            out.append(block + "\n\n")
        else:
            if "\n" in block or block[0] in " \t>-+=0123456789|:" or _UNSAFE_TEXT.search(block):
                return None
            out.append(f"<p>{block}</p>\n")
    if any(t["level"] != toc[0]["level"] for t in toc):
        return None  # nested tables of contents: Python-Markdown's job
    return "".join(out).rstrip("\n"), toc, ids | anchor_ids(markdown)
