"""Service targets measured from the case system: exports read into DuckDB, aggregated in SQL."""
