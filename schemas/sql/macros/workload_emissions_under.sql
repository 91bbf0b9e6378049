-- macro: The first paper's Table 2 for every workload and GPU under your own MFU, PUE and grid intensity (NULL keeps the scenario's). Example: select * from workload_emissions_under(mfu := 0.45).
create or replace macro workload_emissions_under(mfu := null, pue := null, grid := null, scenario := 'wani-2026-paper-default') as table
select
    w.workload_id,
    g.gpu_id,
    w.flop,
    w.flop / (g.peak_tflops * 1e12 * coalesce(mfu::double, g.mfu) * 3600) as gpu_hours,
    w.flop / (g.peak_tflops * 1e12 * coalesce(mfu::double, g.mfu) * 3600) * g.power_w / 1e6
        * coalesce(pue::double, g.pue) as energy_mwh,
    w.flop / (g.peak_tflops * 1e12 * coalesce(mfu::double, g.mfu) * 3600) * g.power_w / 1e6
        * coalesce(pue::double, g.pue) * coalesce(grid::double, g.grid_tco2e_per_mwh) as tco2e
from workload_compute w
cross join stg_gpu_scenarios g
where g.scenario_id = scenario
