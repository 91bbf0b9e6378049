-- view: End-to-end break-even of distilling, per scenario with a query shape and a distillation set: for every pair of API price series at their current values (a reference such as the teacher or a frontier API, and a cheaper candidate: a distilled or smaller model's API or self-hosting), the one-off cost (the distillation set bought as the reference's output tokens, plus the candidate model's training dollars where it is a distilled or fine-tuned model and a GPU-hour price exists, plus an ASSUMED evaluation budget: the items of the benchmarks the candidate model reports x the scenario's eval_tokens_per_item x the candidate's output price, in its own columns) against the saving per query, with low/high ranges, and energy where serving energy was measured. break_even_under() redoes it for your volume, tokens and price date.
-- key: scenario_id, reference_price_id, candidate_price_id
-- col scenario_id: Scenario giving the query shape and the distillation set.
-- col reference_price_id: Price series of what is replaced.
-- col reference_model_id: Model behind it, if recorded.
-- col reference_source_id: Source of the reference's current price.
-- col candidate_price_id: Price series of what serves instead.
-- col candidate_model_id: Model behind it, if recorded.
-- col candidate_source_id: Source of the candidate's current price.
-- col reference_usd_per_query: Reference cost of one query (central).
-- col candidate_usd_per_query: Candidate cost of one query (central).
-- col saving_usd_per_query: Difference (central).
-- col saving_usd_per_query_low: Reference low end minus candidate high end (may be 0 or negative: no saving).
-- col saving_usd_per_query_high: Reference high end minus candidate low end.
-- col distill_tokens: Teacher tokens bought: samples x tokens per sample (central).
-- col teacher_data_usd: distill_tokens x the reference's output price (central).
-- col teacher_data_usd_low: With the scenario's low tokens per sample and the low price.
-- col teacher_data_usd_high: With the high tokens per sample and the high price.
-- col student_training_usd: The candidate model's training dollars (training_dollars) when it is a distilled or fine-tuned model (its own stage), NULL otherwise or when it has none.
-- col student_training_included: False when no student training is in the one-off cost (no model, not a distilled or fine-tuned model, no hours or no GPU-hour price): the break-even is then a lower bound.
-- col evaluation_items: Benchmark items x samples the candidate model reports (stg_model_eval_items); NULL without scores on benchmarks with an item count.
-- col evaluation_tokens: evaluation_items x the scenario's assumed eval_tokens_per_item (central).
-- col evaluation_usd: ASSUMED evaluation cost: evaluation_tokens x the candidate's output price (central); NULL when not included.
-- col evaluation_usd_low: Low tokens per item x low price.
-- col evaluation_usd_high: High tokens per item x high price.
-- col evaluation_included: False when no evaluation cost is in the one-off (no scored benchmarks with item counts, or the scenario sets no eval_tokens_per_item).
-- col evaluation_kwh: Serving energy of the evaluation tokens where the candidate's J/token was measured, kWh.
-- col one_off_usd: teacher_data_usd + student_training_usd + evaluation_usd (central; absent parts count 0, see the *_included flags).
-- col one_off_usd_low: Low end.
-- col one_off_usd_high: High end.
-- col break_even_queries: one_off_usd / saving_usd_per_query (central).
-- col break_even_queries_low: Low one-off over high saving.
-- col break_even_queries_high: High one-off over low saving; NULL when the low saving is not positive (it may never pay off).
-- col student_training_mwh: The candidate model's own training energy under the default scenario, MWh (model_creation_footprint), where known.
-- col student_training_mwh_low: Low end (the scenario's MFU range).
-- col student_training_mwh_high: High end.
-- col student_training_tco2e: Its emissions under the default scenario's grid, tCO2e (model_creation_footprint).
-- col student_training_tco2e_low: Low end.
-- col student_training_tco2e_high: High end.
-- col candidate_kwh_per_query: Measured serving energy of the candidate model per query (output tokens x J/token), where measured.
-- col reference_kwh_per_query: Same for the reference model, where measured (never for an API).
-- col break_even_queries_energy: student_training_mwh x 1000 / (reference - candidate kWh per query), when both are measured and the candidate saves energy. At one grid intensity for training and serving this is also the carbon break-even (tCO2e scale both sides alike).
create or replace view distillation_break_even as
with shapes as (
    select scenario_id, query_input_tokens as tin, query_output_tokens as tout,
           distill_samples * tokens_per_sample as tokens,
           distill_samples * coalesce(tokens_per_sample_low, tokens_per_sample) as tokens_low,
           distill_samples * coalesce(tokens_per_sample_high, tokens_per_sample) as tokens_high,
           eval_tokens_per_item as etok, coalesce(eval_tokens_per_item_low, eval_tokens_per_item) as etok_low,
           coalesce(eval_tokens_per_item_high, eval_tokens_per_item) as etok_high
    from scenarios
    where query_input_tokens is not null and query_output_tokens is not null
      and tokens_per_sample is not null and distill_samples is not null
),
p as (
    select f.price_id, f.model_id, f.source_id, s.scenario_id,
           (s.tin * f.input_usd_per_mtok + s.tout * f.output_usd_per_mtok) / 1e6 as usd,
           (s.tin * f.input_low + s.tout * f.output_low) / 1e6 as usd_low,
           (s.tin * f.input_high + s.tout * f.output_high) / 1e6 as usd_high,
           f.output_usd_per_mtok as out, f.output_low as out_low, f.output_high as out_high,
           s.tout * e.j_per_token / 3.6e6 as kwh_per_query, e.j_per_token
    from price_in_force f cross join shapes s
    left join serving_energy e on e.model_id = f.model_id
    where f.kind = 'api_tokens' and f.valid_until is null
),
pairs as (
    select s.scenario_id, r.price_id as ref_id, r.model_id as ref_model, r.source_id as ref_source,
           c.price_id as cand_id, c.model_id as cand_model, c.source_id as cand_source,
           r.usd as r_usd, c.usd as c_usd, r.usd_low - c.usd_high as save_low, r.usd_high - c.usd_low as save_high,
           s.tokens, s.tokens * r.out / 1e6 as data_usd, s.tokens_low * r.out_low / 1e6 as data_low,
           s.tokens_high * r.out_high / 1e6 as data_high,
           t.usd as train_usd, t.usd_low as train_low, t.usd_high as train_high,
           r.kwh_per_query as r_kwh, c.kwh_per_query as c_kwh,
           -- Evaluation: the candidate answers the benchmarks its model reports; an assumption, kept in its own columns.
           ev.eval_items, ev.eval_items * s.etok as eval_tokens,
           ev.eval_items * s.etok * c.out / 1e6 as eval_usd,
           ev.eval_items * s.etok_low * c.out_low / 1e6 as eval_low,
           ev.eval_items * s.etok_high * c.out_high / 1e6 as eval_high,
           ev.eval_items * s.etok * c.j_per_token / 3.6e6 as eval_kwh
    from shapes s
    join p r on r.scenario_id = s.scenario_id
    join p c on c.scenario_id = s.scenario_id and c.usd < r.usd
    -- Student training is the candidate's own training only when it is made by distilling or fine-tuning: a vanilla or
    -- proprietary model's own training is a pre-training nobody pays again to call or serve it.
    left join (select td.* from training_dollars td join stg_models sm on sm.model_id = td.model_id
               where sm.model_type in ('distilled', 'fine_tuned')) t on t.model_id = c.model_id
    left join stg_model_eval_items ev on ev.model_id = c.model_id
)
select
    x.scenario_id, ref_id as reference_price_id, ref_model as reference_model_id, ref_source as reference_source_id,
    cand_id as candidate_price_id, cand_model as candidate_model_id, cand_source as candidate_source_id,
    r_usd as reference_usd_per_query, c_usd as candidate_usd_per_query, r_usd - c_usd as saving_usd_per_query,
    save_low as saving_usd_per_query_low, save_high as saving_usd_per_query_high,
    tokens as distill_tokens, data_usd as teacher_data_usd, data_low as teacher_data_usd_low, data_high as teacher_data_usd_high,
    -- The flags are CASEs with no ELSE: DuckDB then never proves them NOT NULL, so their exported column is optional
    -- whether or not the build materialised the views upstream (an incremental and a full build write the same
    -- bytes); a bare `x is not null` was proved NOT NULL only when training_dollars was a materialised table.
    train_usd as student_training_usd,
    case when train_usd is not null then true when train_usd is null then false end as student_training_included,
    eval_items as evaluation_items, eval_tokens as evaluation_tokens, eval_usd as evaluation_usd,
    eval_low as evaluation_usd_low, eval_high as evaluation_usd_high,
    case when eval_usd is not null then true when eval_usd is null then false end as evaluation_included,
    eval_kwh as evaluation_kwh,
    data_usd + coalesce(train_usd, 0) + coalesce(eval_usd, 0) as one_off_usd,
    data_low + coalesce(train_low, 0) + coalesce(eval_low, 0) as one_off_usd_low,
    data_high + coalesce(train_high, 0) + coalesce(eval_high, 0) as one_off_usd_high,
    (data_usd + coalesce(train_usd, 0) + coalesce(eval_usd, 0)) / (r_usd - c_usd) as break_even_queries,
    (data_low + coalesce(train_low, 0) + coalesce(eval_low, 0)) / save_high as break_even_queries_low,
    case when save_low > 0 then (data_high + coalesce(train_high, 0) + coalesce(eval_high, 0)) / save_low end
        as break_even_queries_high,
    f.marginal_mwh as student_training_mwh,
    f.marginal_mwh_low as student_training_mwh_low,
    f.marginal_mwh_high as student_training_mwh_high,
    f.marginal_tco2e as student_training_tco2e,
    f.marginal_tco2e_low as student_training_tco2e_low,
    f.marginal_tco2e_high as student_training_tco2e_high,
    c_kwh as candidate_kwh_per_query,
    r_kwh as reference_kwh_per_query,
    case when r_kwh > c_kwh then f.marginal_mwh * 1000 / (r_kwh - c_kwh) end as break_even_queries_energy
from pairs x
left join model_creation_footprint f on f.model_id = cand_model
    and f.scenario_id = (select scenario_id from scenarios where is_default)
