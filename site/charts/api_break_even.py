"""Queries to break even: distilling your own model against an API.

The scenario's distillation set bought as teacher output at the replaced API's price, divided by the saving
per query of serving the cheaper model instead. Dots on a log axis: the swaps differ by orders of magnitude."""

import altair as alt

from publish.figures import READER_SI_LABEL, Figure, data, describe_extremes, even_sample, records

SWAPS_SHOWN = 120
"""Dots (a swap under a scenario) drawn at most: every price against every other grows with the square of the
catalogue's prices (54,000 rows, 25 MB, at 1,000x). Beyond it an even sample by break-even is drawn; the downloads
list them all."""

ROW = 34
"""Pixels per swap: room for its two-line name at 11 px without touching the next one."""


def build(con, scenario):
    rows = records(con, """
        select r.product || ' → ' || c.product as swap, a.distillation_usd, a.saving_usd_per_query, a.break_even_queries,
               s.name as scenario, ps.title as source_title, ps.url as source_url
        from api_break_even a join scenarios s using (scenario_id)
        join prices r on r.price_id = a.reference_price_id join prices c on c.price_id = a.candidate_price_id
        join sources ps on ps.source_id = r.source_id
        order by a.break_even_queries, a.scenario_id, a.reference_price_id, a.candidate_price_id""")
    # Each swap's name on two lines (what is replaced, then "→ what serves instead"): on one line a phone's 150 px
    # cut every name before the arrow, so the candidate, the point of the row, was never visible. Each line may
    # still be shortened on a phone (full names in the tooltip and the data table) so the plot keeps its width.
    y = alt.Y("swap:N", title=None, sort=alt.EncodingSortField("break_even_queries", op="min"),
              axis=alt.Axis(labelExpr="[split(datum.label, ' → ')[0], '→ ' + split(datum.label, ' → ')[1]]",
                            labelLimit=alt.ExprRef("containerSize()[0] < 500 ? 190 : 400"), labelLineHeight=13,
                            labelPadding=4))
    chart = alt.Chart(data("swaps")).mark_point(filled=True, size=90).encode(
        y=y,
        x=alt.X("break_even_queries:Q", scale=alt.Scale(type="log"), title="Break-even queries (log scale)",
                axis=alt.Axis(labelExpr=READER_SI_LABEL, tickCount=5)),
        color=alt.Color("scenario:N", title="Scenario", legend=alt.Legend(orient="top", direction="vertical")),
        shape=alt.Shape("scenario:N", title="Scenario"), href="source_url:N",  # a click opens the price's source
        tooltip=[alt.Tooltip("swap:N", title="Replacing → with"), alt.Tooltip("scenario:N", title="Scenario"),
                 alt.Tooltip("distillation_usd:Q", title="Distillation set (USD)", format=",.0f"),
                 alt.Tooltip("saving_usd_per_query:Q", title="Saving per query (USD)", format=".5f"),
                 alt.Tooltip("break_even_queries:Q", title="Break-even queries", format=",.0f"),
                 alt.Tooltip("source_title:N", title="Price source")],
    ).properties(width=480, height=alt.Step(ROW), title="Break-even queries by swap")
    for r in rows:
        r["swap_href"] = r["source_url"]  # the data table's swaps link to the price source
    shown = even_sample(rows, SWAPS_SHOWN)  # rows in break-even order (the query's): the sample spans the range
    sampled = (f"{len(shown)} of the {len(rows)} dots are drawn, evenly spaced by break-even; the downloads list them "
               "all. " if len(shown) < len(rows) else "")
    swaps = len({r["swap"] for r in shown})
    return [Figure(slug="api-break-even", chart=chart, rows=rows, datasets={"swaps": shown}, height=swaps * ROW + 160,
                   description="Dot plot of queries to break even per API swap and scenario. " + sampled
                               + describe_extremes(rows, "break_even_queries", "swap", "queries"),
                   columns=[("swap", "Swap"), ("scenario", "Scenario"), ("break_even_queries", "Break-even queries"),
                            ("distillation_usd", "Distillation set (USD)"),
                            ("saving_usd_per_query", "Saving per query (USD)")])]
