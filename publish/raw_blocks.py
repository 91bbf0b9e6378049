"""Generated HTML handed to Python-Markdown as HTML: no parser reads it again.

A page's tables and charts are HTML the generator made (publish/content.py fills each {{ table:… }} and
{{ chart:… }} placeholder that stands on a line of its own). Python-Markdown finds such a block by running its
HTML parser over every tag of it, only to store the text unchanged and put it back after the conversion: most of
the time a navigation page spends in Markdown (the benchmarks page's tables hold tens of thousands of tags).

fill() puts a marker line before and after each such block: an empty link reference definition, Markdown's own
comment, which renders as nothing. This extension stores the lines between the markers in Markdown's store of raw
HTML before that parser runs, as the parser would have stored them (the whole block, up to its last end tag; no
blank line follows it, since the end marker does), and drops the markers. So the page is the same HTML with or
without the extension: plain MkDocs building the same Markdown gives the same bytes (tests/test_site_speed.py).
The markers hold `&`, which escaped contributed text never does (it is always `&amp;`, `&lt;`...), so no record
can end a block early. mkdocs.yml stays plain: the build adds the extension (publish/site.py run_mkdocs).

The block must be HTML whose elements all close inside it, not inside hand-written HTML of the page (a
placeholder line within a <div> of site/pages would be stored on its own): the same test compares every page."""

from __future__ import annotations

from markdown import Extension
from markdown.preprocessors import Preprocessor

RAW_START = "[//]: # (dl&raw)"
RAW_END = "[//]: # (dl&raw-end)"


def mark(html: str) -> str:
    """A generated block of HTML between the two markers, its lines as they are (the newlines at its end dropped:
    the end marker's line follows)."""
    return f"{RAW_START}\n{html.rstrip(chr(10))}\n{RAW_END}"


class _StoreMarked(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        if RAW_START not in lines:
            return lines
        out: list[str] = []
        at = 0
        while at < len(lines):
            if lines[at] != RAW_START:
                out.append(lines[at])
                at += 1
                continue
            try:
                end = lines.index(RAW_END, at + 1)
            except ValueError:  # no end marker: leave the rest to Python-Markdown
                out.extend(lines[at:])
                break
            # As Python-Markdown's HTML block parser leaves a block it stored: a paragraph of its own.
            out += ["", self.md.htmlStash.store("\n".join(lines[at + 1:end])), ""]
            at = end + 1
        return out


class RawBlocks(Extension):
    def extendMarkdown(self, md) -> None:  # noqa: N802 - Python-Markdown's name
        # After whitespace is normalised (30), before the HTML block parser (20).
        md.preprocessors.register(_StoreMarked(md), "dl_raw_blocks", 25)
