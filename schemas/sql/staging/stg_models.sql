-- view: Models with every figure the derivations need, in units (not billions): the curated figure where the record has one, else Epoch AI's (the *_from columns say which), with the published compute's range, kind and confidence.
-- col model_id: Model id.
-- col name: Display name.
-- col method: pretrained, distilled, fine_tuned or unknown.
-- col access: open_weights, api_only, unreleased or unknown.
-- col architecture: dense, moe or unknown.
-- col model_type: vanilla, distilled, fine_tuned, teacher or proprietary: the grouping of the first paper's Table 1.
-- col n_total: All parameters (count).
-- col n_active: Parameters active per token (count); equals n_total for dense models.
-- col params_from: curated or epoch.
-- col d_pretrain_tokens: Pre-training tokens (count). From Epoch only when Epoch counts tokens; Epoch's word counts are converted at 0.75 words per token.
-- col tokens_from: curated, epoch (tokens) or epoch (words / 0.75).
-- col published_compute_flop: Training compute as published (curated, else Epoch AI's), FLOP.
-- col published_compute_low: Low end of its stated range (Epoch AI's bound when the figure is Epoch's; the value itself when no range is stated).
-- col published_compute_high: High end of its stated range.
-- col published_compute_kind: reported or estimated.
-- col published_compute_confidence: The source's confidence (Epoch AI's: confident, likely, speculative, unknown).
-- col compute_from: The source id of published_compute_flop.
-- col compute_includes_base: True when the published figure already counts the base model's compute (stated in the record, or Epoch's figure for a model Epoch lists with a base model): it is then not added to the base's again.
-- col base_model_id: Starting model (the vanilla counterpart of a distilled model): curated, else Epoch's.
-- col training_gpu_id: Accelerator the model was trained on: curated, else Epoch's.
-- col published_gpu_hours: GPU-hours the makers published (curated).
-- col epoch_chip_hours: Epoch AI's training chip-hours.
-- col distill_samples: Distillation samples.
-- col distill_tokens: Distillation tokens, when stated.
-- col distill_epochs: Passes over the distillation data, when stated.
-- col distill_phase: pretraining or post_training: when the teacher signal was used.
create or replace view stg_models as
with curated_compute as (
    select record_id as model_id, low, high, kind, confidence, source_id
    from facts where record_kind = 'models' and field = 'training_compute_flop'
)
select
    m.model_id,
    m.name,
    m.method,
    m.access,
    m.architecture,
    case
        when m.access in ('api_only', 'unreleased') then 'proprietary'
        when m.method = 'distilled' then 'distilled'
        when exists (select 1 from model_teachers t where t.teacher_id = m.model_id) then 'teacher'
        when m.method = 'fine_tuned' then 'fine_tuned'
        else 'vanilla'
    end as model_type,
    coalesce(m.total_params_b * 1e9, e.parameters) as n_total,
    coalesce(m.active_params_b * 1e9, m.total_params_b * 1e9, e.parameters) as n_active,
    case when m.total_params_b is not null then 'curated' when e.parameters is not null then 'epoch' end as params_from,
    coalesce(m.training_tokens_t * 1e12,
             case e.dataset_unit when 'tokens' then e.dataset_size when 'words' then e.dataset_size / 0.75 end)
        as d_pretrain_tokens,
    case when m.training_tokens_t is not null then 'curated'
         when e.dataset_unit = 'tokens' then 'epoch (tokens)'
         when e.dataset_unit = 'words' then 'epoch (words / 0.75)' end as tokens_from,
    coalesce(m.training_compute_flop, e.training_compute_flop) as published_compute_flop,
    -- A curated figure without a range borrows Epoch's bounds when it is Epoch's figure (within 1%).
    case when m.training_compute_flop is not null then coalesce(cc.low,
             case when abs(e.training_compute_flop / m.training_compute_flop - 1) < 0.01 then e.training_compute_low end,
             m.training_compute_flop)
         else coalesce(e.training_compute_low, e.training_compute_flop) end as published_compute_low,
    case when m.training_compute_flop is not null then coalesce(cc.high,
             case when abs(e.training_compute_flop / m.training_compute_flop - 1) < 0.01 then e.training_compute_high end,
             m.training_compute_flop)
         else coalesce(e.training_compute_high, e.training_compute_flop) end as published_compute_high,
    case when m.training_compute_flop is not null then cc.kind else e.compute_kind end as published_compute_kind,
    case when m.training_compute_flop is not null then cc.confidence else e.confidence end as published_compute_confidence,
    case when m.training_compute_flop is not null then cc.source_id
         when e.training_compute_flop is not null then 'epoch-ai-models' end as compute_from,
    case when m.training_compute_flop is not null then coalesce(m.training_compute_scope = 'cumulative', false)
         else e.training_compute_flop is not null and e.base_model is not null end as compute_includes_base,
    coalesce(m.base_model_id, e.base_model_id) as base_model_id,
    coalesce(m.training_gpu_id, e.gpu_id) as training_gpu_id,
    m.training_gpu_hours as published_gpu_hours,
    e.chip_hours as epoch_chip_hours,
    m.distill_samples,
    m.distill_tokens,
    m.distill_epochs,
    m.distill_phase
from models m
left join epoch_models e on e.model_id = m.model_id
left join curated_compute cc on cc.model_id = m.model_id
