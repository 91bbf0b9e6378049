CREATE TABLE benchmarks (
    benchmark_id VARCHAR PRIMARY KEY,
    name VARCHAR NOT NULL,
    domain VARCHAR NOT NULL,
    items BIGINT,
    metric VARCHAR NOT NULL,
    scale_max DOUBLE NOT NULL,
    higher_is_better BOOLEAN NOT NULL,
    url VARCHAR,
    note VARCHAR,
    source_id VARCHAR NOT NULL
);
COMMENT ON TABLE benchmarks IS 'The benchmark registry (catalog/benchmarks/): scores name benchmarks by id, so names cannot drift.';
COMMENT ON COLUMN benchmarks.benchmark_id IS 'Id from the file path, e.g. gpqa-diamond.';
COMMENT ON COLUMN benchmarks.name IS 'Display name.';
COMMENT ON COLUMN benchmarks.domain IS 'What it tests: math, science, knowledge, instruction_following, dialogue, code, reasoning.';
COMMENT ON COLUMN benchmarks.items IS 'Number of questions or tasks.';
COMMENT ON COLUMN benchmarks.metric IS 'What a score measures.';
COMMENT ON COLUMN benchmarks.scale_max IS 'Largest possible score (100 for percentages).';
COMMENT ON COLUMN benchmarks.higher_is_better IS 'Direction of improvement.';
COMMENT ON COLUMN benchmarks.url IS 'Where the benchmark is published.';
COMMENT ON COLUMN benchmarks.note IS 'Caveats, as contributed (plain text).';
COMMENT ON COLUMN benchmarks.source_id IS 'The record''s first source.';
CREATE TABLE benchmark_aliases (
    benchmark_id VARCHAR NOT NULL,
    alias VARCHAR NOT NULL,
    PRIMARY KEY (benchmark_id, alias)
);
COMMENT ON TABLE benchmark_aliases IS 'Other spellings of a benchmark seen in sources, for matching free text to the registry.';
COMMENT ON COLUMN benchmark_aliases.benchmark_id IS 'The benchmark.';
COMMENT ON COLUMN benchmark_aliases.alias IS 'Another spelling of its name.';
