-- macro: Distillation FLOP of every distilled model with your own tokens per sample (positive; the tokens used are returned). Example: select * from distillation_compute_under(tokens_per_sample := 2000).
create or replace macro distillation_compute_under(tokens_per_sample := 750) as table
with tokens as (
    select m.model_id, m.n_active as student_params,
           coalesce(m.distill_tokens, m.distill_samples * tokens_per_sample::double) as distill_tokens
    from stg_models m
    where m.method = 'distilled' and case when tokens_per_sample::double <= 0
        then error('tokens_per_sample must be positive, got ' || tokens_per_sample::varchar) else true end
)
select
    k.model_id,
    any_value(tokens_per_sample::double) as tokens_per_sample,
    k.distill_tokens,
    sum(2 * t.n_active * k.distill_tokens) + any_value(6 * k.student_params * k.distill_tokens) as distillation_active_flop,
    sum(2 * t.n_total * k.distill_tokens) + any_value(6 * k.student_params * k.distill_tokens) as distillation_total_flop
from tokens k
join model_teachers mt on mt.model_id = k.model_id
join stg_models t on t.model_id = mt.teacher_id
group by k.model_id, k.distill_tokens
