-- view: The home page's verdict, computed: across every distilled model with a base model and across the whole sensitivity range (distillation_sensitivity), how many times cheaper the distillation stage was than the base model (marginal), and how a distilled model's full cost compares with its base's once its lineage is counted (cumulative). One row.
-- key: scenario_id
-- col models: Distilled models compared (those with a figure under every assumption).
-- col models_unknown: Distilled models with a base model whose figure cannot be computed (an input such as the teacher's size is unknown): left out of the ranges, never counted as free.
-- col marginal_min: Smallest "times cheaper" of the distillation stage alone, across models and assumptions.
-- col marginal_max: Largest.
-- col marginal_central_min: Smallest at central assumptions (tokens per sample, epochs, active parameters).
-- col marginal_central_max: Largest at central assumptions.
-- col cumulative_min: Smallest base-cost / full-cost ratio once lineage is counted (below 1: the distilled model cost more than its base).
-- col cumulative_max: Largest.
-- col cumulative_always_dearer: True when, counted through its lineage, every distilled model cost at least as much as its base under every assumption.
-- col scenario_id: The default scenario the ranges come from.
create or replace view headline_verdict as
select
    count(distinct model_id) filter (where times_cheaper is not null) as models,
    count(distinct model_id) - count(distinct model_id) filter (where times_cheaper is not null) as models_unknown,
    min(times_cheaper) filter (where accounting = 'marginal') as marginal_min,
    max(times_cheaper) filter (where accounting = 'marginal') as marginal_max,
    min(times_cheaper) filter (where accounting = 'marginal' and tokens_case = 'central' and teacher_params = 'active') as marginal_central_min,
    max(times_cheaper) filter (where accounting = 'marginal' and tokens_case = 'central' and teacher_params = 'active') as marginal_central_max,
    min(times_cheaper) filter (where accounting = 'cumulative') as cumulative_min,
    max(times_cheaper) filter (where accounting = 'cumulative') as cumulative_max,
    coalesce(max(times_cheaper) filter (where accounting = 'cumulative') <= 1, false) as cumulative_always_dearer,
    (select scenario_id from scenarios where is_default) as scenario_id
from distillation_sensitivity
