-- view: GPU-hours, energy and emissions of creating each model on each curated GPU (those with datasheet figures: the accelerators the catalogue compares on; a model's own training accelerator is in model_creation_footprint) under each scenario: hours = FLOP / (peak x MFU x 3600); energy = hours x power x PUE; tCO2e = energy x grid intensity.
-- key: model_id, gpu_id, scenario_id
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
with hours as (
    select
        c.model_id,
        g.gpu_id,
        c.scenario_id,
        c.creation_flop,
        gpu_hours_for(c.creation_flop, g.peak_tflops, g.mfu) as gpu_hours,
        gpu_hours_for(c.creation_flop, g.peak_tflops, g.mfu_high) as gpu_hours_low,
        gpu_hours_for(c.creation_flop, g.peak_tflops, g.mfu_low) as gpu_hours_high,
        g.power_w, g.pue, g.grid_tco2e_per_mwh
    from model_creation_compute c
    join stg_gpu_scenarios g on g.scenario_id = c.scenario_id
    where g.gpu_id in (select gpu_id from gpus where figures_from = 'datasheet')
)
select
    model_id, gpu_id, scenario_id, creation_flop, gpu_hours, gpu_hours_low, gpu_hours_high,
    energy_mwh_for(gpu_hours, power_w, pue) as energy_mwh,
    energy_mwh_for(gpu_hours, power_w, pue) * grid_tco2e_per_mwh as tco2e,
    energy_mwh_for(gpu_hours_low, power_w, pue) * grid_tco2e_per_mwh as tco2e_low,
    energy_mwh_for(gpu_hours_high, power_w, pue) * grid_tco2e_per_mwh as tco2e_high
from hours
