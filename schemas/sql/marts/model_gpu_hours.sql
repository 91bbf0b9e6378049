-- view: GPU-hours, energy and emissions of creating each model on each GPU under each scenario: hours = FLOP / (peak x MFU x 3600); energy = hours x power x PUE; tCO2e = energy x grid intensity.
-- col model_id: Model.
-- col gpu_id: GPU.
-- col scenario_id: Scenario.
-- col creation_flop: FLOP (model_creation_compute).
-- col gpu_hours: At the central MFU.
-- col gpu_hours_low: At the high end of the MFU range.
-- col gpu_hours_high: At the low end of the MFU range.
-- col energy_mwh: Facility energy at the central MFU, MWh.
-- col tco2e: Emissions at the central MFU, tCO2e.
-- col tco2e_low: Emissions at the high end of the MFU range.
-- col tco2e_high: Emissions at the low end of the MFU range.
create or replace view model_gpu_hours as
select
    c.model_id,
    g.gpu_id,
    c.scenario_id,
    c.creation_flop,
    c.creation_flop / (g.peak_tflops * 1e12 * g.mfu * 3600) as gpu_hours,
    c.creation_flop / (g.peak_tflops * 1e12 * g.mfu_high * 3600) as gpu_hours_low,
    c.creation_flop / (g.peak_tflops * 1e12 * g.mfu_low * 3600) as gpu_hours_high,
    c.creation_flop / (g.peak_tflops * 1e12 * g.mfu * 3600) * g.power_w / 1e6 * g.pue as energy_mwh,
    c.creation_flop / (g.peak_tflops * 1e12 * g.mfu * 3600) * g.power_w / 1e6 * g.pue * g.grid_tco2e_per_mwh as tco2e,
    c.creation_flop / (g.peak_tflops * 1e12 * g.mfu_high * 3600) * g.power_w / 1e6 * g.pue * g.grid_tco2e_per_mwh as tco2e_low,
    c.creation_flop / (g.peak_tflops * 1e12 * g.mfu_low * 3600) * g.power_w / 1e6 * g.pue * g.grid_tco2e_per_mwh as tco2e_high
from model_creation_compute c
join stg_gpu_scenarios g on g.scenario_id = c.scenario_id
