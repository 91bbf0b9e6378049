CREATE TABLE scores (
    model_id VARCHAR NOT NULL,
    benchmark_id VARCHAR NOT NULL,
    settings_hash VARCHAR NOT NULL,
    position BIGINT NOT NULL,
    value DOUBLE NOT NULL,
    metric VARCHAR NOT NULL,
    samples_k BIGINT,
    temperature DOUBLE,
    top_p DOUBLE,
    max_tokens BIGINT,
    reasoning_effort VARCHAR,
    shots BIGINT,
    chain_of_thought BOOLEAN,
    thinking BOOLEAN,
    harness VARCHAR,
    origin VARCHAR NOT NULL,
    evaluated_on DATE,
    source_id VARCHAR NOT NULL,
    note VARCHAR,
    PRIMARY KEY (model_id, benchmark_id, settings_hash)
);
COMMENT ON TABLE scores IS 'Benchmark results (catalog/scores/). A score is identified by model x benchmark x settings: variants are separate rows, never one "best".';
COMMENT ON COLUMN scores.model_id IS 'The model evaluated.';
COMMENT ON COLUMN scores.benchmark_id IS 'The benchmark.';
COMMENT ON COLUMN scores.settings_hash IS 'Short hash of the score''s settings (metric, samples_k, temperature, top_p, max_tokens, reasoning_effort, shots, chain_of_thought, thinking, harness, origin, source): with model_id and benchmark_id, the key.';
COMMENT ON COLUMN scores.position IS 'Order within the model''s score file, from 0 (not a key: it moves when the list is reordered).';
COMMENT ON COLUMN scores.value IS 'The score, on the benchmark''s own scale (see benchmarks.scale_max).';
COMMENT ON COLUMN scores.metric IS 'e.g. pass@1, accuracy.';
COMMENT ON COLUMN scores.samples_k IS 'Samples per question averaged into pass@1.';
COMMENT ON COLUMN scores.temperature IS 'Sampling temperature.';
COMMENT ON COLUMN scores.top_p IS 'Nucleus sampling top-p.';
COMMENT ON COLUMN scores.max_tokens IS 'Generation budget, tokens.';
COMMENT ON COLUMN scores.reasoning_effort IS 'Reasoning-effort setting, where a model has one.';
COMMENT ON COLUMN scores.shots IS 'Worked examples in the prompt (0 = zero-shot).';
COMMENT ON COLUMN scores.chain_of_thought IS 'Whether the prompt asked for reasoning before the answer.';
COMMENT ON COLUMN scores.thinking IS 'For hybrid reasoning models: whether thinking mode was on.';
COMMENT ON COLUMN scores.harness IS 'Evaluation code used.';
COMMENT ON COLUMN scores.origin IS 'measured (by the citing source''s authors) or reported (collected from others).';
COMMENT ON COLUMN scores.evaluated_on IS 'Date evaluated or published.';
COMMENT ON COLUMN scores.source_id IS 'Where the score is taken from.';
COMMENT ON COLUMN scores.note IS 'Caveats, as contributed (plain text).';
