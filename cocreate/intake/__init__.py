"""Reading uploads (CSV/XLSX, encodings, headers, per-row refusals) and one module per kind of upload."""
