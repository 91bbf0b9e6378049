"""The home page's answer, first: when is distillation worth it, and what does it really cost?

Every number here comes from a query at build time (never typed prose), with its range and what it counts.
`creation_cost_summary` is the one place that decides which cost view the headline uses."""

from __future__ import annotations

from . import escape
from .numbers import fmt


def _rows(con, sql: str, params=()) -> list[tuple]:
    return con.execute(sql, list(params)).fetchall()


def creation_cost_summary(con, scenario: str) -> dict | None:
    """What distilling saves, two ways, from the view `headline_verdict` (over `distillation_sensitivity`): the
    distillation step alone against training the base model (marginal), and the distilled model's whole cost,
    its lineage counted, against its base (cumulative). Older databases without the view: None."""
    try:
        row = con.execute("select * from headline_verdict").fetchone()
        names = [d[0] for d in con.description]
    except Exception:  # a database built before the view existed
        return None
    v = dict(zip(names, row)) if row else {}
    if not v.get("models"):
        return None
    v["who"] = extremes(con)
    return v


def extremes(con) -> dict:
    """Which distilled model each end of the verdict's ranges comes from, so each number links to the page whose
    rows cite the figures it was computed from (a ratio has no source document of its own)."""
    central = "accounting = 'marginal' and tokens_case = 'central' and teacher_params = 'active'"
    row = con.execute(f"""
        select arg_min(model_id, times_cheaper) filter (where {central}), arg_max(model_id, times_cheaper) filter (where {central}),
               arg_min(model_id, times_cheaper) filter (where accounting = 'marginal'),
               arg_max(model_id, times_cheaper) filter (where accounting = 'marginal'),
               arg_min(model_id, times_cheaper) filter (where accounting = 'cumulative'),
               arg_max(model_id, times_cheaper) filter (where accounting = 'cumulative')
        from distillation_sensitivity""").fetchone()
    keys = ("marginal_central_min", "marginal_central_max", "marginal_min", "marginal_max", "cumulative_min", "cumulative_max")
    return dict(zip(keys, row or (None,) * len(keys)))


def score_summary(con) -> dict | None:
    rows = _rows(con, """
        select count(*), count(*) filter (where difference > 0), median(difference), min(difference), max(difference),
               count(distinct model_id), arg_min(model_id, difference), arg_max(model_id, difference)
        from distilled_vs_vanilla_scores""")
    n, better, median, low, high, models, low_id, high_id = rows[0]
    return None if not n else {"n": n, "better": better, "median": median, "low": low, "high": high, "models": models,
                               "low_id": low_id, "high_id": high_id}


def energy_summary(con) -> dict | None:
    frontier = _rows(con, """select count(*) filter (where pipeline = 'baseline_sft'), count(*)
                              from energy_quality_frontier where on_frontier""")[0]
    reuse = _rows(con, "select min(n_star), max(n_star), count(*) from break_even_reuse")[0]
    if not frontier[1]:
        return None
    return {"baseline_on_frontier": frontier[0], "frontier": frontier[1], "n_star_low": reuse[0], "n_star_high": reuse[1],
            "runs": reuse[2]}


def verdict_html(con, scenario: str, prefix: str) -> str:
    """The verdict box: a headline and up to three supporting lines, each linking to the page that shows its data."""
    cost, scores, energy = creation_cost_summary(con, scenario), score_summary(con), energy_summary(con)
    scenario_name = (_rows(con, "select name from scenarios where scenario_id = ?", [scenario]) or [("",)])[0][0]
    lines = []
    names = dict(_rows(con, "select model_id, name from models"))

    def model_link(model_id, shown: str) -> str:
        """A figure linked to the model page it comes from (where every input is listed with its source)."""
        if not model_id:
            return shown
        return (f'<a href="{prefix}models/{escape.text(model_id)}/" title="{escape.text(names.get(model_id, model_id))}: '
                f'its page lists the figures this comes from, each with its source">{shown}</a>')

    def ratio(key: str, value=None) -> str:
        v = cost[key] if value is None else value
        # Two significant figures in fact (fmt keeps every digit left of the point: 3,499 would claim four).
        return model_link(cost["who"].get(key), f"{fmt(float(f'{v:.2g}') if v else v, 2)}×")

    if cost:
        # Two significant figures: the inputs (tokens per sample above all) support no more.
        head = (f"The distillation step alone took <strong>{ratio('marginal_central_min')} to "
                f"{ratio('marginal_central_max')} less compute</strong> than training its base model "
                f'(<a href="{prefix}economics/">{cost["models"]} distilled models</a> at central assumptions; '
                f"{ratio('marginal_min')} to {ratio('marginal_max')} across every assumption"
                + (f"; {cost['models_unknown']} more not computable, an input unknown" if cost.get("models_unknown") else "")
                + ").")
        lines.append(f'<p class="dl-verdict-head">{head}</p>')
        # cumulative ratios are base cost / distilled cost: their inverses say how many times its base it cost.
        most, least = 1 / cost["cumulative_min"], 1 / cost["cumulative_max"]
        verb = "cost at least as much as its base model" if cost["cumulative_always_dearer"] else "cost"
        lead = "But it is not cheaper to have:" if cost["cumulative_always_dearer"] else "Counted whole:"
        lines.append(f"<p><strong>{lead}</strong> counted through its lineage (the base model's "
                     f"pre-training and a share of the teacher included), every distilled model {verb}: "
                     f"{ratio('cumulative_max', least)} to {ratio('cumulative_min', most)} the base model's cost. "
                     f'Distilling pays when you already have the base model: <a href="{prefix}economics/">against an API</a>.</p>')
    else:
        lines.append('<p class="dl-verdict-head">No distilled model with a base model is in the catalogue yet.</p>')
    items = []
    if scores:
        items.append(f"<li><strong>What you get:</strong> the distilled model scores higher than its vanilla counterpart "
                     f"in {scores['better']} of {scores['n']} shared benchmark results (median "
                     f"{_signed(scores['median'])} points, from {model_link(scores['low_id'], _signed(scores['low']))} to "
                     f"{model_link(scores['high_id'], _signed(scores['high']))}; "
                     f'{scores["models"]} models; <a href="{prefix}benchmarks/">benchmarks</a>).</li>')
    if energy:
        items.append(f"<li><strong>Measured end to end, it is not automatically greener:</strong> "
                     f'<a href="{prefix}energy/#energy-runs">{energy["baseline_on_frontier"]} of {energy["frontier"]} runs</a> '
                     f"on the energy–quality frontier are plain fine-tuning, and a teacher artifact must be reused by "
                     f'<a href="{prefix}energy/#energy-runs">{fmt(energy["n_star_low"], 2)} to {fmt(energy["n_star_high"], 2)} '
                     f"students</a> before distilling saves energy "
                     f'(<a href="{prefix}energy/">energy</a>).</li>')
    if items:
        lines.append("<ul>" + "".join(items) + "</ul>")
    lines.append(f'<p class="dl-verdict-small">Assumptions: “{escape.text(scenario_name)}” '
                 f'(<a href="{prefix}methodology/">methodology</a>). Each number links to the page that lists the figures behind it, each with its source.</p>')
    return '<div class="dl-verdict" role="note" aria-label="The answer in short">' + "".join(lines) + "</div>"


def _signed(value) -> str:
    if value is None:
        return "—"
    return ("+" if value > 0 else "−" if value < 0 else "") + fmt(abs(value))
