"""Files for people are safe to open: no cell the product writes is one a spreadsheet would run.

Excel, WPS and LibreOffice run a CSV cell that begins with `=`, `+`, `-` or `@` as a formula (and
strip a leading tab or CR before deciding), and openpyxl writes any string beginning with `=` as a
formula cell. Every CSV and XLSX the product writes goes through this module:

- CSV (`frame_csv`): a text cell that needs it gets one leading apostrophe, so the spreadsheet shows
  it as text. XLSX (`neutralise_sheet`): a text cell stays a string cell (never a formula cell from
  data), marked "quote prefix" where it needs it so that editing it keeps it text; no apostrophe.
- Numbers stay numbers: a number column is never touched, and a text that is a plain number
  ("-5", "+3.5", "1e-3") runs nothing, so it is written as it is. Only text is guarded.

**The rule, and why it round-trips.** Let core(s) be s without its leading apostrophes. s *needs the
guard* when core(s) begins with one of `= + - @ \\t \\r` and is not a plain number. The writer puts
one apostrophe before every text that needs the guard; the CSV readers (the upload reader and the
export restore) remove one leading apostrophe from a cell c exactly when c begins with an apostrophe
and c[1:] needs the guard. Since core("'" + s) = core(s), a guarded s reads back as s, and an
unguarded s (which does not need the guard) is never stripped: s itself begins with an apostrophe
only if core(s) = core(s[1:]), which does not need it. So every text the product writes reads back
exactly, including texts that really begin with apostrophes ("'=x" is written "''=x").
The one reading this changes for a file typed by hand: a CSV cell "'=x" is read as "=x", which is
what a spreadsheet shows for it (the apostrophe is the spreadsheet's own "this is text" mark).
XLSX readers never strip anything: the product writes no apostrophe there.
"""
from __future__ import annotations

import re

import pandas as pd

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def needs_guard(text: str) -> bool:
    """Whether a text cell must be written guarded (see the module's rule)."""
    core = text.lstrip("'")
    return core[:1] in FORMULA_START and core != "" and not _PLAIN_NUMBER.fullmatch(core)


def guard(value):
    """A CSV cell's value as written: a text that needs it with one leading apostrophe; anything else
    (numbers, dates, missing values, harmless text) unchanged."""
    if isinstance(value, str) and needs_guard(value):
        return "'" + value
    return value


def unguard(text):
    """A CSV cell as read back: the writer's apostrophe removed, and nothing else (see the rule)."""
    if isinstance(text, str) and text[:1] == "'" and needs_guard(text[1:]):
        return text[1:]
    return text


def guard_series(s: pd.Series) -> pd.Series:
    """A column as written to CSV: text cells guarded, numbers and dates as they are."""
    if isinstance(s.dtype, pd.CategoricalDtype):   # e.g. an Arrow dictionary column: its labels are text
        s = s.astype(object)
    if pd.api.types.is_object_dtype(s.dtype):
        return s.map(guard)
    if not pd.api.types.is_string_dtype(s.dtype):
        return s
    core = s.str.lstrip("'")
    mask = (core.str[:1].isin(FORMULA_START) & ~core.str.fullmatch(_PLAIN_NUMBER.pattern)).fillna(False)
    mask = mask.astype(bool)
    if not mask.any():
        return s
    return s.where(~mask, "'" + s)


def guard_frame(df: pd.DataFrame) -> pd.DataFrame:
    """A frame as written to CSV: every text cell and every header guarded."""
    out = pd.DataFrame({i: guard_series(df.iloc[:, i]) for i in range(df.shape[1])}, index=df.index)
    out.columns = [guard(c) for c in df.columns]
    return out


def frame_csv(df: pd.DataFrame, **to_csv) -> str:
    """The one CSV writer of files for people: `DataFrame.to_csv` of the guarded frame (index off
    unless asked). Python's csv writer quotes a cell holding a line break only when the break is in
    the line terminator: with "\n" lines a cell holding a CR went out unquoted and split its row in
    two for every reader. Such a file (a CR kept in a cell) is written with "\r\n" lines, which
    quotes it; every other file keeps the terminator asked for."""
    to_csv.setdefault("index", False)
    out = guard_frame(df)
    ending = to_csv.get("lineterminator") or "\n"
    if "\r" not in ending and _any_text_holds(out, "\r"):
        to_csv["lineterminator"] = "\r\n"
    return out.to_csv(**to_csv)


def _any_text_holds(df: pd.DataFrame, char: str) -> bool:
    for i in range(df.shape[1]):
        s = df.iloc[:, i]
        if pd.api.types.is_object_dtype(s.dtype) or pd.api.types.is_string_dtype(s.dtype):
            if any(isinstance(v, str) and char in v for v in s.unique()):
                return True
    return any(isinstance(c, str) and char in c for c in df.columns)


def unguard_frame(df: pd.DataFrame) -> pd.DataFrame:
    """A CSV the product wrote, read back as text: each cell's guard apostrophe removed."""
    out = df.copy()
    for c in out.columns:
        if pd.api.types.is_object_dtype(out[c].dtype) or pd.api.types.is_string_dtype(out[c].dtype):
            out[c] = out[c].map(unguard)
    out.columns = [unguard(c) for c in df.columns]
    return out


def neutralise_sheet(ws) -> None:
    """An openpyxl worksheet made safe before it is saved: a cell that openpyxl took for a formula
    (any text beginning with '=' becomes one) is turned back into the string cell the data was, and a
    text cell that needs the guard is marked "quote prefix" so editing it in a spreadsheet keeps it
    text. The product's files hold no formulas of their own."""
    for row in ws.iter_rows():
        for cell in row:
            if cell.data_type == "f":
                cell.data_type = "s"
            if isinstance(cell.value, str) and needs_guard(cell.value):
                cell.quotePrefix = True
