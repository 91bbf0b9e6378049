"""Every model: the compute it took against a benchmark score or its release date.

Compute to create each model on a log axis (for a distilled model, its distillation compute), against the
benchmark or release date you choose; coloured and shaped by type; narrowed by organisation, type and access.
Hover a point for its figures and their sources; click it to open the model's page. Models without a compute
figure cannot be placed and are left out (the models table lists them)."""

import altair as alt

from publish.figures import POWER_OF_TEN_LABEL, Figure, data, records, spread, type_encodings
from publish.labels import MODEL_TYPES, label

DATE = "Release date"
ALL = "All"
EXPLORER_TABLE_ROWS = 25  # the largest models; the models table lists every one, sortable and filterable
MAX_MODELS = 2500  # the home page carries the data: beyond this, a spread over the compute range (weight, not looks)
LABEL_ALL_BELOW = 12  # with fewer points than this shown, every point is named; otherwise only the named few


def build(con, scenario):
    models = records(con, """
        select m.model_id, m.name, m.organization as org, m.access, s.model_type, m.released, c.creation_flop as flop,
               src.title as src, src.url as src_url
        from models m join stg_models s using (model_id) join sources src on src.source_id = m.source_id
        join model_creation_compute c on c.model_id = m.model_id and c.scenario_id = ?
        where c.creation_flop > 0 order by m.model_id""", [scenario])
    placed = len(models)
    models = spread(models, MAX_MODELS, "flop")
    scores = records(con, """
        select sc.model_id, b.name as bench, max(sc.value / b.scale_max * 100) as v, arg_max(s.title, sc.value) as src
        from scores sc join benchmarks b using (benchmark_id) join sources s on s.source_id = sc.source_id
        group by 1, 2 order by 2, 1""")
    # Compact data, because the home page carries it: the models' facts once (sources by index), and the points
    # as one row of parallel arrays (model index, benchmark index, value, source index) that Vega flattens in the
    # browser - about 15 bytes a point where a row of named fields would be 90.
    index = {m["model_id"]: i for i, m in enumerate(models)}
    benches = sorted({s["bench"] for s in scores if s["model_id"] in index})
    bench_index = {b: i for i, b in enumerate(benches)}
    titles = sorted({m["src"] for m in models} | {s["src"] for s in scores})
    title_index = {t: i for i, t in enumerate(titles)}
    cols: dict = {"m": [], "b": [], "v": [], "s": []}

    def add(model_id, bench, value, title):
        for key, item in (("m", index[model_id]), ("b", bench), ("v", value), ("s", title_index[title])):
            cols[key].append(item)

    for s in scores:
        if s["model_id"] in index:
            add(s["model_id"], bench_index[s["bench"]], round(s["v"], 1), s["src"])
    for m in models:
        if m["released"]:
            add(m["model_id"], -1, _year(m["released"]), m["src"])
    types, accesses = [label(t) for t in MODEL_TYPES], [label("open_weights"), label("api_only")]
    orgs = sorted({m["org"] for m in models})
    model_src = {m["model_id"]: m["src"] for m in models}
    model_url = {m["model_id"]: m["src_url"] for m in models}
    org_index = {o: i for i, o in enumerate(orgs)}
    compact = [{"i": index[m["model_id"]], "id": m["model_id"], "name": m["name"], "o": org_index[m["org"]],
                "t": MODEL_TYPES.index(m["model_type"]) if m["model_type"] in MODEL_TYPES else label(m["model_type"]),
                "a": 0 if m["access"] == "open_weights" else 1, "flop": float(f"{m['flop']:.3g}")}
               for m in models]
    lookups = [{"b": i, "y": b} for i, b in enumerate(benches)] + [{"b": -1, "y": DATE}]
    sources = [{"s": i, "title": t} for i, t in enumerate(titles)]

    y_pick = alt.param(name="yaxis", value=benches[0] if benches else DATE,
                       bind=alt.binding_select(options=benches + [DATE], name="Benchmark"))
    org = alt.param(name="org", value=ALL, bind=alt.binding_select(options=[ALL] + sorted({m["org"] for m in models}), name="Organisation"))
    kind = alt.param(name="kind", value=ALL, bind=alt.binding_select(options=[ALL] + [label(t) for t in MODEL_TYPES], name="Type"))
    access = alt.param(name="access", value=ALL, bind=alt.binding_select(options=[ALL, label("open_weights"), label("api_only")], name="Access"))
    base = alt.Chart(data("points")).transform_flatten(["m", "b", "v", "s"]).transform_lookup(
        lookup="b", from_=alt.LookupData(data("benches"), key="b", fields=["y"]),
    ).transform_filter("datum.y == yaxis").transform_lookup(
        lookup="m", from_=alt.LookupData(data("models"), key="i", fields=["id", "name", "o", "t", "a", "flop"]),
    ).transform_lookup(
        lookup="o", from_=alt.LookupData(data("orgs"), key="o", fields=["org"]),
    ).transform_calculate(
        # Type and access travel as indices into the label lists (a few bytes a model instead of a phrase).
        type=f"isNumber(datum.t) ? {types!r}[datum.t] : datum.t", acc=f"{accesses!r}[datum.a]",
    ).transform_lookup(
        lookup="s", from_=alt.LookupData(data("sources"), key="s", fields=["title"], ), as_=["ysrc"],
    ).transform_calculate(url="'models/' + datum.id + '/'").transform_filter(
        "isValid(datum.flop) && (org == 'All' || datum.org == org) && (kind == 'All' || datum.type == kind)"
        " && (access == 'All' || datum.acc == access)"
    ).transform_joinaggregate(shown="count()")
    colour, shape = type_encodings("type")
    x = alt.X("flop:Q", scale=alt.Scale(type="log"), title="Compute to create the model (FLOP, log scale)",
              axis=alt.Axis(labelExpr=POWER_OF_TEN_LABEL, tickCount=5))
    y = alt.Y("v:Q", scale=alt.Scale(zero=False, nice=True), title={"expr": "yaxis == 'Release date' ? yaxis : yaxis + ' score (%)'"},
              axis=alt.Axis(labelExpr="yaxis == 'Release date' ? format(datum.value, 'd') : format(datum.value, '~g')", tickCount=6))
    # Which points are named, most wanted first (the label transform in charts.js places them in this order and
    # drops any that would overlap a placed name or a point): the compute frontier (the best score yet for its
    # compute), then per type the best score and the least compute; every point when few are shown.
    named = base.transform_window(
        frame_max="max(v)", sort=[alt.SortField("flop"), alt.SortField("v", order="descending")], frame=[None, -1],
    ).transform_window(best="rank()", groupby=["type"], sort=[alt.SortField("v", order="descending")]).transform_window(
        least="rank()", groupby=["type"], sort=[alt.SortField("flop", order="ascending")]).transform_calculate(
        prio=f"!isValid(datum.frame_max) || datum.v > datum.frame_max ? 0 : datum.best == 1 ? 1 : datum.least == 1 ? 2 "
             f": datum.shown < {LABEL_ALL_BELOW} ? 3 : 9",
        label="datum.prio < 9 ? datum.name : ''")
    dots = named.mark_point(filled=True, size=90, opacity=0.9).encode(
        x=x, y=y, color=colour, shape=shape, href="url:N",
        tooltip=[alt.Tooltip("name:N", title="Model"), alt.Tooltip("type:N", title="Type"), alt.Tooltip("org:N", title="Organisation"),
                 alt.Tooltip("acc:N", title="Access"), alt.Tooltip("flop:Q", title="Compute (FLOP)", format=".3~e"),
                 alt.Tooltip("v:Q", title="Value (score %, or year)", format=".4~g"),
                 alt.Tooltip("ysrc:N", title="Source of the value"), alt.Tooltip("open:N", title="Click")],
    ).transform_calculate(open="'opens the model page (every figure with its source)'").properties(name="points")
    chart = dots.add_params(y_pick, org, kind, access).properties(
        width=640, height=420, title="Every model: compute against what it scores",
        usermeta={"labels": {"marks": "points_marks", "text": "label", "href": "url", "priority": "prio"}})
    for m in compact:
        m["type"] = types[m["t"]] if isinstance(m["t"], int) else m["t"]
        m["acc"] = accesses[m["a"]]
    # The data table: each name opens the model's page, each source its document.
    table = [dict(m, src=model_src[m["id"]], src_href=model_url[m["id"]], org=orgs[m["o"]], name_href=f"models/{m['id']}/")
             for m in sorted(compact, key=lambda m: -(m["flop"] or 0))]
    by_type: dict = {}
    for m in compact:
        by_type[m["type"]] = by_type.get(m["type"], 0) + 1
        del m["type"], m["acc"]
    return [Figure(slug="explorer", chart=chart, rows=table, height=650, height_narrow=690,
                   datasets={"points": [cols], "models": compact, "benches": lookups, "sources": sources,
                             "orgs": [{"o": i, "org": o} for i, o in enumerate(orgs)]},
                   table_rows=EXPLORER_TABLE_ROWS,
                   description=(("" if placed == len(compact) else
                                 f"{len(compact)} of {placed} models, spread over the compute range, are drawn; "
                                 "the models table lists every one. ")
                                + f"Interactive scatter plot of {len(compact)} models ("
                                + ", ".join(f"{n} {t.lower()}" for t, n in sorted(by_type.items()))
                                + f") by compute on a log axis against a chosen benchmark ({len(benches)} available) "
                                "or release date; filter by organisation, type and access; each point links to its model page."),
                   columns=[("name", "Model"), ("type", "Type"), ("org", "Organisation"), ("acc", "Access"),
                            ("flop", "Compute (FLOP)"), ("src", "Source")])]


def _year(date: str) -> float:
    """A release date as a fractional year, so dates and scores share one quantitative axis."""
    year, month, day = (int(p) for p in date[:10].split("-"))
    return round(year + (month - 1) / 12 + (day - 1) / 365, 3)
