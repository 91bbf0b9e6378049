-- view: The claims as the audit reads them, each with the relative difference accepted as agreement (tolerance). Internal: the audit and its parts (stg_audit_*) read it.
-- col claim_table_id: As in claims.
-- col claim_key: As in claims.
-- col position: As in claims.
-- col location: As in claims.
-- col scenario_id: As in claims.
-- col subject_kind: As in claims.
-- col subject_id: As in claims.
-- col metric: As in claims.
-- col gpu_id: As in claims.
-- col versus_kind: As in claims.
-- col versus_id: As in claims.
-- col benchmark_id: As in claims.
-- col queries_per_month: As in claims.
-- col qualifier: As in claims.
-- col value: As in claims.
-- col low: As in claims.
-- col high: As in claims.
-- col significant_digits: As in claims.
-- col note: As in claims.
-- col source_id: As in claims.
-- col has_digits: The figure is non-zero and its printed precision is recorded.
-- col tolerance: Relative difference accepted as agreement: 1%, or half a unit of the last printed digit if larger.
create or replace view stg_audit_claims as
select
    cl.*,
    abs(cl.value) > 0 and cl.significant_digits is not null as has_digits,
    greatest(0.01, case when cl.value > 0 and cl.significant_digits is not null
        then 0.5 * pow(10, floor(log10(cl.value)) - cl.significant_digits + 1) / cl.value end) as tolerance
from claims cl
