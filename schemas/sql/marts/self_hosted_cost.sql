-- view: Self-hosted serving cost per million output tokens of every measured inference configuration: the GPU-hour price of the accelerator it was measured on (the latest recorded value, low to high across provider classes) divided by its measured output throughput per GPU. Energy within the measurement boundary beside it. No price for the accelerator (e.g. B200): the dollar columns are NULL. inference_cost_under() redoes it at your own price, PUE and grid.
-- key: measurement_id, configuration
-- col measurement_id: Inference record.
-- col configuration: The configuration's place in the record's list, from 0.
-- col model_id: Catalogue model served (as inference_energy matches it).
-- col gpu_id: Accelerator measured and priced.
-- col gpu_count: Accelerators serving.
-- col batch_size: Configured maximum batch.
-- col workload: Request set or task.
-- col measurement_boundary: gpu_only or node (of the energy figures).
-- col tokens_per_s_per_gpu: Measured output tokens per second per accelerator.
-- col price_date: Date of the GPU-hour price used (the latest recorded for the accelerator).
-- col usd_per_gpu_hour: Median of the prices recorded on that date across provider classes.
-- col usd_per_gpu_hour_low: Lowest low end.
-- col usd_per_gpu_hour_high: Highest high end.
-- col price_ids: Price series used.
-- col usd_per_mtok: usd_per_gpu_hour x 1e6 / (tokens_per_s_per_gpu x 3600): dollars per million output tokens.
-- col usd_per_mtok_low: With the lowest price.
-- col usd_per_mtok_high: With the highest price.
-- col j_per_output_token: Energy per output token within the boundary, J.
-- col kwh_per_mtok: kWh per million output tokens within the boundary.
-- col source_id: Source of the measurement.
create or replace view self_hosted_cost as
with latest as (
    -- The latest dated price of each accelerator, across its provider classes (one value per class on that date).
    select r.gpu_id, r.valid_from as price_date, median(r.usd_per_gpu_hour) as mid, min(r.usd_low) as lo,
           max(r.usd_high) as hi, string_agg(r.price_id, ', ' order by r.price_id) as ids
    from stg_gpu_hour_price_range r
    where r.valid_until is null
      and r.valid_from = (select max(x.valid_from) from stg_gpu_hour_price_range x
                          where x.gpu_id = r.gpu_id and x.valid_until is null)
    group by r.gpu_id, r.valid_from
)
select
    e.measurement_id, e.configuration, e.model_id, e.gpu_id, e.gpu_count, e.batch_size, e.workload,
    e.measurement_boundary, e.tokens_per_s_per_gpu,
    l.price_date, l.mid as usd_per_gpu_hour, l.lo as usd_per_gpu_hour_low, l.hi as usd_per_gpu_hour_high,
    l.ids as price_ids,
    l.mid * 1e6 / (e.tokens_per_s_per_gpu * 3600) as usd_per_mtok,
    l.lo * 1e6 / (e.tokens_per_s_per_gpu * 3600) as usd_per_mtok_low,
    l.hi * 1e6 / (e.tokens_per_s_per_gpu * 3600) as usd_per_mtok_high,
    e.j_per_output_token, e.kwh_per_mtok, e.source_id
from inference_energy e
left join latest l on l.gpu_id = e.gpu_id
where e.tokens_per_s_per_gpu > 0
