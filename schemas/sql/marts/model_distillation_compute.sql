-- view: Compute of making each distilled model, per scenario: teacher inference 2*N_teacher*D plus student training 6*N_student*D, with the teacher counted by active and by total parameters.
-- key: model_id, scenario_id
-- col model_id: The distilled model.
-- col scenario_id: Scenario supplying tokens_per_sample when the model states samples only (the default scenario's when it sets none).
-- col distill_tokens: D, distillation tokens: as stated, else samples x tokens_per_sample.
-- col tokens_basis: stated, or samples x the scenario's tokens_per_sample.
-- col teacher_inference_active_flop: 2 x teacher active parameters x D, FLOP (catalogue convention).
-- col teacher_inference_total_flop: 2 x teacher total parameters x D, FLOP (the first paper's convention).
-- col student_training_flop: 6 x student parameters x D, FLOP.
-- col distillation_active_flop: Teacher (active) + student, FLOP.
-- col distillation_total_flop: Teacher (total) + student, FLOP.
create or replace view model_distillation_compute as
with sc as (
    -- A scenario that leaves tokens per sample unset takes the default scenario's, so no model drops out under it.
    select s.scenario_id, coalesce(s.tokens_per_sample, d.tokens_per_sample) as tokens_per_sample
    from scenarios s left join scenarios d on d.is_default
),
tokens as (
    select
        m.model_id,
        s.scenario_id,
        coalesce(m.distill_tokens, m.distill_samples * s.tokens_per_sample) as distill_tokens,
        case when m.distill_tokens is not null then 'stated' else 'samples x tokens_per_sample' end as tokens_basis,
        m.n_active as student_params
    from stg_models m
    cross join sc s
    where m.method = 'distilled' and (m.distill_tokens is not null or s.tokens_per_sample is not null)
)
select
    k.model_id,
    k.scenario_id,
    k.distill_tokens,
    k.tokens_basis,
    sum(2 * t.n_active * k.distill_tokens) as teacher_inference_active_flop,
    sum(2 * t.n_total * k.distill_tokens) as teacher_inference_total_flop,
    any_value(6 * k.student_params * k.distill_tokens) as student_training_flop,
    sum(2 * t.n_active * k.distill_tokens) + any_value(6 * k.student_params * k.distill_tokens) as distillation_active_flop,
    sum(2 * t.n_total * k.distill_tokens) + any_value(6 * k.student_params * k.distill_tokens) as distillation_total_flop
from tokens k
join model_teachers mt on mt.model_id = k.model_id
join stg_models t on t.model_id = mt.teacher_id
group by k.model_id, k.scenario_id, k.distill_tokens, k.tokens_basis
