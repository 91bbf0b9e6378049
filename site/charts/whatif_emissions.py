"""What if: GPU-hours, energy and emissions of creating each model under your assumptions.

Move the sliders to set MFU, PUE and grid carbon intensity and pick a GPU; hours = FLOP / (peak × MFU × 3600),
energy = hours × power × PUE and tCO2e = energy × grid intensity are recomputed in your browser. The totals
above the chart give the result as numbers; in the chart each model's hollow dot stays at the starting
assumptions (the first paper's) and its filled dot moves, on an axis fixed to the sliders' whole range, so a
change is never rescaled away. In a large catalogue the chart shows the distilled models and their lineage."""

import math

import altair as alt

from publish.figures import READER_SI_LABEL, Figure, data, records

SHOWN = 40  # models a reader can still compare
MFU_RANGE = (0.05, 0.8)


def build(con, scenario):
    # Models: all of them while the catalogue is small; otherwise the distilled ones, their bases and teachers.
    models = records(con, """
        with lineage as (
            select model_id from stg_models where model_type = 'distilled'
            union select base_model_id from stg_models where model_type = 'distilled'
            union select teacher_id from model_teachers
        ), chosen as (
            select c.model_id from model_creation_compute c
            where c.scenario_id = ? and ((select count(*) from models) <= ? or c.model_id in (select model_id from lineage))
            order by c.creation_flop desc, c.model_id limit ?
        )
        select m.name, m.model_id, c.creation_flop from model_creation_compute c join models m using (model_id)
        where c.scenario_id = ? and c.model_id in (select model_id from chosen) and c.creation_flop > 0
        order by c.creation_flop desc, m.model_id""", [scenario, SHOWN, SHOWN, scenario])
    gpus = records(con, """
        select gp.name as gpu_name, g.peak_tflops, g.power_w, g.mfu, g.pue, g.grid_tco2e_per_mwh
        from stg_gpu_scenarios g join gpus gp using (gpu_id) where g.scenario_id = ? order by gp.name""", [scenario])
    by_name = {g["gpu_name"]: g for g in gpus}
    first = by_name.get("H100 SXM5 80GB") or (gpus[0] if gpus else {"gpu_name": "", "mfu": 0.38, "pue": 1.1,
                                                                      "grid_tco2e_per_mwh": 0.4, "peak_tflops": 1, "power_w": 1})
    start_mfu, start_pue = first["mfu"] or 0.38, first["pue"] or 1.1
    start_grid = first["grid_tco2e_per_mwh"] if first["grid_tco2e_per_mwh"] is not None else 0.4
    mfu = alt.param(name="mfu", value=start_mfu, bind=alt.binding_range(min=MFU_RANGE[0], max=MFU_RANGE[1], step=0.01, name="MFU "))
    pue = alt.param(name="pue", value=start_pue, bind=alt.binding_range(min=1.0, max=2.0, step=0.01, name="PUE "))
    grid = alt.param(name="grid", value=start_grid, bind=alt.binding_range(min=0.0, max=1.0, step=0.005, name="Grid tCO2e/MWh "))
    gpu = alt.param(name="gpu", value=first["gpu_name"], bind=alt.binding_select(options=[g["gpu_name"] for g in gpus], name="GPU "))
    for m in models:
        m["url"] = f"models/{m['model_id']}/"
        m["hours_start"] = m["creation_flop"] / (first["peak_tflops"] * 1e12 * start_mfu * 3600)
        m["tco2e_start"] = m["hours_start"] * first["power_w"] / 1e6 * start_pue * start_grid
    # One row per model and one per GPU, joined in the browser: the data grows with models + GPUs, not their product.
    base = alt.Chart(data("models")).transform_calculate(gpu_name="gpu").transform_lookup(
        lookup="gpu_name", from_=alt.LookupData(data("gpus"), key="gpu_name", fields=["peak_tflops", "power_w"]),
    ).transform_calculate(
        gpu_hours="datum.creation_flop / (datum.peak_tflops * 1e12 * mfu * 3600)",
    ).transform_calculate(
        mwh="datum.gpu_hours * datum.power_w / 1e6 * pue",
    ).transform_calculate(tco2e="datum.mwh * grid")
    # The numbers: totals for the models shown, and how far they moved from the starting assumptions.
    summary = base.transform_aggregate(
        hours="sum(gpu_hours)", mwh="sum(mwh)", tco2e="sum(tco2e)", hours_start="sum(hours_start)",
        tco2e_start="sum(tco2e_start)", n="count()",
    ).transform_calculate(lines=(
        # Short lines: the numbers must fit a phone's column without shrinking the chart.
        "[datum.n + ' models on ' + gpu + ':', "
        "replace(format(datum.hours, ',.3~s'), 'G', 'B') + ' GPU-hours (' + format(datum.hours / datum.hours_start, '.2~f') + '× the start)', "
        "replace(format(datum.mwh, ',.3~s'), 'G', 'B') + ' MWh, ' + format(datum.tco2e, ',.3~r') + ' tCO2e' + "
        "(datum.tco2e_start > 0 ? ' (' + format(datum.tco2e / datum.tco2e_start, '.2~f') + '× the start)' : '')]")
    ).mark_text(align="right", baseline="top", fontSize=12, lineHeight=18, x="width", y=4).encode(text="lines:N").properties(
        width="container", height=60)
    lo = min((m["creation_flop"] for m in models), default=1e20) / (max((g["peak_tflops"] for g in gpus), default=1) * 1e12 * MFU_RANGE[1] * 3600)
    hi = max((m["creation_flop"] for m in models), default=1e25) / (min((g["peak_tflops"] for g in gpus), default=1) * 1e12 * MFU_RANGE[0] * 3600)
    x_scale = alt.Scale(type="log", domain=[10 ** math.floor(math.log10(lo)), 10 ** math.ceil(math.log10(hi))])
    order = alt.EncodingSortField("creation_flop", order="descending")
    y = alt.Y("name:N", sort=order, title=None)
    tooltip = [alt.Tooltip("name:N", title="Model"), alt.Tooltip("gpu_hours:Q", title="GPU-hours", format=",.3~s"),
               alt.Tooltip("mwh:Q", title="MWh", format=",.3~r"), alt.Tooltip("tco2e:Q", title="tCO2e", format=",.3~r"),
               alt.Tooltip("hours_start:Q", title="GPU-hours at the start", format=",.3~s"),
               alt.Tooltip("sources:N", title="Sources")]
    base = base.transform_calculate(sources="'compute from the model page (click), the GPU from its datasheet'")
    move = base.mark_rule(color="#888").encode(y=y, x=alt.X("hours_start:Q", scale=x_scale), x2="gpu_hours:Q")
    start = base.mark_point(shape="circle", size=70, color="#666", filled=False).encode(
        y=y, x=alt.X("hours_start:Q", scale=x_scale), tooltip=tooltip, href="url:N")
    now = base.mark_point(shape="circle", size=80, color="#c2410c", filled=True, opacity=1).encode(
        y=y, x=alt.X("gpu_hours:Q", scale=x_scale, title="GPU-hours (log scale, fixed)",
                     axis=alt.Axis(labelExpr=READER_SI_LABEL, tickCount=6)), tooltip=tooltip, href="url:N")
    # Properties and the sliders given as the charts are made: .properties() and .add_params() copy every subchart
    # (add_params() to push the sliders down into each, for Altair to lift them to the top again), which was two
    # thirds of this chart's build time. The sliders are the concatenation's own parameters, where Vega-Lite wants them.
    dots = alt.layer(move, start, now, width="container", height=alt.Step(18))
    chart = alt.vconcat(summary, dots, spacing=6, params=[p.param for p in (mfu, pue, grid, gpu)],
                        title="What if: your assumptions")
    total = sum(m["hours_start"] for m in models)
    return [Figure(slug="whatif-emissions", chart=chart, rows=models, datasets={"models": models, "gpus": gpus},
                   height=len(models) * 18 + 200, height_narrow=len(models) * 18 + 260,  # the sliders wrap on a phone
                   description=(f"Interactive: {len(models)} models' GPU-hours on {first['gpu_name']}; at the starting "
                                f"assumptions (MFU {start_mfu:g}, PUE {start_pue:g}, {start_grid:g} tCO2e/MWh) they total "
                                f"{total:,.0f} GPU-hours. Sliders below change the assumptions; the totals above the chart "
                                "update as numbers."),
                   columns=[("name", "Model"), ("creation_flop", "FLOP"),
                            ("hours_start", f"GPU-hours on {first['gpu_name']} at the starting MFU"),
                            ("tco2e_start", "tCO2e at the starting assumptions")])]
