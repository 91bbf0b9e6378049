-- macro: The first paper's Table 2 for every workload and GPU under your own MFU, PUE and grid intensity (NULL keeps the scenario's), with the peak, power and assumptions used beside each result; impossible inputs are errors. Example: select * from workload_emissions_under(mfu := 0.45).
create or replace macro workload_emissions_under(mfu := null, pue := null, grid := null, scenario := 'wani-2026-paper-default', gpu := null) as table
with guard as (  -- evaluated first, so an impossible input is an error rather than an empty result
    select checked_assumptions(mfu, pue, grid, scenario, gpu) as ok
),
assumptions as (  -- eff_*: the caller's value, else the scenario's (named apart from the parameters)
    select w.workload_id, g.gpu_id, w.flop, g.peak_tflops, g.power_w,
           coalesce(mfu::double, g.mfu) as eff_mfu,
           coalesce(pue::double, g.pue) as eff_pue,
           coalesce(grid::double, g.grid_tco2e_per_mwh) as eff_grid
    from workload_compute w
    cross join stg_gpu_scenarios g
    -- Scenario and GPU are read through the guard, so the check runs before any filter can prune the plan
    -- (a GPU id outside the table's value range would otherwise give an empty result, not an error).
    where g.scenario_id = (select case when ok then scenario end from guard) and (gpu is null or g.gpu_id = (select case when ok then gpu end from guard))
)
select
    workload_id, gpu_id, flop, peak_tflops, power_w, eff_mfu as mfu, eff_pue as pue, eff_grid as grid_tco2e_per_mwh,
    gpu_hours_for(flop, peak_tflops, eff_mfu) as gpu_hours,
    energy_mwh_for(gpu_hours_for(flop, peak_tflops, eff_mfu), power_w, eff_pue) as energy_mwh,
    energy_mwh_for(gpu_hours_for(flop, peak_tflops, eff_mfu), power_w, eff_pue) * eff_grid as tco2e
from assumptions
