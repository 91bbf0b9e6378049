"""Where the energy of a distillation pipeline goes, stage by stage.

Measured kWh of each stage (prerun excluded) for every pipeline and student size: teacher-side work is a
near-fixed cost that dominates small students."""

import altair as alt

from publish.figures import Figure, data, describe_extremes, group_by, per_study, records
from publish.labels import label, relabel

SHORT_PIPELINES = {"baseline_sft": "plain fine-tuning", "logit_kd": "logit distillation",
                   "synthetic_sft": "teacher-written data"}
STAGES = [label(s) for s in ("preprocess", "teacher_logit_cache", "teacher_generation", "student_training", "evaluation")]


def build(con, scenario):
    rows = records(con, """
        select s.run_id, t.study, s.stage, s.position, s.energy_kwh, s.share, t.pipeline, t.student_params_b,
               printf('%g', t.student_params_b) || 'B student' as size, src.title as source_title,
               src.url as source_url
        from energy_stage_shares s join energy_pipeline_totals t using (run_id)
        join energy_runs r on r.run_id = s.run_id join sources src on src.source_id = r.source_id
        order by t.study, t.student_params_b, t.pipeline, s.run_id, s.position""")
    for r in rows:
        # Short enough for the axis at 390 px ("1B student · Plain fine-tuning (no teacher)" was cut); the tooltip
        # keeps the full pipeline name.
        r["run_label"] = f"{r['size'].replace(' student', '')} · {SHORT_PIPELINES.get(r['pipeline'], label(r['pipeline']))}"
    relabel(rows, "stage", "pipeline")
    for r in rows:
        r["source_title_href"] = r["source_url"]  # a run has no page: the data table and a click open the paper
    chart = _chart()  # one chart, one figure per study with its own data and title
    studies = group_by(rows, "study")
    return per_study(studies, lambda study: _figure(chart, study, studies[study]), __doc__)


def _chart():
    return alt.Chart(data("stages")).mark_bar().encode(
        y=alt.Y("run_label:N", title=None, sort=None),
        x=alt.X("energy_kwh:Q", title="Energy (kWh)", stack="zero"),
        color=alt.Color("stage:N", title="Stage", scale=alt.Scale(domain=STAGES)),
        order=alt.Order("position:Q"), href="source_url:N",
        tooltip=[alt.Tooltip("run_id:N", title="Run"), alt.Tooltip("pipeline:N", title="Pipeline"),
                 alt.Tooltip("stage:N", title="Stage"),
                 alt.Tooltip("energy_kwh:Q", title="kWh", format=".2f"), alt.Tooltip("share:Q", title="Share", format=".0%"),
                 alt.Tooltip("source_title:N", title="Measured by")],
    ).properties(width=560, height=alt.Step(22), title="Stage-wise energy per pipeline run").configure_legend(
        orient="top", direction="vertical", columns=1)  # one column: two were cut at 390 px


def _figure(chart, study, rows):
    totals: dict = {}
    for r in rows:
        totals[r["run_label"]] = totals.get(r["run_label"], 0) + (r["energy_kwh"] or 0)
    runs = [{"run": k, "kwh": v} for k, v in totals.items()]
    return Figure(slug=f"energy-stages-{study}", chart=chart, rows=rows, datasets={"stages": rows},
                  height=len(totals) * 22 + 190,
                  description="Stacked bars of measured energy per stage for each run. Totals "
                              + describe_extremes(runs, "kwh", "run", "kWh"),
                  chart_title=f"Stage-wise energy per pipeline run ({study})",
                  columns=[("run_id", "Run"), ("stage", "Stage"), ("energy_kwh", "kWh"), ("share", "Share"), ("source_title", "Measured by")])
