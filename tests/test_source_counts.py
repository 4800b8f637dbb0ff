"""observation_sources (cocreate/store/source_counts.py): the counts per area, period and source kept at
write time, and the two questions that read them (demo_data_share, area_sources)."""
from __future__ import annotations

import datetime as dt
import random

import pandas as pd
import pytest

from cocreate.intake.observations import ImportResult, load_frame, rollback_batch
from cocreate.store import db
from tests.random_writes import random_writes

# an independent reading of the same fact: every observation grouped
REFERENCE = ("SELECT area_code, period, source, count(*) AS n_observations FROM observations "
             "GROUP BY area_code, period, source ORDER BY ALL")
KEPT = "SELECT area_code, period, source, n_observations FROM observation_sources ORDER BY ALL"


def _frame(rows) -> pd.DataFrame:
    frame = pd.DataFrame([{"indicator_code": c, "area_code": a, "period": pd.Timestamp(p), "value": v,
                           "note": None, "source": s} for c, a, p, v, s in rows])
    frame = frame.astype({"indicator_code": "string", "area_code": "string", "value": "float64", "note": "string",
                          "source": "string"})
    frame["period"] = frame["period"].astype("datetime64[s]")
    return frame


def _load(con, rows, name) -> int:
    result = ImportResult(file_name=name, sha256="x", rows_accepted=len(rows))
    load_frame(con, _frame(rows), result, user_name="test")
    return result.batch_id


def _share(con, area):
    row = db.run(con, "demo_data_share", area=area).iloc[0]
    return int(row["n_illustrative"]), int(row["n_total"])


def _sources(con, area, as_of=None):
    return db.run(con, "area_sources", area=area, as_of=as_of)["source"].to_list()


def test_counts_and_questions_by_hand(fixture_con):
    # tests/fixture_data/demo/observations.csv: 246 rows, all source 'fixture', up to 2026-10-01:
    # city 990100 11, district 990101 118, district 990102 117 -> the city with its districts 246
    assert _share(fixture_con, "990100") == (0, 246)
    assert _share(fixture_con, "990102") == (0, 117)
    assert _sources(fixture_con, "990100") == ["fixture"]
    # three illustrative figures of 990101 in November 2026 (a month the fixture does not have)
    batch = _load(fixture_con, [("public_toilets", "990101", "2026-11-01", 12.0, "illustrative (test)"),
                                ("historic_districts_count", "990101", "2026-11-01", 2.0, "illustrative (test)"),
                                ("good_air_days", "990101", "2026-11-01", 25.0, "illustrative (test)")], "ill.csv")
    kept = fixture_con.execute("SELECT source, n_observations FROM observation_sources WHERE area_code = '990101' "
                               "AND period = DATE '2026-11-01'").fetchall()
    assert kept == [("illustrative (test)", 3)]
    assert _share(fixture_con, "990100") == (3, 249)        # 246 + 3, of which the 3 illustrative
    assert _share(fixture_con, "990102") == (0, 117)        # the other district untouched
    assert _sources(fixture_con, "990100") == ["fixture", "illustrative (test)"]
    assert _sources(fixture_con, "990100", dt.date(2026, 10, 31)) == ["fixture"]   # before November
    rollback_batch(fixture_con, batch)
    assert _share(fixture_con, "990100") == (0, 246)
    assert _sources(fixture_con, "990100") == ["fixture"]
    assert fixture_con.execute("SELECT count(*) FROM observation_sources WHERE period = DATE '2026-11-01'"
                               ).fetchone()[0] == 0


@pytest.mark.parametrize("seed", [3, 11])
def test_counts_follow_random_writes(fixture_con, seed):
    rng = random.Random(seed)
    codes = ["public_toilets", "historic_districts_count", "good_air_days", "population", "built_up_area_ha"]

    def new_frame(step):
        rows, seen = [], set()
        for _ in range(rng.randrange(1, 20)):
            key = (rng.choice(codes), rng.choice(["990101", "990102"]),
                   f"{2024 + rng.randrange(3)}-{1 + rng.randrange(12):02d}-01")
            if key not in seen:
                seen.add(key)
                rows.append((*key, float(rng.randrange(1, 500)), rng.choice(["fixture", "survey", None])))
        return _frame(rows)

    def check(step):
        kept, ref = fixture_con.execute(KEPT).df(), fixture_con.execute(REFERENCE).df()
        assert kept.equals(ref), f"seed {seed} step {step}"

    random_writes(fixture_con, rng, 12, new_frame, check, deleted=2)
