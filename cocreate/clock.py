"""China time, the one clock of the product: "today" and every stored time are Asia/Shanghai."""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

CHINA_TZ = ZoneInfo("Asia/Shanghai")


def china_now() -> dt.datetime:
    """Now in China time, as a naive timestamp (how the store keeps times)."""
    return dt.datetime.now(CHINA_TZ).replace(tzinfo=None)


def china_today() -> dt.date:
    """Today's date in China."""
    return dt.datetime.now(CHINA_TZ).date()
