"""Queries until distilling pays for itself, against an API.

The scenario's distillation set bought as teacher output at the replaced API's price, divided by the saving
per query of serving the cheaper model instead (log scale)."""

import altair as alt

from publish.figures import Figure, data, records


def build(con, scenario):
    rows = records(con, """
        select r.product || ' → ' || c.product as swap, a.distillation_usd, a.saving_usd_per_query, a.break_even_queries,
               s.name as scenario
        from api_break_even a join scenarios s using (scenario_id)
        join prices r on r.price_id = a.reference_price_id join prices c on c.price_id = a.candidate_price_id
        order by a.break_even_queries""")
    chart = alt.Chart(data("swaps")).mark_bar().encode(
        y=alt.Y("swap:N", title=None, sort=alt.EncodingSortField("break_even_queries")),
        x=alt.X("break_even_queries:Q", scale=alt.Scale(type="log"), stack=None, title="Queries to break even (log scale)"),
        tooltip=[alt.Tooltip("swap:N", title="Replacing → with"), alt.Tooltip("scenario:N", title="Scenario"),
                 alt.Tooltip("distillation_usd:Q", title="Distillation set (USD)", format=",.0f"),
                 alt.Tooltip("saving_usd_per_query:Q", title="Saving per query (USD)", format=".5f"),
                 alt.Tooltip("break_even_queries:Q", title="Break-even queries", format=",.0f")],
    ).properties(width=480, height=alt.Step(22), title="Break-even queries by swap")
    return [Figure(slug="api-break-even", chart=chart, rows=rows, datasets={"swaps": rows},
                   columns=[("swap", "Swap"), ("distillation_usd", "Distillation set (USD)"),
                            ("saving_usd_per_query", "Saving per query (USD)"), ("break_even_queries", "Break-even queries")])]
