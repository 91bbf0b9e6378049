"""How many times less compute a distilled model took than its vanilla counterpart.

Vanilla training compute divided by distillation compute, for each distilled model and its base model.
The first paper counts the teacher's inference with all its parameters; counting only the parameters
active per token (the catalogue's convention for mixture-of-experts teachers) makes distillation cheaper still.
When there are more than 40 distilled models, every n-th by ratio is shown; the data table lists them all."""

import altair as alt

from publish.figures import Figure, data, group_by, records


def build(con, scenario):
    rows = records(con, """
        select m.name, v.name as vanilla_name, e.compute_ratio_total_params as ratio, 'teacher: total parameters' as convention
        from distillation_efficiency e join models m using (model_id) join models v on v.model_id = e.vanilla_model_id
        where e.scenario_id = ?
        union all
        select m.name, v.name, e.compute_ratio, 'teacher: active parameters'
        from distillation_efficiency e join models m using (model_id) join models v on v.model_id = e.vanilla_model_id
        where e.scenario_id = ?
        order by 1, 4""", [scenario, scenario])
    shown = _every_nth(rows, 40)
    chart = alt.Chart(data("ratios")).mark_bar().encode(
        y=alt.Y("name:N", title=None, sort=alt.EncodingSortField("ratio", op="max", order="descending")),
        yOffset=alt.YOffset("convention:N"),
        x=alt.X("ratio:Q", scale=alt.Scale(type="log"), stack=None, title="Vanilla compute ÷ distillation compute (log scale)"),
        color=alt.Color("convention:N", title="Counting"),
        tooltip=[alt.Tooltip("name:N", title="Distilled"), alt.Tooltip("vanilla_name:N", title="Vanilla counterpart"),
                 alt.Tooltip("convention:N", title="Counting"), alt.Tooltip("ratio:Q", title="Ratio", format=",.0f")],
    ).properties(width=560, height=alt.Step(18), title="Compute saved by distillation")
    return [Figure(slug="distillation-ratio", chart=chart, rows=rows, datasets={"ratios": shown},
                   columns=[("name", "Distilled model"), ("vanilla_name", "Vanilla counterpart"),
                            ("convention", "Counting"), ("ratio", "Ratio")])]


def _every_nth(rows, limit):
    """An even sample of models by ratio (both conventions of a model kept together), never a cherry-pick."""
    best = {name: max(r["ratio"] or 0 for r in group) for name, group in group_by(rows, "name").items()}
    names = sorted(best, key=best.get)
    if len(names) <= limit:
        return rows
    step = len(names) / limit
    keep = {names[int(i * step)] for i in range(limit)}
    return [r for r in rows if r["name"] in keep]
