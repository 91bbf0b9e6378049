CREATE TABLE metadata (
    key VARCHAR PRIMARY KEY,
    value VARCHAR
);
COMMENT ON TABLE metadata IS 'What this file is: dataset name, data-and-schema version, catalogue date, licence and how to cite it (one row per key).';
COMMENT ON COLUMN metadata.key IS 'name, title, version, catalogue_date, catalogue_commit, license, license_url, attribution, citation, homepage or duckdb_storage_version.';
COMMENT ON COLUMN metadata.value IS 'Its value, as text (dates ISO 8601).';

CREATE TABLE public_interface (
    name VARCHAR PRIMARY KEY,
    kind VARCHAR NOT NULL,
    primary_key VARCHAR,
    status VARCHAR NOT NULL,
    replaced_by VARCHAR,
    removed_in VARCHAR,
    description VARCHAR
);
COMMENT ON TABLE public_interface IS 'The tables, views and macros analysts may rely on, with their keys: a name or column leaves only at a major version, and a renamed one keeps working as a deprecated view for one major version. Anything not listed (stg_* staging views) is internal and may change without notice.';
COMMENT ON COLUMN public_interface.name IS 'Table, view or macro name.';
COMMENT ON COLUMN public_interface.kind IS 'table, view, table_macro or function.';
COMMENT ON COLUMN public_interface.primary_key IS 'Columns that identify a row, comma-separated: unique together; never null in a table; in a view a later key column may be null where it does not apply (e.g. distillation_sensitivity.students_per_teacher on marginal rows).';
COMMENT ON COLUMN public_interface.status IS 'stable or deprecated.';
COMMENT ON COLUMN public_interface.replaced_by IS 'For a deprecated name: what to use instead.';
COMMENT ON COLUMN public_interface.removed_in IS 'For a deprecated name: the version that removes it.';
COMMENT ON COLUMN public_interface.description IS 'What it holds (the table or view comment).';
