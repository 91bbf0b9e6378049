-- view: Every GPU under every scenario that sets an MFU: the peak, MFU range, power, PUE and grid intensity used to turn FLOP into hours, energy and emissions.
-- col scenario_id: Scenario.
-- col gpu_id: GPU.
-- col gpu_family: Architecture family, which selects the scenario's MFU.
-- col peak_tflops: Peak dense BF16 TFLOP/s used: the scenario's override if it has one, else the datasheet.
-- col peak_overridden: True when the scenario assumes a peak other than the datasheet's.
-- col mfu: Central MFU for this GPU's family.
-- col mfu_low: Low end of the MFU range (gives the most hours).
-- col mfu_high: High end of the MFU range (gives the fewest hours).
-- col power_w: Power per GPU used for energy: the scenario's average draw if set, else TDP, W.
-- col pue: Power usage effectiveness.
-- col grid_tco2e_per_mwh: Grid carbon intensity, tCO2e/MWh.
create or replace view stg_gpu_scenarios as
select
    s.scenario_id,
    g.gpu_id,
    g.family as gpu_family,
    coalesce(o.peak_tflops, g.peak_bf16_dense_tflops) as peak_tflops,
    o.peak_tflops is not null as peak_overridden,
    coalesce(f.mfu, s.mfu) as mfu,
    case when f.mfu is not null then coalesce(f.mfu_low, f.mfu) else coalesce(s.mfu_low, s.mfu) end as mfu_low,
    case when f.mfu is not null then coalesce(f.mfu_high, f.mfu) else coalesce(s.mfu_high, s.mfu) end as mfu_high,
    coalesce(s.gpu_average_power_w, g.tdp_w) as power_w,
    s.pue,
    s.grid_tco2e_per_mwh
from scenarios s
cross join gpus g
left join scenario_mfu f on f.scenario_id = s.scenario_id and f.gpu_family = g.family
left join scenario_peak_overrides o on o.scenario_id = s.scenario_id and o.gpu_id = g.gpu_id
where coalesce(f.mfu, s.mfu) is not null
