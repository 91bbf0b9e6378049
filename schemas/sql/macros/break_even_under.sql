-- macro: End-to-end break-even at your traffic and price date (the analyst's distillation_break_even): for every pair of API price series in force on price_date (default today), a reference such as the teacher or a frontier API and a cheaper candidate, the monthly cost of each, the one-off cost of distilling (the scenario's distillation set bought as the reference's output tokens, plus the candidate model's training dollars where it is a distilled or fine-tuned model and a GPU-hour price exists; student_training_included says whether it is in, plus an ASSUMED evaluation budget: the items of the benchmarks the candidate model reports x eval_tokens_per_item (NULL: the scenario's; 0: leave evaluation out) x the candidate's output price, shown as evaluation_usd with evaluation_included) and the queries, months and weeks to repay it, with low/high from the prices' and the scenario's ranges. Inputs are checked: queries_per_month positive, tokens and eval_tokens_per_item not negative and not both zero, price_date not in the future, the scenario known. Example: select * from break_even_under(queries_per_month := 1e6, input_tokens := 500, output_tokens := 200, price_date := date '2026-04-10', eval_tokens_per_item := 4000).
create or replace macro break_even_under(queries_per_month := 1000000, input_tokens := 500, output_tokens := 200,
                                         price_date := null, scenario := 'api-example-2026',
                                         eval_tokens_per_item := null) as table
with checked as (
    select case
        when queries_per_month is null or queries_per_month::double <= 0
            then error('queries_per_month must be positive, got ' || coalesce(queries_per_month::varchar, 'NULL'))
        when input_tokens is null or output_tokens is null or input_tokens::double < 0 or output_tokens::double < 0
            then error('input_tokens and output_tokens must be 0 or more per query')
        when eval_tokens_per_item is not null and eval_tokens_per_item::double < 0
            then error('eval_tokens_per_item must be 0 or more (0 leaves evaluation out), got ' || eval_tokens_per_item::varchar)
        when input_tokens::double + output_tokens::double = 0
            then error('a query has some tokens: input_tokens + output_tokens must be positive')
        when coalesce(price_date::date, current_date) > current_date
            then error('price_date ' || price_date::varchar || ' is in the future; prices are recorded, not forecast')
        when not exists (select 1 from scenarios s where s.scenario_id = scenario)
            then error('unknown scenario ' || scenario || '; the scenarios table lists them')
        when not exists (select 1 from scenarios s where s.scenario_id = scenario and s.distill_samples is not null
                         and s.tokens_per_sample is not null)
            then error('scenario ' || scenario || ' states no distillation set (distill_samples and tokens_per_sample)')
        else coalesce(price_date::date, current_date) end as on_date,
        queries_per_month::double as qpm, input_tokens::double as tin, output_tokens::double as tout
),
d as (
    select sc.distill_samples * sc.tokens_per_sample as tokens,
           sc.distill_samples * coalesce(sc.tokens_per_sample_low, sc.tokens_per_sample) as tokens_low,
           sc.distill_samples * coalesce(sc.tokens_per_sample_high, sc.tokens_per_sample) as tokens_high,
           -- Your evaluation budget replaces the scenario's whole range; NULL keeps the scenario's assumption.
           -- (sc. names the scenario's column: the bare name is this macro's parameter.)
           -- 0 becomes NULL, so evaluation is then left out (evaluation_included false), not priced at zero.
           nullif(coalesce(eval_tokens_per_item::double, sc.eval_tokens_per_item), 0) as etok,
           nullif(coalesce(eval_tokens_per_item::double, sc.eval_tokens_per_item_low, sc.eval_tokens_per_item), 0) as etok_low,
           nullif(coalesce(eval_tokens_per_item::double, sc.eval_tokens_per_item_high, sc.eval_tokens_per_item), 0) as etok_high
    from scenarios sc where sc.scenario_id = scenario
),
p as (
    select f.price_id, f.model_id,
           (k.tin * f.input_usd_per_mtok + k.tout * f.output_usd_per_mtok) / 1e6 as usd,
           (k.tin * f.input_low + k.tout * f.output_low) / 1e6 as usd_low,
           (k.tin * f.input_high + k.tout * f.output_high) / 1e6 as usd_high,
           f.output_usd_per_mtok as out, f.output_low as out_low, f.output_high as out_high
    from checked k join price_in_force f on f.kind = 'api_tokens' and f.valid_from <= k.on_date
                                        and (f.valid_until is null or f.valid_until > k.on_date)
),
x as (
    select k.on_date, k.qpm, k.tin, k.tout, r.price_id as ref_id, r.model_id as ref_model, c.price_id as cand_id,
           c.model_id as cand_model, r.usd as r_usd, c.usd as c_usd, r.usd_low - c.usd_high as save_low,
           r.usd_high - c.usd_low as save_high, d.tokens,
           d.tokens * r.out / 1e6 + coalesce(t.usd, 0)
               + coalesce(ev.eval_items * d.etok * c.out / 1e6, 0) as one_off,
           d.tokens_low * r.out_low / 1e6 + coalesce(t.usd_low, 0)
               + coalesce(ev.eval_items * d.etok_low * c.out_low / 1e6, 0) as one_off_low,
           d.tokens_high * r.out_high / 1e6 + coalesce(t.usd_high, 0)
               + coalesce(ev.eval_items * d.etok_high * c.out_high / 1e6, 0) as one_off_high,
           d.tokens * r.out / 1e6 as data_usd, t.usd as train_usd,
           -- Evaluation: the candidate answers the benchmarks its model reports; an assumption in its own columns.
           ev.eval_items * d.etok * c.out / 1e6 as eval_usd,
           ev.eval_items * d.etok_low * c.out_low / 1e6 as eval_low,
           ev.eval_items * d.etok_high * c.out_high / 1e6 as eval_high
    from checked k join p r on true join p c on c.usd < r.usd cross join d
    -- Student training is the candidate's own training only when it is made by distilling or fine-tuning: a vanilla or
    -- proprietary model's own training is a pre-training nobody pays again to call or serve it.
    left join (select td.* from training_dollars td join stg_models sm on sm.model_id = td.model_id
               where sm.model_type in ('distilled', 'fine_tuned')) t on t.model_id = c.model_id
    left join stg_model_eval_items ev on ev.model_id = c.model_id
)
select
    on_date as price_date, qpm as queries_per_month, tin as input_tokens, tout as output_tokens,
    ref_id as reference_price_id, ref_model as reference_model_id, cand_id as candidate_price_id, cand_model as candidate_model_id,
    qpm * r_usd as reference_usd_per_month, qpm * c_usd as candidate_usd_per_month, qpm * (r_usd - c_usd) as saving_usd_per_month,
    tokens as distill_tokens, data_usd as teacher_data_usd, train_usd as student_training_usd,
    train_usd is not null as student_training_included,
    eval_usd as evaluation_usd, eval_low as evaluation_usd_low, eval_high as evaluation_usd_high,
    eval_usd is not null as evaluation_included,
    one_off as one_off_usd, one_off_low as one_off_usd_low, one_off_high as one_off_usd_high,
    one_off / (r_usd - c_usd) as break_even_queries,
    one_off_low / save_high as break_even_queries_low,
    case when save_low > 0 then one_off_high / save_low end as break_even_queries_high,
    one_off / (r_usd - c_usd) / qpm as break_even_months,
    one_off / (r_usd - c_usd) / qpm * 52.0 / 12 as break_even_weeks,
    one_off_low / save_high / qpm * 52.0 / 12 as break_even_weeks_low,
    case when save_low > 0 then one_off_high / save_low / qpm * 52.0 / 12 end as break_even_weeks_high
from x
