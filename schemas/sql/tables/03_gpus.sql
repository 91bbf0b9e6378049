CREATE TABLE gpus (
    gpu_id VARCHAR PRIMARY KEY,
    name VARCHAR NOT NULL,
    vendor VARCHAR NOT NULL,
    family VARCHAR NOT NULL,
    released DATE,
    memory_gb DOUBLE,
    memory_bandwidth_tbps DOUBLE,
    peak_bf16_dense_tflops DOUBLE NOT NULL,
    peak_fp8_dense_tflops DOUBLE,
    tdp_w DOUBLE NOT NULL,
    figures_from VARCHAR NOT NULL,
    note VARCHAR,
    source_id VARCHAR NOT NULL
);
COMMENT ON TABLE gpus IS 'Accelerator datasheet figures (catalog/gpus/). Peaks are dense, never the sparsity figure.';
COMMENT ON COLUMN gpus.gpu_id IS 'Id from the file path, vendor/name, e.g. nvidia/h100-sxm.';
COMMENT ON COLUMN gpus.name IS 'Product name with form factor and memory.';
COMMENT ON COLUMN gpus.vendor IS 'Manufacturer.';
COMMENT ON COLUMN gpus.family IS 'Architecture family (ampere, ada, hopper, blackwell, cdna3, ...); scenarios set MFU per family.';
COMMENT ON COLUMN gpus.figures_from IS 'datasheet when the record''s curated figures are used, epoch when only Epoch AI''s row gives them (see epoch_gpus).';
COMMENT ON COLUMN gpus.released IS 'Release or announcement date.';
COMMENT ON COLUMN gpus.memory_gb IS 'On-board memory, GB.';
COMMENT ON COLUMN gpus.memory_bandwidth_tbps IS 'Memory bandwidth, TB/s.';
COMMENT ON COLUMN gpus.peak_bf16_dense_tflops IS 'Peak dense BF16 tensor throughput, TFLOP/s.';
COMMENT ON COLUMN gpus.peak_fp8_dense_tflops IS 'Peak dense FP8 tensor throughput, TFLOP/s.';
COMMENT ON COLUMN gpus.tdp_w IS 'Thermal design power (maximum board power), W.';
COMMENT ON COLUMN gpus.note IS 'Caveats, as contributed (plain text).';
COMMENT ON COLUMN gpus.source_id IS 'The record''s first source.';

CREATE TABLE epoch_gpus (
    gpu_id VARCHAR PRIMARY KEY,
    epoch_name VARCHAR NOT NULL,
    last_modified DATE NOT NULL,
    released DATE,
    peak_bf16_tflops DOUBLE,
    peak_fp8_tflops DOUBLE,
    tdp_w DOUBLE,
    memory_gb DOUBLE,
    memory_bandwidth_tbps DOUBLE,
    release_price_usd DOUBLE
);
COMMENT ON TABLE epoch_gpus IS 'Epoch AI''s row for each catalogue accelerator (Data on Machine Learning Hardware, CC BY 4.0), in TFLOP/s, W, GB and TB/s.';
COMMENT ON COLUMN epoch_gpus.gpu_id IS 'The catalogue GPU.';
COMMENT ON COLUMN epoch_gpus.epoch_name IS 'Epoch''s hardware name (join key).';
COMMENT ON COLUMN epoch_gpus.last_modified IS 'Epoch''s Last modified date for the row.';
COMMENT ON COLUMN epoch_gpus.released IS 'Epoch''s release date.';
COMMENT ON COLUMN epoch_gpus.peak_bf16_tflops IS 'Epoch''s Tensor-FP16/BF16 performance, TFLOP/s.';
COMMENT ON COLUMN epoch_gpus.peak_fp8_tflops IS 'Epoch''s FP8 performance, TFLOP/s.';
COMMENT ON COLUMN epoch_gpus.tdp_w IS 'Epoch''s TDP, W.';
COMMENT ON COLUMN epoch_gpus.memory_gb IS 'Epoch''s memory per board, GB.';
COMMENT ON COLUMN epoch_gpus.memory_bandwidth_tbps IS 'Epoch''s memory bandwidth, TB/s.';
COMMENT ON COLUMN epoch_gpus.release_price_usd IS 'Epoch''s release price, USD.';

CREATE TABLE gpu_aliases (
    gpu_id VARCHAR NOT NULL,
    alias VARCHAR NOT NULL,
    PRIMARY KEY (gpu_id, alias)
);
COMMENT ON TABLE gpu_aliases IS 'Other names sources use for an accelerator (the record''s aka list).';
COMMENT ON COLUMN gpu_aliases.gpu_id IS 'The accelerator.';
COMMENT ON COLUMN gpu_aliases.alias IS 'A name a source uses for it.';
