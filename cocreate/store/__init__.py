"""Where data lives: the DuckDB gateway, schema and views SQL, the build from data/, export."""
