-- view: The source's own figure one step up the chain (compute -> hours -> energy -> emissions), from the same table, and the source's inputs in words. Internal: one part of the audit view, kept in a view of its own so that the exports compute the audit's parts side by side (pipeline/export.py); keyed like the claims (claim_table_id, position).
-- col claim_table_id: Claims file (with position, the claim).
-- col position: Order within the claims file.
-- col value: The formula applied to the source's own figure one step up the chain, or to its workload's inputs (audit.source_inputs_variant).
-- col inputs_text: The source's inputs in words, for a training-compute claim about a model (e.g. 6 x parameters x tokens).
create or replace view stg_audit_upstream as
with c as (
    select * from stg_audit_claims
),
g as (
    select * from stg_gpu_scenarios
),
upstream_claims as (
    -- What upstream reads of the claim tables and workloads, looked up over the claims alone (see stg_audit_comparisons).
    select c.claim_table_id, c.position,
        case when c.metric = 'gpu_hours' then (select u.value from claims u
            where u.claim_table_id = c.claim_table_id and u.subject_id = c.subject_id and u.metric = 'training_compute_flop') end as flop_claimed,
        case when c.metric in ('energy_mwh', 'tco2e') then (select u.value from claims u
            where u.claim_table_id = c.claim_table_id and u.subject_id = c.subject_id and u.metric = 'gpu_hours' and u.gpu_id = c.gpu_id) end as hours_claimed,
        case when c.metric = 'tco2e' then (select u.value from claims u
            where u.claim_table_id = c.claim_table_id and u.subject_id = c.subject_id and u.metric = 'energy_mwh' and u.gpu_id = c.gpu_id) end as mwh_claimed,
        case when c.metric = 'training_compute_flop' then (select wc.flop from workloads w join workload_compute wc using (workload_id)
            where w.model_id = c.subject_id and w.source_id = c.source_id and c.subject_kind = 'model') end as inputs_flop,
        -- The source's inputs in words, so a reader sees what the printed figure follows from (e.g. another model's tokens).
        case when c.metric = 'training_compute_flop' and c.subject_kind = 'model' then (
            select printf('6 × %gB parameters × %gT tokens', w.params_b, w.tokens / 1e12) from workloads w
            where w.model_id = c.subject_id and w.source_id = c.source_id and w.kind = 'pretraining' and coalesce(w.epochs, 1) = 1
            limit 1) end as inputs_text
    from c
)
-- The source's own figure one step up the chain (compute -> hours -> energy -> emissions), from the same table.
select c.claim_table_id, c.position,
    case c.metric
        when 'gpu_hours' then l.flop_claimed / (g.peak_tflops * 1e12 * g.mfu * 3600)
        when 'energy_mwh' then l.hours_claimed * g.power_w / 1e6 * g.pue
        when 'tco2e' then coalesce(l.mwh_claimed * g.grid_tco2e_per_mwh,
                                   l.hours_claimed * g.power_w / 1e6 * g.pue * g.grid_tco2e_per_mwh)
        when 'training_compute_flop' then l.inputs_flop
    end as value,
    l.inputs_text
from c
join upstream_claims l using (claim_table_id, position)
left join g on g.scenario_id = c.scenario_id and g.gpu_id = c.gpu_id
