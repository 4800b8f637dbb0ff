"""A CSV read column by column (pyarrow), taken only where it gives exactly what csv.reader gives.

cells.read_csv_rows (csv.reader, strict) stays the reference and reads every other file. The quick
reading is taken when every quote in the text belongs to a well-formed quoted cell (it opens at a
cell's start and closes before a delimiter, a line end or a doubled quote: what strict csv.reader
reads without error) or no quote opens a cell (each is a plain character), no BOM is left, the header is not too wide, every row is as wide as the header
and no cell is over the size limit. Then no row-shape refusal can arise, and the cells and the line
numbers (one per record) are csv.reader's. One difference no reader of the rows sees: an empty line
reads as a row of empty cells (csv.reader gives []); both are blank lines, skipped alike.

Cells are then folded (NFKC) and trimmed per distinct text of a column, not per cell.
"""
from __future__ import annotations

import csv
import io
import unicodedata
from operator import itemgetter

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from cocreate.errors import ImportRejected

_QUOTE = ord('"')


class CsvColumns:
    """The rows of a regular CSV held as columns: `header` (row 0 as text) and one pyarrow string array
    per header cell (row 0 included, so index i is row i). Indexing gives rows as lists, like the
    list of rows csv.reader makes; map_rows reads the columns."""

    def __init__(self, header: list[str], columns: list[pa.Array]):
        self.header = header
        self.columns = columns

    def __len__(self) -> int:
        return len(self.columns[0])

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(len(self)))]
        if i < 0:
            i += len(self)
        if i == 0:
            return list(self.header)
        return [c[i].as_py() for c in self.columns]

    def __iter__(self):
        return (self[i] for i in range(len(self)))

    def data(self, i: int) -> pa.Array:
        """Column i below the header."""
        return self.columns[i].slice(1)


def quoting(raw: bytes, delimiter: str) -> bool | None:
    """How csv.reader (strict) reads the text's quotes: False when none opens a quoted cell (no
    quotes, or each inside an unquoted cell where it is a plain character), True when every quote
    opens or closes a well-formed quoted cell, None otherwise (csv.reader must read the text).

    Only a quote at a cell's start (text start, delimiter, line end) opens a quoted cell. With
    quoting, counted in order, quote 0, 2, 4 ... opens and 1, 3, 5 ... closes (a doubled quote inside
    a cell is a close and an open side by side): an opening quote must start a cell (or follow the
    closing quote just before it), a closing quote must end one (delimiter, line end, text end, or the
    opening quote just after it). UTF-8 continuation bytes are never ASCII, so the bytes around a
    quote are the characters around it.
    """
    buf = np.frombuffer(raw, dtype=np.uint8)
    q = np.flatnonzero(buf == _QUOTE)
    if len(q) == 0:
        return False
    starts = np.zeros(256, dtype=bool)
    starts[[ord(delimiter), 10, 13]] = True
    before = buf[np.maximum(q - 1, 0)]
    if not (starts[before] | (q == 0)).any():
        return False
    if len(q) % 2:
        return None
    edge = starts.copy()
    edge[_QUOTE] = True
    opens, closes = q[0::2], q[1::2]
    after = buf[np.minimum(closes + 1, len(buf) - 1)]
    open_ok = edge[before[0::2]] | (opens == 0)
    close_ok = edge[after] | (closes == len(buf) - 1)
    return True if open_ok.all() and close_ok.all() else None


def read_regular_csv(text: str, delimiter: str, max_rows: int, max_columns: int,
                     max_cell_chars: int) -> CsvColumns | None:
    """The text's rows as columns, or None when csv.reader must read it (see the module's note).

    Raises the too-many-rows refusal itself: in a file read this way nothing else can stop
    csv.reader before it counts that row.
    """
    if not text or text[0] == "\ufeff":
        return None
    try:
        raw = text.encode("utf-8")
        header = next(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True))
    except (UnicodeEncodeError, csv.Error, StopIteration):
        return None
    quoted = quoting(raw, delimiter)
    if not header or len(header) > max_columns or quoted is None:
        return None
    names = [f"c{i}" for i in range(len(header))]
    try:
        table = pacsv.read_csv(
            io.BytesIO(raw),
            # one block, one thread: the quickest on a busy machine, and no row spans two blocks
            read_options=pacsv.ReadOptions(column_names=names, block_size=len(raw) + 1,
                                           use_threads=False),
            parse_options=pacsv.ParseOptions(delimiter=delimiter, quote_char='"' if quoted else False,
                                              double_quote=quoted, escape_char=False, newlines_in_values=quoted,
                                              ignore_empty_lines=False),
            convert_options=pacsv.ConvertOptions(column_types={n: pa.string() for n in names},
                                                 strings_can_be_null=False, quoted_strings_can_be_null=False))
    except (pa.ArrowException, ValueError):   # a row wider or narrower than the header, among others
        return None
    columns = [table.column(n).combine_chunks() for n in names]
    if [c[0].as_py() for c in columns] != header:
        return None
    if table.num_rows > max_rows + 1:
        raise ImportRejected("import_too_many_rows", [], max=f"{max_rows:,}")
    for c in columns:
        longest = pc.max(pc.utf8_length(c)).as_py()
        if longest is not None and longest > max_cell_chars:
            return None
    return CsvColumns(header, columns)


# what str.strip() removes from an ASCII text, at its start or end (RE2: `$` is the text's end)
_EDGE_SPACE = r"^[\t\n\x0b\x0c\r\x1c-\x1f ]|[\t\n\x0b\x0c\r\x1c-\x1f ]$"


def folded(rows, i: int, fold: bool, free: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Column i of the data rows, each cell NFKC-folded (when `fold`) and trimmed, a missing cell as "",
    as (results per distinct text, each row's index into them). Each distinct text is folded once;
    an ASCII text with nothing to trim is kept as it is (NFKC leaves ASCII unchanged).

    A CSV cell first loses the apostrophe the product's own writers put before a text a spreadsheet
    would run (cocreate/safe_cells.py: exactly that one, so a file the product wrote reads back as
    written). A `free` text column keeps a leading tab or CR as typed (only spaces before it go); a
    code column trims them all (an exported "\t420106" is a code kept as text for Excel)."""
    from cocreate.intake.cells import CsvRows
    from cocreate.safe_cells import unguard
    from_csv = isinstance(rows, (CsvColumns, CsvRows))
    if isinstance(rows, CsvColumns):
        enc = rows.data(i).dictionary_encode()
        distinct = enc.dictionary.to_numpy(zero_copy_only=False).astype(object)
        as_is = pc.and_(pc.and_(pc.string_is_ascii(enc.dictionary),
                                pc.invert(pc.match_substring_regex(enc.dictionary, _EDGE_SPACE))),
                        pc.invert(pc.starts_with(enc.dictionary, "'")))
        todo = np.flatnonzero(~as_is.to_numpy(zero_copy_only=False))
        index = enc.indices.to_numpy(zero_copy_only=False).astype(np.intp, copy=False)
    else:
        distinct, index = _row_texts(rows, i)
        todo = range(len(distinct))
    for k in todo:
        s = unguard(distinct[k]) if from_csv else distinct[k]
        s = fold_text(s) if fold and not s.isascii() else s
        distinct[k] = trim_free(s) if free else s.strip()
    return distinct, index


# invisible characters that make one code two: zero-width space / non-joiner / joiner, word joiner,
# BOM as zero-width no-break space, Mongolian vowel separator, soft hyphen (NFKC keeps them all)
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u180e\u00ad"))


def fold_text(s: str) -> str:
    """A code or number as compared everywhere: NFKC (full-width forms folded) without zero-width
    characters. Every upload's code columns, the task editor and the problems' comparison use it."""
    return unicodedata.normalize("NFKC", s).translate(_ZERO_WIDTH)


def trim_free(s: str) -> str:
    """A free text trimmed: trailing white space and leading white space up to a tab or CR, which is
    kept as typed ("\t=1+1" stays "\t=1+1", not the formula "=1+1")."""
    s = s.rstrip()
    k = 0
    while k < len(s) and s[k].isspace() and s[k] not in "\t\r":
        k += 1
    return s[k:]


def _row_texts(rows, i: int) -> tuple[np.ndarray, np.ndarray]:
    """Cell i of each data row as text (a missing cell or None as ""), as (distinct texts, index)."""
    body = rows[1:]
    try:
        cells = np.array(list(map(itemgetter(i), body)), dtype=object)
    except IndexError:   # a row shorter than the header
        cells = None
    if cells is not None and pd.api.types.infer_dtype(cells, skipna=False) in ("string", "empty"):
        index, distinct = pd.factorize(cells)
        return np.asarray(distinct, dtype=object), index.astype(np.intp, copy=False)
    seen: dict[str, int] = {}
    texts = (str(row[i]) if i < len(row) and row[i] is not None else "" for row in body)
    index = np.fromiter((seen.setdefault(t, len(seen)) for t in texts), dtype=np.intp, count=len(body))
    return np.array(list(seen), dtype=object), index
