"""How many times less compute a distilled model took than its vanilla counterpart.

Vanilla training compute divided by distillation compute, for each distilled model and its base model, as dots on
a log axis (ratios span orders of magnitude, and a dot's position, unlike a bar's length, reads right on one).
The first paper counts the teacher's inference with all its parameters; counting only the parameters active per
token makes distillation cheaper still. With more than 40 distilled models, an even sample by ratio is drawn;
the data table lists them all."""

import altair as alt

from publish.figures import Figure, data, group_by, records

CONVENTIONS = ["Teacher: all parameters", "Teacher: active parameters"]


def build(con, scenario):
    rows = records(con, """
        select m.name, e.model_id, v.name as vanilla_name, e.compute_ratio_total_params as ratio, ? as convention
        from distillation_efficiency e join models m using (model_id) join models v on v.model_id = e.vanilla_model_id
        where e.scenario_id = ?
        union all
        select m.name, e.model_id, v.name, e.compute_ratio, ?
        from distillation_efficiency e join models m using (model_id) join models v on v.model_id = e.vanilla_model_id
        where e.scenario_id = ?
        order by 1, 5 desc""", [CONVENTIONS[0], scenario, CONVENTIONS[1], scenario])
    for r in rows:
        r["url"] = r["name_href"] = f"models/{r['model_id']}/"
    shown = _every_nth(rows, 40)
    base = alt.Chart(data("ratios")).transform_calculate(
        sources="'computed from sourced figures: click for the model page, each with its source'")
    y = alt.Y("name:N", title=None, sort=alt.EncodingSortField("ratio", op="max", order="descending"))
    span = base.mark_rule(color="#999").encode(y=y, x=alt.X("min(ratio):Q"), x2="max(ratio):Q")
    dots = base.mark_point(filled=True, size=90, opacity=1).encode(
        y=y,
        x=alt.X("ratio:Q", scale=alt.Scale(type="log"), title="Times less compute (log scale)",
                axis=alt.Axis(format="~s", tickCount=5)),
        color=alt.Color("convention:N", title=None, scale=alt.Scale(domain=CONVENTIONS, range=["#3b6ea8", "#c2410c"]),
                        legend=alt.Legend(orient="top", direction="vertical")),
        shape=alt.Shape("convention:N", title=None, scale=alt.Scale(domain=CONVENTIONS, range=["circle", "triangle-up"])),
        href="url:N",
        tooltip=[alt.Tooltip("name:N", title="Distilled"), alt.Tooltip("vanilla_name:N", title="Vanilla counterpart"),
                 alt.Tooltip("convention:N", title="Counting"), alt.Tooltip("ratio:Q", title="Times less compute", format=",.0f"),
                 alt.Tooltip("sources:N", title="Sources")],
    )
    names = len({r["name"] for r in shown})
    chart = (span + dots).properties(width=560, height=alt.Step(22), title="Compute saved by distillation")
    ratios = {r["name"]: r["ratio"] for r in rows if r["convention"] == CONVENTIONS[0] and r["ratio"]}
    desc = "No distilled model has a vanilla counterpart yet."
    if ratios:
        ordered = sorted(ratios.items(), key=lambda kv: kv[1])
        desc = (f"Dot plot of {len(ratios)} distilled models. Counting the teacher's total parameters, distillation "
                f"took from {ordered[0][1]:,.0f} times ({ordered[0][0]}) to {ordered[-1][1]:,.0f} times "
                f"({ordered[-1][0]}) less compute than training the vanilla counterpart.")
    return [Figure(slug="distillation-ratio", chart=chart, rows=rows, datasets={"ratios": shown},
                   description=desc, height=names * 22 + 120,
                   columns=[("name", "Distilled model"), ("vanilla_name", "Vanilla counterpart"),
                            ("convention", "Counting"), ("ratio", "Times less compute")])]


def _every_nth(rows, limit):
    """An even sample of models by ratio (both conventions of a model kept together), never a cherry-pick."""
    best = {name: max(r["ratio"] or 0 for r in group) for name, group in group_by(rows, "name").items()}
    names = sorted(best, key=best.get)
    if len(names) <= limit:
        return rows
    step = len(names) / limit
    keep = {names[int(i * step)] for i in range(limit)}
    return [r for r in rows if r["name"] in keep]
