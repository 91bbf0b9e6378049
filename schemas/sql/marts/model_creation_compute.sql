-- view: The compute attributed to creating each model under each scenario: distillation compute for distilled models (the base model's training excluded), else published compute, else 6*N*D. A distilled model whose distillation data is unpublished (e.g. Qwen3's strong-to-weak students) falls back to its own published or 6ND compute.
-- key: model_id, scenario_id
-- col model_id: Model.
-- col scenario_id: Scenario.
-- col model_type: vanilla, distilled, fine_tuned, teacher or proprietary.
-- col creation_flop: FLOP under the catalogue's convention (active parameters).
-- col creation_total_params_flop: FLOP with MoE and teacher parameters counted in total.
-- col basis: Where creation_flop comes from: distillation, published or 6ND.
create or replace view model_creation_compute as
select
    m.model_id,
    s.scenario_id,
    m.model_type,
    case when m.method = 'distilled' and d.distillation_active_flop is not null then d.distillation_active_flop
         else coalesce(c.published_flop, c.recomputed_active_flop) end as creation_flop,
    case when m.method = 'distilled' and d.distillation_active_flop is not null then d.distillation_total_flop
         else coalesce(c.recomputed_total_flop, c.published_flop) end as creation_total_params_flop,
    case when m.method = 'distilled' and d.distillation_active_flop is not null then 'distillation'
         when c.published_flop is not null then 'published'
         when c.recomputed_active_flop is not null then '6ND' end as basis
from stg_models m
cross join scenarios s
join model_training_compute c on c.model_id = m.model_id
left join model_distillation_compute d on d.model_id = m.model_id and d.scenario_id = s.scenario_id
where (case when m.method = 'distilled' and d.distillation_active_flop is not null then d.distillation_active_flop
            else coalesce(c.published_flop, c.recomputed_active_flop) end) is not null
