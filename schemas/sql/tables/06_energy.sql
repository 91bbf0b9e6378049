CREATE TABLE energy_runs (
    run_id VARCHAR PRIMARY KEY,
    study VARCHAR NOT NULL,
    pipeline VARCHAR NOT NULL,
    teacher_id VARCHAR,
    student_id VARCHAR NOT NULL,
    workloads VARCHAR NOT NULL,
    gpu_id VARCHAR NOT NULL,
    gpu_count BIGINT NOT NULL,
    repeats VARCHAR,
    reported_total_kwh DOUBLE,
    reported_j_per_token DOUBLE,
    inference_j_per_token DOUBLE,
    kd_temperature DOUBLE,
    kd_alpha DOUBLE,
    max_new_tokens BIGINT,
    prompts BIGINT,
    learning_rate DOUBLE,
    max_sequence_length BIGINT,
    effective_batch_size BIGINT,
    optimizer VARCHAR,
    reported_q DOUBLE,
    note VARCHAR,
    source_id VARCHAR NOT NULL
);
COMMENT ON TABLE energy_runs IS 'Measured distillation pipelines (catalog/energy/), one per pipeline x student configuration.';
COMMENT ON COLUMN energy_runs.run_id IS 'Id from the file path, study/run.';
COMMENT ON COLUMN energy_runs.study IS 'First segment of the id: the measurement campaign the run belongs to.';
COMMENT ON COLUMN energy_runs.pipeline IS 'baseline_sft, logit_kd or synthetic_sft.';
COMMENT ON COLUMN energy_runs.teacher_id IS 'Teacher model (none for baseline SFT).';
COMMENT ON COLUMN energy_runs.student_id IS 'Student model trained.';
COMMENT ON COLUMN energy_runs.workloads IS 'Training data sets the figures average over, joined with "; ".';
COMMENT ON COLUMN energy_runs.gpu_id IS 'Accelerator the energy was measured on.';
COMMENT ON COLUMN energy_runs.gpu_count IS 'Number of accelerators.';
COMMENT ON COLUMN energy_runs.repeats IS 'Repeated runs the means are over, as stated.';
COMMENT ON COLUMN energy_runs.reported_total_kwh IS 'Pipeline total as published (prerun excluded), kWh.';
COMMENT ON COLUMN energy_runs.reported_j_per_token IS 'Energy per token processed as published, J.';
COMMENT ON COLUMN energy_runs.inference_j_per_token IS 'Serving energy of the trained student, J/token.';
COMMENT ON COLUMN energy_runs.kd_temperature IS 'KD softmax temperature T.';
COMMENT ON COLUMN energy_runs.kd_alpha IS 'KD loss weight alpha on the hard-label term.';
COMMENT ON COLUMN energy_runs.max_new_tokens IS 'Teacher generation budget per response.';
COMMENT ON COLUMN energy_runs.prompts IS 'Prompts used for the synthetic set.';
COMMENT ON COLUMN energy_runs.learning_rate IS 'Student learning rate.';
COMMENT ON COLUMN energy_runs.max_sequence_length IS 'Maximum sequence length, tokens.';
COMMENT ON COLUMN energy_runs.effective_batch_size IS 'Effective batch size.';
COMMENT ON COLUMN energy_runs.optimizer IS 'Optimizer.';
COMMENT ON COLUMN energy_runs.reported_q IS 'Teacher-relative quality retention Q as published.';
COMMENT ON COLUMN energy_runs.note IS 'Caveats, as contributed (plain text).';
COMMENT ON COLUMN energy_runs.source_id IS 'The record''s first source.';
CREATE TABLE energy_stages (
    run_id VARCHAR NOT NULL,
    stage VARCHAR NOT NULL,
    position BIGINT NOT NULL,
    energy_kwh DOUBLE NOT NULL,
    tokens DOUBLE,
    duration_s DOUBLE
);
COMMENT ON TABLE energy_stages IS 'Measured energy of each stage of a run.';
COMMENT ON COLUMN energy_stages.run_id IS 'The run.';
COMMENT ON COLUMN energy_stages.stage IS 'prerun, preprocess, teacher_logit_cache, teacher_generation, student_training or evaluation.';
COMMENT ON COLUMN energy_stages.position IS 'Order as listed, from 0.';
COMMENT ON COLUMN energy_stages.energy_kwh IS 'Measured energy, kWh.';
COMMENT ON COLUMN energy_stages.tokens IS 'Tokens processed in the stage.';
COMMENT ON COLUMN energy_stages.duration_s IS 'Wall-clock duration, s.';
CREATE TABLE energy_run_scores (
    run_id VARCHAR NOT NULL,
    benchmark_id VARCHAR NOT NULL,
    value DOUBLE NOT NULL
);
COMMENT ON TABLE energy_run_scores IS 'Per-benchmark scores of the student a run produced.';
COMMENT ON COLUMN energy_run_scores.run_id IS 'The run.';
COMMENT ON COLUMN energy_run_scores.benchmark_id IS 'The benchmark.';
COMMENT ON COLUMN energy_run_scores.value IS 'Score on the benchmark''s scale.';
