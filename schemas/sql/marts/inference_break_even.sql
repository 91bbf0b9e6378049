-- view: Inference break-even T* = E_extra_train_kWh x 3.6e6 / (j_ref - j_student): tokens a distilled student must serve, in place of a reference model, before its extra training energy is repaid.
-- key: run_id, reference_run_id
-- col run_id: Distillation run (the student).
-- col reference_run_id: Baseline run whose model the student would replace (same or larger student).
-- col extra_train_kwh: Distillation pipeline energy minus the reference pipeline's, kWh (negative: cheaper to make).
-- col j_student: Serving energy of the student, J/token.
-- col j_ref: Serving energy of the reference model, J/token.
-- col t_star_tokens: Served tokens to break even; 0 when already cheaper to make; NULL when serving saves nothing.
-- col q_student: Quality of the student.
-- col q_ref: Quality of the reference.
-- col quality_equivalent: True when the student's Q is at least the reference's (the formula's premise).
create or replace view inference_break_even as
select
    d.run_id,
    r.run_id as reference_run_id,
    d.total_kwh - r.total_kwh as extra_train_kwh,
    d.inference_j_per_token as j_student,
    r.inference_j_per_token as j_ref,
    case when r.inference_j_per_token > d.inference_j_per_token
         then greatest(d.total_kwh - r.total_kwh, 0) * 3.6e6 / (r.inference_j_per_token - d.inference_j_per_token)
    end as t_star_tokens,
    d.q as q_student,
    r.q as q_ref,
    d.q >= r.q as quality_equivalent
from energy_pipeline_totals d
join energy_pipeline_totals r
  on r.study = d.study and r.pipeline = 'baseline_sft' and r.student_params_b >= d.student_params_b
where d.pipeline <> 'baseline_sft'
