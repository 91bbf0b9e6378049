-- view: A workload claim's recomputation, and whether it rests on a teacher's total parameters or on the source's own compute figure. Internal: one part of the audit view, kept in a view of its own so that the exports compute the audit's parts side by side (pipeline/export.py); keyed like the claims (claim_table_id, position).
-- col claim_table_id: Claims file (with position, the claim).
-- col position: Order within the claims file.
-- col recomputed: The catalogue's figure for the workload under the claim's scenario.
-- col teacher_total: A distillation workload whose teacher size is the teacher's total, not active, parameter count.
-- col copied_input: The workload is only the source's own compute figure, and the claim is derived from it.
create or replace view stg_audit_workloads as
with c as (
    select * from stg_audit_claims
)
select c.claim_table_id, c.position,
    case c.metric
        when 'training_compute_flop' then wc.flop
        when 'teacher_inference_flop' then wc.teacher_inference_flop
        when 'student_training_flop' then wc.student_training_flop
        when 'gpu_hours' then wh.gpu_hours
        when 'energy_mwh' then wh.energy_mwh
        when 'tco2e' then wh.tco2e
    end as recomputed,
    -- A distillation workload whose teacher size is the catalogue teacher's total, not active, parameter count.
    w.kind = 'distillation' and c.metric <> 'student_training_flop' and exists (
        select 1 from model_teachers mt join stg_models t on t.model_id = mt.teacher_id
        where mt.model_id = w.model_id and t.n_active < t.n_total
          and abs(w.teacher_params_b * 1e9 / t.n_total - 1) < 0.05) as teacher_total,
    -- A workload that is only the source's own compute figure: hours derived from it repeat the source's arithmetic.
    w.kind = 'published_compute' and w.source_id = c.source_id and c.metric <> 'training_compute_flop' as copied_input
from c
join workloads w on w.workload_id = c.subject_id
join workload_compute wc on wc.workload_id = c.subject_id
left join workload_gpu_hours wh on wh.workload_id = c.subject_id and wh.scenario_id = c.scenario_id and wh.gpu_id = c.gpu_id
where c.subject_kind = 'workload'
