-- view: Energy per token of each measured stage, only where the stage counted its tokens (a stage that did not count them has no J/token, never 0).
-- key: run_id, stage, name
-- col run_id: Run.
-- col stage: Stage role.
-- col name: The stage as the instrument logged it.
-- col energy_kwh: Measured energy, kWh.
-- col tokens: Tokens processed; NULL when not counted.
-- col j_per_token: energy_kwh x 3.6e6 / tokens; NULL when tokens were not counted.
-- col tokens_per_s: tokens / duration_s.
create or replace view energy_stage_efficiency as
select
    run_id,
    stage,
    name,
    energy_kwh,
    tokens,
    case when tokens > 0 then energy_kwh * 3.6e6 / tokens end as j_per_token,
    case when tokens > 0 and duration_s > 0 then tokens / duration_s end as tokens_per_s
from energy_stages
