-- macro: Training dollars of every model with GPU-hours, at the GPU-hour prices in force on the date you choose (not in the future) instead of each model's release date; same columns as training_dollars. Example: select * from training_dollars_on(date '2024-12-26').
create or replace macro training_dollars_on(price_date) as table
with p as (
    select gpu_id, median(usd_per_gpu_hour) as mid, min(usd_per_gpu_hour_low) as lo, max(usd_per_gpu_hour_high) as hi,
           string_agg(distinct provider_class, ', ') as classes, string_agg(price_id, ', ' order by price_id) as ids
    from price_on(price_date) where kind = 'gpu_hour'
    group by gpu_id
)
select h.model_id, h.gpu_id, h.gpu_basis, h.hours_basis, h.scope, h.gpu_hours, h.gpu_hours_low, h.gpu_hours_high,
       price_date::date as price_date, p.mid as usd_per_gpu_hour, p.lo as usd_per_gpu_hour_low, p.hi as usd_per_gpu_hour_high,
       p.classes as provider_classes, p.ids as price_ids,
       h.gpu_hours * p.mid as usd, h.gpu_hours_low * p.lo as usd_low, h.gpu_hours_high * p.hi as usd_high,
       case when h.gpu_id is null then 'the accelerator the hours were spent on has no catalogue GPU record (training_dollars says why)'
            when p.gpu_id is null then 'no ' || h.gpu_id || ' price in force on ' || price_date::varchar end as no_price_reason
from model_training_hours h left join p on p.gpu_id = h.gpu_id
