-- view: GPU-hours of each model's own training, on its training accelerator, with where the hours come from: published by the makers (the model's figure, else the sum of its stages), Epoch AI's chip-hours, else derived from compute under the default scenario (model_creation_footprint's marginal hours, with their range). The teacher side of a distillation is not included.
-- key: model_id
-- col model_id: Model.
-- col released: Release date (the default price date).
-- col gpu_id: Accelerator the hours are on.
-- col gpu_basis: published (curated or Epoch's training accelerator), assumed (an H100, as model_creation_footprint assumes) or NULL (published hours on an accelerator not recorded: they cannot be priced).
-- col hours_basis: published, stages (sum of published stage hours), epoch (Epoch AI's chip-hours) or derived.
-- col gpu_hours: GPU-hours (central).
-- col gpu_hours_low: Low end (published figures: the value unless a range is stated).
-- col gpu_hours_high: High end.
-- col scope: What the hours cover: all of the model's own training, or the stages summed.
create or replace view model_training_hours as
with stage_hours as (
    select model_id, sum(gpu_hours) as gpu_hours, string_agg(stage, ', ' order by position) as stages, any_value(gpu_id) as gpu_id
    from model_stages where gpu_hours is not null group by model_id
),
published as (
    select record_id as model_id, coalesce(low, value) as low, coalesce(high, value) as high
    from facts where record_kind = 'models' and field = 'training_gpu_hours'
),
derived as (
    select f.* from model_creation_footprint f join scenarios s on s.scenario_id = f.scenario_id and s.is_default
),
basis as (
    select m.model_id, mo.released, m.training_gpu_id, sh.gpu_id as stage_gpu_id, sh.gpu_hours as stage_hours, sh.stages,
        m.published_gpu_hours, m.epoch_chip_hours, p.low as published_low, p.high as published_high, d.gpu_id as derived_gpu_id,
        d.gpu_basis as derived_gpu_basis, d.marginal_gpu_hours, d.marginal_gpu_hours_low, d.marginal_gpu_hours_high,
        case when m.published_gpu_hours is not null then 'published' when sh.gpu_hours is not null then 'stages'
             when m.epoch_chip_hours is not null then 'epoch' when d.marginal_gpu_hours is not null then 'derived' end as hours_basis
    from stg_models m
    join models mo on mo.model_id = m.model_id
    left join stage_hours sh on sh.model_id = m.model_id
    left join published p on p.model_id = m.model_id
    left join derived d on d.model_id = m.model_id
)
select
    model_id,
    released,
    -- The hours are on the accelerator their source names: published hours on the model's training GPU, stage hours
    -- on the stage's, derived hours on the one model_creation_footprint counted them on.
    case hours_basis when 'stages' then coalesce(stage_gpu_id, training_gpu_id) when 'derived' then derived_gpu_id
         else training_gpu_id end as gpu_id,
    case hours_basis when 'derived' then derived_gpu_basis
         else case when coalesce(stage_gpu_id, training_gpu_id) is not null then 'published' end end as gpu_basis,
    hours_basis,
    case hours_basis when 'published' then published_gpu_hours when 'stages' then stage_hours
         when 'epoch' then epoch_chip_hours else marginal_gpu_hours end as gpu_hours,
    case hours_basis when 'published' then published_low when 'stages' then stage_hours
         when 'epoch' then epoch_chip_hours else marginal_gpu_hours_low end as gpu_hours_low,
    case hours_basis when 'published' then published_high when 'stages' then stage_hours
         when 'epoch' then epoch_chip_hours else marginal_gpu_hours_high end as gpu_hours_high,
    case when hours_basis = 'stages' then 'stages: ' || stages
         else 'the model''s own training (teacher side not included)' end as scope
from basis
where hours_basis is not null
