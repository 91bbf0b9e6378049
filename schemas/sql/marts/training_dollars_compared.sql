-- view: Every training dollar figure a source published, beside the catalogue's GPU-hours x GPU-hour price for the same scope, saying what each includes: a model's training_cost_usd (its own training), a stage's cost_usd (that stage only; teacher side when the stage is the teacher's), Epoch AI's 2023-USD cost (Epoch's estimate of the final training run), and training_cost_usd claims. A published figure with no derived counterpart says why.
-- key: model_id, figure
-- col model_id: Model.
-- col figure: training_cost_usd, stage:<name>, epoch_cost_usd_2023 or claim:<claims file>.
-- col published_usd: The figure as published.
-- col published_source_id: Its source.
-- col includes: What the published figure covers.
-- col teacher_side: True when it is the teacher's side of a distillation (data generation), false when the student's or the model's own, NULL when unknown.
-- col derived_usd: The catalogue's figure for the same scope: GPU-hours x the GPU-hour price in force at release (central).
-- col derived_usd_low: Low end.
-- col derived_usd_high: High end.
-- col derived_from: Which hours and prices the derived figure uses.
-- col ratio: published_usd / derived_usd.
-- col why_no_derived: Why derived_usd is NULL.
create or replace view training_dollars_compared as
with stage_prices as (
    -- Stage hours priced like training_dollars: the stage's accelerator (else the model's), at the model's release.
    select st.model_id, st.stage, st.position, st.cost_usd, st.source_id, st.gpu_hours,
           coalesce(st.gpu_id, m.training_gpu_id) as gpu_id, mo.released,
           median(r.usd_per_gpu_hour) as mid, min(r.usd_low) as lo, max(r.usd_high) as hi,
           string_agg(r.price_id, ', ') as ids
    from model_stages st
    join stg_models m on m.model_id = st.model_id
    join models mo on mo.model_id = st.model_id
    left join stg_gpu_hour_price_range r on r.gpu_id = coalesce(st.gpu_id, m.training_gpu_id) and r.valid_from <= mo.released
        and (r.valid_until is null or r.valid_until > mo.released)
    where st.cost_usd is not null
    group by all
),
published as (
    select m.model_id, 'training_cost_usd' as figure, m.training_cost_usd as usd, f.source_id,
           'the model''s training as its source states it' as includes, cast(null as boolean) as teacher_side
    from models m join facts f on f.record_kind = 'models' and f.record_id = m.model_id and f.field = 'training_cost_usd'
    where m.training_cost_usd is not null
    union all
    select model_id, 'epoch_cost_usd_2023', cost_usd_2023, 'epoch-ai-models',
           'Epoch AI''s estimate of the final training run, in 2023 US dollars (its own method and prices)', false
    from epoch_models where cost_usd_2023 is not null
    union all
    select subject_id, 'claim:' || claim_table_id, value, source_id,
           coalesce(note, 'as the source states it'), cast(null as boolean)
    from claims where metric = 'training_cost_usd' and subject_kind = 'model'
)
select p.model_id, p.figure, p.usd as published_usd, p.source_id as published_source_id, p.includes, p.teacher_side,
       t.usd as derived_usd, t.usd_low as derived_usd_low, t.usd_high as derived_usd_high,
       t.hours_basis || ' GPU-hours (' || t.scope || ') x ' || t.price_ids as derived_from,
       p.usd / t.usd as ratio,
       case when t.model_id is null then 'no GPU-hours for the model' else t.no_price_reason end as why_no_derived
from published p left join training_dollars t on t.model_id = p.model_id
union all
select s.model_id, 'stage:' || s.stage, s.cost_usd, s.source_id,
       'one stage only: ' || s.stage, s.stage = 'distillation_teacher',
       s.gpu_hours * s.mid, s.gpu_hours * s.lo, s.gpu_hours * s.hi,
       case when s.gpu_hours is not null and s.mid is not null then 'published stage GPU-hours x ' || s.ids end,
       s.cost_usd / (s.gpu_hours * s.mid),
       case when s.gpu_hours is null then 'the stage''s GPU-hours are not published (never derived from wall-clock time here)'
            when s.gpu_id is null then 'the stage''s accelerator is not recorded'
            when s.released is null then 'no release date to read a price on'
            when s.mid is null then 'no ' || s.gpu_id || ' GPU-hour price in force on ' || s.released::varchar end
from stage_prices s
