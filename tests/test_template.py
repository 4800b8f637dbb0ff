"""Templates list only importable codes at the right level and re-import with values filled in."""
from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pandas as pd
import pytest

from cocreate.intake.observations import import_file
from cocreate.present.template_file import template_bytes, template_frame, write_template

TODAY = dt.date(2026, 2, 14)


def test_template_rows_for_a_title_and_city(fixture_con):
    f = template_frame(fixture_con, "public_services", "990100", lang="en", today=TODAY)
    # ratios replaced by their measures, districts for rolled-up figures, never the city
    assert sorted(set(f["indicator_code"])) == ["community_health_centres", "population", "public_toilets"]
    assert set(f["area_code"]) == {"990101", "990102"}
    assert (f["period"] == "2026-02").all() and f["value"].isna().all()
    assert f["threshold"].isna().all()                       # thresholds belong to the ratios
    g = template_frame(fixture_con, "civilized", "990100", lang="zh", today=TODAY)
    by = g.groupby("indicator_code")["area_code"].apply(sorted).to_dict()
    assert by["env_agency_yn"] == ["990100"] and by["single_survey_pct"] == ["990100"]   # city_only at the city
    assert by["satisfaction_pct"] == ["990101", "990102"]
    assert "population" in by                                  # weight of the weighted mean
    assert "built_up_green_coverage_pct" not in by             # a ratio is never in a template
    assert g.loc[g["indicator_code"] == "satisfaction_pct", "threshold"].iloc[0] == 90
    assert g.loc[g["indicator_code"] == "env_agency_yn", "unit"].iloc[0] == "1=是 / 0=否"


def test_template_for_a_district_skips_city_only(fixture_con):
    f = template_frame(fixture_con, None, "990102", today=TODAY)
    assert set(f["area_code"]) == {"990102"}
    assert "good_air_days" not in set(f["indicator_code"])
    # no title: every title the city campaigns for, strictest threshold kept
    assert "green_coverage_area_ha" in set(f["indicator_code"])


@pytest.mark.parametrize("ext, lang", [("csv", "zh"), ("xlsx", "en"), ("xlsx", "zh"), ("csv", "en")])
def test_template_round_trip(fixture_con, tmp_path, ext, lang):
    path = tmp_path / f"t.{ext}"
    frame = write_template(fixture_con, path, "civilized", "990100", lang=lang)
    data = path.read_bytes()
    if ext == "csv":
        assert data.startswith(b"\xef\xbb\xbf")
        df = pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False, encoding="utf-8-sig")
        value_col = "数值" if lang == "zh" else "value"
        df[value_col] = ["1" if "1=" in u else "50" for u in df[df.columns[4]]]
        filled = df.to_csv(index=False).encode("utf-8-sig")
    else:
        wb = openpyxl.load_workbook(io.BytesIO(data))
        ws = wb.worksheets[0]
        header = [c.value for c in ws[1]]
        vcol = header.index("数值" if lang == "zh" else "value") + 1
        ucol = header.index("单位" if lang == "zh" else "unit") + 1
        for r in range(2, ws.max_row + 1):
            ws.cell(row=r, column=vcol).value = 1 if "1=" in str(ws.cell(row=r, column=ucol).value) else 50
        ws.cell(row=ws.max_row, column=vcol).value = None      # one row left empty: skipped, counted
        buf = io.BytesIO()
        wb.save(buf)
        filled = buf.getvalue()
    r = import_file(fixture_con, filled, f"filled.{ext}")
    skipped = 0 if ext == "csv" else 1
    assert (r.rows_accepted, r.rows_skipped_empty) == (len(frame) - skipped, skipped)
    from cocreate.intake.observations import china_today
    period = china_today().replace(day=1)
    n = fixture_con.execute("SELECT count(*) FROM observations WHERE batch_id = ? AND period = ?",
                            [r.batch_id, period]).fetchone()[0]
    assert n == len(frame) - skipped


def test_unfilled_template_imports_nothing(fixture_con):
    data = template_bytes(template_frame(fixture_con, "garden", "990100"), "t.csv")
    from cocreate.errors import ImportRejected
    with pytest.raises(ImportRejected) as info:
        import_file(fixture_con, data, "t.csv")
    assert info.value.key == "import_no_values"
