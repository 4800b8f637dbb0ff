"""title_progress.sql computes the flags' inputs (last three values, typical and latest change) and
the not-applicable reason; the same crafted series rated in Python gives the same inputs, flags and
status. Crafted series written into the fixture database."""
import datetime as dt

import pandas as pd
import pytest

from cocreate.method.flags import flag_inputs
from cocreate.method.progress import report_table, title_progress
from cocreate.method.status import RECENT_COLUMNS, add_months, rate_series, title_rollup
from cocreate.store import db
from cocreate.store.figures import refresh_figures

CITY = "990100"
START, DEADLINE = dt.date(2024, 1, 1), dt.date(2027, 1, 1)

SERIES = {
    "flat_last_three": [250, 260, 270, 280, 285, 285, 285],
    "last_drops": [250, 255, 260, 265, 270, 262],
    "rising": [250, 256, 263, 269, 275, 281, 288],
    "noisy": [251.5, 249.0, 260.25, 258.0, 270.0, 268.5, 275.0, 290.0],
    "two_values": [280, 281],
}


def _write_series(con, code: str, area: str, values, first=dt.date(2024, 1, 1)) -> list[dt.date]:
    periods = [add_months(first, i) for i in range(len(values))]
    with db.transaction(con) as cur:
        cur.execute("DELETE FROM observations WHERE indicator_code = ? AND area_code = ?", [code, area])
        for p, v in zip(periods, values):
            cur.execute("INSERT INTO observations (indicator_code, area_code, period, value, source) "
                        "VALUES (?, ?, ?, ?, 'illustrative')", [code, area, p, float(v)])
        refresh_figures(cur, indicator_codes=[code], area_codes=[area])  # a direct write keeps figures current too
    return periods


@pytest.mark.parametrize("name", list(SERIES))
def test_sql_flag_inputs_match_the_python_twin(fixture_con, name):
    values = SERIES[name]
    periods = _write_series(fixture_con, "good_air_days", CITY, values)
    row = title_progress(fixture_con, CITY, "garden").set_index("indicator_code").loc["good_air_days"]
    twin = flag_inputs(values)
    for col in RECENT_COLUMNS:
        if twin[col] is None:
            assert pd.isna(row[col]), col
        else:
            assert row[col] == pytest.approx(twin[col]), col
    py = rate_series(periods, values, threshold=300, direction="up", campaign_start=START, deadline=DEADLINE,
                     reference_date=max(periods))
    assert row["status"] == py["status"]
    assert row["flags"] == py["flags"]
    assert "illustrative" in row["sources"]


def test_sql_flags_on_crafted_series(fixture_con):
    _write_series(fixture_con, "good_air_days", CITY, SERIES["flat_last_three"])
    assert title_progress(fixture_con, CITY, "garden").set_index("indicator_code").loc["good_air_days", "flags"] \
        == "stalled"
    _write_series(fixture_con, "good_air_days", CITY, SERIES["last_drops"])
    assert title_progress(fixture_con, CITY, "garden").set_index("indicator_code").loc["good_air_days", "flags"] \
        == "recent_drop"
    # as of a date after the deadline: the deadline has passed
    rated = title_progress(fixture_con, CITY, "garden", as_of="2027-03-01").set_index("indicator_code")
    assert rated.loc["good_air_days", "flags"] == "recent_drop;deadline_passed"


def test_not_applicable_from_the_catalog_table(fixture_con):
    with db.transaction(fixture_con) as cur:
        cur.execute("INSERT INTO not_applicable VALUES (?, 'garden', 'historic_districts_count', '本市不适用', "
                    "'does not apply here')", [CITY])
    rated = title_progress(fixture_con, CITY, "garden", with_children=True)
    hd = rated[rated["indicator_code"] == "historic_districts_count"]
    assert set(hd["status"]) == {"not_applicable"} and len(hd) == 3  # the city row applies to its districts
    assert set(hd["not_applicable_reason_en"]) == {"does not apply here"}
    s = title_rollup(rated[rated["area_code"] == CITY]).iloc[0]
    assert s["n_not_applicable"] == 1 and s["n_tracked"] == s["n_indicators"] + 1
    report = report_table(fixture_con, CITY, "garden").set_index("indicator_code")
    assert report.loc["historic_districts_count", "status"] == "not_applicable"
    assert report.loc["historic_districts_count", "flags"] == ""
    assert list(report.columns)[-2:] == ["confidence", "flags"]
