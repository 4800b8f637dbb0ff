"""Typed errors at the data boundary: each carries a message key a person can read."""


class CocreateError(Exception):
    """Base error; `key` names a message in cocreate.present.i18n, `params` fill it in."""

    def __init__(self, key: str, detail: str = "", **params):
        super().__init__(f"{key}: {detail}" if detail else key)
        self.key = key
        self.detail = detail
        self.params = params


class DatabaseMissing(CocreateError):
    """The database file does not exist yet."""


class QueryError(CocreateError):
    """A named query failed in DuckDB."""


class ImportRejected(CocreateError):
    """An import file was refused; `problems` lists the bad rows."""

    def __init__(self, key: str, problems=None, **params):
        super().__init__(key, **params)
        self.problems = problems or []


class PermissionDenied(CocreateError):
    """The user may not do this."""
