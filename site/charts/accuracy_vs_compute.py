"""Accuracy against the compute of creating each model.

Compute on a log axis, counted two ways (the switch under each chart): cumulative, the model's whole lineage (a
distilled model carries its base model's pre-training and a share of its teacher), or marginal, its own stage
only (the first paper's Figs. 2-3, where a distilled model's base comes free). A cumulative figure with an unknown
ancestor is only a lower bound and is drawn in the marginal view alone. One chart per benchmark, coloured
and shaped by model type; the dashed line joins the accuracy-per-FLOP frontier under the counting shown. Hover a
point for its score's source; click it to open the model's page. Names that would overlap are left out (the
data table lists every point)."""

import altair as alt

from publish.figures import POWER_OF_TEN_LABEL, Figure, data, describe_extremes, group_by, model_path, records, spread, type_encodings
from publish.labels import label

# The reader's words for the two countings; the first is the default view. They go into a Vega expression in
# single quotes, so they must not contain one.
CUMULATIVE = "Cumulative: base model and teacher share included"
MARGINAL = "Marginal: own stage only"
POINTS_PER_PAGE = 900
"""Points drawn over all the page's charts (each benchmark gets its share, at least MIN_POINTS): the page stays
light at any catalogue size; frontier points are always drawn, the rest spread over the compute range."""
MIN_POINTS = 45
SHORT_CAPTION = ("Read like the first chart on this page: the switch under the chart picks the counting, the dashed line "
                 "joins the frontier; hover a point for its source, click it for the model's page.")


def build(con, scenario):
    points = records(con, """
        select f.*, m.name, b.name as benchmark_name, b.scale_max, s.title as source_title, s.url as source_title_href
        from accuracy_compute_frontier f
        join models m using (model_id) join benchmarks b using (benchmark_id) join sources s on s.source_id = f.source_id
        where f.scenario_id = ? order by f.benchmark_id, f.creation_flop, f.model_id, f.settings_hash""", [scenario])
    for p in points:
        p["type_label"], p["url"] = label(p["model_type"]), model_path(p)
        p["frontier_label"] = label(p["on_frontier"])
        p["frontier_cumulative_label"] = label(p["on_frontier_cumulative"])
        p["complete_label"] = "complete" if p["cumulative_complete"] else "lower bound (an ancestor's cost unknown)"
        p["name_href"] = p["url"]  # the data table's names link to the model pages, its sources to the documents
        # Frontier points (either counting) are named first (charts: usermeta.labels, publish/vega_compile).
        p["prio"] = 0 if p["on_frontier"] or p["on_frontier_cumulative"] else 1
        del p["model_type"]  # the reader's word only (type_label): chart data reaches the page
    figures = []
    groups = sorted(group_by(points, "benchmark_id").items())
    chart = _chart() if groups else None
    share = max(MIN_POINTS, POINTS_PER_PAGE // max(1, len(groups)))
    for benchmark_id, all_rows in groups:
        # A bounded number of points per chart: every frontier point (either counting), the rest spread over compute.
        rows = spread(all_rows, share, "creation_flop", keep=lambda r: r["on_frontier"] or r["on_frontier_cumulative"])
        name = rows[0]["benchmark_name"]
        best = max(rows, key=lambda r: r["score"])
        distilled = label("distilled")
        on_cumulative = [r for r in rows if r["on_frontier_cumulative"]]
        on_marginal = [r for r in rows if r["on_frontier"]]
        figures.append(Figure(
            slug=f"accuracy-{benchmark_id}", chart=chart, rows=rows, datasets={"points": rows},
            adjust=_for_benchmark(name, rows[0]["scale_max"]),
            # The full reading guide once, under the first chart; the others point back to it (the same words under
            # every chart were a wall of repeated text between the charts).
            caption="" if not figures else SHORT_CAPTION,
            title=f"{name}: accuracy against creation compute", height=530, height_narrow=570,
            description=(("" if len(rows) == len(all_rows) else
                          f"{len(rows)} of its {len(all_rows)} scores are drawn: every frontier point and a spread over "
                          "the compute range (each model's page lists its scores). ")
                         + f"Scatter plot of {len(rows)} {name} scores against the compute of creating each model. "
                         f"Highest score: {best['name']} ({best['score']:g}). "
                         f"Counted cumulatively (lineage included), {len(on_cumulative)} points are on the "
                         f"accuracy-per-compute frontier, {sum(1 for r in on_cumulative if r['type_label'] == distilled)} "
                         f"of them distilled; counted marginally (own stage only, as the first paper does), "
                         f"{len(on_marginal)}, {sum(1 for r in on_marginal if r['type_label'] == distilled)} distilled. "
                         + (f"{sum(1 for r in rows if not r['cumulative_complete'])} points have only a lower bound on "
                            "cumulative compute and are drawn in the marginal view only. " if any(not r["cumulative_complete"] for r in rows) else "")
                         + describe_extremes(rows, "creation_flop", "name", "FLOP (marginal)")),
            columns=[("name", "Model"), ("type_label", "Type"), ("score", "Score"),
                     ("cumulative_flop", "Cumulative FLOP (lineage)"), ("complete_label", "Cumulative figure"),
                     ("frontier_cumulative_label", "On frontier (cumulative)"),
                     ("creation_flop", "Marginal FLOP (own stage)"), ("frontier_label", "On frontier (marginal)"),
                     ("source_title", "Source")]))
    return figures


def _chart():
    """The chart every benchmark shares: built once (Altair's object model costs ~40 ms a chart); what differs
    between benchmarks (the title, the y axis's title and range) is set in each figure's spec (_for_benchmark)."""
    colour, shape = type_encodings()
    counting = alt.param(name="counting", value=CUMULATIVE,
                         bind=alt.binding_radio(options=[CUMULATIVE, MARGINAL], name="Compute counted: "))
    # One row per score; the switch picks which FLOP column is x and which frontier flag draws the line.
    base = alt.Chart(data("points")).transform_calculate(
        # A cumulative figure with an unknown ancestor is a lower bound: not placed on the cumulative axis.
        x=f"counting == '{MARGINAL}' ? datum.creation_flop : (datum.cumulative_complete ? datum.cumulative_flop : null)",
        front=f"counting == '{MARGINAL}' ? datum.on_frontier : datum.on_frontier_cumulative",
    ).transform_filter("isValid(datum.x) && datum.x > 0")
    x = alt.X("x:Q", scale=alt.Scale(type="log"), title="Compute to create the model (FLOP, log scale)",
              axis=alt.Axis(labelExpr=POWER_OF_TEN_LABEL, tickCount=5))
    dots = base.mark_point(filled=True, size=80, opacity=0.9).encode(
        x=x,
        y=alt.Y("score:Q", title="score", scale=alt.Scale(domain=[0, 100])),  # per benchmark: _for_benchmark
        color=colour, shape=shape, href="url:N",
        tooltip=[alt.Tooltip("name:N", title="Model"), alt.Tooltip("type_label:N", title="Type"),
                 alt.Tooltip("score:Q", title="Score"),
                 alt.Tooltip("cumulative_flop:Q", title="Cumulative FLOP", format=".2~e"),
                 alt.Tooltip("creation_flop:Q", title="Marginal FLOP", format=".2~e"),
                 alt.Tooltip("source_title:N", title="Score source")],
    ).properties(name="points")
    frontier = base.transform_filter("datum.front").mark_line(strokeDash=[4, 3], color="#555").encode(
        x="x:Q", y="score:Q", order="x:Q")
    # Names beside the points, placed so that none overlaps another (publish/vega_compile: Vega's label transform).
    return (frontier + dots).add_params(counting).properties(
        width=560, height=320, title="accuracy vs creation compute",
        usermeta={"labels": {"marks": "points_marks", "text": "name", "href": "url", "priority": "prio"}})


def _for_benchmark(name: str, scale_max):
    """Puts one benchmark's title, y-axis title and score range into the shared chart's spec."""
    def adjust(spec: dict) -> None:
        spec["title"] = f"{name}: accuracy vs creation compute"
        for layer in spec["layer"]:
            if layer.get("name") == "points":
                layer["encoding"]["y"]["title"] = f"{name} score"
                layer["encoding"]["y"]["scale"]["domain"] = [0, scale_max]
    return adjust
