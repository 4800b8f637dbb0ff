"""Scale tiers and the benchmark (not used by the app)."""
