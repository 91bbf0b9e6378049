-- view: For every GPU-hour price value, the accelerator and provider class, for range lookups: the dollar views take, on a date, the lowest low end, the median value and the highest high end across the provider classes in force for one accelerator. Another accelerator's price is never used.
-- key: price_id, valid_from
-- col gpu_id: Accelerator.
-- col provider_class: hyperscaler_on_demand, specialist_cloud, reserved or unspecified.
-- col price_id: Series.
-- col valid_from: In force from.
-- col valid_until: Until (exclusive); NULL while current.
-- col usd_per_gpu_hour: Value.
-- col usd_low: Low end.
-- col usd_high: High end.
-- col figure_kind: reported, estimated, measured or assumed.
create or replace view stg_gpu_hour_price_range as
select gpu_id, provider_class, price_id, valid_from, valid_until, usd_per_gpu_hour,
       usd_per_gpu_hour_low as usd_low, usd_per_gpu_hour_high as usd_high, figure_kind
from price_in_force where kind = 'gpu_hour'
