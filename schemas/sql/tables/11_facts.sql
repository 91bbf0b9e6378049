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
    as_of DATE,
    note VARCHAR,
    PRIMARY KEY (record_kind, record_id, field)
);
COMMENT ON TABLE facts IS 'Provenance of every sourced number in every record: one row per quantity, with its source, kind and range.';
COMMENT ON COLUMN facts.record_kind IS 'Record kind (models, gpus, energy, scenarios, ...).';
COMMENT ON COLUMN facts.record_id IS 'Record id.';
COMMENT ON COLUMN facts.field IS 'Dotted key path inside the record, e.g. total_params_b or stages.teacher_generation.energy_kwh: list items are named by their key (stage name; benchmark@settings_hash for scores), never their position.';
COMMENT ON COLUMN facts.value IS 'The figure, in the unit named by the field.';
COMMENT ON COLUMN facts.low IS 'Lower end of the stated range.';
COMMENT ON COLUMN facts.high IS 'Upper end of the stated range.';
COMMENT ON COLUMN facts.kind IS 'reported, estimated, measured or assumed.';
COMMENT ON COLUMN facts.source_id IS 'Source of the figure (the record''s first source unless the figure names its own).';
COMMENT ON COLUMN facts.confidence IS 'Confidence stated by the source, e.g. Epoch AI''s.';
COMMENT ON COLUMN facts.as_of IS 'When the source stated the value (e.g. Epoch''s Last modified).';
COMMENT ON COLUMN facts.note IS 'How the figure was obtained, as contributed (plain text).';

CREATE TABLE fact_revisions (
    record_kind VARCHAR NOT NULL,
    record_id VARCHAR NOT NULL,
    field VARCHAR NOT NULL,
    value DOUBLE NOT NULL,
    low DOUBLE,
    high DOUBLE,
    confidence VARCHAR,
    as_of DATE NOT NULL,
    replaced_on DATE,
    source_id VARCHAR NOT NULL,
    note VARCHAR,
    PRIMARY KEY (record_kind, record_id, field, as_of)
);
COMMENT ON TABLE fact_revisions IS 'Values a source published and later replaced (value history): e.g. an Epoch AI estimate revised on a later date. The current value is in facts.';
COMMENT ON COLUMN fact_revisions.record_kind IS 'Record kind.';
COMMENT ON COLUMN fact_revisions.record_id IS 'Record id.';
COMMENT ON COLUMN fact_revisions.field IS 'Dotted key path of the quantity, as in facts.field.';
COMMENT ON COLUMN fact_revisions.value IS 'The earlier value.';
COMMENT ON COLUMN fact_revisions.low IS 'Its lower bound.';
COMMENT ON COLUMN fact_revisions.high IS 'Its upper bound.';
COMMENT ON COLUMN fact_revisions.confidence IS 'Its stated confidence.';
COMMENT ON COLUMN fact_revisions.as_of IS 'When the source stated the earlier value.';
COMMENT ON COLUMN fact_revisions.replaced_on IS 'When it was replaced, if known.';
COMMENT ON COLUMN fact_revisions.source_id IS 'Source of the earlier value.';
COMMENT ON COLUMN fact_revisions.note IS 'Note, as contributed (plain text).';
