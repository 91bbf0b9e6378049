-- view: Pipeline energy against quality Q within each study, with the energy-quality Pareto frontier flagged.
-- key: run_id
-- col run_id: Run.
-- col study: Study.
-- col pipeline: Pipeline.
-- col student_params_b: Student size, billions.
-- col total_kwh: End-to-end energy, kWh.
-- col q: Quality retention Q.
-- col on_frontier: True when every run of the study using no more energy has lower Q.
create or replace view energy_quality_frontier as
select
    run_id,
    study,
    pipeline,
    student_params_b,
    total_kwh,
    q,
    q > coalesce(max(q) over (
        partition by study order by total_kwh, q desc rows between unbounded preceding and 1 preceding
    ), -1e308) as on_frontier
from energy_pipeline_totals
where q is not null
