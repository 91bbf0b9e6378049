CREATE TABLE gpus (
    gpu_id VARCHAR PRIMARY KEY,
    name VARCHAR NOT NULL,
    vendor VARCHAR NOT NULL,
    family VARCHAR NOT NULL,
    released DATE NOT NULL,
    memory_gb DOUBLE NOT NULL,
    memory_bandwidth_tbps DOUBLE NOT NULL,
    peak_bf16_dense_tflops DOUBLE NOT NULL,
    peak_fp8_dense_tflops DOUBLE,
    tdp_w DOUBLE NOT NULL,
    note VARCHAR,
    source_id VARCHAR NOT NULL
);
COMMENT ON TABLE gpus IS 'Accelerator datasheet figures (catalog/gpus/). Peaks are dense, never the sparsity figure.';
COMMENT ON COLUMN gpus.gpu_id IS 'Id from the file path, vendor/name, e.g. nvidia/h100-sxm.';
COMMENT ON COLUMN gpus.name IS 'Product name with form factor and memory.';
COMMENT ON COLUMN gpus.vendor IS 'Manufacturer.';
COMMENT ON COLUMN gpus.family IS 'Architecture family (ampere, ada, hopper, blackwell, cdna3, ...); scenarios set MFU per family.';
COMMENT ON COLUMN gpus.released IS 'Release or announcement date.';
COMMENT ON COLUMN gpus.memory_gb IS 'On-board memory, GB.';
COMMENT ON COLUMN gpus.memory_bandwidth_tbps IS 'Memory bandwidth, TB/s.';
COMMENT ON COLUMN gpus.peak_bf16_dense_tflops IS 'Peak dense BF16 tensor throughput, TFLOP/s.';
COMMENT ON COLUMN gpus.peak_fp8_dense_tflops IS 'Peak dense FP8 tensor throughput, TFLOP/s.';
COMMENT ON COLUMN gpus.tdp_w IS 'Thermal design power (maximum board power), W.';
COMMENT ON COLUMN gpus.note IS 'Caveats, as contributed (plain text).';
COMMENT ON COLUMN gpus.source_id IS 'The record''s first source.';
