-- view: Every figure a source published (claims) beside the catalogue's recomputation under the source's own scenario, the ratio between them, and why they differ.
-- key: claim_table_id, claim_key
-- col claim_table_id: Claims file.
-- col claim_key: subject_kind:subject_id:metric[:gpu_id]: with claim_table_id, the key.
-- col position: Order within the file (not a key).
-- col location: Where in the source.
-- col source_id: The source.
-- col scenario_id: Assumptions the source used.
-- col subject_kind: model, workload or energy_run.
-- col subject_id: What the figure is about.
-- col metric: What the figure measures.
-- col gpu_id: GPU for hours, energy and emissions.
-- col claimed: The figure as printed.
-- col recomputed: The catalogue's figure: the formula applied to the catalogue's records under the source's scenario.
-- col ratio: claimed / recomputed.
-- col total_params_variant: The formula with MoE and teacher parameters counted in total (the first paper's convention).
-- col source_inputs_variant: The formula applied to the source's own inputs (its workload record, or its own upstream figure).
-- col published: The model card's own figure, where one exists.
-- col tolerance: Relative difference accepted as agreement: 1%, or half a unit of the last printed digit if larger.
-- col reason: Why the claimed figure and the recomputation agree or differ.
create or replace view audit as
with c as (
    select
        cl.*,
        abs(cl.value) > 0 and cl.significant_digits is not null as has_digits,
        greatest(0.01, case when cl.value > 0 and cl.significant_digits is not null
            then 0.5 * pow(10, floor(log10(cl.value)) - cl.significant_digits + 1) / cl.value end) as tolerance
    from claims cl
),
g as (select * from stg_gpu_scenarios),
upstream as (
    -- The source's own figure one step up the chain (compute -> hours -> energy -> emissions), from the same table.
    select c.claim_table_id, c.position,
        case c.metric
            when 'gpu_hours' then (select u.value / (g.peak_tflops * 1e12 * g.mfu * 3600) from claims u
                where u.claim_table_id = c.claim_table_id and u.subject_id = c.subject_id and u.metric = 'training_compute_flop')
            when 'energy_mwh' then (select u.value * g.power_w / 1e6 * g.pue from claims u
                where u.claim_table_id = c.claim_table_id and u.subject_id = c.subject_id and u.metric = 'gpu_hours' and u.gpu_id = c.gpu_id)
            when 'tco2e' then coalesce(
                (select u.value * g.grid_tco2e_per_mwh from claims u
                 where u.claim_table_id = c.claim_table_id and u.subject_id = c.subject_id and u.metric = 'energy_mwh' and u.gpu_id = c.gpu_id),
                (select u.value * g.power_w / 1e6 * g.pue * g.grid_tco2e_per_mwh from claims u
                 where u.claim_table_id = c.claim_table_id and u.subject_id = c.subject_id and u.metric = 'gpu_hours' and u.gpu_id = c.gpu_id))
            when 'training_compute_flop' then (select wc.flop from workloads w join workload_compute wc using (workload_id)
                where w.model_id = c.subject_id and w.source_id = c.source_id and c.subject_kind = 'model')
        end as value
    from c
    left join g on g.scenario_id = c.scenario_id and g.gpu_id = c.gpu_id
),
model_side as (
    select c.claim_table_id, c.position,
        case c.metric
            when 'training_compute_flop' then mc.creation_flop
            when 'gpu_hours' then mh.gpu_hours
            when 'tco2e' then mh.tco2e
        end as recomputed,
        case c.metric
            when 'training_compute_flop' then mc.creation_total_params_flop
            when 'gpu_hours' then mc.creation_total_params_flop / (g.peak_tflops * 1e12 * g.mfu * 3600)
            when 'tco2e' then mc.creation_total_params_flop / (g.peak_tflops * 1e12 * g.mfu * 3600) * g.power_w / 1e6 * g.pue * g.grid_tco2e_per_mwh
        end as total_params_variant,
        case c.metric
            when 'training_compute_flop' then m.training_compute_flop
            when 'gpu_hours' then case when m.training_gpu_id = c.gpu_id then m.training_gpu_hours end
            when 'tco2e' then m.training_emissions_tco2e
        end as published,
        m.method, m.architecture
    from c
    join models m on m.model_id = c.subject_id
    left join model_creation_compute mc on mc.model_id = c.subject_id and mc.scenario_id = c.scenario_id
    left join model_gpu_hours mh on mh.model_id = c.subject_id and mh.scenario_id = c.scenario_id and mh.gpu_id = c.gpu_id
    left join g on g.scenario_id = c.scenario_id and g.gpu_id = c.gpu_id
    where c.subject_kind = 'model'
),
workload_side as (
    select c.claim_table_id, c.position,
        case c.metric
            when 'training_compute_flop' then wc.flop
            when 'teacher_inference_flop' then wc.teacher_inference_flop
            when 'student_training_flop' then wc.student_training_flop
            when 'gpu_hours' then wh.gpu_hours
            when 'energy_mwh' then wh.energy_mwh
            when 'tco2e' then wh.tco2e
        end as recomputed
    from c
    join workload_compute wc on wc.workload_id = c.subject_id
    left join workload_gpu_hours wh on wh.workload_id = c.subject_id and wh.scenario_id = c.scenario_id and wh.gpu_id = c.gpu_id
    where c.subject_kind = 'workload'
),
run_side as (
    select c.claim_table_id, c.position, b.n_star as recomputed
    from c join break_even_reuse b on b.run_id = c.subject_id
    where c.subject_kind = 'energy_run' and c.metric = 'break_even_reuse'
),
joined as (
    select
        c.claim_table_id, c.claim_key, c.position, c.location, c.source_id, c.scenario_id, c.subject_kind, c.subject_id,
        c.metric, c.gpu_id, c.value as claimed, c.low, c.high, c.tolerance,
        coalesce(ms.recomputed, ws.recomputed, rs.recomputed) as recomputed,
        ms.total_params_variant,
        u.value as source_inputs_variant,
        ms.published, ms.method, ms.architecture
    from c
    left join model_side ms using (claim_table_id, position)
    left join workload_side ws using (claim_table_id, position)
    left join run_side rs using (claim_table_id, position)
    left join upstream u using (claim_table_id, position)
)
select
    claim_table_id, claim_key, position, location, source_id, scenario_id, subject_kind, subject_id, metric, gpu_id,
    claimed,
    recomputed,
    claimed / nullif(recomputed, 0) as ratio,
    total_params_variant,
    source_inputs_variant,
    published,
    tolerance,
    case
        when recomputed is null then 'not recomputable from the catalogue (an input is missing)'
        when abs(claimed / recomputed - 1) <= tolerance then 'reproduced'
        when low is not null and recomputed between low - 0.5 and high + 0.5 then 'reproduced (printed as a rounded range)'
        when low is null and metric = 'break_even_reuse' and abs(claimed - recomputed) < 0.5 then 'reproduced (printed rounded to a whole number)'
        when published is not null and abs(claimed / published - 1) <= tolerance
            then 'copied from the model''s published figure, not derived with the formula'
        when total_params_variant is not null and method = 'distilled' and abs(claimed / total_params_variant - 1) <= tolerance
            then 'teacher inference counted with total instead of active parameters'
        when total_params_variant is not null and architecture = 'moe' and abs(claimed / total_params_variant - 1) <= tolerance
            then 'MoE model counted with total instead of active parameters'
        when source_inputs_variant is not null and abs(claimed / source_inputs_variant - 1) <= tolerance
            then 'follows from the source''s own inputs, which differ from the catalogue''s records'
        else 'does not follow from the formula and the records'
    end as reason
from joined
