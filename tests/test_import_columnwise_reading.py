"""The uploads' CSV reading goes column by column (cocreate/intake/columns.py): pyarrow where it reads
exactly what strict csv.reader reads, cells folded per distinct text. Its tables must be exactly those
of the cell-by-cell code it replaced, kept here as private reference functions: random CSV texts
(quotes, line ends, blank lines, ragged rows) and a messy observations file are run through both."""
from __future__ import annotations

import random
import re
import unicodedata

import pandas as pd
import pytest

from cocreate.errors import ImportRejected
from cocreate.intake import cells, columns
from cocreate.intake import tasks as task_intake
from cocreate.intake.observations import LAYOUT, Catalog, validate_frame
from cocreate.intake.reading import Table, column_letter, map_rows, norm_header
from cocreate.safe_cells import unguard
from tests.test_import_columnwise import HEADER, TODAY, _messy_rows, _ref_validate

# --------------------------------------------------------------------------- the reference (old) code

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
    free = {c.name: c.free or not c.fold for c in layout.columns}
    data, lines = {c.name: [] for c in layout.columns}, []
    for n, row in enumerate(rows[1:], start=2):
        got = {}
        for c, i in mapping.items():
            v = unguard(str(row[i] if i < len(row) and row[i] is not None else ""))   # issue 23: CSV guard
            # folded: NFKC, and zero-width characters removed (issue 23: one code, not two)
            v = re.sub("[\u200b\u200c\u200d\u2060\ufeff\u180e\u00ad]", "", unicodedata.normalize("NFKC", v)) \
                if fold[c] else v
            # free text keeps a leading tab or CR (only other white space before it goes)
            got[c] = re.sub(r"^[^\S\t\r]+", "", v.rstrip()) if free[c] else v.strip()
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


# --------------------------------------------------------------------------- a messy observations file

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


# --------------------------------------------------------------------------- random files

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
