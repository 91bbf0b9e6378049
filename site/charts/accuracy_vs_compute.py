"""Accuracy against the compute of creating each model.

Compute on a log axis (distillation compute for distilled models), one chart per benchmark, coloured and shaped
by model type; the dashed line joins the accuracy-per-FLOP frontier. Hover a point for its score's source;
click it to open the model's page. Names that would overlap are left
out (the data table lists every point)."""

import altair as alt

from publish.figures import POWER_OF_TEN_LABEL, Figure, data, describe_extremes, group_by, model_path, records, type_encodings
from publish.labels import label


def build(con, scenario):
    points = records(con, """
        select f.*, m.name, b.name as benchmark_name, b.scale_max, s.title as source_title, s.url as source_title_href
        from accuracy_compute_frontier f
        join models m using (model_id) join benchmarks b using (benchmark_id) join sources s on s.source_id = f.source_id
        where f.scenario_id = ? order by f.benchmark_id, f.creation_flop""", [scenario])
    for p in points:
        p["type_label"], p["url"] = label(p["model_type"]), model_path(p)
        p["frontier_label"] = label(p["on_frontier"])
        p["name_href"] = p["url"]  # the data table's names link to the model pages, its sources to the documents
        p["prio"] = 0 if p["on_frontier"] else 1  # frontier points are named first (charts: usermeta.labels)
        del p["model_type"]  # the reader's word only (type_label): chart data reaches the page
    colour, shape = type_encodings()
    figures = []
    for benchmark_id, rows in sorted(group_by(points, "benchmark_id").items()):
        name = rows[0]["benchmark_name"]
        base = alt.Chart(data("points"))
        dots = base.mark_point(filled=True, size=80, opacity=0.9).encode(
            x=alt.X("creation_flop:Q", scale=alt.Scale(type="log"), title="Compute to create the model (FLOP, log scale)",
                    axis=alt.Axis(labelExpr=POWER_OF_TEN_LABEL, tickCount=5)),
            y=alt.Y("score:Q", title=f"{name} score", scale=alt.Scale(domain=[0, rows[0]["scale_max"]])),
            color=colour, shape=shape, href="url:N",
            tooltip=[alt.Tooltip("name:N", title="Model"), alt.Tooltip("type_label:N", title="Type"),
                     alt.Tooltip("score:Q", title="Score"), alt.Tooltip("creation_flop:Q", title="FLOP", format=".3~e"),
                     alt.Tooltip("source_title:N", title="Score source")],
        ).properties(name="points")
        frontier = base.transform_filter("datum.on_frontier").mark_line(strokeDash=[4, 3], color="#555").encode(
            x="creation_flop:Q", y="score:Q", order="creation_flop:Q")
        # Names beside the points, placed at build time's compile so that none overlaps another (publish/vega_compile).
        chart = (frontier + dots).properties(width=560, height=320, title=f"{name}: accuracy vs creation compute",
                                             usermeta={"labels": {"marks": "points_marks", "text": "name", "href": "url",
                                                                  "priority": "prio"}})
        best = max(rows, key=lambda r: r["score"])
        figures.append(Figure(
            slug=f"accuracy-{benchmark_id}", chart=chart, rows=rows, datasets={"points": rows},
            title=f"{name}: accuracy against creation compute", height=460,
            description=(f"Scatter plot of {len(rows)} {name} scores against the compute of creating each model. "
                         f"Highest score: {best['name']} ({best['score']:g}). "
                         f"{sum(1 for r in rows if r['on_frontier'])} points are on the accuracy-per-compute frontier, "
                         f"{sum(1 for r in rows if r['on_frontier'] and r['type_label'] == label('distilled'))} of them distilled. "
                         + describe_extremes(rows, "creation_flop", "name", "FLOP")),
            columns=[("name", "Model"), ("type_label", "Type"), ("score", "Score"),
                     ("creation_flop", "Creation FLOP"), ("frontier_label", "On frontier"), ("source_title", "Source")]))
    return figures
