-- check: Every audited claim is about a model, workload, run or measurement study that exists.
select claim_table_id, position, subject_kind, subject_id from claims c
where (subject_kind = 'model' and subject_id not in (select model_id from models))
   or (subject_kind = 'workload' and subject_id not in (select workload_id from workloads))
   or (subject_kind = 'energy_run' and subject_id not in (select run_id from energy_runs))
   or (subject_kind = 'energy_study' and subject_id not in (select study from energy_runs))
