-- macro: GPU-hours, energy and tCO2e of creating every model on every GPU under your own assumptions. Any argument left NULL takes the scenario's value. Example: select * from emissions_under(mfu := 0.30, pue := 1.2, grid := 0.2).
create or replace macro emissions_under(mfu := null, pue := null, grid := null, scenario := 'wani-2026-paper-default') as table
select
    c.model_id,
    g.gpu_id,
    c.creation_flop,
    coalesce(mfu::double, g.mfu) as mfu,
    coalesce(pue::double, g.pue) as pue,
    coalesce(grid::double, g.grid_tco2e_per_mwh) as grid_tco2e_per_mwh,
    c.creation_flop / (g.peak_tflops * 1e12 * coalesce(mfu::double, g.mfu) * 3600) as gpu_hours,
    c.creation_flop / (g.peak_tflops * 1e12 * coalesce(mfu::double, g.mfu) * 3600) * g.power_w / 1e6
        * coalesce(pue::double, g.pue) as energy_mwh,
    c.creation_flop / (g.peak_tflops * 1e12 * coalesce(mfu::double, g.mfu) * 3600) * g.power_w / 1e6
        * coalesce(pue::double, g.pue) * coalesce(grid::double, g.grid_tco2e_per_mwh) as tco2e
from model_creation_compute c
join stg_gpu_scenarios g on g.scenario_id = c.scenario_id
where c.scenario_id = scenario
