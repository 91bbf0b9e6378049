-- view: An energy run claim's recomputation (break-even reuse; J/token over the token count the study's other runs imply). Internal: one part of the audit view, kept in a view of its own so that the exports compute the audit's parts side by side (pipeline/export.py); keyed like the claims (claim_table_id, position).
-- col claim_table_id: Claims file (with position, the claim).
-- col position: Order within the claims file.
-- col recomputed: Break-even reuse, or J/token over the token count the study's other runs imply.
-- col implied_tokens: Tokens the run's printed total and J/token imply.
-- col study_tokens_min: Fewest tokens any run of the study implies.
-- col study_tokens_max: Most tokens any run of the study implies.
-- col study_runs: Runs of the study with a J/token.
create or replace view stg_audit_runs as
with c as (
    select * from stg_audit_claims
),
run_tokens as (
    -- Tokens each run's printed total and J/token imply (kWh x 3.6e6 / J per token).
    select run_id, study, coalesce(reported_total_kwh, total_kwh) as kwh,
        coalesce(reported_total_kwh, total_kwh) * 3.6e6 / j_per_token as implied_tokens
    from energy_pipeline_totals where j_per_token is not null
),
run_others as (
    -- Each run's study as its other runs give it: computed over the runs alone, before the join with the claims.
    select t.run_id,
        (select median(o.implied_tokens) from run_tokens o where o.study = t.study and o.run_id <> t.run_id) as others_median,
        (select min(o.implied_tokens) from run_tokens o where o.study = t.study) as study_tokens_min,
        (select max(o.implied_tokens) from run_tokens o where o.study = t.study) as study_tokens_max,
        (select count(*) from run_tokens o where o.study = t.study) as study_runs
    from run_tokens t
)
select c.claim_table_id, c.position, b.n_star as recomputed, null::double as implied_tokens,
    null::double as study_tokens_min, null::double as study_tokens_max, null::bigint as study_runs
from c join break_even_reuse b on b.run_id = c.subject_id
where c.subject_kind = 'energy_run' and c.metric = 'break_even_reuse'
union all
-- J/token recomputed as the run's kWh over the token count the *other* runs of its study imply: when that
-- predicts every run, the column is the energy column over one constant, not a per-run count of tokens.
select c.claim_table_id, c.position,
    t.kwh * 3.6e6 / o.others_median,
    t.implied_tokens,
    o.study_tokens_min,
    o.study_tokens_max,
    o.study_runs
from c join run_tokens t on t.run_id = c.subject_id join run_others o on o.run_id = t.run_id
where c.subject_kind = 'energy_run' and c.metric = 'j_per_token'
