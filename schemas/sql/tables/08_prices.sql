CREATE TABLE price_series (
    price_id VARCHAR PRIMARY KEY,
    provider VARCHAR NOT NULL,
    product VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,
    currency VARCHAR NOT NULL,
    model_id VARCHAR,
    gpu_id VARCHAR,
    provider_class VARCHAR,
    note VARCHAR,
    source_id VARCHAR NOT NULL
);
COMMENT ON TABLE price_series IS 'One product''s price history (catalog/prices/): API tokens or GPU-hour rental. Its dated values are in price_points.';
COMMENT ON COLUMN price_series.price_id IS 'Id from the file path, provider/product.';
COMMENT ON COLUMN price_series.provider IS 'Who charges it (or whose assumption it is).';
COMMENT ON COLUMN price_series.product IS 'What is sold.';
COMMENT ON COLUMN price_series.kind IS 'api_tokens or gpu_hour.';
COMMENT ON COLUMN price_series.currency IS 'Currency of every value (USD only).';
COMMENT ON COLUMN price_series.model_id IS 'API: catalogue model served, if recorded.';
COMMENT ON COLUMN price_series.gpu_id IS 'GPU-hour: accelerator rented.';
COMMENT ON COLUMN price_series.provider_class IS 'GPU-hour: hyperscaler_on_demand, specialist_cloud, reserved or unspecified.';
COMMENT ON COLUMN price_series.note IS 'Caveats, as contributed (plain text).';
COMMENT ON COLUMN price_series.source_id IS 'The record''s first source.';
CREATE TABLE price_points (
    price_id VARCHAR NOT NULL,
    date DATE NOT NULL,
    position BIGINT NOT NULL,
    basis VARCHAR NOT NULL,
    input_usd_per_mtok DOUBLE,
    input_low DOUBLE,
    input_high DOUBLE,
    output_usd_per_mtok DOUBLE,
    output_low DOUBLE,
    output_high DOUBLE,
    usd_per_gpu_hour DOUBLE,
    usd_per_gpu_hour_low DOUBLE,
    usd_per_gpu_hour_high DOUBLE,
    usd_per_gpu_second DOUBLE,
    usd_per_gpu_second_low DOUBLE,
    usd_per_gpu_second_high DOUBLE,
    figure_kind VARCHAR NOT NULL,
    source_id VARCHAR NOT NULL,
    note VARCHAR,
    PRIMARY KEY (price_id, date)
);
COMMENT ON TABLE price_points IS 'Dated values of each price series: a change is a new row, never an overwrite. Key: price_id + date.';
COMMENT ON COLUMN price_points.price_id IS 'The series (price_series.price_id).';
COMMENT ON COLUMN price_points.date IS 'When the value took effect (basis effective) or was read (basis observed).';
COMMENT ON COLUMN price_points.position IS 'Order in the record, oldest first.';
COMMENT ON COLUMN price_points.basis IS 'effective or observed.';
COMMENT ON COLUMN price_points.input_usd_per_mtok IS 'API: USD per million input tokens.';
COMMENT ON COLUMN price_points.input_low IS 'Low end of a stated range (else the value).';
COMMENT ON COLUMN price_points.input_high IS 'High end of a stated range (else the value).';
COMMENT ON COLUMN price_points.output_usd_per_mtok IS 'API: USD per million output tokens.';
COMMENT ON COLUMN price_points.output_low IS 'Low end of a stated range (else the value).';
COMMENT ON COLUMN price_points.output_high IS 'High end of a stated range (else the value).';
COMMENT ON COLUMN price_points.usd_per_gpu_hour IS 'GPU-hour: USD per GPU per hour, as stated (NULL when the page quotes per second).';
COMMENT ON COLUMN price_points.usd_per_gpu_hour_low IS 'Low end of a stated range (else the value).';
COMMENT ON COLUMN price_points.usd_per_gpu_hour_high IS 'High end of a stated range (else the value).';
COMMENT ON COLUMN price_points.usd_per_gpu_second IS 'GPU rental quoted per second (serverless): USD per GPU per second, as stated; price_in_force converts it to a GPU-hour price.';
COMMENT ON COLUMN price_points.usd_per_gpu_second_low IS 'Low end of a stated range (else the value).';
COMMENT ON COLUMN price_points.usd_per_gpu_second_high IS 'High end of a stated range (else the value).';
COMMENT ON COLUMN price_points.figure_kind IS 'reported, estimated, measured or assumed (the weakest of the point''s figures).';
COMMENT ON COLUMN price_points.source_id IS 'Source of this value (the point''s own, else the record''s first).';
COMMENT ON COLUMN price_points.note IS 'Where in the source, caveats (plain text).';
