"""What if: GPU-hours and emissions of creating each model under your assumptions.

Move the sliders to set MFU, PUE and grid carbon intensity and pick a GPU; hours = FLOP / (peak × MFU × 3600)
and tCO2e = hours × power × PUE × grid intensity are recomputed in your browser. The sliders start at the
first paper's assumptions."""

import altair as alt

from publish.figures import Figure, records


def build(con, scenario):
    rows = records(con, """
        select m.name, c.model_id, c.creation_flop, g.gpu_id, gp.name as gpu_name, g.peak_tflops, g.power_w,
               g.mfu, g.pue, g.grid_tco2e_per_mwh
        from model_creation_compute c join models m using (model_id)
        join stg_gpu_scenarios g on g.scenario_id = c.scenario_id join gpus gp on gp.gpu_id = g.gpu_id
        where c.scenario_id = ? order by m.name, gp.name""", [scenario])
    defaults = records(con, """select g.mfu, g.pue, g.grid_tco2e_per_mwh from stg_gpu_scenarios g
        where g.scenario_id = ? and g.gpu_id = 'nvidia/h100-sxm'""", [scenario])
    d = defaults[0] if defaults else {"mfu": 0.38, "pue": 1.1, "grid_tco2e_per_mwh": 0.4}
    gpus = sorted({r["gpu_name"] for r in rows})
    first_gpu = "H100 SXM5 80GB" if "H100 SXM5 80GB" in gpus else (gpus[0] if gpus else "")
    mfu = alt.param(name="mfu", value=d["mfu"], bind=alt.binding_range(min=0.05, max=0.8, step=0.01, name="MFU "))
    pue = alt.param(name="pue", value=d["pue"], bind=alt.binding_range(min=1.0, max=2.0, step=0.01, name="PUE "))
    grid = alt.param(name="grid", value=d["grid_tco2e_per_mwh"],
                     bind=alt.binding_range(min=0.0, max=1.0, step=0.005, name="Grid tCO2e/MWh "))
    gpu = alt.param(name="gpu", value=first_gpu, bind=alt.binding_select(options=gpus, name="GPU "))
    base = alt.Chart(alt.Data(values=rows)).transform_filter("datum.gpu_name == gpu").transform_calculate(
        gpu_hours="datum.creation_flop / (datum.peak_tflops * 1e12 * mfu * 3600)",
        tco2e="datum.creation_flop / (datum.peak_tflops * 1e12 * mfu * 3600) * datum.power_w / 1e6 * pue * grid",
    )
    tooltip = [alt.Tooltip("name:N", title="Model"), alt.Tooltip("gpu_hours:Q", title="GPU-hours", format=",.3~s"),
               alt.Tooltip("tco2e:Q", title="tCO2e", format=",.3~r")]
    hours = base.mark_bar().encode(
        y=alt.Y("name:N", sort="-x", title=None),
        x=alt.X("gpu_hours:Q", scale=alt.Scale(type="log"), stack=None, title="GPU-hours (log scale)"), tooltip=tooltip,
    ).properties(width=260, height=alt.Step(14), title="GPU-hours")
    emissions = base.mark_bar(color="#c2562d").encode(
        y=alt.Y("name:N", sort=alt.EncodingSortField("creation_flop", order="descending"), title=None, axis=None),
        x=alt.X("tco2e:Q", scale=alt.Scale(type="log"), stack=None, title="tCO2e (log scale)"), tooltip=tooltip,
    ).properties(width=220, height=alt.Step(14), title="Emissions")
    hours = hours.encode(y=alt.Y("name:N", sort=alt.EncodingSortField("creation_flop", order="descending"), title=None))
    chart = alt.hconcat(hours, emissions).add_params(mfu, pue, grid, gpu)
    table_rows = [r for r in rows if r["gpu_name"] == first_gpu]
    for r in table_rows:
        r["gpu_hours_default"] = r["creation_flop"] / (r["peak_tflops"] * 1e12 * r["mfu"] * 3600)
    return [Figure(slug="whatif-emissions", chart=chart, rows=table_rows,
                   columns=[("name", "Model"), ("gpu_name", "GPU"), ("creation_flop", "FLOP"),
                            ("gpu_hours_default", "GPU-hours at the starting MFU")])]
