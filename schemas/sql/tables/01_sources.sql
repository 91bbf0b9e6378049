CREATE TABLE sources (
    source_id VARCHAR PRIMARY KEY,
    title VARCHAR NOT NULL,
    authors VARCHAR,
    year BIGINT NOT NULL,
    url VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,
    accessed DATE NOT NULL,
    license VARCHAR,
    note VARCHAR
);
COMMENT ON TABLE sources IS 'Documents that figures are taken from (catalog/sources/). Every figure in the database names one.';
COMMENT ON COLUMN sources.source_id IS 'Id from the file path, e.g. wani-2026-benchmarking-distilled.';
COMMENT ON COLUMN sources.title IS 'Title as published.';
COMMENT ON COLUMN sources.authors IS 'Authors or publishing organisation, joined with "; ".';
COMMENT ON COLUMN sources.year IS 'Year of publication.';
COMMENT ON COLUMN sources.url IS 'https link to the document.';
COMMENT ON COLUMN sources.kind IS 'paper, model_card, tech_report, leaderboard, dataset, datasheet, blog or price_list.';
COMMENT ON COLUMN sources.accessed IS 'Date the figures were read from the document.';
COMMENT ON COLUMN sources.license IS 'Licence of the data where it matters (e.g. CC BY 4.0).';
COMMENT ON COLUMN sources.note IS 'What the catalogue takes from this source.';
