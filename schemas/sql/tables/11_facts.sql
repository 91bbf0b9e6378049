CREATE TABLE facts (
    record_kind VARCHAR NOT NULL,
    record_id VARCHAR NOT NULL,
    field VARCHAR NOT NULL,
    value DOUBLE NOT NULL,
    low DOUBLE,
    high DOUBLE,
    kind VARCHAR NOT NULL,
    source_id VARCHAR NOT NULL,
    confidence VARCHAR,
    note VARCHAR
);
COMMENT ON TABLE facts IS 'Provenance of every sourced number in every record: one row per quantity, with its source, kind and range.';
COMMENT ON COLUMN facts.record_kind IS 'Record kind (models, gpus, energy, scenarios, ...).';
COMMENT ON COLUMN facts.record_id IS 'Record id.';
COMMENT ON COLUMN facts.field IS 'Dotted key path inside the record, e.g. total_params_b or stages.2.energy_kwh.';
COMMENT ON COLUMN facts.value IS 'The figure, in the unit named by the field.';
COMMENT ON COLUMN facts.low IS 'Lower end of the stated range.';
COMMENT ON COLUMN facts.high IS 'Upper end of the stated range.';
COMMENT ON COLUMN facts.kind IS 'reported, estimated or measured.';
COMMENT ON COLUMN facts.source_id IS 'Source of the figure (the record''s first source unless the figure names its own).';
COMMENT ON COLUMN facts.confidence IS 'Confidence stated by the source, e.g. Epoch AI''s.';
COMMENT ON COLUMN facts.note IS 'How the figure was obtained, as contributed (plain text).';
