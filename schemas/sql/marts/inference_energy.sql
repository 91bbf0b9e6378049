-- view: Measured inference energy per serving configuration, with the catalogue model it belongs to (named by the record, or matched on the Hugging Face id / ML.ENERGY id) and its measurement boundary.
-- key: measurement_id, configuration
-- col measurement_id: Inference record.
-- col configuration: The configuration's place in the record's list, from 0.
-- col model_id: Catalogue model: the record's own, else the one whose hf_id or ml_energy_id matches, else the one whose id is the Hugging Face id in lower case (catalogue ids follow org/name).
-- col model_name: The model as the source names it.
-- col gpu_id: Accelerator measured.
-- col gpu_count: Accelerators serving.
-- col precision: Weight precision served.
-- col measurement_boundary: gpu_only or node.
-- col workload: Request set or task.
-- col batch_size: Configured maximum batch.
-- col energy_per_token_j: Energy per output token, J, as published.
-- col avg_output_tokens: Mean output tokens per request, as published.
-- col j_per_output_token: energy_per_token_j, else energy_per_request_j / avg_output_tokens (sources that publish energy per response only, e.g. the ML.ENERGY V2 and legacy tables).
-- col energy_per_request_j: Energy per request, J (from Wh x 3600 where the source published Wh).
-- col throughput_tokens_per_s: Output tokens per second, all accelerators.
-- col tokens_per_s_per_gpu: throughput_tokens_per_s / gpu_count.
-- col kwh_per_mtok: j_per_output_token x 1e6 / 3.6e6: kWh per million output tokens within the boundary.
-- col source_id: The record's first source.
create or replace view inference_energy as
select
    c.position as configuration,
    m.measurement_id,
    coalesce(m.model_id,
             (select min(x.model_id) from models x
              where lower(x.hf_id) = lower(m.hf_id) or lower(x.ml_energy_id) = lower(m.model_name)),
             (select min(x.model_id) from models x where x.model_id = lower(m.hf_id))) as model_id,
    m.model_name,
    m.gpu_id,
    c.gpu_count,
    m.precision,
    m.measurement_boundary,
    m.workload,
    c.batch_size,
    c.energy_per_token_j,
    c.avg_output_tokens,
    coalesce(c.energy_per_token_j,
             coalesce(c.energy_per_request_j, c.energy_per_request_wh * 3600) / c.avg_output_tokens) as j_per_output_token,
    coalesce(c.energy_per_request_j, c.energy_per_request_wh * 3600) as energy_per_request_j,
    c.throughput_tokens_per_s,
    c.throughput_tokens_per_s / c.gpu_count as tokens_per_s_per_gpu,
    coalesce(c.energy_per_token_j,
             coalesce(c.energy_per_request_j, c.energy_per_request_wh * 3600) / c.avg_output_tokens) * 1e6 / 3.6e6 as kwh_per_mtok,
    m.source_id
from inference_measurements m
join inference_configurations c on c.measurement_id = m.measurement_id
