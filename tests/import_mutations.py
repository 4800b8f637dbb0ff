"""Malformed upload files for the import fuzz (tests/test_import_fuzz.py, scripts/fuzz_imports.py).

A valid observations file (CSV or XLSX, made here) is damaged the ways real files are damaged:
cut short, bytes flipped, other encodings, stray commas and quotes, huge cells, NUL bytes, broken
or missing zip members, formulas with and without a saved value, percentage and date formats, a
lying <dimension>, cells beyond the header or at column XFD, too many rows. Each case says what a
correct import does with it: "exact" (import exactly the figures of the valid file), "refuse", or
"either" (a byte-level accident: refused, or imported with plausible figures).
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import random
import re
from dataclasses import dataclass

import openpyxl

from tests.import_files import SHEET, csv_text, many_rows_xlsx, rezip, with_shared_strings, xlsx_bytes, zip_bomb

HEADER = ["indicator_code", "area_code", "period", "value", "note"]
HEADER_ZH = ["指标代码", "地区代码", "期间", "数值", "备注"]
# valid for the demo catalog (data/): (indicator, areas it takes, largest plausible value, percent)
COMBOS = [("public_toilets", ("620102", "620103", "420102"), 3000, False),
          ("population", ("620102", "620104"), 2_000_000, False),
          ("greening_satisfaction_pct", ("620100", "420100"), 100, True),
          ("domestic_waste_harmless_pct", ("620102", "420106"), 100, True),
          ("good_air_days", ("620100",), 366, False),
          ("conservation_plan_yn", ("620100",), 1, False)]
NOTES = ["", "", "市城管委报送", "含新建10座", "Q3 survey", "备注：已复核"]


@dataclass
class Case:
    kind: str
    name: str            # file name (its extension picks the reader)
    data: bytes
    expect: str          # "exact" | "refuse" | "either"
    figures: dict        # (indicator, area, 'YYYY-MM-01') -> value of the valid file


def base_rows(rng: random.Random, n: int | None = None) -> list[list]:
    """Distinct valid figures: indicator, area, period 'YYYY-MM', value (int or one decimal), note."""
    n = n or rng.randint(1, 8)
    seen, rows = set(), []
    while len(rows) < n:
        ind, areas, top, pct = rng.choice(COMBOS)
        area, period = rng.choice(areas), f"{rng.randint(2021, 2025)}-{rng.randint(1, 12):02d}"
        if (ind, area, period) in seen:
            continue
        seen.add((ind, area, period))
        value = round(rng.uniform(0, top), 1) if pct else rng.randint(0, top)
        rows.append([ind, area, period, value, rng.choice(NOTES)])
    return rows


def figures_of(rows: list[list]) -> dict:
    return {(r[0], r[1], f"{r[2]}-01"): float(r[3]) for r in rows}


# --------------------------------------------------------------------------- CSV damage

def _cell_pos(rng, rows, cols=None):
    i = rng.randrange(len(rows))
    return i, rng.choice(cols if cols is not None else range(len(rows[i])))


def _csv_case(rng: random.Random, kind: str, rows: list[list]) -> tuple[bytes, str, str]:
    header = rng.choice([HEADER, HEADER_ZH])
    text = csv_text(header, rows)
    raw = text.encode("utf-8")
    if kind == "truncate":
        return raw[:rng.randrange(len(raw))], "either", ".csv"
    if kind == "flip_bytes":
        b = bytearray(raw)
        for _ in range(rng.randint(1, 8)):
            b[rng.randrange(len(b))] = rng.randrange(256)
        return bytes(b), "either", ".csv"
    if kind == "insert_bytes":
        p = rng.randrange(len(raw))
        return raw[:p] + bytes(rng.randrange(256) for _ in range(rng.randint(1, 20))) + raw[p:], "either", ".csv"
    if kind == "encoding_ok":
        enc = rng.choice(["utf-8-sig", "gbk", "gb18030", "utf-16"])
        return text.encode(enc), "exact", ".csv"
    if kind == "encoding_bad":
        enc = rng.choice(["utf-32", "utf-16-le", "utf-16-be"])   # no BOM (or a UTF-32 one): unreadable
        return text.encode(enc), "refuse", ".csv"
    if kind == "utf16_truncated":
        body = text.encode("utf-16")
        return body[:rng.randrange(3, len(body), 2)], "refuse", ".csv"    # odd length: a half character
    if kind == "extra_comma":       # an unquoted thousands separator or a comma inside a note
        i, j = _cell_pos(rng, rows, [0, 1, 2, 3])
        lines = text.split("\r\n")
        cells = next(csv.reader([lines[i + 1]]))
        cells[j] = cells[j][:1] + "," + cells[j][1:] if cells[j] else ","
        expect = "refuse" if len(cells[j]) > 2 else "either"   # "5," is only a harmless trailing comma
        lines[i + 1] = ",".join(cells)
        return "\r\n".join(lines).encode(), expect, ".csv"
    if kind == "huge_cell":
        i, j = _cell_pos(rng, rows, [3, 4])
        big = [r[:] for r in rows]
        big[i][j] = "9" * rng.choice([2_001, 131_073, 300_000, 3_000_000])
        return csv_text(header, big).encode(), "refuse", ".csv"
    if kind == "unmatched_quote":
        i, j = _cell_pos(rng, rows)
        bad = [r[:] for r in rows]
        bad[i][j] = "QUOTE" + str(bad[i][j])
        return csv_text(header, bad).replace("QUOTE", '"', 1).encode(), "refuse", ".csv"
    if kind == "nul_byte":
        p = rng.randrange(len(raw))
        return raw[:p] + b"\x00" + raw[p:], "refuse", ".csv"
    if kind == "line_endings":
        return text.replace("\r\n", rng.choice(["\n", "\r"])).encode(), "exact", ".csv"
    if kind == "short_row":        # a cell (and its comma) went missing: the rest of the line shifts left
        i, j = _cell_pos(rng, rows, [0, 1, 2])
        lines = text.split("\r\n")
        cells = next(csv.reader([lines[i + 1]]))
        del cells[j]
        cells[-1] = cells[-1] or "x"
        lines[i + 1] = ",".join(cells)
        return "\r\n".join(lines).encode(), "refuse", ".csv"
    if kind == "duplicate_row":
        i = rng.randrange(len(rows))
        return csv_text(header, rows + [rows[i]]).encode(), "refuse", ".csv"
    if kind == "fullwidth_and_quoted_thousands":   # both read as numbers: "1,234" in quotes, １２３４
        out = [r[:] for r in rows]
        for r in out:
            r[3] = f"{r[3]:,}" if isinstance(r[3], int) else str(r[3]).translate(
                {ord(c): 0xFF10 + int(c) for c in "0123456789"})
        return csv_text(header, out).encode(), "exact", ".csv"
    if kind == "semicolons":
        return csv_text(header, rows, sep=";").encode("utf-8-sig"), "exact", ".csv"
    if kind == "junk":
        return bytes(rng.randrange(256) for _ in range(rng.randint(0, 3000))), "either", rng.choice([".csv", ".xlsx"])
    if kind == "too_big":
        return raw + b"x" * (10 * 1024 * 1024), "refuse", ".csv"
    if kind == "too_many_rows":
        short = csv_text(HEADER[:4], [rows[0][:4]])     # 200,001 short lines stay under the 10 MB limit
        return (short + short.split("\r\n", 1)[1] * 200_001).encode(), "refuse", ".csv"
    raise KeyError(kind)


# --------------------------------------------------------------------------- XLSX damage

def _xlsx_case(rng: random.Random, kind: str, rows: list[list]) -> tuple[bytes, str, str]:
    from openpyxl.utils.datetime import CALENDAR_MAC_1904
    header = rng.choice([HEADER, HEADER_ZH])
    good = xlsx_bytes(header, rows)
    if kind == "x_truncate":
        return good[:rng.randrange(len(good))], "refuse", ".xlsx"
    if kind == "x_flip_bytes":
        b = bytearray(good)
        for _ in range(rng.randint(1, 8)):
            b[rng.randrange(len(b))] = rng.randrange(256)
        return bytes(b), "either", ".xlsx"
    if kind == "x_drop_member":
        member = rng.choice([SHEET, "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "_rels/.rels",
                             "[Content_Types].xml", "xl/styles.xml", "docProps/app.xml"])
        expect = "exact" if member in ("xl/styles.xml", "docProps/app.xml") else (
            "either" if member == "_rels/.rels" else "refuse")
        return rezip(good, drop=member), expect, ".xlsx"
    if kind == "x_break_member":
        member = rng.choice([SHEET, "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml",
                             "[Content_Types].xml"])
        how = rng.choice(["cut", "garbage", "empty"])
        change = {"cut": lambda b: b[:rng.randrange(1, len(b))], "empty": lambda b: b"",
                  "garbage": lambda b: bytes(rng.randrange(256) for _ in range(200))}[how]
        return rezip(good, change={member: change}), "either", ".xlsx"
    if kind == "x_formula_no_value":   # the file was made by a program, never opened and saved in Excel
        i = rng.randrange(len(rows))
        bad = [r[:] for r in rows]
        bad[i][3] = f"={rows[i][3]}+0"
        return xlsx_bytes(header, bad), "refuse", ".xlsx"
    if kind == "x_formula_saved":      # formulas Excel saved with their results: read the results
        wb_rows = [r[:] for r in rows]
        for r in wb_rows:
            r[3], r[4] = f"={r[3]}+0", '=IF(1,"","x")'
        data = xlsx_bytes(header, wb_rows)

        def cache(xml: bytes) -> bytes:
            xml = re.sub(rb"<c r=\"(D\d+)\"([^>]*)><f>([0-9.]+)\+0</f><v\s*(?:/>|></v>)",
                         lambda m: b'<c r="' + m.group(1) + b'"' + m.group(2) + b"><f>" + m.group(3)
                         + b"+0</f><v>" + m.group(3) + b"</v>", xml)
            return re.sub(rb'<c r="(E\d+)"([^>]*)><f>', lambda m: b'<c r="' + m.group(1) + b'"' + m.group(2)
                          + b' t="str"><f>', xml)
        return rezip(data, change={SHEET: cache}), "exact", ".xlsx"
    if kind == "x_percent_format":     # 95.5% is stored as 0.955 and shown as 95.5%
        pct_rows = [r[:] for r in rows]
        fmts = {}
        for k, r in enumerate(pct_rows, start=2):
            if next(c for c in COMBOS if c[0] == r[0])[3]:
                r[3] = r[3] / 100
                fmts[f"D{k}"] = rng.choice(["0.0%", "0%", "0.00%"])
            elif rng.random() < 0.5:
                fmts[f"D{k}"] = '0.0"%"'   # a '%' in quotes is a literal sign: the number is shown as is
        return xlsx_bytes(header, pct_rows, fmts), "exact", ".xlsx"
    if kind == "x_date_period":        # the period as a real date in a date format, in either date system
        fmt = rng.choice(["yyyy-mm-dd", 'yyyy"年"m"月"', "yyyy/m/d", "mmm-yy", "yyyy-mm-dd hh:mm"])
        dated = [r[:] for r in rows]
        for r in dated:
            y, m = map(int, r[2].split("-"))
            r[2] = dt.datetime(y, m, rng.randint(1, 28))
        epoch = rng.choice([None, CALENDAR_MAC_1904])
        data = xlsx_bytes(header, dated, {f"C{k}": fmt for k in range(2, len(rows) + 2)}, epoch=epoch)
        return data, "exact", ".xlsx"
    if kind == "x_year_in_date_cell":  # 2026 typed into a date-formatted cell reads as 1905-07-18
        bad = [r[:] for r in rows]
        i = rng.randrange(len(rows))
        bad[i][2] = int(rows[i][2][:4])
        fmt = rng.choice(["yyyy-mm-dd", 'yyyy"年"m"月"', "m/d/yyyy"])
        return xlsx_bytes(header, bad, {f"C{i + 2}": fmt}), "refuse", ".xlsx"
    if kind == "x_codes_as_numbers":   # area codes typed as numbers, years as numbers in General cells
        num = [r[:] for r in rows]
        for r in num:
            r[1] = int(r[1])
        return xlsx_bytes(header, num), "exact", ".xlsx"
    if kind == "x_huge_cell":
        big = [r[:] for r in rows]
        big[rng.randrange(len(rows))][4] = "说" * rng.choice([2_001, 32_767])
        return xlsx_bytes(header, big), "refuse", ".xlsx"
    if kind == "x_wrong_dimension":    # read-only openpyxl trusts <dimension>: every row must still be read
        return rezip(good, change={SHEET: lambda b: re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:B2"/>',
                                                              b)}), "exact", ".xlsx"
    if kind == "x_beyond_header":      # a value typed in a column that has no header
        wide = [r[:] for r in rows]
        i = rng.randrange(len(rows))
        wide[i] = wide[i] + [None] * rng.randint(0, 3) + [rng.choice([5, "备注"])]
        return xlsx_bytes(header, wide), "refuse", ".xlsx"
    if kind == "x_column_xfd":         # a cell at the sheet's last column
        return rezip(good, change={SHEET: lambda b: re.sub(rb'(<row r="2"[^>]*>.*?)</row>',
                                                             lambda m: m.group(1) + b'<c r="XFD2"><v>1</v></c></row>',
                                                             b, count=1, flags=re.S)}), "refuse", ".xlsx"
    if kind == "x_empty_value_cells":  # rows with codes but no value: skipped and counted, others imported
        return xlsx_bytes(header, rows + [[rows[0][0], rows[0][1], "2020-01", None, ""]]), "exact", ".xlsx"
    if kind == "x_shared_strings":     # text as Excel saves it: in xl/sharedStrings.xml
        return with_shared_strings(good), "exact", ".xlsx"
    if kind == "x_shared_strings_damaged":
        shared = with_shared_strings(good)
        how = rng.choice(["drop", "cut", "short"])
        if how == "drop":
            return rezip(shared, drop="xl/sharedStrings.xml"), "refuse", ".xlsx"
        if how == "cut":
            return rezip(shared, change={"xl/sharedStrings.xml": lambda b: b[:rng.randrange(1, len(b))]}), \
                "refuse", ".xlsx"
        # the table lost its last strings: the cells pointing there cannot be read
        return rezip(shared, change={"xl/sharedStrings.xml": lambda b: re.sub(rb"<si>(?:(?!<si>).)*</si></sst>",
                                                                              b"</sst>", b, flags=re.S)}), \
            "refuse", ".xlsx"
    if kind == "x_other_sheets":       # only the first sheet is read; the others may hold anything
        wb = openpyxl.load_workbook(io.BytesIO(good))
        junk = wb.create_sheet("说明")
        junk.append(["=A1", None, "随便写的内容", 1e308])
        buf = io.BytesIO()
        wb.save(buf)
        return buf.getvalue(), "exact", ".xlsx"
    if kind == "x_zip_bomb":
        return zip_bomb(good), "refuse", ".xlsx"
    if kind == "x_too_many_rows":
        return many_rows_xlsx(rows[0][:4], 200_001), "refuse", ".xlsx"
    raise KeyError(kind)


CSV_KINDS = ["truncate", "flip_bytes", "insert_bytes", "encoding_ok", "encoding_bad", "utf16_truncated",
             "extra_comma", "huge_cell", "unmatched_quote", "nul_byte", "line_endings", "short_row",
             "duplicate_row", "fullwidth_and_quoted_thousands", "semicolons", "junk", "too_big"]
XLSX_KINDS = ["x_truncate", "x_flip_bytes", "x_drop_member", "x_break_member", "x_formula_no_value",
              "x_formula_saved", "x_percent_format", "x_date_period", "x_year_in_date_cell", "x_codes_as_numbers",
              "x_huge_cell", "x_wrong_dimension", "x_beyond_header", "x_column_xfd", "x_empty_value_cells",
              "x_shared_strings", "x_shared_strings_damaged", "x_other_sheets"]
SLOW_KINDS = ["too_many_rows", "x_too_many_rows", "x_zip_bomb"]   # seconds each: the script runs them, the suite samples fewer
KINDS = CSV_KINDS + XLSX_KINDS


def make_case(kind: str, rng: random.Random) -> Case:
    rows = base_rows(rng)
    maker = _xlsx_case if kind.startswith("x_") else _csv_case
    data, expect, ext = maker(rng, kind, rows)
    return Case(kind, f"{kind}{ext}", data, expect, figures_of(rows))


# --------------------------------------------------------------------------- what a correct outcome is

def wrong_outcome(con, case: Case, refused: bool, batch_id: int | None) -> str | None:
    """None when the outcome fits the case; else a sentence saying what went wrong."""
    if refused:
        return "a good file was refused" if case.expect == "exact" else None
    if case.expect == "refuse":
        return "a damaged file was imported"
    if case.expect == "exact":
        for (ind, area, period), value in case.figures.items():
            got = con.execute("SELECT value FROM observations WHERE indicator_code=? AND area_code=? AND period=?",
                              [ind, area, period]).fetchone()
            if got is None or abs(got[0] - value) > 1e-9:
                return f"{ind} {area} {period}: stored {got and got[0]}, the file says {value}"
        return None
    bad = con.execute("""
        SELECT o.indicator_code, o.area_code, o.period, o.value FROM observations o
        JOIN indicators i ON i.code = o.indicator_code
        WHERE o.batch_id = $b AND (o.value < coalesce(i.value_min, o.value) OR o.value > i.value_max
              OR i.value_max IS NULL OR o.period < DATE '2000-01-01' OR o.period > current_date)""",
                      {"b": batch_id}).fetchall()
    return f"implausible figures stored: {bad[:3]}" if bad else None
