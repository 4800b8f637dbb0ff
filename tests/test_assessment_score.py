"""Civilized City score projection: weighted sums on crafted results with known totals, the trend
projection, actual over mock, the what-if, point-type losses, and the `score` command on the demo."""
import io
import subprocess
import sys

import pandas as pd
import pytest

from cocreate import REPO_ROOT
from cocreate.assessment import score

WEIGHTS = pd.DataFrame({"component": ["material", "field", "questionnaire", "year1", "year2", "year3"],
                        "weight": [0.4, 0.4, 0.2, 0.15, 0.25, 0.6]})


def results(rows):
    return pd.DataFrame(rows, columns=["year", "kind", "component", "score"])


def full_year(year, kind, m, f, q):
    return [(year, kind, "material", m), (year, kind, "field", f), (year, kind, "questionnaire", q)]


def test_year_and_cycle_totals_on_known_results():
    # 2024: 80, 70, 90 -> 0.4*80 + 0.4*70 + 0.2*90 = 78; 2025: 90, 80, 70 -> 82; 2026: 100, 100, 100 -> 100
    r = results(full_year(2024, "actual", 80, 70, 90) + full_year(2025, "actual", 90, 80, 70)
                + full_year(2026, "mock", 100, 100, 100))
    years = score.cycle_scores(r, WEIGHTS, 2024, 2026)
    assert years["year_score"].tolist() == pytest.approx([78.0, 82.0, 100.0])
    assert years["weighted"].tolist() == pytest.approx([11.7, 20.5, 60.0])
    assert score.cycle_total(years) == pytest.approx(92.2)
    assert years["kind"].tolist() == ["actual", "actual", "mock"]


def test_actual_wins_over_mock_and_kind_is_least_certain_component():
    r = results(full_year(2024, "mock", 10, 10, 10) + full_year(2024, "actual", 80, 70, 90)
                + [(2025, "mock", "material", 50), (2025, "actual", "field", 60), (2025, "mock", "questionnaire", 70)])
    years = score.cycle_scores(r, WEIGHTS, 2024, 2026).set_index("year")
    assert years.loc[2024, "year_score"] == pytest.approx(78.0)
    assert years.loc[2024, "kind"] == "actual"
    assert years.loc[2025, "kind"] == "mock" and years.loc[2025, "field_kind"] == "actual"


def test_projection_is_the_least_squares_trend_clipped_and_carried_forward():
    # material 80 -> 84: +4 a year, 2026 = 88; field 96 -> 99: 2026 = 102 -> clipped to 100
    r = results(full_year(2024, "actual", 80, 96, 70) + full_year(2025, "mock", 84, 99, 70))
    y2026 = score.cycle_scores(r, WEIGHTS, 2024, 2026).set_index("year").loc[2026]
    assert (y2026["material"], y2026["field"], y2026["questionnaire"]) == pytest.approx((88.0, 100.0, 70.0))
    assert y2026["kind"] == "projected"
    # one year only: carried forward to the other years
    one = score.cycle_scores(results(full_year(2024, "actual", 80, 70, 90)), WEIGHTS, 2024, 2026)
    assert one["year_score"].tolist() == pytest.approx([78.0, 78.0, 78.0])
    assert score.cycle_total(one) == pytest.approx(78.0)
    # three points: least squares, not the last two (60, 70, 65 -> slope 2.5, 2027 = 70)
    assert score.trend_value([2024, 2025, 2026], [60, 70, 65], 2027) == pytest.approx(70.0)


def test_no_result_gives_unknown_scores_not_zero():
    years = score.cycle_scores(results([]), WEIGHTS, 2024, 2026)
    assert years["year_score"].isna().all() and pd.isna(score.cycle_total(years))


def test_weights_come_from_the_table():
    heavy_field = WEIGHTS.assign(weight=[0.2, 0.6, 0.2, 0.15, 0.25, 0.6])
    years = score.cycle_scores(results(full_year(2024, "actual", 80, 70, 90)), heavy_field, 2024, 2026)
    assert years["year_score"].iloc[0] == pytest.approx(0.2 * 80 + 0.6 * 70 + 0.2 * 90)
    with pytest.raises(ValueError):
        score.cycle_scores(results([]), WEIGHTS[WEIGHTS["component"] != "year3"], 2024, 2026)


def test_report_cycle_row_equals_the_sum_of_printed_rows():
    r = results(full_year(2024, "actual", 81.237, 67.891, 79.333) + full_year(2025, "mock", 84.449, 69.777, 82.101))
    years = score.cycle_scores(r, WEIGHTS, 2024, 2026)
    rep = score.report_frame(years)
    assert list(rep.columns) == list(score.REPORT_COLUMNS)
    assert rep["year"].tolist() == ["2024", "2025", "2026", "cycle"]
    cycle = rep.iloc[-1]
    assert cycle["weight"] == pytest.approx(1.0)
    assert abs(cycle["weighted"] - sum(rep["weighted"].iloc[:-1])) <= 0.01
    assert cycle["weighted"] == pytest.approx(score.cycle_total(years), abs=0.0005)
    assert rep["material"].iloc[0] == 81.24 and rep["kind"].tolist() == ["actual", "mock", "projected", "projected"]


def test_what_if_moves_the_total_by_exactly_the_weighted_amount():
    r = results(full_year(2024, "actual", 80, 70, 90) + full_year(2025, "mock", 84, 72, 88))
    years = score.cycle_scores(r, WEIGHTS, 2024, 2026)
    moved = score.what_if(years, WEIGHTS, 2026, {"field": 3})
    assert score.cycle_total(moved) - score.cycle_total(years) == pytest.approx(3 * 0.4 * 0.6)
    both = score.what_if(years, WEIGHTS, 2025, {"material": -2, "questionnaire": 5})
    assert score.cycle_total(both) - score.cycle_total(years) == pytest.approx((-2 * 0.4 + 5 * 0.2) * 0.25)
    # the other years do not move (projections are not refitted)
    assert moved.set_index("year").loc[[2024, 2025], "weighted"].tolist() == \
        years.set_index("year").loc[[2024, 2025], "weighted"].tolist()
    # a component never goes past 100
    capped = score.what_if(years, WEIGHTS, 2024, {"questionnaire": 20})
    assert capped.set_index("year").loc[2024, "questionnaire"] == 100


def test_point_type_losses_add_up_to_the_missing_field_points():
    field = pd.DataFrame({"point_type": ["market", "market", "school", "bus_stop"],
                          "district_code": ["620102", "620103", "620102", "620103"],
                          "items_checked": [10, 10, 10, 20], "items_passed": [5, 7, 10, 14]})
    # 36 of 50 passed: field score 72; market loses 8/50*100 = 16, bus stops 12, schools 0
    losses = score.point_type_losses(field, 0.4, 0.6)
    assert losses["point_type"].tolist() == ["market", "bus_stop", "school"]
    assert losses["field_points_lost"].tolist() == pytest.approx([16.0, 12.0, 0.0])
    assert losses["field_points_lost"].sum() == pytest.approx(100 - 72)
    assert losses["cycle_points_lost"].iloc[0] == pytest.approx(16 * 0.4 * 0.6)
    rates = score.field_rates(field, "district_code").set_index("district_code")["rate_pct"]
    assert rates.to_dict() == pytest.approx({"620102": 75.0, "620103": 70.0})


def test_score_command_on_the_demo(demo_db_file):
    out = subprocess.run([sys.executable, "-m", "cocreate", "score", "--area", "620100", "--db", str(demo_db_file)],
                         cwd=REPO_ROOT, capture_output=True, text=True, check=True).stdout
    rep = pd.read_csv(io.StringIO(out), dtype={"year": str})
    assert list(rep.columns) == list(score.REPORT_COLUMNS)
    assert rep["year"].tolist() == ["2024", "2025", "2026", "cycle"]
    assert rep["kind"].iloc[:3].tolist() == ["actual", "mock", "projected"]
    years = rep.iloc[:3]
    for r in years.to_dict("records"):
        assert r["year_score"] == pytest.approx(0.4 * r["material"] + 0.4 * r["field"] + 0.2 * r["questionnaire"], abs=0.01)
        assert r["weighted"] == pytest.approx(r["year_score"] * r["weight"], abs=0.01)
    assert years["weight"].tolist() == pytest.approx([0.15, 0.25, 0.6])
    assert abs(rep["weighted"].iloc[-1] - years["weighted"].sum()) <= 0.01
    assert rep["weight"].iloc[-1] == pytest.approx(1.0)
    md = subprocess.run([sys.executable, "-m", "cocreate", "score", "--area", "620102", "--format", "md", "--db",
                         str(demo_db_file)], cwd=REPO_ROOT, capture_output=True, text=True, check=True).stdout
    assert md.startswith("| year | material | field | questionnaire | year_score | weight | weighted | kind |")
    assert "passing line 85" in md   # a district reads its city's cycle
    bad = subprocess.run([sys.executable, "-m", "cocreate", "score", "--area", "999999", "--db", str(demo_db_file)],
                         cwd=REPO_ROOT, capture_output=True, text=True)
    assert bad.returncode == 2 and "999999" in bad.stderr
