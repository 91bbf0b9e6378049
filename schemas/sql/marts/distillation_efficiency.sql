-- view: Each distilled model against its vanilla counterpart (its base model, found through lineage): how many times less compute the distillation took, under each scenario.
-- key: model_id, scenario_id
-- col model_id: The distilled model.
-- col vanilla_model_id: Its base model.
-- col scenario_id: Scenario.
-- col distilled_flop: Distillation FLOP (catalogue convention).
-- col distilled_total_params_flop: Distillation FLOP with the teacher counted by total parameters.
-- col vanilla_flop: Creation FLOP of the base model.
-- col compute_ratio: vanilla_flop / distilled_flop: how many times cheaper distillation was.
-- col compute_ratio_total_params: The same ratio with the teacher counted by total parameters.
create or replace view distillation_efficiency as
select
    d.model_id,
    m.base_model_id as vanilla_model_id,
    d.scenario_id,
    d.creation_flop as distilled_flop,
    d.creation_total_params_flop as distilled_total_params_flop,
    v.creation_flop as vanilla_flop,
    v.creation_flop / d.creation_flop as compute_ratio,
    v.creation_flop / d.creation_total_params_flop as compute_ratio_total_params
from model_creation_compute d
join stg_models m on m.model_id = d.model_id and m.method = 'distilled'
join model_creation_compute v on v.model_id = m.base_model_id and v.scenario_id = d.scenario_id
