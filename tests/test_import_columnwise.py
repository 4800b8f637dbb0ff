"""The observations import reads and checks column by column (cocreate/intake/columns.py,
observation_rows.py): its results must be exactly those of the row-by-row code it replaced, kept
here as private reference functions. Messy files with every kind of bad row, and random CSV texts
(quotes, line ends, blank lines, ragged rows), are run through both."""
from __future__ import annotations

import datetime as dt
import random
import unicodedata

import numpy as np
import pandas as pd
import pytest

from cocreate.errors import ImportRejected
from cocreate.intake import cells, columns
from cocreate.intake import tasks as task_intake
from cocreate.intake.numbers import parse_numbers
from cocreate.intake.observations import EARLIEST_YEAR, HEADER_ZH, LAYOUT, Catalog, allowed_areas, validate_frame
from cocreate.intake.periods import parse_period
from cocreate.intake.reading import Problem, Table, column_letter, map_rows, norm_header, parse_number

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


def _ref_shape_problems(rows, width, layout):
    grid = isinstance(rows, cells.SheetRows)
    filled = lambda cs: any(str(c).strip() for c in cs if c is not None)  # noqa: E731
    problems = []
    for n, row in enumerate(rows[1:], start=2):
        if not filled(row):
            continue
        if len(row) > width and filled(row[width:]):
            problems.append(cells.line_problem(n, "import_row_too_long", cells=len(row), width=width))
        elif not grid and len(row) < width and layout.kind != "editor" and filled(row[-1:]) and len(row) > 1:
            problems.append(cells.line_problem(n, "import_row_too_short", cells=len(row), width=width))
        for i, c in enumerate(row):
            if c is not None and len(str(c)) > cells.MAX_CELL_CHARS:
                problems.append(cells.line_problem(n, "import_cell_too_long", letter=column_letter(i),
                                                   n=f"{len(str(c)):,}", max=f"{cells.MAX_CELL_CHARS:,}"))
        if len(problems) > cells.MAX_LISTED:
            break
    return problems


def _ref_map_rows(rows, layout) -> Table:
    """map_rows cell by cell (the code before the column-wise reading)."""
    rej = layout.rejected
    if not rows or not any(str(c).strip() for c in rows[0]):
        raise rej(layout.key_empty, [])
    header, lookup, mapping = rows[0], layout.lookup(), {}
    for i, h in enumerate(header):
        canon = lookup.get(norm_header(h))
        if canon is None:
            continue
        if canon in mapping:
            raise rej(layout.key_duplicate_column, [], column=str(h).strip())
        mapping[canon] = i
    missing = [c.name for c in layout.columns if c.required and c.name not in mapping]
    missing += [group[0] for group in layout.one_of if not any(g in mapping for g in group)]
    if missing:
        zh = layout.zh_names
        raise rej(layout.key_missing_columns, [], columns=", ".join(f"{c} / {zh[c]}" for c in missing))
    problems = _ref_shape_problems(rows, len(header), layout)
    if problems:
        raise rej("import_rejected_shape", problems, n=len(problems), rows=len({p.line for p in problems}))
    fold = {c.name: c.fold for c in layout.columns}
    data, lines = {c.name: [] for c in layout.columns}, []
    for n, row in enumerate(rows[1:], start=2):
        got = {}
        for c, i in mapping.items():
            v = str(row[i] if i < len(row) and row[i] is not None else "")
            got[c] = (unicodedata.normalize("NFKC", v) if fold[c] else v).strip()
        if not any(got.values()):
            continue
        for c in data:
            data[c].append(got.get(c, ""))
        lines.append(n)
    headers = {c: str(header[i]).strip().lstrip("\ufeff") for c, i in mapping.items()}
    letters = {c: column_letter(i) for c, i in mapping.items()}
    return Table(pd.DataFrame(data, dtype=object), lines, headers, letters, layout)


def _outcome(read, data: bytes, layout):
    """What reading gives: ("table", frame, lines, headers, letters) or ("refused", type, key, params, problems)."""
    try:
        t = read(data, layout)
    except ImportRejected as exc:
        return ("refused", type(exc).__name__, exc.key, exc.params, exc.problems)
    return ("table", t.frame, t.lines, t.headers, t.letters)


def _new_read(data, layout):
    return map_rows(cells.read_rows(data, "x.csv"), layout)


def _ref_read(data, layout):
    return _ref_map_rows(cells.read_csv_rows(data), layout)


def _same(a, b):
    assert a[0] == b[0], (a, b)
    if a[0] == "table":
        pd.testing.assert_frame_equal(a[1], b[1])
        assert a[2:] == b[2:]
    else:
        assert a == b


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


def test_the_messy_file_read_from_csv_is_read_and_checked_as_before(fixture_con):
    from tests.import_files import csv_text
    from cocreate.intake.observations import rows_to_frame
    cat = Catalog.load(fixture_con)
    rows = _messy_rows(cat, random.Random(11), 3000)
    for data in (csv_text(HEADER, rows).encode("utf-8"),                 # quoted where a cell holds a comma
                 csv_text(HEADER, rows, sep=";").encode("gb18030"),
                 ("\ufeff" + csv_text(["指标代码", "地区代码", "期间", "数值", "备注"], [r[:5] for r in rows])).encode()):
        assert isinstance(cells.read_rows(data, "m.csv"), columns.CsvColumns)
        raw, info = rows_to_frame(cells.read_rows(data, "m.csv"))
        ref = _ref_read(data, LAYOUT)
        pd.testing.assert_frame_equal(raw.drop(columns="line"), ref.frame)
        assert raw["line"].tolist() == ref.lines
        got = validate_frame(fixture_con, raw, info, catalog=cat, today=TODAY)
        want = _ref_validate(fixture_con, raw, info, catalog=cat, today=TODAY)
        assert got[1] == want[1] and got[2] == want[2]
        pd.testing.assert_frame_equal(got[0], want[0])


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


# --------------------------------------------------------------------------- reading

def _random_csv(rng: random.Random) -> bytes:
    sep = rng.choice([",", ",", ";", "\t"])
    header = rng.choice([HEADER[:4], HEADER, ["指标代码", "地区代码", "期间", "数值"], HEADER[:4] + ["extra"],
                         ["task_id", "title_code", "department_code", "task_zh", "due_date", "status"]])
    cellchars = ["a", "1", "2", " ", "１", "\u3000", "é", "全", sep, '"', "\r", "\n", ",", "\ufeff", "x", "\x1c", "\x85",
                 "\u2028", "\t", "\x0b"]

    tidy = rng.random() < 0.6   # every cell that needs quotes quoted, every row as wide as the header
    common = ["public_toilets", "990101", "2025-03", "12", "", " 5 ", "１２", "ａｂ", "\u3000"]
    if rng.random() < 0.3:
        common += ['5"', 'a"b""']   # quotes inside unquoted cells: plain characters to csv.reader
        if rng.random() < 0.5:      # ... and no cell that needs quotes
            cellchars = [c for c in cellchars if c not in (sep, '"', "\r", "\n")]

    def cell():
        if rng.random() < 0.7:
            return rng.choice(common)
        text = "".join(rng.choice(cellchars) for _ in range(rng.randint(0, 5)))
        if (tidy or rng.random() < 0.6) and any(c in text for c in (sep, '"', "\r", "\n")):
            return '"' + text.replace('"', '""') + '"'     # well quoted
        return text

    lines, ragged = [sep.join(header)], not tidy and rng.random() < 0.5
    for _ in range(rng.randint(0, 12)):
        width = len(header) + (rng.choice([0] * 8 + [-1, 1, -len(header) + 1]) if ragged else 0)
        lines.append("" if rng.random() < 0.08 else sep.join(cell() for _ in range(max(width, 1))))
    ends = rng.choice(["\n", "\r\n", "\r", "mixed"])
    text = "".join(line + (rng.choice(["\n", "\r\n", "\r"]) if ends == "mixed" else ends) for line in lines)
    if rng.random() < 0.3:
        text = text.rstrip("\r\n")
    if rng.random() < 0.05:
        text = "\ufeff" + text
    return text.encode(rng.choice(["utf-8", "utf-8", "utf-8-sig", "gb18030", "utf-16"]) if "é" not in text
                       else "utf-8")


def test_random_csv_files_read_exactly_as_csv_reader_reads_them():
    rng = random.Random(5)
    quick = {"quoted": 0, "plain quotes": 0, "no quotes": 0}
    for _ in range(1000):
        data = _random_csv(rng)
        for layout in (LAYOUT, task_intake.LAYOUT):
            _same(_outcome(_new_read, data, layout), _outcome(_ref_read, data, layout))
        try:
            rows = cells.read_rows(data, "x.csv")
        except ImportRejected:
            continue
        if isinstance(rows, columns.CsvColumns):
            text = cells.csv_text(data)
            quoted = columns.quoting(text.encode(), cells.csv_delimiter(text))
            quick["quoted" if quoted else "plain quotes" if '"' in text else "no quotes"] += 1
    # the quick reading is taken for most well-formed files, of each kind
    assert sum(quick.values()) > 500 and min(quick.values()) > 20, quick


@pytest.mark.parametrize("quoted", [False, True])
def test_too_many_rows_is_refused_by_either_reading(monkeypatch, quoted):
    monkeypatch.setattr(cells, "MAX_ROWS", 5)
    row = '"public_toilets",990101,2025-03,"1,234"\n' if quoted else "public_toilets,990101,2025-03,1\n"
    for n, refused in ((5, False), (6, True)):
        data = ("indicator_code,area_code,period,value\n" + row * n).encode()
        got, want = _outcome(_new_read, data, LAYOUT), _outcome(_ref_read, data, LAYOUT)
        _same(got, want)
        assert (got[0] == "refused") == refused and (not refused or got[2] == "import_too_many_rows")


def test_quoting_is_what_strict_csv_reader_reads():
    quoted = ['a,b\n"x,1",""""\n', '"a",b\r\n"",""\r\n', 'a,"b\nc"\n', '""', 'a\n"x"""\n']
    plain = ["a,b\n1,2\n", 'a,b\nx"y,c\n', 'a,b"\n', 'a,5"\n6\'2",x\n']   # quotes inside unquoted cells
    reader = ['a,b\n"a"b,c\n', 'a,"b', '"a"\n"b" \n', 'a,b"\n"c']
    assert [columns.quoting(t.encode(), ",") for t in quoted + plain + reader] == \
        [True] * len(quoted) + [False] * len(plain) + [None] * len(reader)


def test_rows_read_by_column_index_like_csv_reader_rows():
    data = b"indicator_code,area_code,period,value\npublic_toilets,990101,2025-03,12\n\nx,y,z,w\n"
    rows = cells.read_rows(data, "x.csv")
    assert isinstance(rows, columns.CsvColumns) and len(rows) == 4
    assert rows[0] == ["indicator_code", "area_code", "period", "value"]
    assert rows[1] == ["public_toilets", "990101", "2025-03", "12"] and rows[-1] == ["x", "y", "z", "w"]
    assert rows[2] == ["", "", "", ""] and cells.read_csv_rows(data)[2] == []   # a blank line either way
