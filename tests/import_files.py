"""Upload files built in tests: CSV text, XLSX as openpyxl writes it, zip members dropped or
changed, a sheet of many rows, Excel's shared strings; and a valid file of any upload damaged one
way (tests/test_import_fuzz.py). A quick fingerprint of the tables an import may touch."""
from __future__ import annotations

import csv
import io
import random
import re
import zipfile

import openpyxl

from cocreate.store import db

HEADER4 = ["indicator_code", "area_code", "period", "value"]


def digest(con) -> tuple:
    """A quick fingerprint of everything an import may touch (hash sums, not a dump: it runs twice per case)."""
    out = []
    for table in ("observations", "observation_history", "import_batches", "meta"):
        statement = "SELECT count(*), coalesce(sum(hash(t::VARCHAR)), 0) FROM " + db.quote_ident(table) + " t"
        out.append(con.execute(statement).fetchone())
    return tuple(out)


def csv_text(header, rows, sep=",") -> str:
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=sep, lineterminator="\r\n")
    w.writerow(header)
    w.writerows([[str(c) for c in r] for r in rows])
    return buf.getvalue()


def xlsx_bytes(header, rows, formats: dict | None = None, epoch=None) -> bytes:
    """A workbook as openpyxl writes it; `formats` maps a cell ('D2') to an Excel number format."""
    wb = openpyxl.Workbook()
    if epoch is not None:
        wb.epoch = epoch
    ws = wb.active
    ws.append(header)
    for r in rows:
        ws.append(r)
    for ref, fmt in (formats or {}).items():
        ws[ref].number_format = fmt
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def rezip(data: bytes, drop: str | None = None, change: dict | None = None, add: dict | None = None) -> bytes:
    """The same zip with a member dropped, replaced (`change`: name -> bytes or a function of the
    bytes) or added (`add`: name -> bytes)."""
    zin = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            if info.filename == drop:
                continue
            body = zin.read(info.filename)
            new = (change or {}).get(info.filename)
            zout.writestr(info.filename, new(body) if callable(new) else (body if new is None else new))
        for name, body in (add or {}).items():
            zout.writestr(name, body)
    return out.getvalue()


SHEET = "xl/worksheets/sheet1.xml"


def many_rows_xlsx(row: list, n: int) -> bytes:
    """A sheet of `n` copies of one row: openpyxl writes header and row once, the row XML is repeated
    (what openpyxl would write for n rows, in a fraction of the time)."""
    data = xlsx_bytes(HEADER4, [row])

    def grow(xml: bytes) -> bytes:
        m = re.search(rb'<row r="2".*?</row>', xml, re.S)
        one = m.group(0)
        body = b"".join(re.sub(rb'r="([A-Z]+)?2"', lambda g, k=k: b'r="' + (g.group(1) or b"") + str(k).encode() + b'"',
                               one) for k in range(2, n + 2))
        xml = xml[:m.start()] + body + xml[m.end():]
        return re.sub(rb'<dimension ref="[^"]*"/>', b"", xml)   # like write_only: no <dimension>
    return rezip(data, change={SHEET: grow})


# --------------------------------------------------------------------------- any upload's file

GENERIC_KINDS = ["truncate", "flip_bytes", "insert_bytes", "utf16_truncated", "open_quote", "nul_byte",
                 "huge_cell", "extra_cells", "x_truncate", "x_flip_bytes", "x_drop_member", "x_break_member",
                 "x_formula_no_value"]


def damage(rng: random.Random, kind: str, header: list[str], rows: list[list[str]]) -> tuple[bytes, str]:
    """A valid file of any upload (header and text rows) damaged one way: (bytes, file name)."""
    text = csv_text(header, rows)
    raw = text.encode("utf-8")
    if kind in ("truncate", "flip_bytes", "insert_bytes", "nul_byte"):
        p = rng.randrange(len(raw))
        if kind == "truncate":
            return raw[:p], "f.csv"
        if kind == "nul_byte":
            return raw[:p] + b"\x00" + raw[p:], "f.csv"
        if kind == "insert_bytes":
            return raw[:p] + bytes(rng.randrange(256) for _ in range(rng.randint(1, 20))) + raw[p:], "f.csv"
        b = bytearray(raw)
        for _ in range(rng.randint(1, 8)):
            b[rng.randrange(len(b))] = rng.randrange(256)
        return bytes(b), "f.csv"
    if kind == "utf16_truncated":
        body = text.encode("utf-16")
        return body[:rng.randrange(3, len(body), 2)], "f.csv"
    i, j = rng.randrange(len(rows)), rng.randrange(len(header))
    changed = [r[:] for r in rows]
    if kind == "open_quote":
        changed[i][j] = "QUOTE" + changed[i][j]
        return csv_text(header, changed).replace("QUOTE", '"', 1).encode(), "f.csv"
    if kind == "huge_cell":
        changed[i][j] = "长" * rng.choice([2_001, 131_073, 1_000_000])
        return csv_text(header, changed).encode(rng.choice(["utf-8", "gb18030"])), "f.csv"
    if kind == "extra_cells":
        changed[i] = changed[i] + ["1"] * rng.randint(1, 3)
        return csv_text(header, changed).encode(), "f.csv"
    good = xlsx_bytes(header, rows)
    if kind == "x_truncate":
        return good[:rng.randrange(len(good))], "f.xlsx"
    if kind == "x_flip_bytes":
        b = bytearray(good)
        for _ in range(rng.randint(1, 8)):
            b[rng.randrange(len(b))] = rng.randrange(256)
        return bytes(b), "f.xlsx"
    if kind == "x_drop_member":
        return rezip(good, drop=rng.choice(zipfile.ZipFile(io.BytesIO(good)).namelist())), "f.xlsx"
    if kind == "x_break_member":
        member = rng.choice(zipfile.ZipFile(io.BytesIO(good)).namelist())
        return rezip(good, change={member: lambda b: b[:rng.randrange(0, max(len(b), 1))]}), "f.xlsx"
    if kind == "x_formula_no_value":
        changed[i][j] = "=1+1"
        return xlsx_bytes(header, changed), "f.xlsx"
    raise KeyError(kind)


_INLINE = re.compile(rb'<c ([^>]*?)t="inlineStr"([^>]*)><is><t(?: [^>]*)?>(.*?)</t></is></c>', re.S)


def with_shared_strings(data: bytes) -> bytes:
    """The workbook as Excel saves text: each text cell points into xl/sharedStrings.xml (openpyxl
    writes inline strings, Excel and WPS never do)."""
    strings: dict[bytes, int] = {}

    def to_index(m):
        i = strings.setdefault(m.group(3), len(strings))
        return b"<c " + m.group(1) + b't="s"' + m.group(2) + b"><v>" + str(i).encode() + b"</v></c>"
    sheet = _INLINE.sub(to_index, zipfile.ZipFile(io.BytesIO(data)).read(SHEET))
    sst = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats.org/'
           b'spreadsheetml/2006/main" count="%d" uniqueCount="%d">' % (len(strings), len(strings))
           + b"".join(b'<si><t xml:space="preserve">' + t + b"</t></si>" for t in strings) + b"</sst>")
    rel = (b'<Relationship Id="rIdSst" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
           b'sharedStrings" Target="sharedStrings.xml"/></Relationships>')
    ct = (b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.'
          b'spreadsheetml.sharedStrings+xml"/></Types>')
    return rezip(data, change={SHEET: sheet,
                               "xl/_rels/workbook.xml.rels": lambda b: b.replace(b"</Relationships>", rel),
                               "[Content_Types].xml": lambda b: b.replace(b"</Types>", ct)},
                 add={"xl/sharedStrings.xml": sst})


def zip_bomb(data: bytes, mb: int = 201) -> bytes:
    """A workbook whose sheet inflates to `mb` MB (a few hundred KB on disk), written in chunks."""
    zin = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            if info.filename != SHEET:
                zout.writestr(info.filename, zin.read(info.filename))
        with zout.open(SHEET, "w", force_zip64=True) as f:
            f.write(zin.read(SHEET))
            for _ in range(mb):
                f.write(b" " * 1_048_576)
    return out.getvalue()
