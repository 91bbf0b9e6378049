-- view: Benchmark scores of each distilled model beside its vanilla counterpart's, pairing scores from the same source when there is one.
-- key: model_id, benchmark_id, settings_hash
-- col model_id: The distilled model.
-- col vanilla_model_id: Its base model.
-- col benchmark_id: Benchmark.
-- col settings_hash: Settings of the distilled model's score (scores.settings_hash): one row per score variant.
-- col distilled_score: The distilled model's score.
-- col vanilla_score: The base model's score.
-- col difference: distilled_score - vanilla_score, in benchmark points.
-- col same_source: True when both scores come from the same source.
create or replace view distilled_vs_vanilla_scores as
select
    s.model_id,
    m.base_model_id as vanilla_model_id,
    s.benchmark_id,
    s.settings_hash,
    s.value as distilled_score,
    v.value as vanilla_score,
    s.value - v.value as difference,
    s.source_id = v.source_id as same_source
from scores s
join stg_models m on m.model_id = s.model_id and m.method = 'distilled'
join scores v on v.model_id = m.base_model_id and v.benchmark_id = s.benchmark_id
qualify row_number() over (
    partition by s.model_id, s.benchmark_id, s.settings_hash
    order by (s.source_id = v.source_id) desc, v.position
) = 1
