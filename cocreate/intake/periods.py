"""A figure's period as people type it: 2026, 2026-09, 2026-09-30, 2026Q3, 2026年9月, 2026年第三季度.
Stored as the first day of its month (a quarter as its first month, a year as January)."""
from __future__ import annotations

import datetime as dt
import re

_Q = {"1": 1, "2": 2, "3": 3, "4": 4, "一": 1, "二": 2, "三": 3, "四": 4}
_PERIOD_PATTERNS = [
    (re.compile(r"^(\d{4})$"), "year"),
    (re.compile(r"^(\d{4})年$"), "year"),
    (re.compile(r"^(\d{4})[-/.](\d{1,2})$"), "month"),
    (re.compile(r"^(\d{4})年(\d{1,2})月$"), "month"),
    (re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]00:00(?::00)?)?$"), "day"),
    (re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$"), "day"),
    (re.compile(r"^(\d{4})\s*-?\s*[Qq]([1-4])$"), "quarter"),
    (re.compile(r"^(\d{4})年?第?([1-4一二三四])季度?$"), "quarter"),
]


def parse_period(text: str) -> tuple[dt.date, dt.date] | None:
    """(stored period = first day of its month, the date as written) or None when unreadable.

    YYYY -> January; YYYY-MM -> that month; YYYY-MM-DD -> its month; YYYYQn -> the quarter's first month.
    """
    s = text.strip()
    for pattern, kind in _PERIOD_PATTERNS:
        m = pattern.match(s)
        if not m:
            continue
        year = int(m.group(1))
        if not 1000 <= year <= 9999:
            return None
        try:
            if kind == "year":
                d = dt.date(year, 1, 1)
                return d, d
            if kind == "month":
                d = dt.date(year, int(m.group(2)), 1)
                return d, d
            if kind == "day":
                written = dt.date(year, int(m.group(2)), int(m.group(3)))
                return written.replace(day=1), written
            q = _Q[m.group(2)]
            d = dt.date(year, 3 * (q - 1) + 1, 1)
            return d, d
        except ValueError:
            return None
    return None


