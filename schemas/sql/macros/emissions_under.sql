-- macro: GPU-hours, energy and tCO2e of creating every model on every GPU under your own assumptions. Any argument left NULL takes the scenario's value. Example: select * from emissions_under(mfu := 0.30, pue := 1.2, grid := 0.2).
create or replace macro emissions_under(mfu := null, pue := null, grid := null, scenario := 'wani-2026-paper-default') as table
with assumptions as (  -- eff_*: the caller's value, else the scenario's (named apart from the parameters)
    select c.model_id, g.gpu_id, c.creation_flop, g.peak_tflops, g.power_w,
           coalesce(mfu::double, g.mfu) as eff_mfu,
           coalesce(pue::double, g.pue) as eff_pue,
           coalesce(grid::double, g.grid_tco2e_per_mwh) as eff_grid
    from model_creation_compute c
    join stg_gpu_scenarios g on g.scenario_id = c.scenario_id
    where c.scenario_id = scenario
)
select
    model_id, gpu_id, creation_flop, eff_mfu as mfu, eff_pue as pue, eff_grid as grid_tco2e_per_mwh,
    gpu_hours_for(creation_flop, peak_tflops, eff_mfu) as gpu_hours,
    energy_mwh_for(gpu_hours_for(creation_flop, peak_tflops, eff_mfu), power_w, eff_pue) as energy_mwh,
    energy_mwh_for(gpu_hours_for(creation_flop, peak_tflops, eff_mfu), power_w, eff_pue) * eff_grid as tco2e
from assumptions
