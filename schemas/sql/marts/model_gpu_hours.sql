-- view: GPU-hours, energy and emissions of creating each model on each curated GPU (those with datasheet figures: the accelerators the catalogue compares on; a model's own training accelerator is in model_creation_footprint) under each scenario: hours = FLOP / (peak x MFU x 3600); energy = hours x power x PUE; tCO2e = energy x grid intensity. Central figures at central inputs; low and high ends carry the compute's own range (source bounds, tokens per sample, epochs) with the MFU, PUE and grid ranges.
-- key: model_id, gpu_id, scenario_id
-- col model_id: Model.
-- col gpu_id: GPU.
-- col scenario_id: Scenario.
-- col creation_flop: FLOP (model_creation_compute).
-- col creation_flop_low: Low end of the FLOP: creation_flop scaled by the own stage's relative range (model_own_cost).
-- col creation_flop_high: High end of the FLOP.
-- col figure_kind: reported, estimated or assumed: the kind of the compute figure (model_own_cost); no derived figure is more certain than it.
-- col confidence: The source's confidence in a published compute figure (Epoch AI's scale), where stated.
-- col gpu_hours: At the central FLOP and MFU.
-- col gpu_hours_low: At the low FLOP and the high end of the MFU range.
-- col gpu_hours_high: At the high FLOP and the low end of the MFU range.
-- col energy_mwh: Facility energy at the central FLOP, MFU and PUE, MWh.
-- col energy_mwh_low: Low end (low hours, low PUE), MWh.
-- col energy_mwh_high: High end (high hours, high PUE), MWh.
-- col tco2e: Emissions at central inputs, tCO2e.
-- col tco2e_low: Low end (low energy, low grid intensity), tCO2e.
-- col tco2e_high: High end (high energy, high grid intensity), tCO2e.
create or replace view model_gpu_hours as
with flop as (
    -- The own stage's range, relative to its central figure, carried onto the creation compute (the two agree on
    -- the central figure for all but a few distilled models, whose relative range is what matters here).
    select c.model_id, c.scenario_id, c.creation_flop,
        c.creation_flop * coalesce(o.own_flop_low / nullif(o.own_flop, 0), 1) as flop_low,
        c.creation_flop * coalesce(o.own_flop_high / nullif(o.own_flop, 0), 1) as flop_high,
        o.figure_kind, o.confidence
    from model_creation_compute c
    left join model_own_cost o on o.model_id = c.model_id and o.scenario_id = c.scenario_id
),
hours as (
    select
        c.model_id,
        g.gpu_id,
        c.scenario_id,
        c.creation_flop,
        least(c.flop_low, c.creation_flop) as creation_flop_low,
        greatest(c.flop_high, c.creation_flop) as creation_flop_high,
        c.figure_kind, c.confidence,
        gpu_hours_for(c.creation_flop, g.peak_tflops, g.mfu) as gpu_hours,
        gpu_hours_for(least(c.flop_low, c.creation_flop), g.peak_tflops, g.mfu_high) as gpu_hours_low,
        gpu_hours_for(greatest(c.flop_high, c.creation_flop), g.peak_tflops, g.mfu_low) as gpu_hours_high,
        g.power_w, g.pue, g.grid_tco2e_per_mwh,
        coalesce(s.pue_low, g.pue) as pue_low, coalesce(s.pue_high, g.pue) as pue_high,
        coalesce(s.grid_low, g.grid_tco2e_per_mwh) as grid_low, coalesce(s.grid_high, g.grid_tco2e_per_mwh) as grid_high
    from flop c
    join stg_gpu_scenarios g on g.scenario_id = c.scenario_id
    join scenarios s on s.scenario_id = c.scenario_id
    where g.gpu_id in (select gpu_id from gpus where figures_from = 'datasheet')
)
select
    model_id, gpu_id, scenario_id, creation_flop, creation_flop_low, creation_flop_high, figure_kind, confidence,
    gpu_hours, gpu_hours_low, gpu_hours_high,
    energy_mwh_for(gpu_hours, power_w, pue) as energy_mwh,
    energy_mwh_for(gpu_hours_low, power_w, pue_low) as energy_mwh_low,
    energy_mwh_for(gpu_hours_high, power_w, pue_high) as energy_mwh_high,
    energy_mwh_for(gpu_hours, power_w, pue) * grid_tco2e_per_mwh as tco2e,
    energy_mwh_for(gpu_hours_low, power_w, pue_low) * grid_low as tco2e_low,
    energy_mwh_for(gpu_hours_high, power_w, pue_high) * grid_high as tco2e_high
from hours
