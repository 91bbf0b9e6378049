-- view: API token prices, one row per series at its latest dated value (the shape older views and pages read); price_in_force and price_on(date) give any other date, price_points the whole history.
-- key: price_id
-- col price_id: Series id, provider/product.
-- col provider: Who charges it.
-- col product: What is sold.
-- col model_id: Catalogue model served, if recorded.
-- col input_usd_per_mtok: USD per million input tokens (latest value).
-- col output_usd_per_mtok: USD per million output tokens (latest value).
-- col as_of: Date of the latest value.
-- col note: The series' note, else the point's.
-- col source_id: Source of the latest value.
create or replace view prices as
select s.price_id, s.provider, s.product, s.model_id, p.input_usd_per_mtok, p.output_usd_per_mtok, p.date as as_of,
       coalesce(s.note, p.note) as note, p.source_id
from price_series s
join price_points p on p.price_id = s.price_id
where s.kind = 'api_tokens'
qualify row_number() over (partition by s.price_id order by p.date desc) = 1
