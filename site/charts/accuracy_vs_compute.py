"""Accuracy against the compute of creating each model.

Compute on a log axis (distillation compute for distilled models), one chart per benchmark, coloured and shaped
by model type; the dashed line joins the accuracy-per-FLOP frontier. Hover a point for its score's source;
click it to open the model's page."""

import altair as alt

from publish.figures import POWER_OF_TEN_LABEL, Figure, data, describe_extremes, group_by, model_path, records, spread, type_encodings
from publish.labels import label

POINTS_PER_PAGE = 3000
"""Points drawn over all the page's charts (each benchmark gets its share, at least MIN_POINTS): the page stays
light at any catalogue size; frontier points are always drawn, the rest spread over the compute range."""
MIN_POINTS = 60
FIELDS = ("name", "type_label", "url", "score", "creation_flop", "on_frontier", "frontier_label", "source_title")
"""The fields the chart and its table use: only these reach the page."""


def build(con, scenario):
    points = records(con, """
        select f.*, m.name, b.name as benchmark_name, b.scale_max, s.title as source_title
        from accuracy_compute_frontier f
        join models m using (model_id) join benchmarks b using (benchmark_id) join sources s on s.source_id = f.source_id
        where f.scenario_id = ? order by f.benchmark_id, f.creation_flop, f.model_id, f.settings_hash""", [scenario])
    for p in points:
        p["type_label"], p["url"] = label(p["model_type"]), model_path(p)
        p["frontier_label"] = label(p["on_frontier"])
        del p["model_type"]  # the reader's word only (type_label): chart data reaches the page
    colour, shape = type_encodings()
    figures = []
    shared = None
    groups = sorted(group_by(points, "benchmark_id").items())
    share = max(MIN_POINTS, POINTS_PER_PAGE // max(1, len(groups)))
    for benchmark_id, all_rows in groups:
        name, scale_max = all_rows[0]["benchmark_name"], all_rows[0]["scale_max"]
        rows = [{k: r[k] for k in FIELDS} for r in spread(all_rows, share, "creation_flop", keep=lambda r: r["on_frontier"])]
        drawn = "" if len(rows) == len(all_rows) else (
            f"{len(rows)} of its {len(all_rows)} scores are drawn: every frontier point and a spread over the compute "
            "range (each model's page lists its scores). ")
        chart = shared or _chart(colour, shape)
        shared = chart  # one chart for every benchmark: what differs (axis title, scale, title) is set per figure
        best = max(rows, key=lambda r: r["score"])
        figures.append(Figure(
            slug=f"accuracy-{benchmark_id}", chart=chart, rows=rows, datasets={"points": rows},
            adjust=_axis_and_title(name, scale_max),
            title=f"{name}: accuracy against creation compute", height=420,
            description=(drawn + f"Scatter plot of {len(rows)} {name} scores against the compute of creating each model. "
                         f"Highest score: {best['name']} ({best['score']:g}). "
                         f"{sum(1 for r in rows if r['on_frontier'])} points are on the accuracy-per-compute frontier, "
                         f"{sum(1 for r in rows if r['on_frontier'] and r['type_label'] == label('distilled'))} of them distilled. "
                         + describe_extremes(rows, "creation_flop", "name", "FLOP")),
            columns=[("name", "Model"), ("type_label", "Type"), ("score", "Score"),
                     ("creation_flop", "Creation FLOP"), ("frontier_label", "On frontier"), ("source_title", "Source")]))
    return figures


def _chart(colour, shape):
    base = alt.Chart(data("points"))
    dots = base.mark_point(filled=True, size=80, opacity=0.9).encode(
        x=alt.X("creation_flop:Q", scale=alt.Scale(type="log"), title="Compute to create the model (FLOP, log scale)",
                axis=alt.Axis(labelExpr=POWER_OF_TEN_LABEL, tickCount=5)),
        y=alt.Y("score:Q", title="score", scale=alt.Scale(domain=[0, 100])),
        color=colour, shape=shape, href="url:N",
        tooltip=[alt.Tooltip("name:N", title="Model"), alt.Tooltip("type_label:N", title="Type"),
                 alt.Tooltip("score:Q", title="Score"), alt.Tooltip("creation_flop:Q", title="FLOP", format=".3~e"),
                 alt.Tooltip("source_title:N", title="Score source")],
    )
    names = base.mark_text(align="left", dx=7, dy=-6, fontSize=11, color="#333", aria=False).encode(
        x="creation_flop:Q", y="score:Q", text="name:N", href="url:N")
    frontier = base.transform_filter("datum.on_frontier").mark_line(strokeDash=[4, 3], color="#555").encode(
        x="creation_flop:Q", y="score:Q", order="creation_flop:Q")
    return (frontier + dots + names).properties(width=560, height=320, title="accuracy vs creation compute")


def _axis_and_title(name: str, scale_max):
    """The benchmark's own title and y axis (its name, 0 to its maximum) on the shared chart's spec."""
    def adjust(spec: dict) -> None:
        spec["title"] = f"{name}: accuracy vs creation compute"
        for layer in spec.get("layer", []):
            y = layer.get("encoding", {}).get("y", {})
            if "title" in y:
                y["title"] = f"{name} score"
                y["scale"] = {**y.get("scale", {}), "domain": [0, scale_max]}
    return adjust
