"""How many times less compute a distilled model took than its base model, counted three ways.

The base (vanilla) model's compute divided by the distilled model's, as dots on a log axis (ratios span orders of
magnitude, and a dot's position, unlike a bar's length, reads right on one). Marginal: the distillation stage
alone, as the first paper counts it, with the teacher's inference counted by all its parameters (the paper) or by
those active per token. Cumulative: the distilled model's whole cost (its base model's pre-training, its own stage
and a share of its teacher) against its base model's. Right of the line at 1 the distilled model was cheaper;
left of it, dearer. Lines show the range the assumptions allow. With more than 40 distilled models, an even
sample by ratio is drawn; the data table lists them all."""

import altair as alt

from publish.figures import Figure, data, group_by, records
from publish.numbers import fmt

CONVENTIONS = ["Marginal, teacher: all parameters", "Marginal, teacher: active parameters",
               "Cumulative: lineage counted"]


def build(con, scenario):
    rows = records(con, """
        with e as (
            -- The marginal range is the distillation stage's own relative range carried onto its ratio.
            -- A model whose own figure already includes its base (Phi-4-reasoning's) is charged its marginal part,
            -- and has no teacher-by-total-parameters figure when its distillation could not be recomputed.
            select e.* replace (
                       case when c.double_count is not null then e.vanilla_flop / c.marginal_flop else e.compute_ratio end as compute_ratio,
                       case when cc.basis = 'distillation' then e.compute_ratio_total_params end as compute_ratio_total_params),
                   m.name, v.name as vanilla_name, c.marginal_flop / c.marginal_flop_high as shrink, c.marginal_flop / c.marginal_flop_low as grow
            from distillation_efficiency e join models m using (model_id) join models v on v.model_id = e.vanilla_model_id
            left join model_creation_cost c using (model_id, scenario_id)
            left join model_creation_compute cc using (model_id, scenario_id)
            where e.scenario_id = ?
        )
        select name, model_id, vanilla_name, compute_ratio_total_params as ratio, null::double as low, null::double as high,
               ? as convention, figure_kind from e
        union all
        select name, model_id, vanilla_name, compute_ratio, least(compute_ratio * shrink, compute_ratio),
               greatest(compute_ratio * grow, compute_ratio), ?, figure_kind from e
        union all
        select name, model_id, vanilla_name, vanilla_cumulative_flop / distilled_cumulative_flop,
               vanilla_cumulative_flop / distilled_cumulative_flop_high, vanilla_cumulative_flop / distilled_cumulative_flop_low,
               ?, figure_kind from e
        order by 1, 7, 2""", [scenario, *CONVENTIONS])
    for r in rows:
        r["url"] = r["name_href"] = f"models/{r['model_id']}/"
    shown = _every_nth(rows, 40)
    base = alt.Chart(data("ratios")).transform_calculate(
        sources="'computed from sourced figures: click for the model page, each with its source'")
    # Names truncated (full in the tooltip and the data table) so the plot keeps room on a phone.
    y = alt.Y("name:N", title=None, sort=alt.EncodingSortField("ratio", op="max", order="descending"),
              axis=alt.Axis(labelLimit=alt.ExprRef("containerSize()[0] < 500 ? 130 : 320")))
    x = alt.X("ratio:Q", scale=alt.Scale(type="log"), title="Base ÷ distilled compute (log)",
              axis=alt.Axis(format=",~g", tickCount=6))  # 0.1, not SI's "100m"
    colour = alt.Color("convention:N", title=None, scale=alt.Scale(domain=CONVENTIONS, range=["#3b6ea8", "#c2410c", "#2e7d32"]),
                       legend=alt.Legend(orient="top", direction="vertical"))
    ranges = base.transform_filter("isValid(datum.low) && isValid(datum.high)").mark_rule(strokeWidth=2, opacity=0.6).encode(
        y=y, x=alt.X("low:Q"), x2="high:Q", color=colour)
    dots = base.mark_point(filled=True, size=90, opacity=1).encode(
        y=y, x=x, color=colour,
        shape=alt.Shape("convention:N", title=None, scale=alt.Scale(domain=CONVENTIONS, range=["circle", "triangle-up", "square"])),
        href="url:N",
        tooltip=[alt.Tooltip("name:N", title="Distilled"), alt.Tooltip("vanilla_name:N", title="Base model"),
                 alt.Tooltip("convention:N", title="Counting"), alt.Tooltip("ratio:Q", title="Base ÷ distilled", format=",.2~r"),
                 alt.Tooltip("low:Q", title="Low", format=",.2~r"), alt.Tooltip("high:Q", title="High", format=",.2~r"),
                 alt.Tooltip("figure_kind:N", title="Distillation figure"), alt.Tooltip("sources:N", title="Sources")],
    )
    parity = alt.Chart(alt.Data(values=[{"x": 1}])).mark_rule(color="#333", strokeDash=[4, 3]).encode(x="x:Q")
    names = len({r["name"] for r in shown})
    chart = (parity + ranges + dots).properties(width=560, height=alt.Step(22), title="Compute saved by distillation, counted three ways")
    return [Figure(slug="distillation-ratio", chart=chart, rows=rows, datasets={"ratios": shown},
                   description=_describe(rows), height=names * 22 + 140,
                   columns=[("name", "Distilled model"), ("vanilla_name", "Base model"), ("convention", "Counting"),
                            ("ratio", "Base ÷ distilled"), ("low", "Low"), ("high", "High"),
                            ("figure_kind", "Distillation figure")])]


def _describe(rows) -> str:
    by = {c: sorted((r["ratio"], r["name"]) for r in rows if r["convention"] == c and r["ratio"]) for c in CONVENTIONS}
    if not by[CONVENTIONS[0]]:
        return "No distilled model has a base model in the catalogue yet."
    (lo_m, lo_name), (hi_m, hi_name) = by[CONVENTIONS[1]][0], by[CONVENTIONS[1]][-1]
    text = (f"Dot plot of {len(by[CONVENTIONS[1]])} distilled models. The distillation stage alone (teacher by active "
            f"parameters) took from {fmt(lo_m, 2)} times ({lo_name}) to {fmt(hi_m, 2)} times ({hi_name}) less compute than "
            f"the base model.")
    cumulative = by[CONVENTIONS[2]]
    if cumulative:
        dearer = sum(1 for ratio, _ in cumulative if ratio < 1)
        text += (f" Counted through its lineage, {dearer} of {len(cumulative)} cost more than the base model "
                 f"(base ÷ distilled from {fmt(cumulative[0][0], 2)} to {fmt(cumulative[-1][0], 2)}).")
    return text


def _every_nth(rows, limit):
    """An even sample of models by ratio (all countings of a model kept together), never a cherry-pick."""
    best = {name: max(r["ratio"] or 0 for r in group) for name, group in group_by(rows, "name").items()}
    names = sorted(best, key=best.get)
    if len(names) <= limit:
        return rows
    step = len(names) / limit
    keep = {names[int(i * step)] for i in range(limit)}
    return [r for r in rows if r["name"] in keep]
