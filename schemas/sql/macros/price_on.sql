-- macro: The price of every series in force on a date (the value whose period covers it; series with no value yet on that date are absent). Example: select * from price_on(date '2025-01-01') where kind = 'gpu_hour'.
create or replace macro price_on(on_date) as table
select *
from price_in_force
where case when on_date is null then error('price_on needs a date, e.g. price_on(date ''2025-01-01'')')
           when on_date::date > current_date then error('price_on: ' || on_date::varchar || ' is in the future; prices are recorded, not forecast')
           else true end
  and valid_from <= on_date::date and (valid_until is null or valid_until > on_date::date)
