"""Build the store from the text files in data/ (catalog + demo observations): a new DuckDB file,
or, for a postgresql:// target, the server's tables dropped and loaded again in one transaction."""
from __future__ import annotations

import contextlib
import datetime as dt
import os
from pathlib import Path

import pandas as pd

from cocreate import DATA_DIR
from cocreate.store import db
from cocreate.store.db import bump_data_version, connect, db_path, quote_ident, table_columns
from cocreate.store.figures import refresh_figures

# The core catalog loads first; then every other data/catalog/<table>.csv and
# data/demo/<table>.csv (besides observations.csv) loads into the table of the same name,
# so a feature adds a table by adding its schema_*.sql and its CSV.
CORE_TABLES = ["titles", "areas", "campaigns", "indicators", "title_indicators"]
# Codes stay text (area codes such as 620100 are not numbers).
_TEXT_COLUMNS = {"code", "parent_code", "area_code", "title_code", "indicator_code",
                 "numerator_code", "denominator_code", "weight_code", "department_code",
                 "standard_version"}


def read_catalog_csv(path: Path) -> pd.DataFrame:
    """Read one catalog CSV with code columns as text and empty cells as nulls."""
    head = pd.read_csv(path, nrows=0, encoding="utf-8-sig")
    dtypes = {c: "string" for c in head.columns
              if c in _TEXT_COLUMNS or c.endswith(("_code", "_codes", "_zh", "_en"))}
    return pd.read_csv(path, dtype=dtypes, encoding="utf-8-sig", keep_default_na=True)


def load_frame(con, table: str, frame: pd.DataFrame) -> None:
    """Insert a frame into a table by column name (extra catalog columns are ignored)."""
    cols = [name for name, _ in table_columns(con, table)]
    if not cols:
        raise ValueError(f"no table {table!r} for data/.../{table}.csv: add it to a cocreate/schema_*.sql")
    keep = [c for c in frame.columns if c in cols]
    if db.is_postgres(con):
        _copy_frame(con, table, frame[keep], dict(table_columns(con, table)))
        return
    con.register("_frame", frame[keep])
    try:
        statement = "INSERT INTO " + quote_ident(table) + " BY NAME SELECT * FROM _frame"
        con.execute(statement)
    finally:
        con.unregister("_frame")


_INTEGER_TYPES = {"INTEGER", "BIGINT", "SMALLINT"}


def _copy_frame(con, table: str, frame: pd.DataFrame, types: dict) -> None:
    """PostgreSQL: COPY the frame into the table, each text read as its column's type (as DuckDB's
    insert casts); a whole-number column pandas read as float (it had blanks) is sent as integers."""
    frame = frame.copy()
    for col in frame.columns:
        if types.get(col) in _INTEGER_TYPES and pd.api.types.is_float_dtype(frame[col]):
            frame[col] = frame[col].round().astype("Int64")
    con.copy_frame(table, frame)


def catalog_files(data_dir: Path) -> list[Path]:
    """CSV files to load as tables, core catalog first, observations excluded (loaded as a batch)."""
    core = [data_dir / "catalog" / f"{name}.csv" for name in CORE_TABLES]
    rest = sorted(p for p in (data_dir / "catalog").glob("*.csv") if p.stem not in CORE_TABLES)
    rest += sorted(p for p in (data_dir / "demo").glob("*.csv") if p.stem != "observations")
    return core + rest


@contextlib.contextmanager
def new_database(path):
    """A connection to a brand-new database written beside `path` (schema applied) and moved into
    place only when the block succeeds: a failed build never leaves a half-made file behind."""
    target = db_path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".building")
    for p in (tmp, Path(str(tmp) + ".wal")):
        p.unlink(missing_ok=True)
    con = connect(tmp, create=True)
    try:
        yield con
    except BaseException:
        con.close()
        tmp.unlink(missing_ok=True)
        raise
    con.close()
    os.replace(tmp, target)
    Path(str(target) + ".wal").unlink(missing_ok=True)


def build_db(path=None, data_dir: Path = DATA_DIR, with_demo: bool = True):
    """Create a fresh database at `path` from `data_dir`; written to a temp file, then moved.
    A postgresql:// target (argument or COCREATE_DATABASE_URL) is rebuilt in one transaction."""
    where = db.target(path)
    if db.is_url(where):
        return _build_postgres(where, data_dir, with_demo)
    with new_database(path) as con:
        con.execute("BEGIN")
        _load(con, data_dir, with_demo)
        con.execute("COMMIT")
        con.execute("CHECKPOINT")
    return db_path(path)


def _build_postgres(url: str, data_dir: Path, with_demo: bool) -> str:
    """Drop and load every table in ONE server transaction under the write lock: readers (other
    replicas) see the old store until the commit, then the new one; a failed build changes nothing."""
    from cocreate.store import pg, pg_schema
    con = connect(url, create=True)
    try:
        cur = con.cursor()
        try:
            cur.execute("BEGIN")
            pg_schema.reset_schema(cur)
            _load(cur, data_dir, with_demo)
            cur.execute("COMMIT")
        finally:
            cur.close()
    finally:
        con.close()
    return pg.safe_target(url)


def _load(con, data_dir: Path, with_demo: bool) -> None:
    """Load the catalog and (with_demo) the demo figures as batch 1, on the caller's transaction.
    Batch 1 also holds the figures the questionnaire results ARE (questionnaire questions tied to an
    indicator), worked out by the function the questionnaire import uses (survey_figures), so the
    stored questionnaire and the indicator tell one story; such a figure wins over a row of
    observations.csv for the same key (make_demo writes none)."""
    from cocreate.assessment.survey_figures import rounds_on, survey_figures   # (assessment builds on store)
    for path_ in catalog_files(data_dir):
        load_frame(con, path_.stem, read_catalog_csv(path_))
    cols = ["indicator_code", "area_code", "period", "value", "source", "note"]
    obs_path = data_dir / "demo" / "observations.csv"
    obs = pd.DataFrame(columns=cols)
    if with_demo and obs_path.exists():
        obs = pd.read_csv(obs_path, dtype={"indicator_code": "string", "area_code": "string",
                                           "source": "string", "note": "string"},
                          parse_dates=["period"], encoding="utf-8-sig")
    surveyed = survey_figures(rounds_on(con, None))[cols]
    if len(surveyed):
        key = ["indicator_code", "area_code", "period"]
        obs["period"] = pd.to_datetime(obs["period"])
        taken = obs[key].merge(surveyed[key], how="left", indicator=True)["_merge"].eq("both").to_numpy()
        obs = pd.concat([obs[~taken], surveyed.astype({"indicator_code": "string", "area_code": "string",
                                                        "source": "string", "note": "string"})],
                        ignore_index=True)
    if len(obs):
        now = dt.datetime.now()
        obs["loaded_at"] = now
        obs["batch_id"] = 1
        note = "demo data set" + (f"; {len(surveyed)} figures from questionnaire_results.csv" if len(surveyed) else "")
        con.execute(
            "INSERT INTO import_batches (batch_id, loaded_at, user_name, file_name, rows_accepted, "
            "rows_replaced, status, note) VALUES (1, ?, 'build-db', 'data/demo/observations.csv', ?, 0, "
            "'active', ?)", [now, len(obs), note])
        load_frame(con, "observations", obs)
    refresh_figures(con)   # every figure worked out once, in the same transaction
    bump_data_version(con)
