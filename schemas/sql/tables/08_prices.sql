CREATE TABLE prices (
    price_id VARCHAR PRIMARY KEY,
    provider VARCHAR NOT NULL,
    product VARCHAR NOT NULL,
    model_id VARCHAR,
    input_usd_per_mtok DOUBLE NOT NULL,
    output_usd_per_mtok DOUBLE NOT NULL,
    as_of DATE NOT NULL,
    note VARCHAR,
    source_id VARCHAR NOT NULL
);
COMMENT ON TABLE prices IS 'Dated token prices (catalog/prices/). Prices change: read as_of.';
COMMENT ON COLUMN prices.price_id IS 'Id from the file path, provider/product.';
COMMENT ON COLUMN prices.provider IS 'Who charges it.';
COMMENT ON COLUMN prices.product IS 'What is sold.';
COMMENT ON COLUMN prices.model_id IS 'Catalogue model served, if recorded.';
COMMENT ON COLUMN prices.input_usd_per_mtok IS 'USD per million input tokens.';
COMMENT ON COLUMN prices.output_usd_per_mtok IS 'USD per million output tokens.';
COMMENT ON COLUMN prices.as_of IS 'Date the price was read.';
COMMENT ON COLUMN prices.note IS 'Caveats, as contributed (plain text).';
COMMENT ON COLUMN prices.source_id IS 'The record''s first source.';
