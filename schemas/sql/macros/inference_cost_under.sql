-- macro: Self-hosted serving cost and energy per million output tokens of every measured inference configuration, at your GPU-hour price (USD per GPU per hour), PUE and grid intensity (tCO2e/MWh). Throughput and energy are the measured ones; the boundary column says whether the energy is GPU-only or the whole node. Example: select * from inference_cost_under(usd_per_gpu_hour := 2.0, pue := 1.2, grid := 0.2).
create or replace macro inference_cost_under(usd_per_gpu_hour := null, pue := 1.0, grid := null) as table
select
    measurement_id, model_id, model_name, gpu_id, gpu_count, batch_size, measurement_boundary, workload,
    tokens_per_s_per_gpu,
    usd_per_gpu_hour::double * 1e6 / (tokens_per_s_per_gpu * 3600) as usd_per_mtok,
    kwh_per_mtok * pue::double as facility_kwh_per_mtok,
    kwh_per_mtok * pue::double / 1000 * grid::double as tco2e_per_mtok
from inference_energy
where tokens_per_s_per_gpu > 0 or kwh_per_mtok is not null
