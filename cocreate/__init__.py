"""Co-creation dashboard core: data gateway, status method, charts, exports, i18n.

Nothing in this package imports streamlit, so it runs from the command line and in plain tests.
"""
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = REPO_ROOT / "data"
QUERIES_DIR = REPO_ROOT / "queries"
DEFAULT_DB_PATH = DATA_DIR / "cocreate.duckdb"
