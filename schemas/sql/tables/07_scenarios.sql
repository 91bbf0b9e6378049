CREATE TABLE scenarios (
    scenario_id VARCHAR PRIMARY KEY,
    name VARCHAR NOT NULL,
    description VARCHAR NOT NULL,
    mfu DOUBLE,
    mfu_low DOUBLE,
    mfu_high DOUBLE,
    is_default BOOLEAN NOT NULL,
    pue DOUBLE,
    pue_low DOUBLE,
    pue_high DOUBLE,
    grid_tco2e_per_mwh DOUBLE,
    grid_low DOUBLE,
    grid_high DOUBLE,
    tokens_per_sample DOUBLE,
    tokens_per_sample_low DOUBLE,
    tokens_per_sample_high DOUBLE,
    distill_epochs DOUBLE,
    distill_epochs_low DOUBLE,
    distill_epochs_high DOUBLE,
    students_per_teacher DOUBLE,
    gpu_usd_per_hour DOUBLE,
    gpu_average_power_w DOUBLE,
    distill_samples DOUBLE,
    query_input_tokens DOUBLE,
    query_output_tokens DOUBLE,
    eval_tokens_per_item DOUBLE,
    eval_tokens_per_item_low DOUBLE,
    eval_tokens_per_item_high DOUBLE,
    source_id VARCHAR NOT NULL
);
COMMENT ON TABLE scenarios IS 'Named assumption sets that turn FLOP into GPU-hours, energy and emissions (catalog/scenarios/).';
COMMENT ON COLUMN scenarios.scenario_id IS 'Id from the file path.';
COMMENT ON COLUMN scenarios.name IS 'Display name.';
COMMENT ON COLUMN scenarios.description IS 'What the assumptions are and where they come from.';
COMMENT ON COLUMN scenarios.mfu IS 'Default model FLOPs utilisation (families without their own value).';
COMMENT ON COLUMN scenarios.mfu_low IS 'Low end of the default MFU range.';
COMMENT ON COLUMN scenarios.mfu_high IS 'High end of the default MFU range.';
COMMENT ON COLUMN scenarios.is_default IS 'True for the one scenario the catalogue uses by default.';
COMMENT ON COLUMN scenarios.pue_low IS 'Low end of the PUE range.';
COMMENT ON COLUMN scenarios.pue_high IS 'High end of the PUE range.';
COMMENT ON COLUMN scenarios.grid_low IS 'Low end of the grid-intensity range.';
COMMENT ON COLUMN scenarios.grid_high IS 'High end of the grid-intensity range.';
COMMENT ON COLUMN scenarios.tokens_per_sample_low IS 'Low end of the tokens-per-sample range.';
COMMENT ON COLUMN scenarios.tokens_per_sample_high IS 'High end of the tokens-per-sample range.';
COMMENT ON COLUMN scenarios.distill_epochs IS 'Passes over distillation data whose epochs are unpublished.';
COMMENT ON COLUMN scenarios.distill_epochs_low IS 'Low end of the epochs range.';
COMMENT ON COLUMN scenarios.distill_epochs_high IS 'High end of the epochs range.';
COMMENT ON COLUMN scenarios.students_per_teacher IS 'Students sharing a teacher''s creation cost; NULL: the teacher''s students in the catalogue.';
COMMENT ON COLUMN scenarios.pue IS 'Data-centre power usage effectiveness.';
COMMENT ON COLUMN scenarios.grid_tco2e_per_mwh IS 'Grid carbon intensity, tCO2e/MWh.';
COMMENT ON COLUMN scenarios.tokens_per_sample IS 'Tokens per distillation sample when a model states samples only.';
COMMENT ON COLUMN scenarios.gpu_usd_per_hour IS 'Rental price of one GPU-hour, USD.';
COMMENT ON COLUMN scenarios.gpu_average_power_w IS 'Average board power drawn, W; replaces TDP in energy figures when set.';
COMMENT ON COLUMN scenarios.distill_samples IS 'Samples in the distillation set priced by the API break-even.';
COMMENT ON COLUMN scenarios.query_input_tokens IS 'Input tokens per query, for API break-even.';
COMMENT ON COLUMN scenarios.query_output_tokens IS 'Output tokens per query, for API break-even.';
COMMENT ON COLUMN scenarios.eval_tokens_per_item IS 'Assumed tokens a candidate generates per benchmark item and sample when evaluated (break-even evaluation budget).';
COMMENT ON COLUMN scenarios.eval_tokens_per_item_low IS 'Low end of that assumption.';
COMMENT ON COLUMN scenarios.eval_tokens_per_item_high IS 'High end of that assumption.';
COMMENT ON COLUMN scenarios.source_id IS 'The record''s first source.';
CREATE TABLE scenario_mfu (
    scenario_id VARCHAR NOT NULL,
    gpu_family VARCHAR NOT NULL,
    mfu DOUBLE NOT NULL,
    mfu_low DOUBLE,
    mfu_high DOUBLE,
    PRIMARY KEY (scenario_id, gpu_family)
);
COMMENT ON TABLE scenario_mfu IS 'MFU per GPU family within a scenario.';
COMMENT ON COLUMN scenario_mfu.scenario_id IS 'The scenario.';
COMMENT ON COLUMN scenario_mfu.gpu_family IS 'GPU family (gpus.family).';
COMMENT ON COLUMN scenario_mfu.mfu IS 'Central MFU.';
COMMENT ON COLUMN scenario_mfu.mfu_low IS 'Low end of the range.';
COMMENT ON COLUMN scenario_mfu.mfu_high IS 'High end of the range.';
CREATE TABLE scenario_peak_overrides (
    scenario_id VARCHAR NOT NULL,
    gpu_id VARCHAR NOT NULL,
    peak_tflops DOUBLE NOT NULL,
    PRIMARY KEY (scenario_id, gpu_id)
);
COMMENT ON TABLE scenario_peak_overrides IS 'Peak TFLOP/s a source assumed where it differs from the datasheet.';
COMMENT ON COLUMN scenario_peak_overrides.scenario_id IS 'The scenario.';
COMMENT ON COLUMN scenario_peak_overrides.gpu_id IS 'The GPU.';
COMMENT ON COLUMN scenario_peak_overrides.peak_tflops IS 'Peak throughput assumed, TFLOP/s.';
