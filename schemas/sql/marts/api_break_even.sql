-- view: Queries after which serving a cheaper model repays distilling it: distillation cost (teacher-generated tokens priced at the reference API's output rate) / saving per query.
-- col scenario_id: Scenario giving tokens per query and tokens per sample.
-- col model_id: Distilled model whose sample count sizes the distillation set.
-- col reference_price_id: Price of the model being replaced (the teacher API).
-- col candidate_price_id: Price of serving the cheaper model.
-- col distill_tokens: Teacher-generated tokens: samples x tokens_per_sample.
-- col distillation_usd: distill_tokens x the reference API's output price.
-- col reference_usd_per_query: Cost of one query on the reference API.
-- col candidate_usd_per_query: Cost of one query on the candidate.
-- col saving_usd_per_query: Difference per query.
-- col break_even_queries: distillation_usd / saving_usd_per_query.
-- col excludes_student_training: True when the scenario prices no GPU-hours, so student training is left out of the cost.
create or replace view api_break_even as
with shapes as (
    select scenario_id, query_input_tokens, query_output_tokens, tokens_per_sample, gpu_usd_per_hour
    from scenarios
    where query_input_tokens is not null and query_output_tokens is not null and tokens_per_sample is not null
),
per_query as (
    select p.price_id, s.scenario_id,
           (s.query_input_tokens * p.input_usd_per_mtok + s.query_output_tokens * p.output_usd_per_mtok) / 1e6 as usd
    from prices p cross join shapes s
)
select
    s.scenario_id,
    m.model_id,
    ref.price_id as reference_price_id,
    cand.price_id as candidate_price_id,
    m.distill_samples * s.tokens_per_sample as distill_tokens,
    m.distill_samples * s.tokens_per_sample * ref.output_usd_per_mtok / 1e6 as distillation_usd,
    qr.usd as reference_usd_per_query,
    qc.usd as candidate_usd_per_query,
    qr.usd - qc.usd as saving_usd_per_query,
    m.distill_samples * s.tokens_per_sample * ref.output_usd_per_mtok / 1e6 / (qr.usd - qc.usd) as break_even_queries,
    s.gpu_usd_per_hour is null as excludes_student_training
from shapes s
cross join stg_models m
cross join prices ref
cross join prices cand
join per_query qr on qr.price_id = ref.price_id and qr.scenario_id = s.scenario_id
join per_query qc on qc.price_id = cand.price_id and qc.scenario_id = s.scenario_id
where m.method = 'distilled' and m.distill_samples is not null and qc.usd < qr.usd
