-- view: FLOP of each workload from the source's own inputs: 6*N*D*epochs for (pre)training and fine-tuning; 2*N_teacher*D + 6*N_student*D for distillation.
-- key: workload_id
-- col workload_id: Workload.
-- col name: Display name.
-- col kind: pretraining, fine_tuning, distillation or published_compute.
-- col tokens: D, tokens per epoch (samples x tokens_per_sample when only samples are given).
-- col teacher_inference_flop: 2 x N_teacher x D, FLOP (distillation).
-- col student_training_flop: 6 x N_student x D, FLOP (distillation).
-- col flop: Total FLOP.
create or replace view workload_compute as
with inputs as (
    select *, coalesce(tokens, samples * tokens_per_sample) as d from workloads
)
select
    workload_id,
    name,
    kind,
    d as tokens,
    case when kind = 'distillation' then 2 * teacher_params_b * 1e9 * d end as teacher_inference_flop,
    case when kind = 'distillation' then 6 * student_params_b * 1e9 * d end as student_training_flop,
    case kind
        when 'distillation' then 2 * teacher_params_b * 1e9 * d + 6 * student_params_b * 1e9 * d
        when 'published_compute' then training_compute_flop
        else 6 * params_b * 1e9 * d * epochs
    end as flop
from inputs
