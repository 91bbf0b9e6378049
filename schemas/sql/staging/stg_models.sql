-- view: Models with parameter counts in units (not billions), the 6ND inputs, and the type shown in charts.
-- col model_id: Model id.
-- col name: Display name.
-- col method: pretrained, distilled, fine_tuned or unknown.
-- col access: open_weights, api_only, unreleased or unknown.
-- col architecture: dense, moe or unknown.
-- col model_type: vanilla, distilled, fine_tuned, teacher or proprietary: the grouping of the first paper's Table 1.
-- col n_total: All parameters (count).
-- col n_active: Parameters active per token (count); equals n_total for dense models.
-- col d_pretrain_tokens: Pre-training tokens (count).
-- col published_compute_flop: Training compute as published, FLOP.
-- col base_model_id: Starting model (the vanilla counterpart of a distilled model).
-- col distill_samples: Distillation samples.
-- col distill_tokens: Distillation tokens, when stated.
create or replace view stg_models as
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
    m.total_params_b * 1e9 as n_total,
    coalesce(m.active_params_b, m.total_params_b) * 1e9 as n_active,
    m.training_tokens_t * 1e12 as d_pretrain_tokens,
    m.training_compute_flop as published_compute_flop,
    m.base_model_id,
    m.distill_samples,
    m.distill_tokens
from models m
