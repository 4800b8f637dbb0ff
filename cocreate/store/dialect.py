"""DuckDB SQL -> PostgreSQL SQL, for the one set of query files and the statements in the code.

The project writes DuckDB SQL (named `$x` and positional `?` parameters). On PostgreSQL each statement
is translated once by sqlglot (cached by its text) plus a few rewrites sqlglot does not do:
`arg_max(a, b)` (no such aggregate in PostgreSQL), `any_value(a)` (PostgreSQL 16+ only: `min`, the
callers group by a key that makes the value unique), literal `%` (psycopg's placeholder sign).
Parameters become psycopg named placeholders `%(name)s`; positional ones are named `__p0, __p1...`.

At bind time, a parameter that is None is written as the constant NULL (PostgreSQL cannot infer the
type of `$1 IS NULL` alone), and a list is cast to an array type (`text[]`, `date[]`, ...). Both
are cached per statement and parameter shape, so a page's repeated queries cost one dict lookup.
"""
from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from pathlib import Path

import sqlglot
from sqlglot import exp
from sqlglot.dialects.duckdb import DuckDB
from sqlglot.tokens import TokenType

POSITIONAL = "__p"
_PLACEHOLDER = re.compile(r"%%|%\((\w+)\)s")
# `$x IS NULL` before any other use of $x: PostgreSQL cannot type the parameter there, so that
# occurrence is cast to text (any value has a text form; only its NULL-ness is asked).
_RENDER = re.compile(r"%%|%\((\w+)\)s(\s+IS\s+(?:NOT\s+)?NULL\b)?", re.I)
_TRANSACTION = re.compile(r"\s*(BEGIN|COMMIT|ROLLBACK|CHECKPOINT|ABORT|END)(\s+TRANSACTION)?\s*;?\s*$", re.I)


@dataclass(frozen=True)
class Statement:
    """A translated statement. kind: 'sql' (run as is), 'begin' / 'commit' / 'rollback' (transaction
    control, handled by the cursor), 'noop' (CHECKPOINT: the server checkpoints by itself), 'by_name'
    (INSERT ... BY NAME: the cursor matches the select's columns to the table's by name)."""
    kind: str
    text: str = ""
    names: tuple[str, ...] = ()     # parameter names in the text (positional ones as __p0...)
    table: str = ""                 # by_name: the target table
    positional: bool = False


class TranslationError(ValueError):
    """A statement sqlglot cannot turn into PostgreSQL."""


def _name_positionals(sql: str) -> tuple[str, bool]:
    """Replace each `?` placeholder (tokens, so never one inside a string) by `$__pN`."""
    tokens = DuckDB().tokenize(sql)
    out, last, n = [], 0, 0
    for tok in tokens:
        if tok.token_type == TokenType.PLACEHOLDER and tok.text == "?":
            out.append(sql[last:tok.start])
            out.append(f"${POSITIONAL}{n}")
            last, n = tok.end + 1, n + 1
    out.append(sql[last:])
    return "".join(out), n > 0


_PG_VIEWS = Path(__file__).parent / "postgres" / "views.sql"
_TABLE_MACRO = re.compile(r"CREATE FUNCTION (\w+)\((\w+) text\[\]\).*?\$fn\$(.*?)\$fn\$", re.S)


@functools.cache
def table_macros() -> dict[str, tuple[str, exp.Expression]]:
    """DuckDB table macros kept as PostgreSQL functions (postgres/views.sql): name -> (parameter,
    body). A query's call is replaced by the body with the argument written in for the parameter,
    as DuckDB expands a macro: PostgreSQL then plans the body with the real area list, where a
    function called with a sub-select argument is planned blind and its rows kept in a buffer."""
    found = {}
    for name, param, body in _TABLE_MACRO.findall(_PG_VIEWS.read_text(encoding="utf-8")):
        body = "\n".join(line.split("--", 1)[0] for line in body.splitlines())
        found[name.lower()] = (param, sqlglot.parse_one(body, read="postgres"))
    return found


def _expand_macro(node: exp.Expression) -> exp.Expression:
    if not (isinstance(node, exp.Table) and isinstance(node.this, exp.Anonymous)):
        return node
    macro = table_macros().get(str(node.this.this).lower())
    if macro is None or len(node.this.expressions) != 1:
        return node
    param, body = macro
    # typed, so `x = ANY(arg)` reads an array even when the argument is a sub-select
    arg = exp.cast(node.this.expressions[0], exp.DataType.build("TEXT[]", dialect="postgres"))
    expanded = body.copy().transform(
        lambda n: arg.copy() if isinstance(n, exp.Column) and not n.table and n.name == param else n)
    return exp.Subquery(this=expanded, alias=node.args.get("alias") or exp.TableAlias(this=exp.to_identifier("v")))


def _rewrite(node: exp.Expression) -> exp.Expression:
    if isinstance(node, exp.Literal) and node.is_string and "%" in node.this:
        return exp.Literal.string(node.this.replace("%", "%%"))
    if isinstance(node, exp.Mod):
        return exp.Anonymous(this="MOD", expressions=[node.this, node.expression])
    if isinstance(node, exp.IgnoreNulls) and isinstance(node.this, exp.AnyValue):
        return exp.Min(this=node.this.this)
    if isinstance(node, exp.AnyValue):
        return exp.Min(this=node.this)
    if isinstance(node, exp.ArgMax) or isinstance(node, exp.ArgMin):
        order = "DESC NULLS LAST" if isinstance(node, exp.ArgMax) else "ASC NULLS LAST"
        arg, key = node.this.sql("postgres"), node.expression.sql("postgres")
        return sqlglot.parse_one(
            f"(ARRAY_AGG({arg} ORDER BY {key} {order}) FILTER (WHERE {key} IS NOT NULL))[1]", read="postgres")
    return node


@functools.lru_cache(maxsize=4096)
def translate(sql: str) -> Statement:
    """The PostgreSQL form of one DuckDB statement (cached by its text)."""
    control = _TRANSACTION.match(sql)
    if control:
        word = control.group(1).upper()
        kind = {"BEGIN": "begin", "COMMIT": "commit", "END": "commit", "ROLLBACK": "rollback",
                "ABORT": "rollback", "CHECKPOINT": "noop"}[word]
        return Statement(kind)
    named, positional = _name_positionals(sql)
    try:
        trees = [t for t in sqlglot.parse(named, read="duckdb") if t is not None]
    except sqlglot.errors.ParseError as exc:
        raise TranslationError(f"cannot read statement as DuckDB SQL: {exc}") from exc
    if len(trees) != 1:
        raise TranslationError("one statement at a time")
    tree = trees[0].transform(_expand_macro).transform(_rewrite)
    kind, table = "sql", ""
    if isinstance(tree, exp.Insert) and tree.args.get("by_name"):
        kind = "by_name"
        table = tree.this.sql("postgres")
        tree = tree.expression   # the select; the cursor builds the column list at run time
    text = tree.sql("postgres", comments=False)
    names = tuple(dict.fromkeys(m.group(1) for m in _PLACEHOLDER.finditer(text) if m.group(1)))
    return Statement(kind, text, names, table, positional)


def _array_type(values) -> str:
    items = [v for v in values if v is not None]
    if items and all(isinstance(v, bool) for v in items):
        return "boolean[]"
    if items and all(isinstance(v, int) and not isinstance(v, bool) for v in items):
        return "bigint[]"
    if items and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in items):
        return "double precision[]"
    if items and all(isinstance(v, dt.datetime) for v in items):
        return "timestamp[]"
    if items and all(isinstance(v, dt.date) and not isinstance(v, dt.datetime) for v in items):
        return "date[]"
    return "text[]"


def shape(value) -> str:
    """How a parameter is written: 'null', an array type, or '' (bound as it is)."""
    if value is None:
        return "null"
    if isinstance(value, (list, tuple)):
        return _array_type(value)
    return ""


@functools.lru_cache(maxsize=8192)
def render(text: str, shapes: tuple[tuple[str, str], ...]) -> str:
    """The statement with NULL written for None parameters, arrays cast to their type, and
    `$x IS NULL` tests typed."""
    how = dict(shapes)

    def sub(m: re.Match) -> str:
        name, null_test = m.group(1), m.group(2) or ""
        if name is None:
            return m.group(0)
        kind = how.get(name, "")
        if kind == "null":
            return "NULL" + null_test
        if kind:
            return f"CAST(%({name})s AS {kind})" + null_test
        if null_test:
            return f"CAST(%({name})s AS TEXT)" + null_test
        return m.group(0)
    return _RENDER.sub(sub, text)


def array_value(value, kind: str):
    """A list as psycopg should send it for the array type chosen by shape()."""
    if kind == "text[]":
        return [None if v is None else str(v) for v in value]
    return list(value)


def translate_script(sql: str) -> list[str]:
    """A DDL file (several statements) in PostgreSQL; comments dropped."""
    out = []
    for tree in sqlglot.parse(sql, read="duckdb"):
        if tree is not None:
            out.append(tree.transform(_rewrite).sql("postgres", comments=False).replace("%%", "%"))
    return out
