"""Every query file on both engines over the same data, compared row by row.

The demo store (data/) is built by build-db into a DuckDB file and into a real PostgreSQL server;
each file in queries/ runs with the parameter sets below on both, and the results must match:
same columns in the same order, same rows in the same order, equal values (floats to 1e-9
relative, as sums may add in another order). The crafted fixture store (tests/fixture_data) is
compared the same way for the roll-up queries. A new query file without a case here fails."""
from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import pytest

from cocreate import QUERIES_DIR
from cocreate.store import db

LZ, WH = "620100", "420100"
D = dt.date
CASES: dict[str, list[dict]] = {
    "areas": [{}],
    "batch_list": [{}],
    "campaigns_for_area": [{"area": LZ}, {"area": "420103"}],
    "demo_data_share": [{"area": LZ}, {"area": "420102"}],
    "department_indicators": [{"department": "lz_landscaping"}, {"department": "nope"}],
    "department_list": [{"area": LZ}, {"area": None}],
    "figure_history": [{"indicator": "park_green_area_ha", "area": "420102", "period": D(2020, 1, 1)}],
    "figure_history_periods": [{"indicator": "park_green_area_ha", "area": "420102"}],
    "import_template_thresholds": [{"city": LZ, "title": None}, {"city": LZ, "title": "garden"},
                                   {"city": "999999", "title": None}],
    "grid_previous": [{"period": D(2026, 4, 1), "indicators": ["ambulances", "public_toilets"],
                       "areas": ["620102", "620103", "420102"]},
                      {"period": D(2025, 1, 1), "indicators": ["population"], "areas": [LZ, "620102"]}],
    "indicator_series": [
        {"indicator": "built_up_green_coverage_pct", "areas": [LZ, "620102", "620103"], "as_of": None},
        {"indicator": "park_green_per_capita_m2", "areas": [WH, "420102"], "as_of": D(2024, 6, 30)},
        {"indicator": "ambulances", "areas": [WH], "as_of": "2025-01-01"}],
    "indicator_thresholds": [{"indicator": "built_up_green_coverage_pct"}],
    "indicators": [{}],
    "latest_by_area": [{"indicator": "built_up_green_coverage_pct", "areas": [LZ, "620102", "620103", "620104"],
                        "as_of": None},
                       {"indicator": "park_green_per_capita_m2", "areas": [WH, "420102", "420103"],
                        "as_of": D(2023, 12, 31)}],
    "latest_period": [{"area": LZ}, {"area": "420102"}],
    "milestone_timeline": [{"area": LZ}, {"area": "420103"}],
    "map_indicators": [{"city": LZ, "as_of": None}, {"city": WH, "as_of": D(2023, 12, 31)}],
    "problems_batches": [{}],
    "problems_catalogs": [{}],
    "notice_settings": [{"area": LZ}, {"area": "420102"}, {"area": "999999"}],
    "problems_for_area": [{"area": LZ}, {"area": None}, {"area": "420102"}],
    "problems_history_log": [{"problem": "WH251201-001"}],
    "problems_ids": [{}],
    "problems_photos": [{"problem": "WH251201-001"}],
    "problems_points": [{"area": LZ}, {"area": WH}],
    "problems_unit_refs": [{}],
    "points_checklist": [{"point_type": "market"}, {"point_type": "school"}],
    # the demo has no citizens' reports: these are compared with rows in test_pg_writes's scenario
    "citizen_queue": [{"area": "420100"}],
    "citizen_receipt": [{"receipt": "R261130-ABCDEF"}],
    "citizen_complaints": [{"area": "420100"}],
    "points_districts": [{}],
    "points_ledger": [{"area": LZ}, {"area": "420102"}, {"area": None}],
    "problems_units": [{"area": LZ}, {"area": "420102"}],
    "published_figures": [{"area": LZ, "indicators": None}, {"area": LZ, "indicators": ["population"]}],
    "questionnaire_groups": [{}],
    "questionnaire_questions": [{}],
    "questionnaire_results": [{"area": LZ}, {"area": "420102"}],
    "questionnaire_indicator_rounds": [{"area": None}, {"area": "620102"}, {"area": WH}],
    "indicator_surveys": [{"area": LZ}, {"area": "420102"}],
    "ranking_items": [{"city": LZ, "title": None, "as_of_dates": [D(2025, 6, 30), D(2025, 12, 31)]},
                      {"city": WH, "title": "civilized", "as_of_dates": ["2024-12-31"]}],
    "readiness_criteria": [{"area": LZ}],
    "readiness_documents": [{"area": LZ}, {"area": WH}],
    "score_cycle": [{"area": LZ}, {"area": "620102"}],
    "score_field_results": [{"area": LZ, "year": 2025, "kind": "mock"}],
    "score_field_rounds": [{"area": LZ}],
    "score_point_types": [{}],
    "score_results": [{"area": LZ}],
    "score_weights": [{}],
    "service_references": [{"title": "public_services"}],
    "service_series": [{"title": "public_services", "city": LZ, "as_of": None},
                       {"title": "public_services", "city": WH, "as_of": D(2024, 12, 31)}],
    "service_items": [{"area": WH, "as_of": None}, {"area": LZ, "as_of": D(2024, 12, 31)}],
    "shared_indicators": [{}],
    "stage_timeline": [{"area": LZ}, {"area": "420102"}],
    "task_board": [{"area": LZ}, {"area": None}],
    "task_campaign_windows": [{}],
    "task_history_log": [{"area": LZ, "task": None}, {"area": LZ, "task": "LZ-GDN-01"}],
    "title_progress": [{"area": LZ, "title": None, "as_of": None, "with_children": True, "indicator": None},
                       {"area": WH, "title": "civilized", "as_of": D(2025, 3, 1), "with_children": False,
                        "indicator": None},
                       {"area": "420102", "title": None, "as_of": None, "with_children": False, "indicator": None},
                       {"area": LZ, "title": "public_services", "as_of": None, "with_children": True,
                        "indicator": "hospital_beds_per_1000"}],
    "titles": [{}],
    "unit_robots": [{"area": WH}, {"area": "420102"}],
    "users_list": [{}],
    "area_sources": [{"area": LZ, "as_of": None}, {"area": WH, "as_of": D(2025, 3, 1)}],
    "threshold_confidence": [{}],
}
# The crafted fixture store: its roll-up rules have known answers (tests/test_queries.py).
FIXTURE_CASES = {
    "title_progress": [{"area": "990100", "title": None, "as_of": None, "with_children": True, "indicator": None}],
    "indicator_series": [{"indicator": "built_up_green_coverage_pct", "areas": ["990100", "990101", "990102"],
                          "as_of": None}],
    "latest_by_area": [{"indicator": "satisfaction_pct", "areas": ["990100", "990101", "990102"], "as_of": None}],
    "task_board": [{"area": "990100"}],
}


# Written by build-db at build time: the two stores were built seconds apart.
BUILD_TIME_COLUMNS = {"loaded_at", "since", "replaced_at"}


def _same(a, b) -> bool:
    if _missing(a) and _missing(b):
        return True
    if _missing(a) or _missing(b):
        return False
    if isinstance(a, float) or isinstance(b, float):
        return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-12)
    if isinstance(a, pd.Timestamp) or isinstance(b, pd.Timestamp):
        return pd.Timestamp(a) == pd.Timestamp(b)
    return a == b


def _missing(v) -> bool:
    return v is None or v is pd.NA or v is pd.NaT or (isinstance(v, float) and math.isnan(v))


def assert_same_frame(duck: pd.DataFrame, pg: pd.DataFrame, label: str) -> None:
    assert list(duck.columns) == list(pg.columns), label
    assert len(duck) == len(pg), f"{label}: {len(duck)} rows on DuckDB, {len(pg)} on PostgreSQL"
    for col in duck.columns:
        # the same kind of column (number, text, date, flag) so the code after the query is the same
        assert duck[col].dtype.kind == pg[col].dtype.kind or duck[col].isna().all() or \
            {duck[col].dtype.kind, pg[col].dtype.kind} <= {"i", "u", "f"}, \
            f"{label}.{col}: {duck[col].dtype} vs {pg[col].dtype}"
        if col in BUILD_TIME_COLUMNS:
            assert duck[col].isna().tolist() == pg[col].isna().tolist(), f"{label}.{col}"
            continue
        for i, (a, b) in enumerate(zip(duck[col].tolist(), pg[col].tolist())):
            assert _same(a, b), f"{label}: row {i} column {col}: DuckDB {a!r}, PostgreSQL {b!r}"


@pytest.fixture(scope="module")
def both(demo_db_file, pg_server, pg_demo_template):
    duck = db.connect(demo_db_file, read_only=True)
    pg = db.connect(pg_server(pg_demo_template.rsplit("/", 1)[1]), read_only=True)
    yield duck, pg
    duck.close()
    pg.close()


def test_every_query_file_has_a_case():
    names = {p.stem for p in QUERIES_DIR.glob("*.sql")}
    assert names - set(CASES) == set(), "add a parameter set for each new query file"
    for name, cases in CASES.items():
        for params in cases:
            assert set(params) == db.query_params(name), name


@pytest.mark.parametrize("name,index", [(n, i) for n, cases in sorted(CASES.items()) for i in range(len(cases))])
def test_query_same_rows_on_both_engines(both, name, index):
    duck, pg = both
    params = CASES[name][index]
    a, b = db.run(duck, name, **params), db.run(pg, name, **params)
    assert_same_frame(a, b, f"{name}[{index}]")


def test_queries_return_rows_where_the_demo_has_them(both):
    """The comparison means something: the cases reach data (not two empty tables)."""
    duck, _ = both
    empty = [n for n, cases in CASES.items() if all(db.run(duck, n, **p).empty for p in cases)]
    assert set(empty) <= {"users_list", "problems_photos", "problems_batches", "task_history_log",
                          "unit_robots", "citizen_queue", "citizen_receipt", "citizen_complaints"}, empty   # unit_robots: URLs hold secrets, the repository has none


@pytest.fixture(scope="module")
def both_fixture(_fixture_db_file, pg_server, pg_fixture_template):
    duck = db.connect(_fixture_db_file, read_only=True)
    pg = db.connect(pg_server(pg_fixture_template.rsplit("/", 1)[1]), read_only=True)
    yield duck, pg
    duck.close()
    pg.close()


@pytest.mark.parametrize("name", sorted(FIXTURE_CASES))
def test_fixture_queries_same_on_both_engines(both_fixture, name):
    duck, pg = both_fixture
    for params in FIXTURE_CASES[name]:
        assert_same_frame(db.run(duck, name, **params), db.run(pg, name, **params), name)


def test_rollup_view_same_on_both_engines(both_fixture):
    """indicator_values (the hand-kept PostgreSQL function) gives DuckDB's macro's rows exactly."""
    duck, pg = both_fixture
    q = "SELECT * FROM indicator_values ORDER BY indicator_code, area_code, period"
    a, b = duck.cursor().execute(q).df(), pg.cursor().execute(q).df()
    assert len(a) > 100
    assert_same_frame(a, b, "indicator_values")
