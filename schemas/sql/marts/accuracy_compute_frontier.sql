-- view: Every score placed against the compute of creating its model, per scenario, with the accuracy-per-FLOP Pareto frontier flagged per benchmark: on marginal compute (the first paper's Figs. 2 and 3, distilled models' base pre-training left out) and on cumulative compute (lineage counted).
-- key: model_id, benchmark_id, settings_hash, scenario_id
-- col model_id: Model.
-- col benchmark_id: Benchmark.
-- col settings_hash: The score's settings (see scores.settings_hash): a model has one row per score variant.
-- col scenario_id: Scenario.
-- col model_type: vanilla, distilled, fine_tuned, teacher or proprietary.
-- col score: Score on the benchmark's scale.
-- col creation_flop: Compute of creating the model, FLOP.
-- col on_frontier: True when every score on this benchmark with less or equal compute is lower.
-- col source_id: Source of the score.
-- col cumulative_flop: Compute of creating the model through its lineage (base model, own stage, teacher share), FLOP.
-- col on_frontier_cumulative: The same frontier with cumulative compute: a distilled model no longer gets its base model's pre-training for free. Only points whose lineage cost is complete take part (a lower bound cannot claim a place on a frontier).
-- col cumulative_complete: False when an ancestor's cost is unknown, so cumulative_flop is only a lower bound.
create or replace view accuracy_compute_frontier as
with points as (
    select s.model_id, s.benchmark_id, s.settings_hash, c.scenario_id, c.model_type, s.value as score, c.creation_flop,
        s.source_id, cc.cumulative_flop, coalesce(cc.complete, false) as cumulative_complete
    from scores s
    join model_creation_compute c on c.model_id = s.model_id
    left join model_creation_cost cc on cc.model_id = s.model_id and cc.scenario_id = c.scenario_id
)
select
    p.*,
    -- Sorted by compute, a point is on the frontier when it beats every cheaper point: O(n log n), not a self-join.
    p.score > coalesce(max(p.score) over (
        partition by p.benchmark_id, p.scenario_id
        order by p.creation_flop, p.score desc
        rows between unbounded preceding and 1 preceding
    ), -1e308) as on_frontier,
    p.cumulative_flop is not null and p.cumulative_complete and p.score > coalesce(max(p.score) over (
        partition by p.benchmark_id, p.scenario_id, p.cumulative_flop is null or not p.cumulative_complete
        order by p.cumulative_flop, p.score desc
        rows between unbounded preceding and 1 preceding
    ), -1e308) as on_frontier_cumulative
from points p
