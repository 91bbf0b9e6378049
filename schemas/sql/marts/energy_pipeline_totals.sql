-- view: Each measured pipeline run: stage energies summed (prerun excluded, as the paper does), beside the published total, J/token and Q.
-- key: run_id
-- col run_id: Run.
-- col study: Measurement campaign.
-- col pipeline: baseline_sft, logit_kd or synthetic_sft.
-- col student_id: Student model.
-- col student_params_b: Student size, billions of parameters.
-- col total_kwh: Sum of stage energies without prerun, kWh.
-- col reported_total_kwh: Total as published, kWh.
-- col prerun_kwh: One-time environment stabilisation, excluded from the total, kWh.
-- col preprocess_kwh: Data preprocessing, kWh.
-- col teacher_kwh: Teacher logit caching or synthetic generation, kWh.
-- col student_kwh: Student training, kWh.
-- col evaluation_kwh: Evaluation, kWh.
-- col j_per_token: Energy per token processed as published, J.
-- col implied_tokens: Tokens processed implied by total and J/token: total_kwh x 3.6e6 / j_per_token.
-- col q: Teacher-relative quality retention as published.
-- col inference_j_per_token: Serving energy of the student, J/token.
create or replace view energy_pipeline_totals as
select
    r.run_id,
    r.study,
    r.pipeline,
    r.student_id,
    m.total_params_b as student_params_b,
    sum(s.energy_kwh) filter (where s.stage <> 'prerun') as total_kwh,
    r.reported_total_kwh,
    coalesce(sum(s.energy_kwh) filter (where s.stage = 'prerun'), 0) as prerun_kwh,
    coalesce(sum(s.energy_kwh) filter (where s.stage = 'preprocess'), 0) as preprocess_kwh,
    coalesce(sum(s.energy_kwh) filter (where s.stage in ('teacher_logit_cache', 'teacher_generation')), 0) as teacher_kwh,
    coalesce(sum(s.energy_kwh) filter (where s.stage = 'student_training'), 0) as student_kwh,
    coalesce(sum(s.energy_kwh) filter (where s.stage = 'evaluation'), 0) as evaluation_kwh,
    r.reported_j_per_token as j_per_token,
    sum(s.energy_kwh) filter (where s.stage <> 'prerun') * 3.6e6 / r.reported_j_per_token as implied_tokens,
    r.reported_q as q,
    r.inference_j_per_token
from energy_runs r
join energy_stages s on s.run_id = r.run_id
left join models m on m.model_id = r.student_id
group by r.run_id, r.study, r.pipeline, r.student_id, m.total_params_b, r.reported_total_kwh,
    r.reported_j_per_token, r.reported_q, r.inference_j_per_token
