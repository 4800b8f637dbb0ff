"""The observations import checks rows column by column (cocreate/intake/observation_rows.py): its
results must be exactly those of the row loop it replaced, kept here as a private reference function.
Messy files with every kind of bad row are run through both. The reading: test_import_columnwise_reading.py."""
from __future__ import annotations

import datetime as dt
import random

import numpy as np
import pandas as pd
import pytest

from cocreate.intake.numbers import parse_numbers
from cocreate.intake.observations import EARLIEST_YEAR, HEADER_ZH, Catalog, allowed_areas, validate_frame
from cocreate.intake.periods import parse_period
from cocreate.intake.reading import Problem, column_letter, parse_number

TODAY = dt.date(2026, 11, 30)


# --------------------------------------------------------------------------- the reference (old) code

def _ref_validate(con, raw, columns=None, user=None, catalog=None, today=None):
    """validate_frame as a loop over the rows (the code before the column-wise checks)."""
    import math
    cat = catalog or Catalog.load(con)
    columns = columns or {}
    allowed = allowed_areas(con, user)
    problems, seen, skipped = [], {}, 0
    out = {"indicator_code": [], "area_code": [], "period": [], "value": [], "note": [], "source": []}
    num = lambda v: None if v is None or (isinstance(v, float) and math.isnan(v)) else v  # noqa: E731
    plain = lambda v: str(int(v)) if float(v) == int(v) else str(v)  # noqa: E731
    col_name = lambda c: (HEADER_ZH[c], c)  # noqa: E731

    def add(line, col, key, **params):
        info = columns.get(col, {})
        problems.append(Problem(line, col, key, params, info.get("header", ""), info.get("letter", ""),
                                HEADER_ZH.get(col, "")))

    for rec in raw.to_dict("records"):
        line = int(rec["line"])
        ic, ac = str(rec.get("indicator_code") or ""), str(rec.get("area_code") or "")
        ptxt, vtxt = str(rec.get("period") or ""), str(rec.get("value") or "")
        if vtxt == "":
            skipped += 1
            continue
        bad = False
        ind = cat.indicators.get(ic)
        if not ic:
            add(line, "indicator_code", "import_missing_value_in", column=col_name("indicator_code"))
            bad = True
        elif ind is None:
            add(line, "indicator_code", "import_unknown_indicator", code=ic)
            bad = True
        area = cat.areas.get(ac)
        if not ac:
            add(line, "area_code", "import_missing_value_in", column=col_name("area_code"))
            bad = True
        elif area is None:
            add(line, "area_code", "import_unknown_area", code=ac)
            bad = True
        elif allowed is not None and ac not in allowed:
            add(line, "area_code", "import_area_not_allowed", area=cat.name("area", ac), user=(user or {}).get("name", ""))
            bad = True
        if ind is not None and area is not None:
            is_city = ac in cat.cities_with_children
            has_parent = isinstance(area.get("parent_code"), str) and bool(area.get("parent_code"))
            if ind["kind"] == "ratio":
                add(line, "indicator_code", "import_ratio_indicator", code=ic,
                    num=cat.name("indicator", ind["numerator_code"]), den=cat.name("indicator", ind["denominator_code"]))
                bad = True
            elif ind["aggregation"] != "city_only" and is_city:
                add(line, "area_code", "import_city_rolls_up", code=ic, area=cat.name("area", ac))
                bad = True
            elif ind["aggregation"] == "city_only" and has_parent:
                add(line, "area_code", "import_district_city_only", code=ic, area=cat.name("area", ac),
                    city=cat.name("area", area["parent_code"]))
                bad = True
        parsed = parse_period(ptxt) if ptxt else None
        if not ptxt:
            add(line, "period", "import_missing_value_in", column=col_name("period"))
            bad = True
        elif parsed is None:
            add(line, "period", "import_bad_period", text=ptxt)
            bad = True
        elif parsed[1] > today:
            add(line, "period", "import_future_period", text=ptxt, today=today.isoformat())
            bad = True
        elif parsed[0].year < EARLIEST_YEAR:
            add(line, "period", "import_period_too_old", text=ptxt, year=EARLIEST_YEAR)
            bad = True
        is_pct = ind is not None and str(ind.get("unit") or "") == "pct"
        value = parse_number(vtxt, allow_percent=is_pct)
        if value is None:
            add(line, "value", "import_not_number", text=vtxt)
            bad = True
        elif ind is not None:
            vmin, vmax = ind.get("value_min"), ind.get("value_max")
            if ind.get("direction") == "yes_no" and value not in (0.0, 1.0):
                add(line, "value", "import_not_yes_no", text=vtxt)
                bad = True
            elif num(vmin) is not None and value < vmin:
                add(line, "value", "import_negative" if vmin == 0 else "import_below_min", text=vtxt, min=plain(vmin))
                bad = True
            elif num(vmax) is not None and value > vmax:
                add(line, "value", "import_over_100" if is_pct and vmax == 100 else "import_above_max",
                    text=vtxt, max=plain(vmax))
                bad = True
        note = str(rec.get("note") or "")
        if value is not None and parse_number(note) is not None:
            add(line, "note", "import_note_is_number", note=note, value=vtxt)
            bad = True
        if parsed is not None and ic and ac:
            key = (ic, ac, parsed[0])
            if key in seen:
                add(line, "", "import_duplicate", first=seen[key], code=ic, area=ac, period=parsed[0].isoformat()[:7])
                bad = True
            else:
                seen[key] = line
        if bad:
            continue
        out["indicator_code"].append(ic)
        out["area_code"].append(ac)
        out["period"].append(parsed[0])
        out["value"].append(value)
        out["note"].append(str(rec.get("note") or "") or None)
        out["source"].append(str(rec.get("source") or "") or None)
    valid = pd.DataFrame(out)
    valid = valid.astype({"indicator_code": "string", "area_code": "string", "value": "float64",
                          "note": "string", "source": "string"})
    valid["period"] = pd.to_datetime(valid["period"]).astype("datetime64[s]") if len(valid) else \
        pd.Series([], dtype="datetime64[s]")
    return valid, problems, skipped


# --------------------------------------------------------------------------- messy observation files

def _messy_rows(cat: Catalog, rng: random.Random, n: int) -> list[list[str]]:
    """Rows of a file with ~1 % bad rows of every kind (and some with several faults)."""
    inds = cat.indicators
    districts = [a for a, r in cat.areas.items() if isinstance(r.get("parent_code"), str)]
    cities = sorted(cat.cities_with_children)
    plain = [c for c, r in inds.items() if r["kind"] != "ratio" and r["aggregation"] != "city_only"]
    city_only = [c for c, r in inds.items() if r["kind"] != "ratio" and r["aggregation"] == "city_only"]
    ratio = [c for c, r in inds.items() if r["kind"] == "ratio"]
    forms = ["{y}-{m:02d}", "{y}/{m}", "{y}-{m:02d}-15", "{y}年{m}月", "{y}.{m}", "{y}-{m:02d}-01 00:00"]

    def good_value(ind):
        r = inds[ind]
        if r["direction"] == "yes_no":
            return rng.choice(["0", "1", "1.0", "１"])
        top = r["value_max"] if r["value_max"] == r["value_max"] else 5000
        v = round(rng.uniform(r["value_min"], top), rng.choice([0, 1, 2]))
        text = rng.choice([f"{v}", f"{v:g}", f"{v:,}", f" {v} ", f"{v:.1e}"])
        if r["unit"] == "pct" and rng.random() < 0.3:
            text = f"{v}%"
        return text.translate({ord(c): 0xFF10 + int(c) for c in "0123456789"}) if rng.random() < 0.02 else text

    rows, used = [], set()
    for _ in range(n):
        for _ in range(20):   # a figure not yet in the file (the duplicates come below)
            if rng.random() < 0.7:
                ind, area = rng.choice(plain), rng.choice(districts)
            else:
                ind, area = rng.choice(city_only), rng.choice(cities)
            y, m = rng.randint(2000, 2025), rng.randint(1, 12)
            if (ind, area, y, m) not in used:
                break
        used.add((ind, area, y, m))
        row = [ind, area, rng.choice(forms).format(y=y, m=m), good_value(ind), rng.choice(["", "", "市统计局", "note 1"]),
               rng.choice(["", "统计公报"])]
        for _ in range(rng.choice([1] * 6 + [2])):
            kind = rng.choice(KINDS) if rng.random() < 0.15 else None
            if kind == "unknown_indicator":
                row[0] = rng.choice(["nope", "PUBLIC_TOILETS", "x y"])
            elif kind == "no_indicator":
                row[0] = ""
            elif kind == "unknown_area":
                row[1] = rng.choice(["999999", "99010", "abc"])
            elif kind == "no_area":
                row[1] = ""
            elif kind == "any_area":   # a city without districts too: no clerk of this file's cities may write it
                row[1] = rng.choice(sorted(cat.areas))
            elif kind == "ratio":
                row[0] = rng.choice(ratio)
            elif kind == "city_rolls_up":
                row[0], row[1] = rng.choice(plain), rng.choice(cities)
            elif kind == "district_city_only":
                row[0], row[1] = rng.choice(city_only), rng.choice(districts)
            elif kind == "bad_period":
                row[2] = rng.choice(["2021-13", "yesterday", "2021-02-30", "21-03", "2021Q5"])
            elif kind == "future":
                row[2] = rng.choice(["2099-01", "2026-12", "2026-12-01", "2027"])
            elif kind == "too_old":
                row[2] = rng.choice(["1999-12", "1905-07-18", "1999"])
            elif kind == "no_period":
                row[2] = ""
            elif kind == "not_number":
                row[3] = rng.choice(["abc", "1e999", "NaN", "inf", "--5", "12元", "1,2,3", "1.2.3", "十"])
            elif kind == "percent":
                row[3] = rng.choice(["50%", "５０％", "12 %"])
            elif kind == "not_yes_no":
                row[0], row[1], row[3] = "env_agency_yn" if "env_agency_yn" in inds else row[0], rng.choice(cities), "2"
            elif kind == "below_min":
                row[3] = rng.choice(["-3", "-0.5", "-１"])
            elif kind == "above_max":
                row[3] = rng.choice(["1e300", "100.5", "367", "5000000000"])
            elif kind == "note_number":
                row[4] = rng.choice(["234", "5", "1,5", " 12 "])
            elif kind == "duplicate" and rows:
                row[:3] = rows[rng.randrange(len(rows))][:3]
                row[2] = row[2].replace("-01 00:00", "-28")
            elif kind == "empty_value":
                row[3] = ""
        rows.append(row)
    return rows


KINDS = ["unknown_indicator", "no_indicator", "unknown_area", "no_area", "any_area", "ratio", "city_rolls_up",
         "district_city_only", "bad_period", "future", "too_old", "no_period", "not_number", "percent",
         "not_yes_no", "below_min", "above_max", "note_number", "duplicate", "empty_value"]
HEADER = ["indicator_code", "area_code", "period", "value", "note", "source"]


def _frame(rows):
    raw = pd.DataFrame(rows, columns=HEADER, dtype=object)
    raw.insert(0, "line", range(2, len(rows) + 2))
    return raw


@pytest.mark.parametrize("user", [None, {"name": "boss", "role": "admin"},
                                  {"name": "small", "role": "clerk", "areas": "990102"},
                                  {"name": "city", "role": "clerk", "areas": "990100"}])
def test_messy_file_gives_the_problems_and_figures_of_the_row_loop(fixture_con, user):
    cat = Catalog.load(fixture_con)
    rows = _messy_rows(cat, random.Random(7), 3000)
    raw = _frame(rows)
    info = {c: {"header": c, "letter": column_letter(i)} for i, c in enumerate(HEADER)}
    valid, problems, skipped = validate_frame(fixture_con, raw, info, user=user, catalog=cat, today=TODAY)
    ref_valid, ref_problems, ref_skipped = _ref_validate(fixture_con, raw, info, user=user, catalog=cat, today=TODAY)
    assert skipped == ref_skipped > 0
    assert problems == ref_problems
    pd.testing.assert_frame_equal(valid, ref_valid)
    keys = {p.key for p in problems}
    expected = {"import_unknown_indicator", "import_missing_value_in", "import_unknown_area", "import_ratio_indicator",
                "import_city_rolls_up", "import_district_city_only", "import_bad_period", "import_future_period",
                "import_period_too_old", "import_not_number", "import_not_yes_no", "import_negative",
                "import_above_max", "import_over_100", "import_note_is_number", "import_duplicate"}
    assert expected <= keys
    assert ("import_area_not_allowed" in keys) == (user is not None and user["role"] == "clerk")
    assert len(valid) > (500 if user and user.get("areas") == "990102" else 2000)   # most rows are good


def test_frames_that_are_not_plain_text_are_read_as_the_row_loop_read_them(fixture_con):
    raw = pd.DataFrame({"line": [2, 3, 4, 5, 6], "indicator_code": ["public_toilets", None, "public_toilets", 0, np.nan],
                        "area_code": ["990101", "990101", 990102, "990101", "990101"],
                        "period": ["2025-03", "2025-03", "2025-03", "2025-04", "2025-05"],
                        "value": [3, "4", 5.0, "6", "7"]})
    got = validate_frame(fixture_con, raw, today=TODAY)
    want = _ref_validate(fixture_con, raw, today=TODAY)
    assert got[1] == want[1] and got[2] == want[2]
    pd.testing.assert_frame_equal(got[0], want[0])
    empty = raw.iloc[:0]
    pd.testing.assert_frame_equal(validate_frame(fixture_con, empty, today=TODAY)[0],
                                  _ref_validate(fixture_con, empty, today=TODAY)[0])


# --------------------------------------------------------------------------- numbers

def test_parse_numbers_is_parse_number_for_every_text():
    rng = random.Random(3)
    alphabet = list("0123456789+-.,eE% ") + ["１", "５", "％", "，", "．", "\u3000", "\t", "元", "a", "²", "٣", "\n"]
    texts = ["", "1e999", "-1e999", "NaN", "inf", "1,234", "1,234.5", "12,34", "+.5", "5.", ".", "1e5", "1E-5",
             " 12 ", "1 234", "95.5%", "９５．５％", "1,234%", "0x10", "1_000"]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 9))) for _ in range(20000)]
    texts = np.array(list(dict.fromkeys(texts)), dtype=object)
    for allow in (False, True):
        got = parse_numbers(texts, allow_percent=allow)
        want = [parse_number(t, allow_percent=allow) for t in texts]
        assert [None if np.isnan(g) else g for g in got.tolist()] == want
