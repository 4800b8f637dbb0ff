"""Streamlit glue shared by app.py and pages/: connection, caching, sidebar, downloads."""
