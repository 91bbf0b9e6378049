-- view: GPU-hours, energy and emissions of making each model, marginal (its own stage) and cumulative (through its lineage), with low-central-high ranges, per scenario, on the accelerator it was trained on (else an H100, marked assumed). Low ends combine the low compute with the high MFU, low PUE and low grid intensity; high ends the opposite.
-- key: model_id, scenario_id
-- col model_id: Model.
-- col scenario_id: Scenario.
-- col gpu_id: Accelerator the hours are counted on.
-- col gpu_basis: published (the model's training accelerator, curated or Epoch AI's) or assumed (an H100).
-- col figure_kind: reported, estimated or assumed: the weakest kind among the compute inputs (see model_creation_cost).
-- col marginal_gpu_hours: Own stage, GPU-hours (central).
-- col marginal_gpu_hours_low: Low end.
-- col marginal_gpu_hours_high: High end.
-- col cumulative_gpu_hours: Through the lineage, GPU-hours (central).
-- col cumulative_gpu_hours_low: Low end.
-- col cumulative_gpu_hours_high: High end.
-- col marginal_mwh: Own stage, facility energy, MWh (central).
-- col marginal_mwh_low: Low end.
-- col marginal_mwh_high: High end.
-- col cumulative_mwh: Through the lineage, MWh (central).
-- col cumulative_mwh_low: Low end.
-- col cumulative_mwh_high: High end.
-- col marginal_tco2e: Own stage, tCO2e (central).
-- col marginal_tco2e_low: Low end.
-- col marginal_tco2e_high: High end.
-- col cumulative_tco2e: Through the lineage, tCO2e (central).
-- col cumulative_tco2e_low: Low end.
-- col cumulative_tco2e_high: High end.
-- col published_gpu_hours: GPU-hours the makers published, for comparison (not used above).
-- col epoch_chip_hours: Epoch AI's chip-hours, for comparison.
-- col peak_tflops: Peak dense BF16 TFLOP/s used.
-- col mfu: Central MFU used (mfu_low and mfu_high give the range).
-- col mfu_low: Low end of the MFU range.
-- col mfu_high: High end of the MFU range.
-- col power_w: Power per accelerator used, W.
create or replace view model_creation_footprint as
with c as (
    select c.*, m.published_gpu_hours, m.epoch_chip_hours,
        coalesce(m.training_gpu_id, 'nvidia/h100-sxm') as gpu_id,
        case when m.training_gpu_id is not null then 'published' else 'assumed' end as gpu_basis
    from model_creation_cost c join stg_models m using (model_id)
),
h as (
    select c.*, g.peak_tflops, g.mfu, g.mfu_low, g.mfu_high, g.power_w,
        coalesce(s.pue, 1) as pue, coalesce(s.pue_low, s.pue, 1) as pue_low, coalesce(s.pue_high, s.pue, 1) as pue_high,
        s.grid_tco2e_per_mwh as grid, coalesce(s.grid_low, s.grid_tco2e_per_mwh) as grid_low,
        coalesce(s.grid_high, s.grid_tco2e_per_mwh) as grid_high,
        gpu_hours_for(c.marginal_flop, g.peak_tflops, g.mfu) as m_h,
        gpu_hours_for(c.marginal_flop_low, g.peak_tflops, g.mfu_high) as m_h_lo,
        gpu_hours_for(c.marginal_flop_high, g.peak_tflops, g.mfu_low) as m_h_hi,
        gpu_hours_for(c.cumulative_flop, g.peak_tflops, g.mfu) as c_h,
        gpu_hours_for(c.cumulative_flop_low, g.peak_tflops, g.mfu_high) as c_h_lo,
        gpu_hours_for(c.cumulative_flop_high, g.peak_tflops, g.mfu_low) as c_h_hi
    from c
    join stg_gpu_scenarios g on g.gpu_id = c.gpu_id and g.scenario_id = c.scenario_id
    join scenarios s on s.scenario_id = c.scenario_id
)
select
    model_id, scenario_id, gpu_id, gpu_basis, figure_kind,
    m_h as marginal_gpu_hours, m_h_lo as marginal_gpu_hours_low, m_h_hi as marginal_gpu_hours_high,
    c_h as cumulative_gpu_hours, c_h_lo as cumulative_gpu_hours_low, c_h_hi as cumulative_gpu_hours_high,
    energy_mwh_for(m_h, power_w, pue) as marginal_mwh,
    energy_mwh_for(m_h_lo, power_w, pue_low) as marginal_mwh_low,
    energy_mwh_for(m_h_hi, power_w, pue_high) as marginal_mwh_high,
    energy_mwh_for(c_h, power_w, pue) as cumulative_mwh,
    energy_mwh_for(c_h_lo, power_w, pue_low) as cumulative_mwh_low,
    energy_mwh_for(c_h_hi, power_w, pue_high) as cumulative_mwh_high,
    energy_mwh_for(m_h, power_w, pue) * grid as marginal_tco2e,
    energy_mwh_for(m_h_lo, power_w, pue_low) * grid_low as marginal_tco2e_low,
    energy_mwh_for(m_h_hi, power_w, pue_high) * grid_high as marginal_tco2e_high,
    energy_mwh_for(c_h, power_w, pue) * grid as cumulative_tco2e,
    energy_mwh_for(c_h_lo, power_w, pue_low) * grid_low as cumulative_tco2e_low,
    energy_mwh_for(c_h_hi, power_w, pue_high) * grid_high as cumulative_tco2e_high,
    published_gpu_hours, epoch_chip_hours, peak_tflops, mfu, mfu_low, mfu_high, power_w
from h
