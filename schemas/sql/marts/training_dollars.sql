-- view: Training dollars of every model with GPU-hours: its own GPU-hours x the GPU-hour price in force on its release date for its training accelerator (for hours derived on an assumed H100, which are hypothetical, the latest recorded H100 price: an H100 price at a 2015 release date does not exist; for a model with no release date, the latest recorded price of its own accelerator; for a model released before the first price recorded for its accelerator, that first price, said in price_date_basis: earliest), low-central-high (low: low hours x the lowest price across provider classes in force; high: high hours x the highest). When no price for that accelerator is in force on that date the dollars are NULL and no_price_reason says why: another GPU's price is never substituted. training_dollars_on(date) redoes it at any date.
-- key: model_id
-- col model_id: Model.
-- col gpu_id: Accelerator priced.
-- col gpu_basis: published or assumed (see model_training_hours).
-- col hours_basis: published, stages, epoch or derived.
-- col scope: What the hours (and so the dollars) cover.
-- col gpu_hours: GPU-hours (central).
-- col gpu_hours_low: Low end of the GPU-hours.
-- col gpu_hours_high: High end of the GPU-hours.
-- col price_date: Date the price is read on: the release date; for hours on an assumed accelerator, or a model with no release date, the latest recorded price date; for a release before the accelerator's first recorded price, that first price's date.
-- col price_date_basis: release (the model's release date), latest (hours on an assumed accelerator, or a model with no release date: the accelerator's latest recorded price, not the price the hours were bought at) or earliest (released before any recorded price of its accelerator: the first one recorded, later than the release, so not the price the hours were bought at).
-- col usd_per_gpu_hour: Median price in force across provider classes.
-- col usd_per_gpu_hour_low: Lowest low end in force.
-- col usd_per_gpu_hour_high: Highest high end in force.
-- col provider_classes: Provider classes in force on the date.
-- col price_ids: The price series used.
-- col price_kind: The weakest kind among the prices used (assumed < estimated < measured < reported).
-- col usd: gpu_hours x usd_per_gpu_hour.
-- col usd_low: gpu_hours_low x usd_per_gpu_hour_low.
-- col usd_high: gpu_hours_high x usd_per_gpu_hour_high.
-- col no_price_reason: Why usd is NULL, else NULL.
create or replace view training_dollars as
with h as (
    -- Published hours are priced when they were spent (the release date); hours derived on an assumed H100 are a
    -- what-if on today's hardware, so they are priced at the latest recorded price of that accelerator.
    -- A model released before the first price recorded for its accelerator is priced at that first price and says so
    -- (earliest): the same accelerator at a later date, never another accelerator's price.
    select t.*,
           -- A model with no release date has no date its hours were bought on: it is priced, like the assumed-H100
           -- hours, at the latest recorded price of its own accelerator, and price_date_basis says 'latest'.
           case when t.gpu_basis = 'assumed' or t.released is null then r.last_from
                when t.released < r.first_from then r.first_from
                else t.released end as price_date,
           case when t.gpu_basis = 'assumed' or t.released is null then 'latest'
                when t.released < r.first_from then 'earliest'
                else 'release' end as price_date_basis
    from model_training_hours t
    left join (select gpu_id, min(valid_from) as first_from, max(valid_from) as last_from
               from stg_gpu_hour_price_range group by gpu_id) r on r.gpu_id = t.gpu_id
),
p as (
    select h.model_id, median(r.usd_per_gpu_hour) as mid, min(r.usd_low) as lo, max(r.usd_high) as hi,
           string_agg(distinct r.provider_class, ', ') as classes, string_agg(r.price_id, ', ' order by r.price_id) as ids,
           min(case r.figure_kind when 'assumed' then 0 when 'estimated' then 1 when 'measured' then 2 else 3 end) as k
    from h
    join stg_gpu_hour_price_range r on r.gpu_id = h.gpu_id and r.valid_from <= h.price_date
                                and (r.valid_until is null or r.valid_until > h.price_date)
    group by h.model_id
)
select
    h.model_id, h.gpu_id, h.gpu_basis, h.hours_basis, h.scope, h.gpu_hours, h.gpu_hours_low, h.gpu_hours_high,
    h.price_date, h.price_date_basis,
    p.mid as usd_per_gpu_hour, p.lo as usd_per_gpu_hour_low, p.hi as usd_per_gpu_hour_high,
    p.classes as provider_classes, p.ids as price_ids,
    case p.k when 0 then 'assumed' when 1 then 'estimated' when 2 then 'measured' when 3 then 'reported' end as price_kind,
    h.gpu_hours * p.mid as usd, h.gpu_hours_low * p.lo as usd_low, h.gpu_hours_high * p.hi as usd_high,
    case
        when p.model_id is not null then null
        -- Epoch AI often names hardware the catalogue has no GPU record for (a K80, a P100, a TITAN X): the reason says
        -- so, because "not recorded" would hide that the accelerator is known and only its record and price are missing.
        when h.gpu_id is null and e.training_hardware like '%,%'
            then 'the hours were spent on more than one accelerator (Epoch AI: ' || e.training_hardware
                 || ') with no split published, so no single GPU-hour price applies'
        when h.gpu_id is null and e.training_hardware is not null
            then 'the accelerator is named by Epoch AI (' || e.training_hardware
                 || ') but has no catalogue GPU record, so no GPU-hour price'
        when h.gpu_id is null then 'the accelerator the hours were spent on is not recorded'
        when not exists (select 1 from stg_gpu_hour_price_range r where r.gpu_id = h.gpu_id)
            then 'no GPU-hour price recorded for ' || h.gpu_id
        else 'no ' || h.gpu_id || ' price in force on ' || h.price_date::varchar || ' (recorded from '
             || (select min(valid_from) from stg_gpu_hour_price_range r where r.gpu_id = h.gpu_id)::varchar || ')'
    end as no_price_reason
from h
left join p on p.model_id = h.model_id
left join epoch_models e on e.model_id = h.model_id
