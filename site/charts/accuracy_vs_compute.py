"""Accuracy against the compute of creating each model.

Training compute on a log axis (distillation compute for distilled models), one chart per benchmark,
coloured by model type; the line joins the accuracy-per-FLOP frontier. Hover a point for its source."""

import altair as alt

from publish.figures import Figure, data, group_by, records

TYPES = ["vanilla", "distilled", "fine_tuned", "teacher", "proprietary"]


def build(con, scenario):
    points = records(con, """
        select f.*, m.name, b.name as benchmark_name, b.scale_max, s.title as source_title
        from accuracy_compute_frontier f
        join models m using (model_id) join benchmarks b using (benchmark_id) join sources s on s.source_id = f.source_id
        where f.scenario_id = ? order by f.benchmark_id, f.creation_flop""", [scenario])
    figures = []
    for benchmark_id, rows in sorted(group_by(points, "benchmark_id").items()):
        name = rows[0]["benchmark_name"]
        base = alt.Chart(data("points"))
        dots = base.mark_point(filled=True, size=80).encode(
            x=alt.X("creation_flop:Q", scale=alt.Scale(type="log"), title="Compute to create the model (FLOP, log scale)",
                    axis=alt.Axis(format="~e")),
            y=alt.Y("score:Q", title=f"{name} score", scale=alt.Scale(domain=[0, rows[0]["scale_max"]])),
            color=alt.Color("model_type:N", title="Type", scale=alt.Scale(domain=TYPES)),
            shape=alt.Shape("model_type:N", scale=alt.Scale(domain=TYPES), legend=None),
            tooltip=[alt.Tooltip("name:N", title="Model"), alt.Tooltip("model_type:N", title="Type"),
                     alt.Tooltip("score:Q", title="Score"), alt.Tooltip("creation_flop:Q", title="FLOP", format=".3~e"),
                     alt.Tooltip("source_title:N", title="Score source")],
        )
        frontier = base.transform_filter("datum.on_frontier").mark_line(strokeDash=[4, 3], color="#555").encode(
            x="creation_flop:Q", y="score:Q", order="creation_flop:Q")
        chart = (frontier + dots).properties(width=560, height=320, title=f"{name}: accuracy vs creation compute")
        figures.append(Figure(slug=f"accuracy-{benchmark_id}", chart=chart, rows=rows, datasets={"points": rows},
                              title=f"{name}: accuracy against creation compute",
                              columns=[("name", "Model"), ("model_type", "Type"), ("score", "Score"),
                                       ("creation_flop", "Creation FLOP"), ("on_frontier", "On frontier")]))
    return figures
