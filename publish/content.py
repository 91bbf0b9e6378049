"""The machine-filled parts of hand-written pages: {{ value:… }}, {{ table:… }}, {{ chart:… }}.

Every headline number on the site is one of these, computed from the views at build time;
a page naming an unknown placeholder fails the build."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from . import escape
from .figures import TABLE_ROWS, build_figures, chart_names, records
from .fragments import Fragments
from .labels import label
from .numbers import fmt
from .raw_blocks import mark
from .tables import Column, html_table, source_link
from .verdict import verdict_html

PLACEHOLDER = re.compile(r"\{\{\s*(value|table|chart|file)\s*:\s*([a-z0-9_./-]+)\s*\}\}")
ANY_BRACES = re.compile(r"\{\{|\}\}")
FIGURE_TABLE_ROWS = 2000
"""Rows of data tables shown under all the figures of one chart file together (each at most figures.TABLE_ROWS)."""


class PlaceholderError(Exception):
    pass


@dataclass
class Context:
    con: object
    scenario: str
    prefix: str  # relative path from the page to the site root
    files: dict  # name -> generated Markdown/HTML (data dictionary, schema reference)
    fragments: Fragments | None = None  # the previous build's tables and charts of this page, kept where unchanged


def _one(ctx: Context, sql: str, params=()):
    row = ctx.con.execute(sql, list(params)).fetchone()
    return row[0] if row else None


# --------------------------------------------------------------------------------------- values

def _ratio(ctx: Context, model: str, column: str) -> str:
    value = _one(ctx, f"select {column} from distillation_efficiency where model_id = ? and scenario_id = ?",
                 [model, ctx.scenario])
    return fmt(value, 3) + "×" if value else "—"


VALUES = {
    "models": lambda c: fmt(_one(c, "select count(*) from models")),
    "distilled_models": lambda c: fmt(_one(c, "select count(*) from models where method = 'distilled'")),
    "scores": lambda c: fmt(_one(c, "select count(*) from scores")),
    "sources": lambda c: fmt(_one(c, "select count(*) from sources")),
    "gpus": lambda c: fmt(_one(c, "select count(*) from gpus")),
    "energy_runs": lambda c: fmt(_one(c, "select count(*) from energy_runs")),
    "facts": lambda c: fmt(_one(c, "select count(*) from facts")),
    "scenario_name": lambda c: escape.text(_one(c, "select name from scenarios where scenario_id = ?", [c.scenario])),
    "qwen3_8b_ratio_total_params": lambda c: _ratio(c, "deepseek/deepseek-r1-0528-qwen3-8b", "compute_ratio_total_params"),
    "qwen3_8b_ratio_active_params": lambda c: _ratio(c, "deepseek/deepseek-r1-0528-qwen3-8b", "compute_ratio"),
    "median_ratio_total_params": lambda c: fmt(_one(c, "select median(compute_ratio_total_params) from distillation_efficiency where scenario_id = ?", [c.scenario])) + "×",
    "median_ratio_active_params": lambda c: fmt(_one(c, "select median(compute_ratio) from distillation_efficiency where scenario_id = ?", [c.scenario])) + "×",
    "frontier_points": lambda c: fmt(_one(c, "select count(*) from accuracy_compute_frontier where on_frontier and scenario_id = ?", [c.scenario])),
    "frontier_distilled": lambda c: fmt(_one(c, "select count(*) from accuracy_compute_frontier where on_frontier and model_type = 'distilled' and scenario_id = ?", [c.scenario])),
    "audit_total": lambda c: fmt(_one(c, "select count(*) from audit")),
    "audit_reproduced": lambda c: fmt(_one(c, "select count(*) from audit where reason like 'reproduced%'")),
    "audit_differ": lambda c: fmt(_one(c, "select count(*) from audit where reason not like 'reproduced%'")),
    "n_star_min": lambda c: fmt(_one(c, "select min(n_star) from break_even_reuse"), 2),
    "n_star_max": lambda c: fmt(_one(c, "select max(n_star) from break_even_reuse"), 2),
    "energy_baseline_frontier_share": lambda c: fmt(_one(c, "select count(*) from energy_quality_frontier where on_frontier and pipeline = 'baseline_sft'")) + " of " + fmt(_one(c, "select count(*) from energy_quality_frontier where on_frontier")),
    "verdict": lambda c: verdict_html(c.con, c.scenario, c.prefix),
    "catalogue_date": lambda c: escape.text(c.files.get("catalogue_date", "unknown")),
}


# --------------------------------------------------------------------------------------- tables

def _gpu_table(ctx: Context) -> str:
    rows = records(ctx.con, """
        select g.*, s.title as source_title, s.url as source_url from gpus g join sources s using (source_id)
        order by g.vendor, g.released, g.gpu_id""")
    cols = [Column("name", "GPU"), Column("peak_bf16_dense_tflops", "BF16 dense (TFLOP/s)", numeric=True, answer=True),
            Column("peak_fp8_dense_tflops", "FP8 dense (TFLOP/s)", numeric=True), Column("tdp_w", "Power (W)", numeric=True),
            Column("memory_gb", "Memory (GB)", numeric=True), Column("memory_bandwidth_tbps", "Bandwidth (TB/s)", numeric=True),
            Column("vendor", "Vendor"), Column("family", "Family", enum=True), Column("released", "Released"),
            Column("source_id", "Source", source_link())]
    return html_table(cols, rows, search_keys=("name",))


def _workload_table(ctx: Context) -> str:
    rows = records(ctx.con, """
        select w.name, h.gpu_id, g.name as gpu_name, h.flop, h.gpu_hours, h.gpu_hours_low, h.gpu_hours_high, h.tco2e
        from workload_gpu_hours h join workload_compute w using (workload_id) join gpus g using (gpu_id)
        where h.scenario_id = ? order by w.name, g.peak_bf16_dense_tflops, h.gpu_id""", [ctx.scenario])
    cols = [Column("name", "Workload"), Column("gpu_name", "GPU"), Column("gpu_hours", "GPU-hours", numeric=True, answer=True),
            Column("range", "Range (MFU range)", lambda r: f"{fmt(r['gpu_hours_low'])} – {fmt(r['gpu_hours_high'])}"),
            Column("tco2e", "tCO2e", numeric=True), Column("flop", "FLOP", numeric=True)]
    # Folded: every workload on every GPU is hundreds of rows, which stood between the chart (the same figures, one
    # workload at a time) and the what-if below it. Open, it is the whole table with its filter box.
    return (f'<details class="dl-data dl-all-rows"><summary>Every workload on every GPU ({len(rows):,} rows)</summary>\n'
            + html_table(cols, rows) + "</details>\n")


def _audit_table(ctx: Context) -> str:
    rows = records(ctx.con, """
        select a.*, coalesce(m.name, w.name, a.subject_id) as subject_name, s.title as source_title, s.url as source_url,
               r.student_params_b as run_student_b, r.pipeline as run_pipeline, r.study as run_study
        from audit a join sources s using (source_id)
        left join models m on a.subject_kind = 'model' and m.model_id = a.subject_id
        left join workloads w on a.subject_kind = 'workload' and w.workload_id = a.subject_id
        left join energy_pipeline_totals r on a.subject_kind = 'energy_run' and r.run_id = a.subject_id
        order by a.claim_table_id, a.position""")

    def subject(r):
        if r["subject_kind"] == "model":
            return f'<a href="{ctx.prefix}models/{escape.text(r["subject_id"])}/">{escape.text(r["subject_name"])}</a>'
        if r["subject_kind"] == "energy_run" and r["run_pipeline"]:  # a run in words, linked to the energy runs table
            return (f'<a href="{ctx.prefix}energy/#energy-runs">{escape.text(fmt(r["run_student_b"]))}B student, '
                    f'{escape.text(label(r["run_pipeline"]).lower())}</a> ({escape.text(r["run_study"])})')
        if r["subject_kind"] == "energy_study":
            return f'<a href="{ctx.prefix}energy/">{escape.text(r["subject_name"])}</a> (whole study)'
        return escape.text(r["subject_name"])

    def recomputed_range(r):
        low, high = r.get("recomputed_low"), r.get("recomputed_high")
        if low is None and high is None:
            return ""
        return f"{escape.text(fmt(low))} – {escape.text(fmt(high))}"

    # Answer columns first (published, recomputed, ratio, reason); where and which GPU after them.
    cols = [Column("subject_name", "Subject", subject),
            Column("metric", "Metric", enum=True), Column("claimed", "Published", numeric=True, answer=True),
            Column("recomputed", "Recomputed", numeric=True, answer=True),
            # The recomputation's own range (the scenario's MFU, PUE and grid ranges), where it has one.
            Column("recomputed_range", "Recomputed range", recomputed_range),
            Column("ratio", "Ratio", numeric=True, answer=True),
            Column("reason", "Reason", answer=True, long=True),
            Column("source_id", "Source", source_link()), Column("location", "Where"), Column("gpu_id", "GPU", identifier=True),
            Column("total_params_variant", "With total params", numeric=True),
            Column("source_inputs_variant", "From the source's inputs", numeric=True),
            Column("published", "Model card", numeric=True)]
    return html_table(cols, rows, table_id="audit-table")


def _energy_table(ctx: Context) -> str:
    rows = records(ctx.con, """
        select t.*, b.n_star, s.source_id, s.title as source_title, s.url as source_url
        from energy_pipeline_totals t left join break_even_reuse b using (run_id)
        join energy_runs r using (run_id) join sources s on s.source_id = r.source_id
        order by t.study, t.student_params_b, t.pipeline, t.run_id""")
    cols = [Column("pipeline", "Pipeline", enum=True), Column("student_params_b", "Student (B)", numeric=True),
            Column("total_kwh", "Total (kWh)", numeric=True, answer=True), Column("n_star", "Break-even reuse N*", numeric=True, answer=True),
            Column("q", "Quality Q", numeric=True), Column("teacher_kwh", "Teacher (kWh)", numeric=True),
            Column("student_kwh", "Student training (kWh)", numeric=True), Column("reported_total_kwh", "Published total (kWh)", numeric=True),
            Column("source_id", "Measured by", source_link()),
            Column("j_per_token", "J/token", numeric=True), Column("run_id", "Run", identifier=True)]
    return html_table(cols, rows, table_id="energy-runs")  # the home page's verdict links here


def _inference_table(ctx: Context) -> str:
    rows = records(ctx.con, """
        select i.*, d.student_params_b as run_b, d.pipeline as run_pipeline, r.student_params_b as ref_b,
               r.pipeline as ref_pipeline
        from inference_break_even i left join energy_pipeline_totals d on d.run_id = i.run_id
        left join energy_pipeline_totals r on r.run_id = i.reference_run_id
        order by d.student_params_b, d.pipeline, r.student_params_b, i.run_id, i.reference_run_id""")

    def run(b, pipeline, run_id):  # "7B student, logit distillation" (the run id stays in the energy runs table)
        return escape.text(f"{fmt(b)}B student, {label(pipeline).lower()}" if pipeline else run_id)

    def t_star(r):
        # The view gives 0 where the student took less training energy than the model it replaces (repaid from the
        # first token) and nothing where both spend the same energy per token (never repaid): words, not "0" or "".
        if r["t_star_tokens"] is None:
            return "never (same J/token)" if r["extra_train_kwh"] and r["extra_train_kwh"] > 0 else ""
        if r["t_star_tokens"] == 0:
            return "0 (cheaper to train)"
        return escape.text(fmt(r["t_star_tokens"]))

    cols = [Column("run_id", "Distilled run", lambda r: run(r["run_b"], r["run_pipeline"], r["run_id"])),
            Column("t_star_tokens", "Break-even T* (tokens)", t_star, numeric=True, answer=True),
            Column("quality_equivalent", "As good?", answer=True),
            Column("reference_run_id", "Replaces", lambda r: run(r["ref_b"], r["ref_pipeline"], r["reference_run_id"])),
            Column("extra_train_kwh", "Extra training (kWh)", numeric=True),
            Column("j_student", "Student J/token", numeric=True), Column("j_ref", "Reference J/token", numeric=True),
            Column("q_student", "Q student", numeric=True), Column("q_ref", "Q reference", numeric=True)]
    return html_table(cols, rows)


def _economics_table(ctx: Context) -> str:
    rows = records(ctx.con, """
        select a.*, r.product as reference, c.product as candidate, s.name as scenario from api_break_even a
        join scenarios s using (scenario_id) join prices r on r.price_id = a.reference_price_id
        join prices c on c.price_id = a.candidate_price_id order by a.scenario_id, a.break_even_queries, a.reference_price_id, a.candidate_price_id""")
    cols = [Column("reference", "Replacing"), Column("candidate", "With"),
            Column("break_even_queries", "Break-even queries", numeric=True, answer=True),
            Column("distillation_usd", "Distillation set (USD)", numeric=True),
            Column("saving_usd_per_query", "Saving per query (USD)", numeric=True),
            Column("distill_tokens", "Teacher tokens", numeric=True), Column("scenario", "Scenario")]
    return html_table(cols, rows)


def _prices_table(ctx: Context) -> str:
    rows = records(ctx.con, """select p.*, s.title as source_title, s.url as source_url from prices p
        join sources s using (source_id) order by p.provider, p.product, p.price_id""")
    cols = [Column("product", "Product"), Column("provider", "Provider"), Column("input_usd_per_mtok", "Input USD/Mtok", numeric=True),
            Column("output_usd_per_mtok", "Output USD/Mtok", numeric=True), Column("as_of", "As of"),
            Column("source_id", "Source", source_link())]
    return html_table(cols, rows, filterable=False)


def _price_history_table(ctx: Context) -> str:
    # Every dated value with the period it was in force: API token prices and GPU-hour rental, by provider class.
    rows = records(ctx.con, """select p.*, s.title as source_title, s.url as source_url from price_in_force p
        join sources s using (source_id) order by p.kind, p.provider, p.product, p.valid_from""")
    money = lambda key: (lambda r: "" if r[key] is None else "$" + fmt(r[key]))  # noqa: E731
    cols = [Column("product", "Product"), Column("provider", "Provider"), Column("provider_class", "Class", enum=True),
            Column("valid_from", "From", answer=True), Column("valid_until", "Until"),
            Column("usd_per_gpu_hour", "USD per GPU-hour", money("usd_per_gpu_hour"), numeric=True, answer=True),
            Column("input_usd_per_mtok", "Input USD/Mtok", money("input_usd_per_mtok"), numeric=True),
            Column("output_usd_per_mtok", "Output USD/Mtok", money("output_usd_per_mtok"), numeric=True),
            Column("basis", "Basis", enum=True), Column("source_id", "Source", source_link())]
    return html_table(cols, rows)


def _scenario_table(ctx: Context) -> str:
    rows = records(ctx.con, """select sc.*, s.title as source_title, s.url as source_url from scenarios sc
        join sources s using (source_id) order by sc.scenario_id""")
    cols = [Column("name", "Scenario"), Column("mfu", "MFU (default)", numeric=True), Column("pue", "PUE", numeric=True),
            Column("grid_tco2e_per_mwh", "tCO2e/MWh", numeric=True), Column("tokens_per_sample", "Tokens/sample", numeric=True),
            Column("description", "What it assumes", long=True), Column("source_id", "Source", source_link())]
    return html_table(cols, rows, filterable=False)


def _sources_table(ctx: Context) -> str:
    rows = records(ctx.con, "select *, title as source_title, url as source_url from sources order by source_id")
    # The title (what a reader looks for, linked to the document) first; the id, which other pages link to, last.
    cols = [Column("title", "Title", source_link(), long=True, answer=True), Column("kind", "Kind", enum=True),
            Column("year", "Year"), Column("accessed", "Accessed"), Column("license", "Licence"),
            Column("source_id", "Id", lambda r: f'<code id="src-{escape.text(r["source_id"])}">{escape.text(r["source_id"])}</code>')]
    return html_table(cols, rows, search_keys=("title",))


TABLES = {
    "gpus": _gpu_table,
    "workload_hours": _workload_table,
    "audit": _audit_table,
    "energy_runs": _energy_table,
    "inference_break_even": _inference_table,
    "api_break_even": _economics_table,
    "prices": _prices_table,
    "price_history": _price_history_table,
    "scenarios": _scenario_table,
    "sources": _sources_table,
}


def fill(text: str, page: Path, ctx: Context) -> str:
    """Replace every placeholder; raise naming file:line for an unknown one or a stray brace pair."""
    out_lines = []
    for number, line in enumerate(text.split("\n"), start=1):
        def replace(match):
            kind, name = match.groups()
            try:
                if kind == "value":
                    return VALUES[name](ctx)
                if kind == "table":
                    return TABLES[name](ctx)
                if kind == "file":
                    return ctx.files[name]
                if name not in chart_names():
                    raise KeyError(name)
                figures = build_figures(name, ctx.con, ctx.scenario)
                for figure in figures:
                    figure.root = ctx.prefix
                    # Many figures from one file share the page: their data tables share a row budget too.
                    figure.table_rows = figure.table_rows or min(TABLE_ROWS, max(10, FIGURE_TABLE_ROWS // len(figures)))
                # One block around all of a chart file's figures: Python-Markdown copies the rest of the page each
                # time a top-level HTML block ends, so a block per figure is quadratic in a page of many figures.
                return '<div class="dl-figures">\n' + "\n".join(f.html() for f in figures) + "</div>\n"
            except KeyError:
                raise PlaceholderError(f"{page}:{number}: unknown placeholder {{{{ {kind}:{name} }}}}") from None
        whole = PLACEHOLDER.fullmatch(line)
        if whole and whole.group(1) in ("table", "chart"):  # a block of HTML on its own: kept from Markdown's parser
            html = ctx.fragments.make(*whole.groups(), lambda: replace(whole)) if ctx.fragments else replace(whole)
            filled = mark(html)
        else:
            filled = PLACEHOLDER.sub(replace, line)
        if ANY_BRACES.search(PLACEHOLDER.sub("", line)):
            raise PlaceholderError(f"{page}:{number}: malformed placeholder (expected {{{{ value|table|chart|file:name }}}})")
        out_lines.append(filled)
    return "\n".join(out_lines)
