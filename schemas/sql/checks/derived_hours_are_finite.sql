-- check: Every derived GPU-hour figure is positive and finite.
select model_id, gpu_id, scenario_id, gpu_hours from model_gpu_hours
where gpu_hours is null or not isfinite(gpu_hours) or gpu_hours <= 0
