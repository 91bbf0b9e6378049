-- view: Measured serving energy per output token for catalogue models, one row per model, median with the lowest and highest measurement as its range: from the pipeline runs' inference J/token and the measured inference records (inference_energy).
-- key: model_id
-- col model_id: Model served.
-- col j_per_token: Central energy per output token, J (the median of the measurements).
-- col j_per_token_low: Lowest measured, J.
-- col j_per_token_high: Highest measured, J.
-- col measurement_boundary: What the energy covers, as recorded (NULL: not recorded with the figure).
-- col measurements: How many measurements the row summarises.
-- col source_ids: Sources of the measurements.
create or replace view serving_energy as
with measured as (
    select student_id as model_id, inference_j_per_token as j, cast(null as varchar) as boundary, source_id
    from energy_runs where inference_j_per_token is not null
    union all
    -- The measured inference records (ML.ENERGY leaderboard, the energy paper's section 6.5), one per configuration.
    -- Energy per output token as published, else per response / output tokens (ML.ENERGY V2 and legacy tables).
    select model_id, j_per_output_token, measurement_boundary, source_id
    from inference_energy where model_id is not null and j_per_output_token is not null
)
select model_id, median(j) as j_per_token, min(j) as j_per_token_low, max(j) as j_per_token_high,
       string_agg(distinct boundary, ', ') as measurement_boundary, count(*) as measurements,
       string_agg(distinct source_id, ', ') as source_ids
from measured group by model_id
