"""Turns catalog.duckdb into the static site: pages, charts, downloads; then runs MkDocs.

Pages and charts read the DuckDB views only, never the YAML."""
