"""Vega-Lite specs compiled to Vega at build time, so a page whose charts are all compiled loads Vega alone
(~0.59 MB) instead of Vega with the Vega-Lite compiler (~0.83 MB): the home page stays well inside its weight
budget. Specs whose layout depends on the reader's screen (facets and concatenations, which charts.js sizes to
the column before compiling) stay Vega-Lite and are compiled in the browser."""

from __future__ import annotations

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
