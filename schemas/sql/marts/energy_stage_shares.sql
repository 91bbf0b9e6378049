-- view: Share of each stage in its run's total energy (prerun excluded): where the energy goes.
-- key: run_id, stage
-- col run_id: Run.
-- col pipeline: Pipeline.
-- col student_id: Student model.
-- col stage: Stage.
-- col position: Order of the stage in the pipeline.
-- col energy_kwh: Stage energy, kWh.
-- col share: Fraction of the run's total.
create or replace view energy_stage_shares as
select
    s.run_id,
    t.pipeline,
    t.student_id,
    s.stage,
    s.position,
    s.energy_kwh,
    s.energy_kwh / t.total_kwh as share
from energy_stages s
join energy_pipeline_totals t on t.run_id = s.run_id
where s.stage <> 'prerun'
