-- view: Every dated price value with the period it was in force: from its date until the series' next date (exclusive; NULL while current). The site's price history and every dated lookup read this.
-- key: price_id, valid_from
-- col price_id: Series id.
-- col kind: api_tokens or gpu_hour.
-- col provider: Who charges it.
-- col product: What is sold.
-- col model_id: API: catalogue model served.
-- col gpu_id: GPU-hour: accelerator rented.
-- col provider_class: GPU-hour: hyperscaler_on_demand, specialist_cloud, reserved or unspecified.
-- col currency: USD.
-- col valid_from: The value's date.
-- col valid_until: The next value's date (exclusive); NULL for the current value.
-- col basis: effective (took effect on valid_from) or observed (listed then; it may have applied earlier).
-- col input_usd_per_mtok: API: USD per million input tokens.
-- col input_low: Low end.
-- col input_high: High end.
-- col output_usd_per_mtok: API: USD per million output tokens.
-- col output_low: Low end.
-- col output_high: High end.
-- col usd_per_gpu_hour: GPU-hour: USD per GPU per hour (as stated, or a per-second quote x 3600).
-- col usd_per_gpu_hour_low: Low end.
-- col usd_per_gpu_hour_high: High end.
-- col quoted_per: GPU-hour prices: the unit the page states, hour or second (the value as stated is in price_points).
-- col figure_kind: reported, estimated, measured or assumed.
-- col source_id: Source of the value.
-- col note: The value's note.
create or replace view price_in_force as
select s.price_id, s.kind, s.provider, s.product, s.model_id, s.gpu_id, s.provider_class, s.currency,
       p.date as valid_from,
       lead(p.date) over (partition by p.price_id order by p.date) as valid_until,
       p.basis, p.input_usd_per_mtok, p.input_low, p.input_high, p.output_usd_per_mtok, p.output_low, p.output_high,
       -- A per-second quote (serverless GPU workers) becomes a GPU-hour price here, so the record keeps the page's figure.
       coalesce(p.usd_per_gpu_hour, p.usd_per_gpu_second * 3600) as usd_per_gpu_hour,
       coalesce(p.usd_per_gpu_hour_low, p.usd_per_gpu_second_low * 3600) as usd_per_gpu_hour_low,
       coalesce(p.usd_per_gpu_hour_high, p.usd_per_gpu_second_high * 3600) as usd_per_gpu_hour_high,
       case when p.usd_per_gpu_hour is not null then 'hour' when p.usd_per_gpu_second is not null then 'second' end
           as quoted_per,
       p.figure_kind, p.source_id, p.note
from price_series s join price_points p on p.price_id = s.price_id
