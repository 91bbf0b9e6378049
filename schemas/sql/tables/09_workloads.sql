CREATE TABLE workloads (
    workload_id VARCHAR PRIMARY KEY,
    name VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,
    model_id VARCHAR,
    params_b DOUBLE,
    tokens DOUBLE,
    epochs DOUBLE NOT NULL,
    teacher_params_b DOUBLE,
    student_params_b DOUBLE,
    samples DOUBLE,
    tokens_per_sample DOUBLE,
    training_compute_flop DOUBLE,
    note VARCHAR,
    source_id VARCHAR NOT NULL
);
COMMENT ON TABLE workloads IS 'Training computations as a source set them up, with the source''s own inputs (catalog/workloads/).';
COMMENT ON COLUMN workloads.workload_id IS 'Id from the file path, study/name.';
COMMENT ON COLUMN workloads.name IS 'Display name.';
COMMENT ON COLUMN workloads.kind IS 'pretraining, fine_tuning, distillation or published_compute.';
COMMENT ON COLUMN workloads.model_id IS 'Catalogue model the computation describes, if any.';
COMMENT ON COLUMN workloads.params_b IS 'N, billions.';
COMMENT ON COLUMN workloads.tokens IS 'D, tokens per epoch.';
COMMENT ON COLUMN workloads.epochs IS 'Passes over D.';
COMMENT ON COLUMN workloads.teacher_params_b IS 'N_teacher, billions.';
COMMENT ON COLUMN workloads.student_params_b IS 'N_student, billions.';
COMMENT ON COLUMN workloads.samples IS 'Distillation samples.';
COMMENT ON COLUMN workloads.tokens_per_sample IS 'The source''s tokens-per-sample assumption.';
COMMENT ON COLUMN workloads.training_compute_flop IS 'FLOP, for published_compute workloads.';
COMMENT ON COLUMN workloads.note IS 'Caveats, as contributed (plain text).';
COMMENT ON COLUMN workloads.source_id IS 'The record''s first source.';
