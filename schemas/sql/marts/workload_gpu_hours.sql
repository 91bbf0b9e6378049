-- view: GPU-hours, energy and emissions of each workload on each GPU under each scenario (the first paper's Table 2, for any workload and GPU).
-- key: workload_id, gpu_id, scenario_id
-- col workload_id: Workload.
-- col gpu_id: GPU.
-- col scenario_id: Scenario.
-- col flop: FLOP (workload_compute).
-- col gpu_hours: At the central MFU.
-- col gpu_hours_low: At the high end of the MFU range.
-- col gpu_hours_high: At the low end of the MFU range.
-- col energy_mwh: Facility energy, MWh.
-- col tco2e: Emissions, tCO2e.
create or replace view workload_gpu_hours as
with hours as (
    select
        w.workload_id,
        g.gpu_id,
        g.scenario_id,
        w.flop,
        gpu_hours_for(w.flop, g.peak_tflops, g.mfu) as gpu_hours,
        gpu_hours_for(w.flop, g.peak_tflops, g.mfu_high) as gpu_hours_low,
        gpu_hours_for(w.flop, g.peak_tflops, g.mfu_low) as gpu_hours_high,
        g.power_w, g.pue, g.grid_tco2e_per_mwh
    from workload_compute w
    cross join stg_gpu_scenarios g
)
select
    workload_id, gpu_id, scenario_id, flop, gpu_hours, gpu_hours_low, gpu_hours_high,
    energy_mwh_for(gpu_hours, power_w, pue) as energy_mwh,
    energy_mwh_for(gpu_hours, power_w, pue) * grid_tco2e_per_mwh as tco2e
from hours
