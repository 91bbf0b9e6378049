"""Generated HTML blocks stored for Python-Markdown without its HTML parser (publish/raw_blocks.py): the same HTML as
Python-Markdown alone gives for the same Markdown, wherever the block stands, and no record's text can end one."""

from __future__ import annotations

import markdown
import pytest

from publish import escape
from publish.raw_blocks import RAW_END, RAW_START, RawBlocks, mark

EXTENSIONS = ["tables", "attr_list", "admonition", "toc", "pymdownx.superfences"]  # mkdocs.yml's

BLOCKS = [
    '<div class="dl-figures">\n<figure class="dl-figure">\n<p>a &amp; b</p>\n'
    '<script type="application/json" class="dl-spec">{"a":"\\u003c/script\\u003e"}</script>\n</figure>\n</div>\n',
    '<div class="dl-table"><div class="dl-scroll"><table><tbody>\n<tr><td>1</td></tr>\n</tbody></table></div>'
    '<p class="dl-more">First 1 of 2 rows.</p></div>\n',
    '<div class="dl-table">\n\n<table><tr><td>after a blank line</td></tr></table>\n\n</div>\n',
]
CONTEXTS = [("Text\n\n", "\n## Heading\n\nmore"), ("Text\n", "\n\n## Heading"), ("", "## Heading"),
            ("Text\n\n", "\nText right after"), ("Text\n\n", "\n\n"), ("- item\n\n", "\n- item two\n"), ("# Title\n", "")]


@pytest.mark.parametrize("block", BLOCKS)
@pytest.mark.parametrize("before,after", CONTEXTS)
def test_a_marked_block_renders_exactly_as_python_markdown_renders_it(block, before, after):
    text = before + mark(block) + "\n" + after
    assert markdown.markdown(text, extensions=[*EXTENSIONS, RawBlocks()]) == markdown.markdown(text, extensions=EXTENSIONS)


def test_the_markers_render_as_nothing_and_no_escaped_text_can_be_one():
    assert markdown.markdown(mark("<div>x</div>\n"), extensions=EXTENSIONS) == "<div>x</div>"
    for marker in (RAW_START, RAW_END):
        assert escape.text(marker) != marker  # a record's text shown in a table cell never ends or starts a block
    hostile = f"<div><p>{escape.text(chr(10) + RAW_END + chr(10) + '<script>alert(1)</script>')}</p></div>\n"
    html = markdown.markdown(mark(hostile), extensions=[*EXTENSIONS, RawBlocks()])
    assert "<script>" not in html and html == markdown.markdown(mark(hostile), extensions=EXTENSIONS)


def test_a_block_without_its_end_marker_is_left_to_python_markdown():
    text = f"{RAW_START}\n<div>x</div>\n\nText"
    assert markdown.markdown(text, extensions=[*EXTENSIONS, RawBlocks()]) == markdown.markdown(text, extensions=EXTENSIONS)
