"""Vega-Lite specs compiled to Vega at build time, so a page whose charts are all compiled loads Vega alone
(~0.59 MB) instead of Vega with the Vega-Lite compiler (~0.83 MB): the home page stays well inside its weight
budget. Specs whose layout depends on the reader's screen (facets and concatenations, which charts.js sizes to
the column before compiling) stay Vega-Lite and are compiled in the browser."""

from __future__ import annotations

import json
import math

import altair as alt

VL_RELEASE = alt.SCHEMA_VERSION.lstrip("v")  # the Vega-Lite the specs are written for (vl-convert vendors it)
VL_VERSION = VL_RELEASE.rsplit(".", 1)[0]
VEGA_URL = "https://cdn.jsdelivr.net/npm/vega@6.2.0/+esm.js"  # vl-convert's vendored copies (never fetched):
VEGA_LITE_URL = f"https://cdn.jsdelivr.net/npm/vega-lite@{VL_RELEASE}/+esm.js"  # names its bundler resolves
# What charts.js uses. Named imports, because vl-convert 1.9's own `vega`/`vegaLite` globals are default
# imports that these packages do not have (they come out null).
VEGA_ONLY = f'import {{View, parse, loader}} from "{VEGA_URL}"; window.vega = {{View, parse, loader}};'
VEGA_AND_LITE = (VEGA_ONLY.replace("window.vega", f'import {{compile}} from "{VEGA_LITE_URL}"; window.vega')
                 + " window.vegaLite = {compile};")


def needs_browser(spec: dict) -> bool:
    """Facets and concatenations take their panel widths from the column the reader sees (charts.js)."""
    return any(key in spec for key in ("facet", "concat", "vconcat", "hconcat"))


def to_vega(spec: dict) -> dict:
    """The Vega spec for a Vega-Lite spec, with the point labels it asks for (usermeta.labels) added."""
    import vl_convert

    vega = vl_convert.vegalite_to_vega(spec, vl_version=VL_VERSION)
    ask = (spec.get("usermeta") or {}).get("labels")
    if ask:
        vega["marks"].append(point_labels(**ask))
    return vega


class Memo:
    """Compiled Vega JSON, carried from one build to the next: compiling is most of the cost of a chart page
    (20-45 ms a chart), and an incremental build remakes a page of two dozen charts when one of them changes.

    The Vega-Lite compiler never reads a chart's rows: it copies a named dataset's rows into the Vega data of that
    name. So a chart is compiled without its rows (the key: that spec's JSON, in the key order the compiler is
    given), and its rows are put into the compiled spec as the compiler would have written them (as_compiled).
    Every chart of the site is compared with the compiler's own output by tests/test_incremental.py.
    `available` comes from the previous build's state (trusted only when its code fingerprint matches: same
    compiler, same code); `used` collects what the page being made compiled or found, for the next build."""

    def __init__(self, available: dict | None = None) -> None:
        self.available = available or {}
        self.used: dict[str, str] = {}

    def compiled_json(self, spec: dict) -> str:
        return dumps(self.compiled(spec))

    def compiled(self, spec: dict) -> dict:
        import hashlib

        datasets = spec.get("datasets") or {}
        try:
            rows = {name: _as_compiled(values) for name, values in datasets.items()}
        except (_Unsafe, AttributeError):  # rows the compiler would rewrite in ways _as_compiled does not know
            return to_vega(spec)
        shape = {**spec, "datasets": {name: [] for name in datasets}} if datasets else spec
        key = hashlib.sha256(json.dumps(shape, ensure_ascii=False, separators=(",", ":")).encode("utf-8")).hexdigest()
        text = self.used.get(key) or self.available.get(key)
        if not isinstance(text, str):
            text = dumps(to_vega(shape))
        compiled = json.loads(text)
        slots = [d for d in compiled.get("data", []) if d.get("name") in rows and d.get("values") == []]
        if sorted(d["name"] for d in slots) != sorted(rows):  # each dataset once, where the compiler put it
            return to_vega(spec)
        self.used[key] = text
        for d in slots:
            d["values"] = rows[d["name"]]
        return compiled


class _Unsafe(Exception):
    pass


_EXACT = 2 ** 53  # integers a float holds exactly


def _as_compiled(value):
    """Rows as they come back from the compiler (JavaScript numbers, handed back through serde_v8): a number that is
    a whole value in the 32-bit range (-2**31 to 2**32-1, not -0.0) comes back an int, any other number a float,
    NaN and infinity None. _Unsafe for a value whose round trip is not known (an int a float cannot hold exactly,
    a type JSON has no word for): that chart is compiled with its rows."""
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, (int, float)):
        if isinstance(value, int) and abs(value) > _EXACT:
            raise _Unsafe
        if isinstance(value, float) and not math.isfinite(value):
            return None
        if -2 ** 31 <= value <= 2 ** 32 - 1 and float(value).is_integer() and not (value == 0 and math.copysign(1, value) < 0):
            return int(value)
        return float(value)
    if isinstance(value, list):
        return [_as_compiled(v) for v in value]
    if isinstance(value, dict) and all(isinstance(k, str) for k in value):
        return {k: _as_compiled(v) for k, v in value.items()}
    raise _Unsafe


memo = Memo()
"""The memo Figure.html compiles through (write_docs gives it the previous build's entries)."""


def dumps(spec: dict) -> str:
    """A spec as the page carries it: sorted keys, no spaces, Unicode kept."""
    return json.dumps(spec, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def point_labels(marks: str, text: str, href: str, priority: str) -> dict:
    """Names beside points that never overlap each other or any point: Vega's label transform, which Vega-Lite
    does not expose. The points' rows carry the name to show (empty for a point left unnamed) and a priority
    (lower is placed first); a name that cannot be placed clear of the others is hidden, not overlapped."""
    row = "datum.datum"  # a label's datum is the point's scenegraph item, whose datum is the data row
    return {
        "type": "text", "name": "point_labels", "from": {"data": marks}, "aria": False, "interactive": True,
        "encode": {"update": {
            "text": {"signal": f"{row}[{text!r}] || ''"}, "href": {"signal": f"{row}[{href!r}]"},
            # The font the transform measures with, set on the SVG too (inherited page fonts are wider or narrower).
            "font": {"value": "sans-serif"}, "fontSize": {"value": 11}, "fill": {"value": "#333"},
            "cursor": {"value": "pointer"}}},
        "transform": [{"type": "label", "size": {"signal": "[max(width, 1), max(height, 1)]"}, "offset": [3],
                       "anchor": ["top-right", "right", "top-left", "left", "bottom-right", "bottom-left", "top", "bottom"],
                       "sort": {"field": f"{row}.{priority}"}}],
    }
