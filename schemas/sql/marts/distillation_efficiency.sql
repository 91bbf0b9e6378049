-- view: Each distilled model against its vanilla counterpart (its base model, found through lineage), under each scenario: how many times less compute the distillation stage took (marginal: the base model's pre-training left out, as the first paper counts it), and what the distilled model cost once its lineage is counted (cumulative: base model, own stage and a teacher share).
-- key: model_id, scenario_id
-- col model_id: The distilled model.
-- col vanilla_model_id: Its base model.
-- col scenario_id: Scenario.
-- col distilled_flop: Distillation FLOP (catalogue convention).
-- col distilled_total_params_flop: Distillation FLOP with the teacher counted by total parameters.
-- col vanilla_flop: Creation FLOP of the base model.
-- col compute_ratio: vanilla_flop / distilled_flop: how many times cheaper distillation was.
-- col compute_ratio_total_params: The same ratio with the teacher counted by total parameters.
-- col distilled_cumulative_flop: What the distilled model took through its lineage: the base model's cumulative cost, its own stage and a teacher share (model_creation_cost), FLOP.
-- col distilled_cumulative_flop_low: Low end.
-- col distilled_cumulative_flop_high: High end.
-- col vanilla_cumulative_flop: The base model's cumulative cost, FLOP.
-- col cumulative_ratio: distilled_cumulative_flop / vanilla_cumulative_flop: what the distilled model cost relative to its base once its lineage is counted (above 1: more, never "cheaper").
-- col marginal_ratio_low: vanilla / distillation at the high end of the distillation range (the smallest "times cheaper").
-- col marginal_ratio_high: vanilla / distillation at the low end of the distillation range.
-- col figure_kind: assumed when the distillation tokens rest on an assumed tokens-per-sample, else estimated or reported.
create or replace view distillation_efficiency as
select
    d.model_id,
    m.base_model_id as vanilla_model_id,
    d.scenario_id,
    d.creation_flop as distilled_flop,
    d.creation_total_params_flop as distilled_total_params_flop,
    v.creation_flop as vanilla_flop,
    v.creation_flop / d.creation_flop as compute_ratio,
    v.creation_flop / d.creation_total_params_flop as compute_ratio_total_params,
    dc.cumulative_flop as distilled_cumulative_flop,
    dc.cumulative_flop_low as distilled_cumulative_flop_low,
    dc.cumulative_flop_high as distilled_cumulative_flop_high,
    vc.cumulative_flop as vanilla_cumulative_flop,
    dc.cumulative_flop / vc.cumulative_flop as cumulative_ratio,
    vc.cumulative_flop / dc.marginal_flop_high as marginal_ratio_low,
    vc.cumulative_flop / dc.marginal_flop_low as marginal_ratio_high,
    dc.figure_kind
from model_creation_compute d
join stg_models m on m.model_id = d.model_id and m.method = 'distilled'
join model_creation_compute v on v.model_id = m.base_model_id and v.scenario_id = d.scenario_id
left join model_creation_cost dc on dc.model_id = d.model_id and dc.scenario_id = d.scenario_id
left join model_creation_cost vc on vc.model_id = m.base_model_id and vc.scenario_id = d.scenario_id
