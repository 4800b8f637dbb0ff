"""A figure's sources (glossary "figure_sources"), the one definition both engines keep in
`figures.source` when observations change: the distinct sources of the observations the figure is
worked out from, sorted byte-wise (PostgreSQL: COLLATE "C", whatever the server's locale), joined
with '; '; an observation without a source counts as 'unknown'. A value/measure: its observation's;
a ratio: its numerator's and the denominator observation it reads (the latest as of the period); a
city roll-up: the union of its districts' leaf figures' sources (split, united, sorted, joined).

Two lists joined take the cheap forms when neither holds ';' (nearly always), else split, unite, sort,
join. These return SQL expressions over two (non-NULL) source expressions; no values in the text."""
from __future__ import annotations


def both_sources(a: str, b: str) -> str:
    """DuckDB: the sources of `a` and `b` as one list."""
    return (f"CASE WHEN {a} = {b} THEN {a} "
            f"WHEN strpos({a}, ';') = 0 AND strpos({b}, ';') = 0 THEN "
            f"CASE WHEN {a} < {b} THEN {a} || '; ' || {b} ELSE {b} || '; ' || {a} END "
            f"ELSE array_to_string(list_sort(list_distinct(string_split({a} || '; ' || {b}, '; '))), '; ') END")


def pg_both_sources(a: str, b: str) -> str:
    """PostgreSQL: the same, in byte order."""
    return (f"CASE WHEN {a} = {b} THEN {a} "
            f"WHEN strpos({a}, ';') = 0 AND strpos({b}, ';') = 0 THEN "
            f"CASE WHEN {a} < {b} COLLATE \"C\" THEN {a} || '; ' || {b} ELSE {b} || '; ' || {a} END "
            f"ELSE (SELECT string_agg(DISTINCT x COLLATE \"C\", '; ' ORDER BY x COLLATE \"C\") "
            f"FROM unnest(string_to_array({a} || '; ' || {b}, '; ')) x) END")


def pg_split(source: str) -> str:
    """PostgreSQL: a source list as an array of its sources (split only when it holds ';')."""
    return (f"CASE WHEN strpos({source}, ';') > 0 THEN string_to_array({source}, '; ') "
            f"ELSE ARRAY[coalesce({source}, 'unknown')] END")
