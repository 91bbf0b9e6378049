-- view: For every model with scores, the size of the evaluation it reports: over the benchmarks it has a score on whose item count is recorded, items x samples per item (the largest samples_k among its scores there, 1 when none is stated). The break-even prices an evaluation of the candidate with it; benchmarks without an item count are listed, not guessed.
-- key: model_id
-- col model_id: Model.
-- col benchmarks: Benchmarks counted (with an item count).
-- col eval_items: Sum over those benchmarks of items x samples per item.
-- col benchmarks_without_items: Benchmarks it reports whose item count is not recorded (left out of eval_items).
create or replace view stg_model_eval_items as
with per_benchmark as (
    -- One row per model and benchmark: several settings of one benchmark are one evaluation run at its most samples.
    select s.model_id, s.benchmark_id, b.items, greatest(coalesce(max(s.samples_k), 1), 1) as samples
    from scores s join benchmarks b on b.benchmark_id = s.benchmark_id
    group by s.model_id, s.benchmark_id, b.items
)
select model_id,
       string_agg(benchmark_id, ', ' order by benchmark_id) filter (where items is not null) as benchmarks,
       sum(items * samples) filter (where items is not null)::bigint as eval_items,
       string_agg(benchmark_id, ', ' order by benchmark_id) filter (where items is null) as benchmarks_without_items
from per_benchmark
group by model_id
