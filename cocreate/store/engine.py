"""Which engine a connection or cursor speaks to, in a module of its own so that the store's parts
that only need to ask (series, figures) do not import db, and db can import them."""
from __future__ import annotations


def is_postgres(con) -> bool:
    return getattr(con, "backend", None) == "postgres" or getattr(getattr(con, "_owner", None), "backend",
                                                                     None) == "postgres"
