-- macro: GPU-hours, energy and tCO2e of creating every model (its own stage, as model_creation_compute counts it) on every GPU, or one (gpu := 'nvidia/h100-sxm'), under your own assumptions; the peak, power, MFU, PUE and grid intensity used are returned beside each result. Any argument left NULL takes the scenario's value; impossible inputs (mfu := 35, a negative PUE, an unknown scenario or GPU) are errors. Example: select * from emissions_under(mfu := 0.30, pue := 1.2, grid := 0.2).
create or replace macro emissions_under(mfu := null, pue := null, grid := null, scenario := 'wani-2026-paper-default', gpu := null) as table
with guard as (  -- evaluated first, so an impossible input is an error rather than an empty result
    select checked_assumptions(mfu, pue, grid, scenario, gpu) as ok
),
assumptions as (  -- eff_*: the caller's value, else the scenario's (named apart from the parameters)
    select c.model_id, g.gpu_id, c.creation_flop, g.peak_tflops, g.power_w,
           coalesce(mfu::double, g.mfu) as eff_mfu,
           coalesce(pue::double, g.pue) as eff_pue,
           coalesce(grid::double, g.grid_tco2e_per_mwh) as eff_grid
    from model_creation_compute c
    join stg_gpu_scenarios g on g.scenario_id = c.scenario_id
    -- Scenario and GPU are read through the guard, so the check runs before any filter can prune the plan
    -- (a GPU id outside the table's value range would otherwise give an empty result, not an error).
    where c.scenario_id = (select case when ok then scenario end from guard) and (gpu is null or g.gpu_id = (select case when ok then gpu end from guard))
)
select
    model_id, gpu_id, creation_flop, peak_tflops, power_w, eff_mfu as mfu, eff_pue as pue, eff_grid as grid_tco2e_per_mwh,
    gpu_hours_for(creation_flop, peak_tflops, eff_mfu) as gpu_hours,
    energy_mwh_for(gpu_hours_for(creation_flop, peak_tflops, eff_mfu), power_w, eff_pue) as energy_mwh,
    energy_mwh_for(gpu_hours_for(creation_flop, peak_tflops, eff_mfu), power_w, eff_pue) * eff_grid as tco2e
from assumptions
