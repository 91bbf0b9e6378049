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
    instrument VARCHAR,
    energy_policy VARCHAR,
    power_limit_w DOUBLE,
    grid_country VARCHAR,
    grid_country_applied VARCHAR,
    grid_region VARCHAR,
    emissions_kgco2e DOUBLE,
    logged_total_kwh DOUBLE,
    git_commit VARCHAR,
    git_dirty BOOLEAN,
    imported_from VARCHAR,
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
COMMENT ON COLUMN energy_runs.instrument IS 'What wrote the logs the run was imported from (distill-energy-harness, codecarbon); NULL when typed from a paper.';
COMMENT ON COLUMN energy_runs.energy_policy IS 'What stage energies count: gpu_only (NVML), nvml_rapl (NVML GPU + CPU package, no RAM), codecarbon (CPU + GPU + RAM).';
COMMENT ON COLUMN energy_runs.power_limit_w IS 'Power limit of each GPU during the run, W.';
COMMENT ON COLUMN energy_runs.grid_country IS 'Grid country the run configured (ISO 3166 alpha-3).';
COMMENT ON COLUMN energy_runs.grid_country_applied IS 'Grid country CodeCarbon actually applied (differs from grid_country when the configuration was not picked up).';
COMMENT ON COLUMN energy_runs.grid_region IS 'Grid region CodeCarbon applied.';
COMMENT ON COLUMN energy_runs.emissions_kgco2e IS 'CodeCarbon''s CO2e estimate over the logged stages, kg (assumption-sensitive).';
COMMENT ON COLUMN energy_runs.logged_total_kwh IS 'The instrument''s own total over the logged stages (prerun included if logged), kWh.';
COMMENT ON COLUMN energy_runs.git_commit IS 'Commit of the measuring code.';
COMMENT ON COLUMN energy_runs.git_dirty IS 'True when the measuring code had uncommitted changes.';
COMMENT ON COLUMN energy_runs.imported_from IS 'Files the record was imported from (names only).';
COMMENT ON COLUMN energy_runs.note IS 'Caveats, as contributed (plain text).';
COMMENT ON COLUMN energy_runs.source_id IS 'The record''s first source.';
CREATE TABLE energy_stages (
    run_id VARCHAR NOT NULL,
    stage VARCHAR NOT NULL,
    occurrence BIGINT NOT NULL,
    position BIGINT NOT NULL,
    name VARCHAR,
    energy_kwh DOUBLE NOT NULL,
    gpu_energy_kwh DOUBLE,
    cpu_energy_kwh DOUBLE,
    ram_energy_kwh DOUBLE,
    tokens DOUBLE,
    duration_s DOUBLE,
    avg_power_w DOUBLE,
    peak_power_w DOUBLE,
    -- A role repeats when the instrument logged it as distinct stages (one evaluation per task).
    PRIMARY KEY (run_id, stage, occurrence)
);
COMMENT ON TABLE energy_stages IS 'Measured energy of each stage of a run.';
COMMENT ON COLUMN energy_stages.run_id IS 'The run.';
COMMENT ON COLUMN energy_stages.stage IS 'prerun, preprocess, teacher_logit_cache, teacher_generation, student_training or evaluation.';
COMMENT ON COLUMN energy_stages.occurrence IS '1 for the first stage of this role in the run, 2 for a second (logged under another name): with run_id and stage, the key.';
COMMENT ON COLUMN energy_stages.position IS 'Order as listed, from 0 (not a key: run_id, stage and occurrence are).';
COMMENT ON COLUMN energy_stages.name IS 'The stage as the instrument logged it (harness stage id, CodeCarbon project).';
COMMENT ON COLUMN energy_stages.energy_kwh IS 'Measured energy, kWh.';
COMMENT ON COLUMN energy_stages.gpu_energy_kwh IS 'Accelerator share of the stage energy, kWh.';
COMMENT ON COLUMN energy_stages.cpu_energy_kwh IS 'CPU share of the stage energy, kWh.';
COMMENT ON COLUMN energy_stages.ram_energy_kwh IS 'RAM share of the stage energy (CodeCarbon), kWh.';
COMMENT ON COLUMN energy_stages.tokens IS 'Tokens processed in the stage; NULL when not counted (never 0).';
COMMENT ON COLUMN energy_stages.duration_s IS 'Wall-clock duration, s.';
COMMENT ON COLUMN energy_stages.avg_power_w IS 'Mean accelerator power over the stage, all GPUs, W.';
COMMENT ON COLUMN energy_stages.peak_power_w IS 'Highest accelerator power sample, all GPUs, W.';
CREATE TABLE energy_run_scores (
    run_id VARCHAR NOT NULL,
    benchmark_id VARCHAR NOT NULL,
    value DOUBLE NOT NULL,
    PRIMARY KEY (run_id, benchmark_id)
);
COMMENT ON TABLE energy_run_scores IS 'Per-benchmark scores of the student a run produced.';
COMMENT ON COLUMN energy_run_scores.run_id IS 'The run.';
COMMENT ON COLUMN energy_run_scores.benchmark_id IS 'The benchmark.';
COMMENT ON COLUMN energy_run_scores.value IS 'Score on the benchmark''s scale.';
CREATE TABLE energy_run_software (
    run_id VARCHAR NOT NULL,
    package VARCHAR NOT NULL,
    version VARCHAR NOT NULL,
    PRIMARY KEY (run_id, package)
);
COMMENT ON TABLE energy_run_software IS 'Software versions a run logged.';
COMMENT ON COLUMN energy_run_software.run_id IS 'The run.';
COMMENT ON COLUMN energy_run_software.package IS 'Package or component, e.g. pytorch, cuda, codecarbon.';
COMMENT ON COLUMN energy_run_software.version IS 'Version as logged.';
CREATE TABLE energy_run_flags (
    run_id VARCHAR NOT NULL,
    position BIGINT NOT NULL,
    flag VARCHAR NOT NULL,
    PRIMARY KEY (run_id, flag)
);
COMMENT ON TABLE energy_run_flags IS 'Problems an importer found in a run''s logs (missing counts, implausible power, totals that do not add up, grid mismatch), kept with the figures.';
COMMENT ON COLUMN energy_run_flags.run_id IS 'The run.';
COMMENT ON COLUMN energy_run_flags.position IS 'Order as listed, from 0 (not a key: run_id and flag are).';
COMMENT ON COLUMN energy_run_flags.flag IS 'What is wrong or uncertain, as plain text.';
