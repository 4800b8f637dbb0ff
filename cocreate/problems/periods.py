"""Report periods: ISO week `2026-W40`, month `2026-10`, quarter `2026Q3` -> first and last day."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from cocreate.clock import CHINA_TZ, china_today  # noqa: F401
from cocreate.errors import CocreateError

KINDS = ("week", "month", "quarter")
_WEEK = re.compile(r"^(\d{4})-?W(\d{1,2})$", re.I)
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_QUARTER = re.compile(r"^(\d{4})-?Q([1-4])$", re.I)


@dataclass(frozen=True)
class Period:
    kind: str          # week | month | quarter
    code: str          # canonical text: 2026-W40, 2026-10, 2026Q3
    start: dt.date
    end: dt.date       # inclusive

    def previous(self) -> "Period":
        """The period of the same kind just before this one."""
        return containing(self.kind, self.start - dt.timedelta(days=1))

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def _month_end(year: int, month: int) -> dt.date:
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def containing(kind: str, day: dt.date) -> Period:
    """The week, month or quarter that holds `day`."""
    if kind == "week":
        y, w, _ = day.isocalendar()
        start = day - dt.timedelta(days=day.weekday())
        return Period("week", f"{y}-W{w:02d}", start, start + dt.timedelta(days=6))
    if kind == "month":
        return Period("month", f"{day.year}-{day.month:02d}", day.replace(day=1), _month_end(day.year, day.month))
    if kind == "quarter":
        q = (day.month - 1) // 3 + 1
        start = dt.date(day.year, 3 * q - 2, 1)
        return Period("quarter", f"{day.year}Q{q}", start, _month_end(day.year, 3 * q))
    raise CocreateError("prob_bad_period", kind, text=kind)


def parse_period(text: str) -> Period:
    """`2026-W40` / `2026-10` / `2026Q3` (also `2026-Q3`, `2026W40`); anything else is refused."""
    s = str(text or "").strip()
    try:
        if m := _WEEK.match(s):
            start = dt.date.fromisocalendar(int(m.group(1)), int(m.group(2)), 1)
            return containing("week", start)
        if m := _MONTH.match(s):
            return containing("month", dt.date(int(m.group(1)), int(m.group(2)), 1))
        if m := _QUARTER.match(s):
            return containing("quarter", dt.date(int(m.group(1)), 3 * int(m.group(2)) - 2, 1))
    except ValueError:
        pass
    raise CocreateError("prob_bad_period", s, text=s)


def latest_full(kind: str = "week", today: dt.date | None = None) -> Period:
    """The last week (month, quarter) that has fully ended before today (China time)."""
    today = today or china_today()
    return containing(kind, containing(kind, today).start - dt.timedelta(days=1))


def recent(kind: str, count: int, today: dt.date | None = None) -> list[Period]:
    """The `count` latest full periods of a kind, newest first (for a picker)."""
    out = [latest_full(kind, today)]
    while len(out) < count:
        out.append(out[-1].previous())
    return out


def last_full_day(as_of: dt.date, today: dt.date | None = None) -> dt.date:
    """The last whole day the figures can be read at for an as-of date: the as-of day itself, or
    yesterday when the as-of is today or later (today is not over yet, China time)."""
    today = today or china_today()
    return min(as_of, today - dt.timedelta(days=1))


def recent_at(kind: str, count: int, as_of: dt.date, today: dt.date | None = None) -> list[Period]:
    """The `count` latest full periods at an as-of date, newest first: each ends on or before
    `last_full_day(as_of, today)` (the page's picker; its first one is the default)."""
    return recent(kind, count, last_full_day(as_of, today) + dt.timedelta(days=1))
