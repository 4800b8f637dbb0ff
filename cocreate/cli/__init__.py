"""python -m cocreate: one module per command group."""
