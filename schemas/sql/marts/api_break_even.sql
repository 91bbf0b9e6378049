-- view: Queries after which serving a cheaper model repays distilling it: distillation cost (the scenario's distillation set, bought as teacher output at the replaced API's price) / saving per query.
-- key: scenario_id, reference_price_id, candidate_price_id
-- col scenario_id: Scenario giving the distillation set and the tokens per query.
-- col reference_price_id: Price of the model being replaced (the teacher API).
-- col candidate_price_id: Price of serving the cheaper model.
-- col distill_tokens: Teacher-generated tokens: distill_samples x tokens_per_sample.
-- col distillation_usd: distill_tokens x the reference API's output price.
-- col reference_usd_per_query: Cost of one query on the reference API.
-- col candidate_usd_per_query: Cost of one query on the candidate.
-- col saving_usd_per_query: Difference per query.
-- col break_even_queries: distillation_usd / saving_usd_per_query.
-- col excludes_student_training: True when the scenario prices no GPU-hours, so student training is left out of the cost.
create or replace view api_break_even as
with shapes as (
    select scenario_id, query_input_tokens, query_output_tokens, distill_samples * tokens_per_sample as distill_tokens,
           gpu_usd_per_hour
    from scenarios
    where query_input_tokens is not null and query_output_tokens is not null
      and tokens_per_sample is not null and distill_samples is not null
),
per_query as (
    select p.price_id, p.output_usd_per_mtok, s.scenario_id,
           (s.query_input_tokens * p.input_usd_per_mtok + s.query_output_tokens * p.output_usd_per_mtok) / 1e6 as usd
    from prices p cross join shapes s
)
select
    s.scenario_id,
    r.price_id as reference_price_id,
    c.price_id as candidate_price_id,
    s.distill_tokens,
    s.distill_tokens * r.output_usd_per_mtok / 1e6 as distillation_usd,
    r.usd as reference_usd_per_query,
    c.usd as candidate_usd_per_query,
    r.usd - c.usd as saving_usd_per_query,
    s.distill_tokens * r.output_usd_per_mtok / 1e6 / (r.usd - c.usd) as break_even_queries,
    s.gpu_usd_per_hour is null as excludes_student_training
from shapes s
join per_query r on r.scenario_id = s.scenario_id
join per_query c on c.scenario_id = s.scenario_id and c.usd < r.usd
