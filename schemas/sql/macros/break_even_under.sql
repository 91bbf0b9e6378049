-- macro: End-to-end break-even at your traffic: for every pair of API price series in force on price_date (a reference, e.g. the teacher or a frontier API, and a cheaper candidate), the monthly cost of each, the one-off cost of distilling (the scenario's distillation set bought as the reference's output tokens, plus the candidate model's training dollars from training_dollars where a GPU-hour price exists), and the queries, months and weeks to repay it; low and high use the prices' stated ranges. Inputs are checked: queries_per_month positive, tokens not negative (not both zero), price_date not in the future, the scenario known. Example: select * from break_even_under(queries_per_month := 1e6, input_tokens := 500, output_tokens := 200, price_date := date '2026-04-10').
create or replace macro break_even_under(queries_per_month := 1000000, input_tokens := 500, output_tokens := 200,
                                         price_date := null, scenario := 'api-example-2026') as table
with checked as (
    select case
        when queries_per_month is null or queries_per_month::double <= 0
            then error('queries_per_month must be positive, got ' || coalesce(queries_per_month::varchar, 'NULL'))
        when input_tokens is null or output_tokens is null or input_tokens::double < 0 or output_tokens::double < 0
            then error('input_tokens and output_tokens must be 0 or more per query')
        when input_tokens::double + output_tokens::double = 0
            then error('a query has some tokens: input_tokens + output_tokens must be positive')
        when coalesce(price_date::date, current_date) > current_date
            then error('price_date ' || price_date::varchar || ' is in the future; prices are recorded, not forecast')
        when not exists (select 1 from scenarios s where s.scenario_id = scenario)
            then error('unknown scenario ' || scenario || '; the scenarios table lists them')
        else coalesce(price_date::date, current_date) end as on_date,
        queries_per_month::double as qpm, input_tokens::double as tin, output_tokens::double as tout
),
p as (
    select f.price_id, f.model_id, f.valid_from, f.source_id,
           (k.tin * f.input_usd_per_mtok + k.tout * f.output_usd_per_mtok) / 1e6 as usd,
           (k.tin * f.input_low + k.tout * f.output_low) / 1e6 as usd_low,
           (k.tin * f.input_high + k.tout * f.output_high) / 1e6 as usd_high,
           f.output_usd_per_mtok, f.output_low, f.output_high
    from checked k join price_in_force f on f.kind = 'api_tokens' and f.valid_from <= k.on_date
                                        and (f.valid_until is null or f.valid_until > k.on_date)
),
distill as (
    select s.distill_samples * s.tokens_per_sample as tokens from scenarios s where s.scenario_id = scenario
)
select
    k.on_date as price_date, k.qpm as queries_per_month, k.tin as input_tokens, k.tout as output_tokens,
    r.price_id as reference_price_id, r.model_id as reference_model_id,
    c.price_id as candidate_price_id, c.model_id as candidate_model_id,
    k.qpm * r.usd as reference_usd_per_month, k.qpm * c.usd as candidate_usd_per_month,
    k.qpm * (r.usd - c.usd) as saving_usd_per_month,
    d.tokens as distill_tokens,
    d.tokens * r.output_usd_per_mtok / 1e6 as teacher_data_usd,
    t.usd as student_training_usd,
    t.usd is not null as student_training_included,
    d.tokens * r.output_usd_per_mtok / 1e6 + coalesce(t.usd, 0) as one_off_usd,
    (d.tokens * r.output_usd_per_mtok / 1e6 + coalesce(t.usd, 0)) / (r.usd - c.usd) as break_even_queries,
    (d.tokens * r.output_low / 1e6 + coalesce(t.usd_low, 0)) / nullif(r.usd_high - c.usd_low, 0) as break_even_queries_low,
    (d.tokens * r.output_high / 1e6 + coalesce(t.usd_high, 0)) / nullif(greatest(r.usd_low - c.usd_high, 0), 0) as break_even_queries_high,
    (d.tokens * r.output_usd_per_mtok / 1e6 + coalesce(t.usd, 0)) / (r.usd - c.usd) / k.qpm as break_even_months,
    (d.tokens * r.output_usd_per_mtok / 1e6 + coalesce(t.usd, 0)) / (r.usd - c.usd) / k.qpm * 52.0 / 12 as break_even_weeks
from checked k
join p r on true
join p c on c.usd < r.usd
cross join distill d
left join training_dollars t on t.model_id = c.model_id
