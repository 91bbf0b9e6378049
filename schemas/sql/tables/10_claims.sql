CREATE TABLE claims (
    claim_table_id VARCHAR NOT NULL,
    claim_key VARCHAR NOT NULL,
    position BIGINT NOT NULL,
    location VARCHAR NOT NULL,
    scenario_id VARCHAR,
    subject_kind VARCHAR NOT NULL,
    subject_id VARCHAR NOT NULL,
    metric VARCHAR NOT NULL,
    gpu_id VARCHAR,
    versus_kind VARCHAR,
    versus_id VARCHAR,
    benchmark_id VARCHAR,
    queries_per_month DOUBLE,
    qualifier VARCHAR NOT NULL,
    value DOUBLE NOT NULL,
    low DOUBLE,
    high DOUBLE,
    significant_digits BIGINT,
    note VARCHAR,
    source_id VARCHAR NOT NULL,
    PRIMARY KEY (claim_table_id, claim_key)
);
COMMENT ON TABLE claims IS 'Derived figures a source published (catalog/claims/), kept to be audited against the catalogue''s recomputation.';
COMMENT ON COLUMN claims.claim_table_id IS 'Id of the claims file, study/table.';
COMMENT ON COLUMN claims.claim_key IS 'subject_kind:subject_id:metric, then gpu=, vs=, benchmark= and queries= where set (e.g. model:qwen/qwen3-8b:gpu_hours:gpu=nvidia/h100-sxm): with claim_table_id, the key (stable when figures are reordered).';
COMMENT ON COLUMN claims.position IS 'Order within the file, from 0 (not a key: it moves when the list is reordered).';
COMMENT ON COLUMN claims.location IS 'Where in the source (table or section).';
COMMENT ON COLUMN claims.scenario_id IS 'Assumptions the source used.';
COMMENT ON COLUMN claims.subject_kind IS 'model, workload, energy_run or energy_study (a whole measurement campaign).';
COMMENT ON COLUMN claims.subject_id IS 'The model, workload or run the figure is about.';
COMMENT ON COLUMN claims.metric IS 'training_compute_flop, teacher_inference_flop, student_training_flop, gpu_hours, energy_mwh, tco2e, break_even_reuse; for headline comparisons compute_ratio, gpu_hours_ratio, energy_ratio (subject / versus), q_gain (subject - versus), score, monthly_api_cost_usd; training_cost_usd, break_even_weeks; j_per_token (a measured run''s energy per token).';
COMMENT ON COLUMN claims.versus_kind IS 'For a ratio or gain: model, workload or energy_run compared with.';
COMMENT ON COLUMN claims.versus_id IS 'For a ratio or gain: what the subject is compared with.';
COMMENT ON COLUMN claims.benchmark_id IS 'For a quoted score: the benchmark.';
COMMENT ON COLUMN claims.queries_per_month IS 'For an API cost: the traffic the source assumed.';
COMMENT ON COLUMN claims.qualifier IS 'How the source words the figure: exactly, about, over, under, nearly, at_most, at_least.';
COMMENT ON COLUMN claims.gpu_id IS 'GPU the hours or emissions are counted on.';
COMMENT ON COLUMN claims.value IS 'The figure as printed (central value for ranges).';
COMMENT ON COLUMN claims.low IS 'Lower end when printed as a range.';
COMMENT ON COLUMN claims.high IS 'Upper end when printed as a range.';
COMMENT ON COLUMN claims.significant_digits IS 'Significant digits of the figure as written in the record (the source''s printed precision).';
COMMENT ON COLUMN claims.note IS 'Caveats, as contributed (plain text).';
COMMENT ON COLUMN claims.source_id IS 'The source that published the figure.';
