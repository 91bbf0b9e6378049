"""GPU-hours of one workload across GPUs.

Pick a workload: a dot gives GPU-hours at the scenario's MFU for each GPU's family, the whisker spans the
MFU range, and the tooltip adds tCO2e (the first paper's Table 2, for every GPU in the catalogue). The fastest GPUs
come first; GPU-hours are on a log axis, as the slowest accelerators take a hundred times longer than the fastest."""

import altair as alt

from publish.figures import READER_SI_LABEL, Figure, data, even_sample, group_by, records

WORKLOADS_SHOWN = 24
"""Workloads in the chart's menu at most (each brings a row per GPU: 9,400 rows, 3 MB, at 1,000x). Beyond it an even
sample by size (GPU-hours on the median GPU) is offered; the downloads list them all."""


def build(con, scenario):
    rows = records(con, """
        select w.workload_id, w.name as workload, g.name as gpu, h.gpu_hours, h.gpu_hours_low, h.gpu_hours_high, h.tco2e,
               s.title as source_title, s.url as gpu_href
        from workload_gpu_hours h join workloads w using (workload_id) join gpus g using (gpu_id)
        join sources s on s.source_id = g.source_id
        where h.scenario_id = ? order by w.name, g.peak_bf16_dense_tflops, h.gpu_id""", [scenario])
    by_workload, caption = group_by(rows, "workload_id"), ""  # by id: two workloads may share a name
    for r in rows:
        del r["workload_id"]  # not drawn: the chart's data carries what it shows
    if len(by_workload) > WORKLOADS_SHOWN:
        caption = (__doc__.strip().split("\n", 1)[1].strip().replace("\n", " ") + f" The menu offers {WORKLOADS_SHOWN} of "
                   f"the {len(by_workload)} workloads, evenly spread by size; the downloads list every one.")
        size = {w: sorted(r["gpu_hours"] or 0 for r in group)[len(group) // 2] for w, group in by_workload.items()}
        kept = set(even_sample(sorted(by_workload, key=lambda w: (size[w], w)), WORKLOADS_SHOWN))
        drawn = {id(r) for w in kept for r in by_workload[w]}
        rows = [r for r in rows if id(r) in drawn]  # in the query's order
    names = sorted({r["workload"] for r in rows})
    pick = alt.param(name="workload", value=names[0] if names else "",
                     bind=alt.binding_select(options=names, name="Workload "))
    base = alt.Chart(data("hours")).transform_filter("datum.workload == workload")
    # Dots on a log axis, not bars on a linear one: on a linear axis the slowest chips (inference parts a hundred
    # times slower) squeezed every current GPU into a sliver of a few pixels. The axis sits on top, where a reader of a
    # 60-row chart starts; the fastest GPUs come first.
    order = alt.EncodingSortField("gpu_hours", order="ascending")
    x = alt.X("gpu_hours:Q", title="GPU-hours (log scale)", scale=alt.Scale(type="log"),
              axis=alt.Axis(orient="top", labelExpr=READER_SI_LABEL, tickCount=6))
    dots = base.mark_point(filled=True, size=70, opacity=1).encode(
        y=alt.Y("gpu:N", title=None, sort=order),
        x=x,
        tooltip=[alt.Tooltip("gpu:N", title="GPU"), alt.Tooltip("gpu_hours:Q", title="GPU-hours", format=",.4~s"),
                 alt.Tooltip("gpu_hours_low:Q", title="at high MFU", format=",.3~s"),
                 alt.Tooltip("gpu_hours_high:Q", title="at low MFU", format=",.3~s"),
                 alt.Tooltip("tco2e:Q", title="tCO2e", format=",.3~r"),
                 alt.Tooltip("source_title:N", title="GPU's peak from (click)")],
        href="gpu_href:N",  # a click opens the datasheet the GPU's peak throughput is read from
    )
    whiskers = base.mark_rule(color="#333").encode(y=alt.Y("gpu:N", sort=order), x=alt.X("gpu_hours_low:Q", scale=alt.Scale(type="log")),
                                                   x2="gpu_hours_high:Q")
    chart = (whiskers + dots).add_params(pick).properties(width=560, height=alt.Step(24),
                                                          title="GPU-hours by GPU for the chosen workload")
    gpus = max((sum(1 for r in rows if r["workload"] == n) for n in names), default=0)
    return [Figure(slug="hardware-workloads", chart=chart, rows=rows, datasets={"hours": rows}, caption=caption,
                   height=gpus * 24 + 120,  # a bar per GPU, reserved before drawing (the page does not shift)
                   columns=[("workload", "Workload"), ("gpu", "GPU"), ("gpu_hours", "GPU-hours"),
                            ("gpu_hours_low", "Low"), ("gpu_hours_high", "High"), ("tco2e", "tCO2e")])]
