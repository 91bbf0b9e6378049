"""Queries until distilling pays for itself, against an API.

Teacher-generated distillation tokens priced at the replaced API's output rate, divided by the saving per
query of serving the cheaper model, for each distillation set in the catalogue (log scale)."""

import altair as alt

from publish.figures import Figure, records


def build(con, scenario):
    rows = records(con, """
        select m.name, r.product as reference, c.product as candidate, r.product || ' → ' || c.product as swap,
               a.distillation_usd, a.saving_usd_per_query, a.break_even_queries
        from api_break_even a join models m using (model_id)
        join prices r on r.price_id = a.reference_price_id join prices c on c.price_id = a.candidate_price_id
        order by m.name, swap""")
    chart = alt.Chart(alt.Data(values=rows)).mark_bar().encode(
        y=alt.Y("name:N", title=None),
        yOffset=alt.YOffset("swap:N"),
        x=alt.X("break_even_queries:Q", scale=alt.Scale(type="log"), stack=None, title="Queries to break even (log scale)"),
        color=alt.Color("swap:N", title="Replacing → with"),
        tooltip=[alt.Tooltip("name:N", title="Distillation set of"), alt.Tooltip("swap:N", title="Swap"),
                 alt.Tooltip("distillation_usd:Q", title="Teacher tokens (USD)", format=",.0f"),
                 alt.Tooltip("saving_usd_per_query:Q", title="Saving per query (USD)", format=".5f"),
                 alt.Tooltip("break_even_queries:Q", title="Break-even queries", format=",.0f")],
    ).properties(width=560, height=alt.Step(14), title="Break-even queries by swap")
    return [Figure(slug="api-break-even", chart=chart, rows=rows,
                   columns=[("name", "Distillation set"), ("swap", "Swap"), ("distillation_usd", "USD"),
                            ("break_even_queries", "Break-even queries")])]
