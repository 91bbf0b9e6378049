CREATE TABLE inference_measurements (
    measurement_id VARCHAR PRIMARY KEY,
    model_id VARCHAR,
    model_name VARCHAR NOT NULL,
    hf_id VARCHAR,
    gpu_id VARCHAR NOT NULL,
    precision VARCHAR,
    measurement_boundary VARCHAR NOT NULL,
    workload VARCHAR NOT NULL,
    serving VARCHAR,
    as_of DATE,
    note VARCHAR,
    source_id VARCHAR NOT NULL
);
COMMENT ON TABLE inference_measurements IS 'Measured serving energy (catalog/inference/): one model on one accelerator type for one workload.';
COMMENT ON COLUMN inference_measurements.measurement_id IS 'Id from the file path, source/name.';
COMMENT ON COLUMN inference_measurements.model_id IS 'Catalogue model named by the record, if any.';
COMMENT ON COLUMN inference_measurements.model_name IS 'The model as the source names it.';
COMMENT ON COLUMN inference_measurements.hf_id IS 'Hugging Face repository id of the weights served (join key to models.hf_id).';
COMMENT ON COLUMN inference_measurements.gpu_id IS 'Accelerator measured.';
COMMENT ON COLUMN inference_measurements.precision IS 'Weight precision served.';
COMMENT ON COLUMN inference_measurements.measurement_boundary IS 'gpu_only (accelerators alone) or node (whole server): never compare across boundaries as if alike.';
COMMENT ON COLUMN inference_measurements.workload IS 'Request set or task, as the source names it.';
COMMENT ON COLUMN inference_measurements.serving IS 'Serving software and settings, if stated.';
COMMENT ON COLUMN inference_measurements.as_of IS 'Date of the source''s data.';
COMMENT ON COLUMN inference_measurements.note IS 'Caveats, as contributed (plain text).';
COMMENT ON COLUMN inference_measurements.source_id IS 'The record''s first source.';
CREATE TABLE inference_configurations (
    measurement_id VARCHAR NOT NULL,
    configuration VARCHAR NOT NULL,
    occurrence BIGINT NOT NULL,
    position BIGINT NOT NULL,
    gpu_count BIGINT NOT NULL,
    batch_size BIGINT,
    avg_batch_size DOUBLE,
    tensor_parallel BIGINT,
    expert_parallel BIGINT,
    data_parallel BIGINT,
    energy_per_token_j DOUBLE,
    energy_per_request_j DOUBLE,
    energy_per_request_wh DOUBLE,
    throughput_tokens_per_s DOUBLE,
    avg_power_w DOUBLE,
    avg_output_tokens DOUBLE,
    note VARCHAR,
    PRIMARY KEY (measurement_id, configuration, occurrence)
);
COMMENT ON TABLE inference_configurations IS 'Each serving configuration of a measurement and what was measured under it.';
COMMENT ON COLUMN inference_configurations.measurement_id IS 'The measurement.';
COMMENT ON COLUMN inference_configurations.configuration IS 'The serving settings in words (gpus=, batch=, tp=, ep=, dp= where stated): with measurement_id and occurrence, the key (stable when the record''s list is reordered).';
COMMENT ON COLUMN inference_configurations.occurrence IS '1, or 2, 3... when the source measured the same settings more than once (numbered in the order of their figures, not of the list).';
COMMENT ON COLUMN inference_configurations.position IS 'Order as the record lists its configurations, from 0 (not a key: it moves when the list is reordered).';
COMMENT ON COLUMN inference_configurations.gpu_count IS 'Accelerators serving the model.';
COMMENT ON COLUMN inference_configurations.batch_size IS 'Configured maximum batch (concurrent requests).';
COMMENT ON COLUMN inference_configurations.avg_batch_size IS 'Mean batch actually running.';
COMMENT ON COLUMN inference_configurations.tensor_parallel IS 'Tensor-parallel degree.';
COMMENT ON COLUMN inference_configurations.expert_parallel IS 'Expert-parallel degree.';
COMMENT ON COLUMN inference_configurations.data_parallel IS 'Data-parallel replicas.';
COMMENT ON COLUMN inference_configurations.energy_per_token_j IS 'Energy per output token within the boundary, J.';
COMMENT ON COLUMN inference_configurations.energy_per_request_j IS 'Energy per request within the boundary, J.';
COMMENT ON COLUMN inference_configurations.energy_per_request_wh IS 'Energy per request as published in Wh (AI Energy Score).';
COMMENT ON COLUMN inference_configurations.throughput_tokens_per_s IS 'Output tokens per second, all accelerators.';
COMMENT ON COLUMN inference_configurations.avg_power_w IS 'Mean power within the boundary, W.';
COMMENT ON COLUMN inference_configurations.avg_output_tokens IS 'Mean output length per request, tokens.';
COMMENT ON COLUMN inference_configurations.note IS 'Caveats, as contributed (plain text).';
