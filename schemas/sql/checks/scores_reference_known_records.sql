-- check: Every score names a model and a benchmark that exist, and lies within the benchmark's scale.
select s.model_id, s.benchmark_id, s.value
from scores s
left join models m using (model_id)
left join benchmarks b using (benchmark_id)
where m.model_id is null or b.benchmark_id is null or s.value < 0 or s.value > b.scale_max
