"""The fixture database builds from text and the roll-up view gives the ratio of sums."""
import pytest

from cocreate.store import db


def test_city_ratio_is_ratio_of_sums_not_mean_of_ratios(fixture_con):
    v = fixture_con.execute(
        "SELECT value FROM indicator_values WHERE indicator_code='public_toilets_per_10k' "
        "AND area_code='990100' AND period='2026-01-01'").fetchone()[0]
    # big district 300/1,000,000 (3.0 per 10k), small 80/100,000 (8.0): mean of ratios 5.5, ratio of sums 3.4545
    assert v == pytest.approx(380 / 1_100_000 * 10_000)
