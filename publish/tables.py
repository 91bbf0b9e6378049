"""Data tables rendered as escaped HTML, sortable and filterable by the site's own tables.js."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from . import escape
from .numbers import fmt


@dataclass
class Column:
    key: str
    label: str
    render: Callable[[dict], str] | None = None  # returns HTML; default: escaped text or formatted number
    numeric: bool = False


def cell(row: dict, column: Column) -> str:
    if column.render:
        return column.render(row)
    value = row.get(column.key)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return fmt(value)
    return escape.text(value)


def html_table(columns: list[Column], rows: list[dict], caption: str = "", filterable: bool = True,
               table_id: str = "") -> str:
    number = ' data-type="number"'
    head = "".join(f'<th scope="col"{number if c.numeric else ""}>{escape.text(c.label)}</th>' for c in columns)
    body = []
    for row in rows:
        cells = []
        for c in columns:
            sort_value = row.get(c.key)
            attr = f' data-sort="{escape.text(repr(float(sort_value)))}"' if c.numeric and isinstance(sort_value, (int, float)) else ""
            cells.append(f"<td{attr}>{cell(row, c)}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    ident = f' id="{escape.text(table_id)}"' if table_id else ""
    filter_box = ('<input class="dl-filter" type="search" placeholder="Filter rows…" aria-label="Filter rows">'
                  if filterable else "")
    cap = f"<caption>{escape.text(caption)}</caption>" if caption else ""
    return (f'<div class="dl-table">{filter_box}<table data-sortable{ident}>{cap}<thead><tr>{head}</tr></thead>'
            f'<tbody>\n{chr(10).join(body)}\n</tbody></table></div>\n')


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
