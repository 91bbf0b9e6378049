"""Reusing the teacher: energy per student as more students share one teacher artifact.

Energy per trained student when N students share one set of cached logits or synthetic data; baseline SFT
has no teacher and stays flat. The distillation curve crosses the baseline at the break-even reuse N*."""

import altair as alt

from publish.figures import Figure, data, group_by, per_study, records
from publish.labels import relabel


def build(con, scenario):
    rows = records(con, """
        select t.run_id, t.study, t.pipeline, printf('%g', t.student_params_b) || 'B student' as size, t.student_params_b,
               n.n as students, s.title as source_title, s.url as source_url,
               case when t.pipeline = 'baseline_sft' then t.total_kwh
                    else t.teacher_kwh / n.n + (t.total_kwh - t.teacher_kwh) end as kwh_per_student
        from energy_pipeline_totals t join energy_runs r using (run_id) join sources s on s.source_id = r.source_id
        cross join range(1, 21) n(n)
        order by t.study, t.student_params_b, t.pipeline, t.run_id, n.n""")
    stars = records(con, """
        select b.run_id, t.study, t.pipeline, printf('%g', t.student_params_b) || 'B student' as size, t.student_params_b,
               b.n_star, s.title as source_title, s.url as source_url,
               t.teacher_kwh / b.n_star + (t.total_kwh - t.teacher_kwh) as kwh_per_student
        from break_even_reuse b join energy_pipeline_totals t using (run_id) join energy_runs r using (run_id)
        join sources s on s.source_id = r.source_id where b.n_star <= 20""")
    for s in stars:
        s["source_title_href"] = s["source_url"]  # the data table links each run's measurements
    relabel(rows, "pipeline")
    relabel(stars, "pipeline")
    curves, stars = group_by(rows, "study"), group_by(stars, "study")
    chart = _facet()  # one chart, one figure per study with its own data and title
    return per_study(curves, lambda study: Figure(slug=f"amortisation-{study}", title=f"Reusing the teacher ({study})", chart=chart,
                   chart_title=f"Amortising the teacher across students ({study})",
                   datasets={"curves": [dict(r, n_star=None) for r in curves[study]]
                             + [dict(s, students=None) for s in stars.get(study, [])]},
                   rows=stars.get(study, []), height=380, height_narrow=880,  # three panels in a row; one a row on a phone
                   description=(f"Line charts, one per student size: energy per student falls as more students share "
                                f"one teacher artifact, and crosses plain fine-tuning at the break-even reuse N*: "
                                + "; ".join(f"{s['size']}, {s['pipeline']}: N* = {s['n_star']:.1f}"
                                            for s in stars.get(study, [])) + "."),
                   columns=[("run_id", "Run"), ("size", "Student"), ("pipeline", "Pipeline"), ("n_star", "N*"), ("source_title", "Measured by")]), __doc__)


def _facet():
    """One panel per student size; the N* diamonds drawn on the curves they belong to."""
    line = alt.Chart().mark_line().encode(
        x=alt.X("students:Q", title="Students sharing it (N)"),
        y=alt.Y("kwh_per_student:Q", title="kWh per student"),
        color=alt.Color("pipeline:N", title="Pipeline", legend=alt.Legend(orient="top", direction="vertical")),
        strokeDash=alt.StrokeDash("pipeline:N", title="Pipeline"),
        tooltip=[alt.Tooltip("run_id:N", title="Run"), alt.Tooltip("students:Q", title="N"),
                 alt.Tooltip("kwh_per_student:Q", title="kWh per student", format=".2f"),
                 alt.Tooltip("source_title:N", title="Measured by")], href="source_url:N",
    ).transform_filter("datum.students != null")
    star = alt.Chart().mark_point(shape="diamond", size=90, filled=True, color="black").encode(
        x="n_star:Q", y="kwh_per_student:Q",
        tooltip=[alt.Tooltip("run_id:N", title="Run"), alt.Tooltip("n_star:Q", title="N*", format=".2f"),
                 alt.Tooltip("source_title:N", title="Measured by")], href="source_url:N",
    ).transform_filter("datum.n_star != null")
    return alt.layer(line, star, data=data("curves")).properties(width=200, height=200).facet(
        facet=alt.Facet("size:N", title=None, sort=alt.EncodingSortField("student_params_b")), columns=3).properties(
        title="Amortising the teacher across students")
