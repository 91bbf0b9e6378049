"""Data tables rendered as escaped HTML, sortable and filterable by the site's own tables.js."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from . import escape
from .labels import label
from .numbers import fmt


TABLE_BYTES = 250_000
"""A table stops here (the rows after this many bytes of HTML are left out, with a sentence saying how many and where
they are): a page stays light however large the catalogue grows. Today's tables are far below it."""

SEARCH_EXCLUDE = ' data-search-exclude="1"'
"""Keeps an element out of Material's search index; with a value, Material also strips it from the page."""


@dataclass
class Column:
    key: str
    label: str
    render: Callable[[dict], str] | None = None  # returns HTML; default: escaped text or formatted number
    numeric: bool = False
    identifier: bool = False  # shown as code on one line (run ids break badly at their hyphens)
    enum: bool = False  # an enumeration value, shown in the reader's words (labels.py)
    answer: bool = False  # the column a reader came for: kept near the left, visible without scrolling
    long: bool = False  # prose (a reason, a title): given room to wrap rather than a word per line


def cell(row: dict, column: Column) -> str:
    if column.render:
        return column.render(row)
    value = row.get(column.key)
    if column.enum or isinstance(value, bool):
        return escape.text(label(value))
    if isinstance(value, (int, float)):
        return fmt(value)
    if column.identifier and value is not None:
        return f"<code>{escape.text(value)}</code>"
    return escape.text(value)


def html_table(columns: list[Column], rows: list[dict], caption: str = "", filterable: bool = True,
               table_id: str = "", search_keys: tuple[str, ...] = (), compact: bool = False,
               max_bytes: int | None = None, more: str = "the downloads (CSV and Parquet)") -> str:
    """A sortable table (and a filter box when `filterable`).

    Site search: a data table is found with its own filter box, not the site search, so it is left out of the
    search index (which every page downloads, and which would otherwise grow with the catalogue) - except the
    columns in `search_keys` (a model's name, a source's title), which stay searchable.

    `compact` leaves out the end tags HTML lets a table omit (</td>, </th>, </tr>): the same table in the
    browser, but half the tags for Python-Markdown's and MkDocs' HTML parsers, which dominate the cost of
    thousands of model pages. Only for pages outside the search index, whose parser needs the end tags."""
    number = ' data-type="number"'
    end_cell, end_head, end_row = ("", "", "") if compact else ("</td>", "</th>", "</tr>")
    exclude = SEARCH_EXCLUDE
    answer = ' data-answer="1"'
    head = "".join(f'<th scope="col"{number if c.numeric else ""}{answer if c.answer else ""}>{escape.text(c.label)}{end_head}'
                   for c in columns)
    skip = {c.key: ("" if c.key in search_keys else exclude) for c in columns} if search_keys else {}
    body = []
    size = 0
    max_bytes = TABLE_BYTES if max_bytes is None else max_bytes
    for row in rows:
        if size > max_bytes:
            break
        cells = []
        for c in columns:
            sort_value = row.get(c.key)
            attr = f' data-sort="{escape.text(repr(float(sort_value)))}"' if c.numeric and isinstance(sort_value, (int, float)) else ""
            wide = ' class="dl-long"' if c.long else ""
            cells.append(f"<td{attr}{wide}{skip.get(c.key, '')}>{cell(row, c)}{end_cell}")
        body.append("<tr>" + "".join(cells) + end_row)
        size += len(body[-1])
    ident = f' id="{escape.text(table_id)}"' if table_id else ""
    filter_box = ('<input class="dl-filter" type="search" placeholder="Filter rows…" aria-label="Filter rows">'
                  if filterable else "")
    # The wrapper is the table's scroll container: focusable so a keyboard can scroll it, named for screen readers.
    region = f' tabindex="0" role="region" aria-label="{escape.text(caption or "Data table")}"'
    cap = f"<caption>{escape.text(caption)}</caption>" if caption else ""
    wrapper = "" if search_keys else exclude
    head_attr = exclude if search_keys else ""
    left = (f'<p class="dl-more">First {len(body):,} of {len(rows):,} rows; every row is in {more}.</p>'
            if len(body) < len(rows) else "")
    return (f'<div class="dl-table"{wrapper}>{filter_box}<div class="dl-scroll"{region}><table class="dl-sortable" data-sortable{ident}>{cap}'
            f'<thead{head_attr}><tr>{head}{end_row}</thead>'
            f'<tbody>\n{chr(10).join(body)}\n</tbody></table></div>{left}</div>\n')


def model_link(prefix: str = "") -> Callable[[dict], str]:
    """Link a model id to its page; `prefix` is the relative path to the site root."""
    def render(row: dict) -> str:
        model_id = row.get("model_id")
        name = row.get("name") or model_id
        if not model_id:
            return ""
        return f'<a href="{prefix}models/{escape.text(model_id)}/">{escape.text(name)}</a>'
    return render


def source_link(key: str = "source_id", url_key: str = "source_url", title_key: str = "source_title"):
    def render(row: dict) -> str:
        if not row.get(key):
            return ""
        return escape.link(row.get(url_key), row.get(title_key) or row.get(key))
    return render
