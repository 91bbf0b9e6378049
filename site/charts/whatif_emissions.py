"""What if: GPU-hours and emissions of creating each model under your assumptions.

Move the sliders to set MFU, PUE and grid carbon intensity and pick a GPU; hours = FLOP / (peak × MFU × 3600)
and tCO2e = hours × power × PUE × grid intensity are recomputed in your browser. The sliders start at the
first paper's assumptions. In a large catalogue the chart shows the distilled models and their lineage."""

import altair as alt

from publish.figures import Figure, data, records

SHOWN = 40  # bars a reader can still compare


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
            order by c.creation_flop desc limit ?
        )
        select m.name, c.creation_flop from model_creation_compute c join models m using (model_id)
        where c.scenario_id = ? and c.model_id in (select model_id from chosen) order by c.creation_flop desc""",
        [scenario, SHOWN, SHOWN, scenario])
    gpus = records(con, """
        select gp.name as gpu_name, g.peak_tflops, g.power_w, g.mfu, g.pue, g.grid_tco2e_per_mwh
        from stg_gpu_scenarios g join gpus gp using (gpu_id) where g.scenario_id = ? order by gp.name""", [scenario])
    by_name = {g["gpu_name"]: g for g in gpus}
    first = by_name.get("H100 SXM5 80GB") or (gpus[0] if gpus else {"gpu_name": "", "mfu": 0.38, "pue": 1.1,
                                                                      "grid_tco2e_per_mwh": 0.4, "peak_tflops": 1, "power_w": 1})
    mfu = alt.param(name="mfu", value=first["mfu"], bind=alt.binding_range(min=0.05, max=0.8, step=0.01, name="MFU "))
    pue = alt.param(name="pue", value=first["pue"] or 1.1, bind=alt.binding_range(min=1.0, max=2.0, step=0.01, name="PUE "))
    grid = alt.param(name="grid", value=first["grid_tco2e_per_mwh"] or 0.4,
                     bind=alt.binding_range(min=0.0, max=1.0, step=0.005, name="Grid tCO2e/MWh "))
    gpu = alt.param(name="gpu", value=first["gpu_name"],
                    bind=alt.binding_select(options=[g["gpu_name"] for g in gpus], name="GPU "))
    # One row per model and one per GPU, joined in the browser: the data grows with models + GPUs, not their product.
    base = alt.Chart(data("models")).transform_calculate(gpu_name="gpu").transform_lookup(
        lookup="gpu_name", from_=alt.LookupData(data("gpus"), key="gpu_name", fields=["peak_tflops", "power_w"]),
    ).transform_calculate(
        gpu_hours="datum.creation_flop / (datum.peak_tflops * 1e12 * mfu * 3600)",
        tco2e="datum.creation_flop / (datum.peak_tflops * 1e12 * mfu * 3600) * datum.power_w / 1e6 * pue * grid",
    )
    order = alt.EncodingSortField("creation_flop", order="descending")
    tooltip = [alt.Tooltip("name:N", title="Model"), alt.Tooltip("gpu_hours:Q", title="GPU-hours", format=",.3~s"),
               alt.Tooltip("tco2e:Q", title="tCO2e", format=",.3~r")]
    hours = base.mark_bar().encode(
        y=alt.Y("name:N", sort=order, title=None),
        x=alt.X("gpu_hours:Q", scale=alt.Scale(type="log"), stack=None, title="GPU-hours (log scale)"), tooltip=tooltip,
    ).properties(width=260, height=alt.Step(14), title="GPU-hours")
    emissions = base.mark_bar(color="#c2562d").encode(
        y=alt.Y("name:N", sort=order, title=None, axis=None),
        x=alt.X("tco2e:Q", scale=alt.Scale(type="log"), stack=None, title="tCO2e (log scale)"), tooltip=tooltip,
    ).properties(width=220, height=alt.Step(14), title="Emissions")
    chart = alt.hconcat(hours, emissions).add_params(mfu, pue, grid, gpu)
    for m in models:
        m["gpu_hours_default"] = m["creation_flop"] / (first["peak_tflops"] * 1e12 * first["mfu"] * 3600)
    return [Figure(slug="whatif-emissions", chart=chart, rows=models, datasets={"models": models, "gpus": gpus},
                   columns=[("name", "Model"), ("creation_flop", "FLOP"),
                            ("gpu_hours_default", f"GPU-hours on {first['gpu_name']} at the starting MFU")])]
