"""Energy against quality: which pipelines sit on the frontier.

End-to-end energy of each run (teacher costs included, prerun excluded) against its teacher-relative
quality Q; the dashed line joins the runs no other run beats on both."""

import altair as alt

from publish.figures import Figure, data, describe_extremes, group_by, per_study, records
from publish.labels import relabel


def build(con, scenario):
    rows = records(con, """
        select f.*, printf('%g', f.student_params_b) || 'B' as size, s.title as source_title, s.url as source_url
        from energy_quality_frontier f join energy_runs r using (run_id) join sources s on s.source_id = r.source_id
        order by f.study, f.total_kwh, f.run_id""")
    for r in rows:
        r["frontier"] = "yes" if r["on_frontier"] else "no"
        r["source_title_href"] = r["source_url"]  # a run has no page of its own: a click opens the measuring paper
    relabel(rows, "pipeline")
    chart = _chart()  # one chart, one figure per study with its own data and title
    studies = group_by(rows, "study")
    return per_study(studies, lambda study: _figure(chart, study, studies[study]), __doc__)


def _chart():
    base = alt.Chart(data("runs"))
    dots = base.mark_point(filled=True, size=90).encode(
        x=alt.X("total_kwh:Q", title="End-to-end energy (kWh)"),
        y=alt.Y("q:Q", title="Quality retention Q", scale=alt.Scale(zero=False)),
        color=alt.Color("pipeline:N", title="Pipeline"),
        shape=alt.Shape("size:N", title="Student"), href="source_url:N",
        tooltip=[alt.Tooltip("run_id:N", title="Run"), alt.Tooltip("total_kwh:Q", title="kWh", format=".2f"),
                 alt.Tooltip("q:Q", title="Q", format=".2f"), alt.Tooltip("frontier:N", title="On frontier"),
                 alt.Tooltip("source_title:N", title="Measured by")],
    )
    line = base.transform_filter("datum.on_frontier").mark_line(strokeDash=[4, 3], color="#555").encode(
        x="total_kwh:Q", y="q:Q", order="total_kwh:Q")
    return (line + dots).properties(width=560, height=300, title="Energy–quality frontier").configure_legend(
        orient="top", direction="vertical")


def _figure(chart, study, rows):
    on = [r for r in rows if r["on_frontier"]]
    return Figure(slug=f"energy-frontier-{study}", chart=chart, rows=rows, datasets={"runs": rows}, height=480,
                  description=(f"Scatter plot of {len(rows)} runs, energy against quality retention Q; {len(on)} are on "
                               f"the frontier ({', '.join(sorted({r['pipeline'] for r in on}))}). Energy: "
                               + describe_extremes(rows, "total_kwh", "run_id", "kWh")),
                  chart_title=f"Energy–quality frontier ({study})",
                  columns=[("run_id", "Run"), ("total_kwh", "kWh"), ("q", "Q"), ("frontier", "On frontier"), ("source_title", "Measured by")])
