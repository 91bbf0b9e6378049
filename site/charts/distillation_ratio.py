"""How many times less compute a distilled model took than its vanilla counterpart.

Vanilla training compute divided by distillation compute, for each distilled model and its base model.
The first paper counts the teacher's inference with all its parameters; counting only the parameters
active per token (the catalogue's convention for mixture-of-experts teachers) makes distillation cheaper still."""

import altair as alt

from publish.figures import Figure, records


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
    chart = alt.Chart(alt.Data(values=rows)).mark_bar().encode(
        y=alt.Y("name:N", title=None),
        yOffset=alt.YOffset("convention:N"),
        x=alt.X("ratio:Q", scale=alt.Scale(type="log"), stack=None, title="Vanilla compute ÷ distillation compute (log scale)"),
        color=alt.Color("convention:N", title="Counting"),
        tooltip=[alt.Tooltip("name:N", title="Distilled"), alt.Tooltip("vanilla_name:N", title="Vanilla counterpart"),
                 alt.Tooltip("convention:N", title="Counting"), alt.Tooltip("ratio:Q", title="Ratio", format=",.0f")],
    ).properties(width=560, height=alt.Step(18), title="Compute saved by distillation")
    return [Figure(slug="distillation-ratio", chart=chart, rows=rows,
                   columns=[("name", "Distilled model"), ("vanilla_name", "Vanilla counterpart"),
                            ("convention", "Counting"), ("ratio", "Ratio")])]
