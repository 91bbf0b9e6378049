-- view: Break-even reuse N* = E_teacher / (E_student_baseline - E_student_distill): how many students must share one teacher artifact before distillation beats baseline SFT on energy.
-- key: run_id, baseline_run_id
-- col run_id: Distillation run.
-- col baseline_run_id: Baseline SFT run of the same student in the same study.
-- col pipeline: logit_kd or synthetic_sft.
-- col student_id: Student model.
-- col teacher_kwh: One-time teacher artifact energy, kWh.
-- col baseline_student_kwh: Student training energy under baseline SFT, kWh.
-- col distill_student_kwh: Student training energy under distillation, kWh.
-- col saving_per_run_kwh: baseline_student_kwh - distill_student_kwh.
-- col n_star: Break-even number of students; NULL when distillation never saves student energy.
create or replace view break_even_reuse as
select
    d.run_id,
    b.run_id as baseline_run_id,
    d.pipeline,
    d.student_id,
    d.teacher_kwh,
    b.student_kwh as baseline_student_kwh,
    d.student_kwh as distill_student_kwh,
    b.student_kwh - d.student_kwh as saving_per_run_kwh,
    case when b.student_kwh > d.student_kwh then d.teacher_kwh / (b.student_kwh - d.student_kwh) end as n_star
from energy_pipeline_totals d
join energy_pipeline_totals b
  on b.study = d.study and b.student_id = d.student_id and b.pipeline = 'baseline_sft'
where d.pipeline <> 'baseline_sft'
