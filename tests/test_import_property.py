"""Property: a file with at least one malformed row is refused whole and changes nothing."""
from __future__ import annotations

import shutil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cocreate.store import db
from cocreate.errors import ImportRejected
from cocreate.intake.observations import import_file
from tests.test_import import checksum

GOOD = [("public_toilets", "990101"), ("public_toilets", "990102"), ("population", "990102"),
        ("satisfaction_pct", "990101"), ("good_air_days", "990100")]
BAD_CELLS = {
    "indicator_code": st.sampled_from(["", "nope", "built_up_green_coverage_pct", "PUBLIC_TOILETS", "1=1;--"]),
    "area_code": st.sampled_from(["", "999999", "99010", "990100 OR 1=1", "’"]),
    "period": st.sampled_from(["", "2025-13", "2099", "2025Q5", "yesterday", "2025-02-30", "3000-01-01"]),
    "value": st.sampled_from(["abc", "-1", "1e999", "NaN", "1,2,3", "--5", "inf", "12元"]),
}


@pytest.fixture(scope="module")
def prop_con(_fixture_db_file, tmp_path_factory):
    p = tmp_path_factory.mktemp("prop") / "p.duckdb"
    shutil.copy(_fixture_db_file, p)
    con = db.connect(p)
    yield con
    con.close()


good_row = st.tuples(st.sampled_from(GOOD), st.integers(2015, 2024), st.integers(1, 12),
                     st.integers(0, 99)).map(lambda t: [t[0][0], t[0][1], f"{t[1]}-{t[2]:02d}", str(t[3])])
bad_row = st.tuples(good_row, st.sampled_from(list(BAD_CELLS)), st.data())


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(goods=st.lists(good_row, max_size=6), bad=good_row, column=st.sampled_from(list(BAD_CELLS)),
       data=st.data(), encoding=st.sampled_from(["utf-8", "utf-8-sig", "gb18030"]),
       position=st.integers(0, 6))
def test_malformed_files_are_refused_without_change(prop_con, goods, bad, column, data, encoding, position):
    cols = ["indicator_code", "area_code", "period", "value"]
    bad = list(bad)
    bad[cols.index(column)] = data.draw(BAD_CELLS[column])
    if column == "value" and bad[3] == "":
        bad[3] = "x"
    rows = list(goods)
    rows.insert(min(position, len(rows)), bad)
    text = ",".join(cols) + "\n" + "\n".join(",".join(f'"{c}"' if "," in c else c for c in r) for r in rows) + "\n"
    before = checksum(prop_con)
    with pytest.raises(ImportRejected) as info:
        import_file(prop_con, text.encode(encoding), "random.csv")
    assert checksum(prop_con) == before
    problems = info.value.result.problems
    assert problems and min(p.line for p in problems) >= 2
