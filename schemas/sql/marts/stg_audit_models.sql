-- view: A model claim's recomputation, its variants and the model's published figures. Internal: one part of the audit view, kept in a view of its own so that the exports compute the audit's parts side by side (pipeline/export.py); keyed like the claims (claim_table_id, position).
-- col claim_table_id: Claims file (with position, the claim).
-- col position: Order within the claims file.
-- col recomputed: The catalogue's figure for the model under the claim's scenario.
-- col total_params_variant: The same with MoE and teacher parameters counted in total.
-- col published: The model card's own figure, where one exists.
-- col published_revision: An earlier published value of that figure which the claim matches, where the figure was revised.
-- col method: As in models (pretrained, distilled, fine_tuned or unknown).
-- col architecture: As in models (dense, moe or unknown).
-- col copied_from_source: The catalogue's figure (or the dollars' price) comes from the claim's own source.
create or replace view stg_audit_models as
with c as (
    select * from stg_audit_claims
),
g as (
    select * from stg_gpu_scenarios
),
model_lookups as (
    -- What model_side looks up per claim, over the claims and their models alone (see stg_audit_comparisons).
    select c.claim_table_id, c.position,
        -- A figure the model's makers published and later revised: copying the earlier value is still copying.
        (select min(r.value) from fact_revisions r
         where r.record_kind = 'models' and r.record_id = c.subject_id
           and r.field = case c.metric when 'training_compute_flop' then 'training_compute_flop'
                                       when 'gpu_hours' then 'training_gpu_hours'
                                       when 'tco2e' then 'training_emissions_tco2e' end
           and (c.metric <> 'gpu_hours' or m.training_gpu_id = c.gpu_id)
           and abs(r.value / c.value - 1) <= c.tolerance) as published_revision,
        -- The catalogue's own figure is the source's: agreement with it is not an independent check.
        (c.metric = 'training_compute_flop' and sm.compute_from = c.source_id)
        -- Dollars derived at a GPU-hour price the same source assumed only repeat its arithmetic.
        -- (Each price the dollars name, one row each, joined on its id: testing every id list against every price
        -- was a nested loop, 13 of the view's 14 s at 1,000x.)
        or (c.metric = 'training_cost_usd' and exists (
            select 1 from (select model_id, unnest(string_split(price_ids, ', ')) as price_id from training_dollars) named
            join price_points pp on pp.price_id = named.price_id
            where named.model_id = c.subject_id and pp.source_id = c.source_id)) as copied_from_source
    from c
    join models m on m.model_id = c.subject_id
    join stg_models sm on sm.model_id = c.subject_id
    where c.subject_kind = 'model'
)
select c.claim_table_id, c.position,
    case c.metric
        when 'training_compute_flop' then mc.creation_flop
        when 'gpu_hours' then mh.gpu_hours
        when 'tco2e' then mh.tco2e
    end as recomputed,
    case c.metric
        when 'training_compute_flop' then mc.creation_total_params_flop
        when 'gpu_hours' then mc.creation_total_params_flop / (g.peak_tflops * 1e12 * g.mfu * 3600)
        when 'tco2e' then mc.creation_total_params_flop / (g.peak_tflops * 1e12 * g.mfu * 3600) * g.power_w / 1e6 * g.pue * g.grid_tco2e_per_mwh
    end as total_params_variant,
    case c.metric
        when 'training_compute_flop' then m.training_compute_flop
        when 'gpu_hours' then case when m.training_gpu_id = c.gpu_id then m.training_gpu_hours end
        when 'tco2e' then m.training_emissions_tco2e
    end as published,
    l.published_revision,
    m.method, m.architecture,
    l.copied_from_source
from c
join models m on m.model_id = c.subject_id
join stg_models sm on sm.model_id = c.subject_id
join model_lookups l using (claim_table_id, position)
left join model_creation_compute mc on mc.model_id = c.subject_id and mc.scenario_id = c.scenario_id
left join model_gpu_hours mh on mh.model_id = c.subject_id and mh.scenario_id = c.scenario_id and mh.gpu_id = c.gpu_id
left join g on g.scenario_id = c.scenario_id and g.gpu_id = c.gpu_id
where c.subject_kind = 'model'
