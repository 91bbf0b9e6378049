-- view: Every figure two sources give differently, beyond a tolerance, with both values and both sources, and which one the views use and why: a model's curated facts against Epoch AI's row (parameters, training compute, tokens, GPU-hours), an accelerator's datasheet figures against Epoch AI's, and scores of one model on one benchmark with the same metric and settings from different sources.
-- key: record_kind, record_id, field, used_source, other_source
-- col record_kind: models, gpus or scores.
-- col record_id: The model or GPU (for scores, the model).
-- col field: What is being compared.
-- col used_value: The figure the views use.
-- col used_source: Its source.
-- col other_value: The other source's figure (in the same unit).
-- col other_source: Its source.
-- col relative_difference: other_value / used_value - 1.
-- col tolerance: Differences within this are not listed.
-- col why_used: Why the views use the first figure.
create or replace view conflicts as
with model_pairs as (
    select 'models' as record_kind, m.model_id as record_id, 'parameters' as field,
        m.total_params_b * 1e9 as used_value, f.source_id as used_source, e.parameters as other_value,
        0.05 as tolerance
    from models m join epoch_models e using (model_id)
    join facts f on f.record_kind = 'models' and f.record_id = m.model_id and f.field = 'total_params_b'
    union all
    select 'models', m.model_id, 'training_compute_flop', m.training_compute_flop, f.source_id, e.training_compute_flop, 0.05
    from models m join epoch_models e using (model_id)
    join facts f on f.record_kind = 'models' and f.record_id = m.model_id and f.field = 'training_compute_flop'
    union all
    select 'models', m.model_id, 'training_tokens', m.training_tokens_t * 1e12, f.source_id,
        case e.dataset_unit when 'tokens' then e.dataset_size when 'words' then e.dataset_size / 0.75 end, 0.05
    from models m join epoch_models e using (model_id)
    join facts f on f.record_kind = 'models' and f.record_id = m.model_id and f.field = 'training_tokens_t'
    union all
    select 'models', m.model_id, 'training_gpu_hours', m.training_gpu_hours, f.source_id, e.chip_hours, 0.05
    from models m join epoch_models e using (model_id)
    join facts f on f.record_kind = 'models' and f.record_id = m.model_id and f.field = 'training_gpu_hours'
),
gpu_pairs as (
    select 'gpus' as record_kind, g.gpu_id as record_id, x.field, x.used_value, g.source_id as used_source,
        x.other_value, 0.01 as tolerance
    from gpus g join epoch_gpus e using (gpu_id)
    cross join lateral (values
        ('peak_bf16_dense_tflops', g.peak_bf16_dense_tflops, e.peak_bf16_tflops),
        ('peak_fp8_dense_tflops', g.peak_fp8_dense_tflops, e.peak_fp8_tflops),
        ('tdp_w', g.tdp_w, e.tdp_w),
        ('memory_gb', g.memory_gb, e.memory_gb),
        ('memory_bandwidth_tbps', g.memory_bandwidth_tbps, e.memory_bandwidth_tbps)) x(field, used_value, other_value)
    where g.figures_from = 'datasheet'
),
score_pairs as (
    select 'scores' as record_kind, a.model_id as record_id, a.benchmark_id || ' ' || a.metric as field,
        a.value as used_value, a.source_id as used_source, b.value as other_value, b.source_id as other_source,
        0.01 as tolerance
    from scores a join scores b
        on a.model_id = b.model_id and a.benchmark_id = b.benchmark_id and a.metric = b.metric
        and a.source_id < b.source_id
        and a.samples_k is not distinct from b.samples_k and a.temperature is not distinct from b.temperature
        and a.shots is not distinct from b.shots and a.thinking is not distinct from b.thinking
        and a.reasoning_effort is not distinct from b.reasoning_effort
)
select record_kind, record_id, field, used_value, used_source, other_value, 'epoch-ai-models' as other_source,
    other_value / used_value - 1 as relative_difference, tolerance,
    'the record''s curated figure, read in the primary source, is preferred to Epoch AI''s compilation' as why_used
from model_pairs
where used_value is not null and other_value is not null and abs(other_value / used_value - 1) > tolerance
union all
select record_kind, record_id, field, used_value, used_source, other_value, 'epoch-ml-hardware',
    other_value / used_value - 1, tolerance, 'the datasheet figure is preferred to Epoch AI''s compilation'
from gpu_pairs
where used_value is not null and other_value is not null and abs(other_value / used_value - 1) > tolerance
union all
select record_kind, record_id, field, used_value, used_source, other_value, other_source,
    other_value / nullif(used_value, 0) - 1, tolerance,
    'both kept as separate score rows; views that need one score per model take each row as its own point'
from score_pairs
where abs(other_value - used_value) > tolerance * greatest(abs(used_value), 1)
