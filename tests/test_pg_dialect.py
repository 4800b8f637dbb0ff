"""DuckDB SQL -> PostgreSQL (no server needed): parameters, NULLs, arrays, the rewrites sqlglot does
not do, and every schema and query file translates."""
from __future__ import annotations

import datetime as dt

import pytest

from cocreate import QUERIES_DIR
from cocreate.store import dialect, pg_schema


def bind(sql: str, params) -> tuple[str, dict]:
    st = dialect.translate(sql)
    values = params if isinstance(params, dict) else {f"__p{i}": v for i, v in enumerate(params)}
    shapes = tuple(sorted((n, dialect.shape(values.get(n))) for n in st.names))
    return dialect.render(st.text, shapes), values


def test_named_and_positional_parameters_become_psycopg_placeholders():
    text, _ = bind("SELECT a FROM t WHERE b = $area AND c = $area AND d = ?", {"area": "x", "__p0": 1})
    assert text == "SELECT a FROM t WHERE b = %(area)s AND c = %(area)s AND d = %(__p0)s"
    # a ? inside a string is text, not a parameter
    st = dialect.translate("SELECT '?' AS q, ? AS p")
    assert st.names == ("__p0",) and "'?'" in st.text


def test_none_is_written_as_null_and_is_null_tests_are_typed():
    text, _ = bind("SELECT 1 FROM t WHERE $title IS NULL OR code = $title", {"title": None})
    assert text == "SELECT 1 FROM t WHERE NULL IS NULL OR code = NULL"
    text, _ = bind("SELECT 1 FROM t WHERE $title IS NULL OR code = $title", {"title": "garden"})
    assert text == "SELECT 1 FROM t WHERE CAST(%(title)s AS TEXT) IS NULL OR code = %(title)s"


@pytest.mark.parametrize("value,kind", [(["620100", "620102"], "text[]"), ([dt.date(2026, 1, 1)], "date[]"),
                                        ([1, 2], "bigint[]"), ([], "text[]"), ([1.5, 2], "double precision[]")])
def test_lists_are_cast_to_their_array_type(value, kind):
    text, _ = bind("SELECT * FROM areas WHERE list_contains($areas, code)", {"areas": value})
    assert f"CAST(%(areas)s AS {kind})" in text and "ANY(" in text


def test_rewrites_sqlglot_does_not_do():
    st = dialect.translate("SELECT arg_max(value, period) AS v, any_value(name) AS n FROM t WHERE s LIKE 'year%'")
    assert "(ARRAY_AGG(value ORDER BY period DESC NULLS LAST) FILTER(WHERE period IS NOT NULL))[1] AS v" in st.text
    assert "MIN(name)" in st.text and "'year%%'" in st.text      # % doubled for psycopg
    assert dialect.translate("SELECT a % 3 FROM t").text == "SELECT MOD(a, 3) FROM t"
    # DuckDB sorts NULLs last in both directions; PostgreSQL puts them first when descending
    assert "DESC NULLS LAST" in dialect.translate("SELECT a FROM t ORDER BY a DESC").text


def test_transaction_control_and_by_name_inserts():
    assert dialect.translate("BEGIN TRANSACTION").kind == "begin"
    assert dialect.translate("COMMIT").kind == "commit" and dialect.translate("ROLLBACK").kind == "rollback"
    assert dialect.translate("CHECKPOINT").kind == "noop"
    st = dialect.translate("INSERT INTO hist BY NAME SELECT t.*, ? AS replaced_at FROM tab t")
    assert (st.kind, st.table) == ("by_name", "hist") and st.text.startswith("SELECT t.*, %(__p0)s AS replaced_at")


def test_every_query_file_and_schema_file_translates():
    for path in QUERIES_DIR.glob("*.sql"):
        st = dialect.translate(path.read_text(encoding="utf-8"))
        assert st.kind == "sql" and st.text.startswith(("SELECT", "WITH")), path.name
        assert "$" not in st.text.replace("$fn$", ""), path.name
    statements = pg_schema.statements()
    assert any(s.startswith("CREATE FUNCTION indicator_values_for") for s in statements)
    assert {"observations", "problems", "tasks", "assessment_scores", "meta"} <= set(pg_schema.table_names_in_schema())
    code = ["\n".join(line.split("--", 1)[0] for line in s.splitlines()) for s in statements]
    assert all("ASOF JOIN" not in c.upper() for c in code)
    # queries read the tables kept at write time (title_progress: figure_series, beside figures); a query
    # that still called the macro would carry its body instead
    text = dialect.translate((QUERIES_DIR / "title_progress.sql").read_text(encoding="utf-8")).text
    assert "indicator_values_for" not in text.lower() and "figure_series" in text.lower()
