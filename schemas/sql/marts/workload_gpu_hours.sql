-- view: GPU-hours, energy and emissions of each workload on each GPU under each scenario (the first paper's Table 2, for any workload and GPU).
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
select
    w.workload_id,
    g.gpu_id,
    g.scenario_id,
    w.flop,
    w.flop / (g.peak_tflops * 1e12 * g.mfu * 3600) as gpu_hours,
    w.flop / (g.peak_tflops * 1e12 * g.mfu_high * 3600) as gpu_hours_low,
    w.flop / (g.peak_tflops * 1e12 * g.mfu_low * 3600) as gpu_hours_high,
    w.flop / (g.peak_tflops * 1e12 * g.mfu * 3600) * g.power_w / 1e6 * g.pue as energy_mwh,
    w.flop / (g.peak_tflops * 1e12 * g.mfu * 3600) * g.power_w / 1e6 * g.pue * g.grid_tco2e_per_mwh as tco2e
from workload_compute w
cross join stg_gpu_scenarios g
