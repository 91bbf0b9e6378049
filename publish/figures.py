"""Charts: one Altair chart definition per file in site/charts/, loaded by path.

(`site` is a standard-library module name, so chart files are never imported as a package.)
Each file's docstring gives the title (first line) and caption (the rest); its `build(con)`
returns Figures. A Figure renders as the Vega-Lite spec inline, drawn by the site's own
Vega bundle, followed by a data table for screen readers and anyone without JS."""

from __future__ import annotations

import contextlib
import copy
import importlib.util
import re
from dataclasses import dataclass, field
from pathlib import Path

import altair as alt

from . import escape, vega_compile
from .numbers import fmt
from .tables import SEARCH_EXCLUDE

CHART_DIR = Path(__file__).resolve().parent.parent / "site" / "charts"
CHECK_EACH_OBJECT = False
"""Altair's check of each chart object against the Vega-Lite schema as it is made (its "debug mode", on by default):
a sixth of the site's page generation, and the same answer on every build of the same chart code. Off in builds; a
test makes every chart of the real site with it on (tests/test_site_speed.py)."""

TABLE_ROWS = 100
"""Rows of a chart's data table shown on the page; a longer table is a download, not a reading aid."""


@dataclass
class Figure:
    slug: str
    chart: alt.TopLevelMixin
    rows: list[dict]
    columns: list[tuple[str, str]]  # (key, label) for the accessible table
    title: str = ""
    caption: str = ""
    datasets: dict = field(default_factory=dict)  # name -> rows, referenced in the chart as alt.Data(name=...)
    chart_title: str = ""  # overrides the chart's own title, so one chart can serve many figures
    root: str = "../"  # relative path from the page to the site root, set when rendered
    description: str = ""  # what the chart shows, in words, for screen readers (the SVG's aria-label)
    height: int = 320  # pixels reserved before the chart is drawn, so the page does not shift as it loads
    height_narrow: int = 0  # the same on a phone, where controls and legends wrap (0: height)
    table_rows: int = 0  # rows of the data table shown on the page (0: TABLE_ROWS)
    adjust: object = None  # a function given the spec dict, for what differs between figures sharing one chart

    def spec(self, validate: bool = False) -> dict:
        # Data goes in as named datasets after Altair has built the spec: passing thousands of rows through
        # Altair's object model (and its per-row schema validation) costs far more than the chart itself.
        spec = _chart_dict(self.chart, validate)
        if self.chart_title:
            spec["title"] = self.chart_title
        if self.adjust:
            self.adjust(spec)
        spec.setdefault("datasets", {}).update(self.datasets)
        spec["description"] = self.text_description()
        # Charts take the column's width, so their text keeps its size on a phone (a fixed-width SVG shrunk to
        # fit would print 11 px labels at 5 px); readable text sizes for every chart.
        if isinstance(spec.get("width"), (int, float)) and not any(k in spec for k in ("hconcat", "vconcat", "concat")):
            spec["width"] = "container"
            spec["autosize"] = {"type": "fit-x", "contains": "padding"}
        own = spec.get("config", {})
        spec["config"] = {**own, **{k: {**v, **own.get(k, {})} for k, v in READABLE.items()}}
        return spec

    def text_description(self) -> str:
        return " ".join(part for part in (self.chart_title or self.title, self.description or self.caption) if part)

    def html(self) -> str:
        vl = self.spec()
        spec = vega_compile.dumps(vl) if vega_compile.needs_browser(vl) else vega_compile.memo.compiled_json(vl)
        head = "".join(f"<th scope=\"col\">{escape.text(label)}</th>" for _, label in self.columns)
        shown = self.rows[:self.table_rows or TABLE_ROWS]
        body = "\n".join("<tr>" + "".join(f"<td>{_cell(row.get(key), row.get(key + '_href'), self.root)}</td>"
                                           for key, _ in self.columns) + "</tr>" for row in shown)
        more = (f"<p>First {len(shown)} of {len(self.rows)} rows; every row is in the "
                f"<a href=\"{self.root}models/\">models table</a> and the <a href=\"{self.root}data/\">downloads</a>.</p>"
                ) if len(shown) < len(self.rows) else ""
        return (
            f'<figure class="dl-figure" id="fig-{escape.text(self.slug)}" data-root="{escape.text(self.root)}"{SEARCH_EXCLUDE}>\n'
            f'<div class="dl-chart" style="--h:{int(self.height)}px;--h-narrow:{int(self.height_narrow or self.height)}px"></div>\n'
            f'<script type="application/json" class="dl-spec">{escape.json_for_script(spec)}</script>\n'
            f"<figcaption><strong>{escape.text(self.title)}</strong> {escape.text(self.caption)}</figcaption>\n"
            f"<details class=\"dl-data\"><summary>Data table: {escape.text(self.chart_title or self.title)} ({len(self.rows)} rows)</summary>\n"
            f"<div class=\"dl-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"Data table\">"
            f"<table class=\"dl-sortable\"><thead><tr>{head}</tr></thead><tbody>\n{body}\n</tbody></table></div>{more}</details>\n"
            f"</figure>\n"
        )


READABLE = {
    # Text at least 11 px at any width (the chart is drawn at the column's width, never scaled down).
    "axis": {"labelFontSize": 11, "titleFontSize": 12, "labelOverlap": "greedy", "labelSeparation": 4, "labelLimit": 180,
             "titleLimit": 300},
    "legend": {"labelFontSize": 11, "titleFontSize": 12, "labelLimit": 220},
    "header": {"labelFontSize": 11, "titleFontSize": 12},
    "title": {"fontSize": 13, "anchor": "start"},
    "text": {"fontSize": 11},
    "view": {"stroke": None},
}

_SPECS: dict[tuple[int, bool], tuple[object, dict]] = {}


def _chart_dict(chart, validate: bool) -> dict:
    """chart.to_dict(), computed once per chart object: a chart file that draws one figure per study shares one
    chart between them (Altair's to_dict costs ~30 ms, the copy a fraction of that)."""
    key = (id(chart), validate)
    hit = _SPECS.get(key)
    if hit is None or hit[0] is not chart:  # the chart is kept alive with its entry, so its id is never reused
        hit = _SPECS[key] = (chart, chart.to_dict(validate=validate))
    return copy.deepcopy(hit[1])


def _cell(value, href=None, root: str = "") -> str:
    """A data-table cell; a row's `<column>_href` links it: an https URL (a source document) or a site path (a
    model's page), so every figure in a chart's table is one click from its source."""
    shown = fmt(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else value
    if isinstance(href, str) and href.startswith("https://"):
        return escape.link(href, shown)
    if isinstance(href, str) and href.startswith("models/"):
        return f'<a href="{escape.text(root + href)}">{escape.text(shown)}</a>'
    return escape.text(shown)


def load_module(name: str):
    path = CHART_DIR / f"{name}.py"
    if not path.is_file():
        raise KeyError(name)
    spec = importlib.util.spec_from_file_location(f"distill_ledger_chart_{name}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def build_figures(name: str, con, scenario: str) -> list[Figure]:
    module = load_module(name)
    doc = (module.__doc__ or "").strip().split("\n", 1)
    title, caption = doc[0].strip(), (doc[1].strip().replace("\n", " ") if len(doc) > 1 else "")
    with alt.utils.schemapi.debug_mode(CHECK_EACH_OBJECT), _schema_lookup_made_once():
        figures = module.build(con, scenario)
    for figure in figures:
        figure.title = figure.title or title
        figure.caption = figure.caption or caption
    return figures


_SCHEMA_LOOKUPS: dict[tuple, dict] = {}


@contextlib.contextmanager
def _schema_lookup_made_once():
    """Altair's table from a schema to the classes that wrap it, made once per set of classes: Altair makes it
    anew on every from_dict (a JSON dump of each of its ~570 schemas), which a chart's encode() calls for each
    channel given as a dict (about 3 ms each time, a tenth of a chart page's generation). The table is a function of
    the classes' schemas alone; a lookup of a schema it lacks gives the empty list either way. Only around our own
    charts, and only while Altair's converter still has the constructor and table it replaces."""
    converter = getattr(alt.utils.schemapi, "_FromDict", None)
    original = getattr(converter, "__init__", None)
    if converter is None or original is None:
        yield
        return

    def __init__(self, wrapper_classes, /) -> None:
        classes = tuple(wrapper_classes)
        table = _SCHEMA_LOOKUPS.get(classes)
        if table is None:
            original(self, classes)
            if isinstance(getattr(self, "class_dict", None), dict):
                _SCHEMA_LOOKUPS[classes] = self.class_dict
        else:
            self.class_dict = table

    converter.__init__ = __init__
    try:
        yield
    finally:
        converter.__init__ = original


def warm_up() -> None:
    """What the first chart of a process makes once, made now (in a process the chart makers are forked from):
    Altair's schema table for the channels (_schema_lookup_made_once)."""
    with _schema_lookup_made_once():
        alt.X.from_dict({"field": "x", "type": "quantitative"}, validate=False)


def chart_names() -> list[str]:
    return sorted(p.stem for p in CHART_DIR.glob("*.py") if not p.name.startswith("_"))


def data(name: str) -> "alt.Data":
    """A reference to a dataset the Figure supplies by name (see Figure.datasets)."""
    return alt.Data(name=name)


def group_by(rows: list[dict], key: str) -> dict:
    """Rows split by one column's value, each group in query order: one pass, where filtering the rows once per
    group (per study, per benchmark) would be quadratic in a catalogue of many groups."""
    groups: dict = {}
    for row in rows:
        groups.setdefault(row[key], []).append(row)
    return groups


def records(con, sql: str, params=()) -> list[dict]:
    """Rows of a query as dicts (the shape Altair's inline data wants), dates and times as ISO text."""
    cursor = con.execute(sql, list(params))
    names = [d[0] for d in cursor.description]
    # Only a column whose type can hold a date or time is looked at value by value (the model pages read
    # 20,000 rows a build); where two columns share a name the later one is the dict's, as zip() gives it.
    last = {name: i for i, name in enumerate(names)}
    dated = [i for i, d in enumerate(cursor.description) if last[d[0]] == i and not _PLAIN_TYPE.match(str(d[1]))]
    rows = cursor.fetchall()
    if not dated:
        return [dict(zip(names, row)) for row in rows]
    out = []
    for row in rows:
        record = dict(zip(names, row))
        for i in dated:
            if hasattr(row[i], "isoformat"):
                record[names[i]] = row[i].isoformat()
        out.append(record)
    return out


_PLAIN_TYPE = re.compile(r"(?:VARCHAR|BOOLEAN|(?:U?(?:TINY|SMALL|BIG|HUGE)?INT(?:EGER)?)|DOUBLE|FLOAT|DECIMAL\(\d+,\d+\))$"
                         r"|.*\[\d*\]$")
"""DuckDB types whose values are never a date or time (a list is a Python list, whatever it holds)."""


def type_encodings(field: str = "type_label"):
    """Colour AND shape by model type, in one legend (colour is never the only encoding), the same on every chart."""
    from .labels import MODEL_TYPES, TYPE_COLOURS, TYPE_SHAPES, label

    domain = [label(t) for t in MODEL_TYPES]
    colour = alt.Color(f"{field}:N", title="Type", scale=alt.Scale(domain=domain, range=TYPE_COLOURS),
                       legend=alt.Legend(orient="top", direction="horizontal", columns=3, symbolSize=90))
    shape = alt.Shape(f"{field}:N", title="Type", scale=alt.Scale(domain=domain, range=TYPE_SHAPES))
    return colour, shape


def model_path(row: dict) -> str:
    """A model page's path from the site root (Vega resolves it against the figure's data-root)."""
    return f"models/{row['model_id']}/"


def describe_extremes(rows: list[dict], value: str, name: str, unit: str = "", low_first: bool = False) -> str:
    """A sentence naming the largest and smallest values: the gist of a chart for someone who cannot see it."""
    from .numbers import fmt

    known = [r for r in rows if isinstance(r.get(value), (int, float))]
    if not known:
        return "No data yet."
    top = max(known, key=lambda r: r[value])
    bottom = min(known, key=lambda r: r[value])
    suffix = f" {unit}" if unit else ""
    return (f"{len(known)} values, from {fmt(bottom[value])}{suffix} ({bottom[name]}) to {fmt(top[value])}{suffix} "
            f"({top[name]}); the data table below lists them all.")


_E = "round(log(datum.value) / LN10)"
_SUP = "['⁰','¹','²','³','⁴','⁵','⁶','⁷','⁸','⁹']"
POWER_OF_TEN_LABEL = (f"abs(log(datum.value) / LN10 - {_E}) > 1e-6 ? '' : "
                      f"'10' + ({_E} >= 10 ? {_SUP}[floor({_E} / 10)] : '') + {_SUP}[{_E} % 10]")
"""Log-axis tick labels as 10²¹ (as the site's tables write FLOP), not 1e+21; ticks between powers stay unlabelled."""

READER_SI_LABEL = "replace(format(datum.value, '~s'), 'G', 'B')"
"""Tick labels as 3k, 40M, 10B: d3's SI prefix G (giga) reads as nothing to most readers, B (billion) does."""


def spread(rows: list[dict], limit: int, key: str, keep=None) -> list[dict]:
    """At most `limit` rows (where there are more), for a chart that must stay light however large the catalogue:
    every row `keep` selects (a frontier), then rows evenly spaced along `key`'s order, so the points still cover the
    whole range. The rows keep their order; the figure's text says how many of how many are drawn."""
    if len(rows) <= limit:
        return rows
    chosen = [i for i, r in enumerate(rows) if keep and keep(r)][:limit]
    room = limit - len(chosen)
    if room > 0:
        taken = set(chosen)
        rest = sorted((i for i in range(len(rows)) if i not in taken),
                      key=lambda i: (rows[i].get(key) is None, rows[i].get(key) or 0, i))
        step = (len(rest) - 1) / (room - 1) if room > 1 else 0
        chosen += [rest[round(k * step)] for k in range(min(room, len(rest)))]
    return [rows[i] for i in sorted(set(chosen))]


def even_sample(keys: list, limit: int) -> list:
    """At most `limit` of `keys` (given in the order to sample along: by value, never hand-picked), evenly spaced
    from the first to the last, in that order: a chart whose data grows with the catalogue draws a bounded number
    of its series or categories, still spanning the whole range."""
    if len(keys) <= limit:
        return list(keys)
    step = (len(keys) - 1) / (limit - 1) if limit > 1 else 0
    return [keys[int(k * step + 0.5)] for k in range(limit)]  # int(x + 0.5): monotone, so never a key twice


RUNS_SHOWN = 24
"""Runs drawn in one study's figure at most: a study's charts stay light however many runs it measured."""


def sample_runs(rows: list[dict], limit: int | None = None) -> list[dict]:
    """The rows of at most `limit` (default RUNS_SHOWN) runs, an even sample of the run ids in the rows' order; the
    same list when there are no more."""
    limit = RUNS_SHOWN if limit is None else limit
    runs = list(dict.fromkeys(r["run_id"] for r in rows))
    if len(runs) <= limit:
        return rows
    kept = set(even_sample(runs, limit))
    return [r for r in rows if r["run_id"] in kept]


STUDIES_SHOWN = 6
"""Studies drawn as charts on one page (one figure each); the largest are drawn, the others are in the tables and
the downloads, so a page carries a bounded number of charts however many studies the catalogue holds."""


def largest_groups(groups: dict, limit: int | None = None) -> tuple[list, str]:
    """The keys of the `limit` largest groups (most rows; ties by key), in key order, and a sentence naming what
    was left out ('' when nothing was)."""
    limit = STUDIES_SHOWN if limit is None else limit
    ranked = sorted(groups, key=lambda k: (-len(groups[k]), str(k)))
    shown = sorted(ranked[:limit], key=str)
    left = len(ranked) - len(shown)
    note = f" {left} more studies are not drawn here: the tables below and the downloads list every run." if left else ""
    return shown, note


def per_study(groups: dict, make, doc: str) -> list:
    """One figure per study for the largest studies (make(study) builds it); the last figure's caption (else the
    chart module's docstring after its first line) says which studies were left out."""
    shown, note = largest_groups(groups)
    figures = [make(study) for study in shown]
    if figures:
        figures[-1].caption = (figures[-1].caption or doc.strip().split("\n", 1)[1].strip().replace("\n", " ")) + note
    return figures
