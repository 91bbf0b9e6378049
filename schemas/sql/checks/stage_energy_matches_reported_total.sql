-- check: The stage energies of a run (prerun excluded) add up to the total its source published.
select run_id, total_kwh, reported_total_kwh
from energy_pipeline_totals
where reported_total_kwh is not null and abs(total_kwh - reported_total_kwh) > 0.01 + 0.001 * reported_total_kwh
