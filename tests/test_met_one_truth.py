"""One definition of "met" (issue 18): status.is_met (scalar) and status.met_array (column-wise) agree
on every row, the status method (status_frame) and the district ranking both use it, and the same
indicator x district x date reads the same met on the title page's rated rows (title_progress) and on
the rankings page's items (ranking_items)."""
import datetime as dt

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from cocreate.method import rankings as rk
from cocreate.method.progress import title_progress
from cocreate.method.status import is_met, met_array
from cocreate.store import db


def test_met_by_hand():
    # Lanzhou ambulances per 50,000 people 1.14: 1.14 >= 1.00 (public-service benchmark) met,
    # 1.14 < 1.20 (Civilized City) not met
    assert is_met(1.14, 1.0, "up") and not is_met(1.14, 1.2, "up")
    assert is_met(35, 35, "down") and not is_met(35.1, 35, "down")          # down: value <= threshold
    assert is_met(1, 0, "yes_no") and not is_met(0, 0, "yes_no")            # yes_no: met at 1, whatever the catalog says
    assert not is_met(None, 1.0, "up") and not is_met(float("nan"), 1.0, "up") and not is_met(2, None, "up")
    got = met_array([1.14, 1.14, 35, 35.1, 1, 0, None, np.nan], [1.0, 1.2, 35, 35, 0, 0, 1, 1],
                    ["up", "up", "down", "down", "yes_no", "yes_no", "up", "down"])
    assert got.tolist() == [True, False, True, False, True, False, False, False]


values = st.one_of(st.none(), st.just(float("nan")), st.sampled_from([0.0, 1.0, 0.999, 1.2, 35.0, -3.0]),
                   st.floats(-1e6, 1e6, allow_nan=False))
directions = st.sampled_from(["up", "down", "yes_no", "other", None])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(values, values, directions), min_size=1, max_size=40))
def test_column_form_agrees_with_the_scalar_form(rows):
    v, t, d = zip(*rows)
    assert met_array(list(v), list(t), list(d)).tolist() == [is_met(*r) for r in rows]


@pytest.mark.parametrize("city,as_of", [("620100", dt.date(2026, 10, 31)), ("620100", dt.date(2025, 6, 30)),
                                        ("420100", dt.date(2026, 9, 30))])
def test_title_page_and_rankings_read_the_same_met(demo_con, city, as_of):
    rated = title_progress(demo_con, city, None, as_of, with_children=True)
    titles = db.run(demo_con, "titles")
    kinds = dict(zip(titles["code"], titles["kind"]))
    district = rated[(rated["area_code"] != city) & (rated["title_code"].map(kinds) != "benchmark")
                     & (rated["aggregation"] != "city_only") & (rated["status"] != "not_applicable")]
    title_met = {(r["title_code"], r["indicator_code"], r["area_code"]): r["status"] == "met"
                 for r in district.to_dict("records")}
    items = db.run(demo_con, "ranking_items", city=city, as_of_dates=(as_of,), title=None)
    items = items.assign(_met=rk.met_flags(items))
    rank_met = {(r["title_code"], r["indicator_code"], r["area_code"]): bool(r["_met"]) for r in items.to_dict("records")}
    assert len(rank_met) > 100 and set(rank_met) == set(title_met)
    assert rank_met == title_met
    # and the figure itself: the latest value of a complete period up to the date
    latest = district.set_index(["title_code", "indicator_code", "area_code"])["latest_value"]
    by_item = items.set_index(["title_code", "indicator_code", "area_code"])["value"]
    pd.testing.assert_series_equal(by_item.sort_index(), latest.reindex(by_item.index).sort_index(),
                                   check_names=False, check_dtype=False)
