"""Assessment results uploads (shared intake): three layouts (component scores, field results per
point, questionnaire answers per question and group), their row rules, and the all-or-nothing write
that keeps every replaced row in history. Reading files is the shared reader's job, not this one's."""
from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

import pandas as pd

from cocreate.store import db
from cocreate.errors import CocreateError, ImportRejected

from . import survey_figures
from cocreate.intake.reading import Layout, Problem, parse_date, parse_number, read_table

from .layouts import (COMPONENT_WORDS, FIELD, KEYS, KIND_WORDS, LAYOUTS, QUESTIONNAIRE,  # noqa: F401
                      SCORES)


@dataclass
class Refs:
    """What rows may name: areas (code -> parent code or None), point types, questions, groups."""
    areas: dict
    point_types: set
    questions: set
    groups: set
    allowed_areas: set | None = None      # a clerk's cities; None = any


def load_refs(con, allowed_areas: set | None = None) -> Refs:
    areas = db.run(con, "areas")
    parents = {r["code"]: (r["parent_code"] if isinstance(r["parent_code"], str) and r["parent_code"] else None)
               for r in areas.to_dict("records")}
    return Refs(parents, set(db.run(con, "score_point_types")["code"]),
                set(db.run(con, "questionnaire_questions")["code"]), set(db.run(con, "questionnaire_groups")["code"]),
                allowed_areas)


def _word(text: str, words: dict) -> str | None:
    s = text.strip().lower()
    return next((k for k, ws in words.items() if s in ws), None)


class _Rows:
    """Checks one row's cells, collecting problems with the file's line and header."""

    def __init__(self, problems: list, line: int, headers: dict):
        self.problems, self.line, self.headers = problems, line, headers

    def bad(self, column: str, key: str, **params):
        self.problems.append(Problem(self.line, column, key, params, self.headers.get(column, "")))
        return None

    def text(self, row, column: str, required: bool = True):
        v = row.get(column, "")
        return v if v else (self.bad(column, "score_imp_required") if required else None)

    def integer(self, row, column: str, low: int, high: int | None = None):
        v = self.text(row, column)
        if v is None:
            return None
        n = parse_number(v)
        if n is None or n != int(n):
            return self.bad(column, "score_imp_not_integer", value=v)
        if n < low or (high is not None and n > high):
            return self.bad(column, "score_imp_out_of_range", value=v, low=low, high=high if high is not None else "∞")
        return int(n)

    def date(self, row, column: str, today: dt.date, required: bool = False):
        v = self.text(row, column, required)
        if v is None:
            return None
        d = parse_date(v)
        if d is None:
            return self.bad(column, "score_imp_bad_date", value=v)
        return d if d <= today else self.bad(column, "score_imp_future_date", value=v)

    def city(self, row, refs: Refs):
        v = self.text(row, "area_code")
        if v is None:
            return None
        if v not in refs.areas:
            return self.bad("area_code", "score_imp_unknown_area", value=v)
        if refs.areas[v] is not None:
            return self.bad("area_code", "score_imp_not_city", value=v)
        if refs.allowed_areas is not None and v not in refs.allowed_areas:
            return self.bad("area_code", "score_imp_not_allowed", value=v)
        return v

    def kind(self, row):
        v = self.text(row, "kind")
        return None if v is None else (_word(v, KIND_WORDS) or self.bad("kind", "score_imp_bad_kind", value=v))


def validate(table, refs: Refs, today: dt.date, layout: Layout) -> tuple[pd.DataFrame, list[Problem]]:
    """(clean rows, problems): every row checked against the layout's rules; duplicates refused."""
    problems: list[Problem] = []
    out, seen = [], {}
    for line, row in zip(table.lines, table.frame.to_dict("records")):
        r = _Rows(problems, line, table.headers)
        n_before = len(problems)
        rec = {"area_code": r.city(row, refs), "source": row.get("source") or None}
        if layout.kind in ("assessment_scores", "field_results"):
            rec["year"] = r.integer(row, "year", 2000, today.year)
            rec["kind"] = r.kind(row)
        if layout.kind == "assessment_scores":
            comp = r.text(row, "component")
            rec["component"] = comp and (_word(comp, COMPONENT_WORDS) or r.bad("component", "score_imp_bad_component",
                                                                                value=comp))
            s = r.text(row, "score")
            num = None if s is None else parse_number(s)
            if s is not None and (num is None or not 0 <= num <= 100):
                r.bad("score", "score_imp_bad_score", value=s)
            rec.update(score=num, assessed_on=r.date(row, "assessed_on", today), note=row.get("note") or None)
        elif layout.kind == "field_results":
            d = r.text(row, "district_code")
            if d is not None and rec["area_code"] and d != rec["area_code"] and refs.areas.get(d) != rec["area_code"]:
                d = r.bad("district_code", "score_imp_bad_district", value=d, city=rec["area_code"])
            pt = r.text(row, "point_type")
            if pt is not None and pt not in refs.point_types:
                pt = r.bad("point_type", "score_imp_unknown_point_type", value=pt)
            checked = r.integer(row, "items_checked", 1)
            passed = r.integer(row, "items_passed", 0)
            if checked is not None and passed is not None and passed > checked:
                r.bad("items_passed", "score_imp_passed_over_checked", passed=passed, checked=checked)
            rec.update(district_code=d, point_type=pt, point_name=r.text(row, "point_name"), items_checked=checked,
                       items_passed=passed, inspected_on=r.date(row, "inspected_on", today))
        else:
            q, g = r.text(row, "question_code"), r.text(row, "group_code")
            if q is not None and q not in refs.questions:
                r.bad("question_code", "score_imp_unknown_question", value=q)
            if g is not None and g not in refs.groups:
                r.bad("group_code", "score_imp_unknown_group", value=g)
            n = r.integer(row, "sample_size", 1)
            pos = None
            if row.get("n_positive"):
                pos = r.integer(row, "n_positive", 0)
                if pos is not None and n is not None and pos > n:
                    r.bad("n_positive", "score_imp_positive_over_sample", positive=pos, n=n)
            elif row.get("rate_pct"):
                rate = parse_number(row["rate_pct"], allow_percent=True)
                if rate is None or not 0 <= rate <= 100:
                    r.bad("rate_pct", "score_imp_bad_rate", value=row["rate_pct"])
                elif 0 < rate <= 1 and "%" not in row["rate_pct"]:   # 0.85: 0.85 % or 85 %? (issue 23)
                    r.bad("rate_pct", "sec_score_rate_ambiguous", value=row["rate_pct"])
                elif n is not None:
                    pos = int(round(rate * n / 100))
            else:
                r.bad("n_positive", "score_imp_positive_or_rate")
            rec.update(round=r.text(row, "round"), survey_date=r.date(row, "survey_date", today, required=True),
                       question_code=q, group_code=g, sample_size=n, n_positive=pos)
        if len(problems) == n_before:
            key = tuple(rec[k] for k in KEYS[layout.kind])
            if key in seen:
                r.bad("", "score_imp_duplicate", first=seen[key])
            else:
                seen[key] = line
                out.append(rec)
    clean = pd.DataFrame(out)
    for col in ("assessed_on", "inspected_on", "survey_date"):
        if col in clean:
            clean[col] = pd.to_datetime(clean[col])
    return clean, problems


@dataclass
class ImportSummary:
    kind: str
    file_name: str
    rows: int
    replaced: int = 0
    batch_id: int | None = None
    dry_run: bool = False
    figures: object = None       # the indicator figures the answers are (survey_figures), when any
    # worded by cocreate/present/upload_words.results_summary


def apply(cur, kind: str, clean: pd.DataFrame, user: str | None, file_name: str,
          sha256: str | None = None) -> ImportSummary:
    """Write the clean rows inside the caller's transaction: replaced rows go to <table>_history.
    Questionnaire answers to questions tied to an indicator also become that indicator's figures for
    their periods, in the same transaction, through the observation write path (survey_figures)."""
    table, hist = db.quote_ident(kind), db.quote_ident(kind + "_history")
    match = " AND ".join("t." + db.quote_ident(k) + " = i." + db.quote_ident(k) for k in KEYS[kind])
    now = dt.datetime.now()
    # fetchall, not fetchone: DuckDB 2.0 keeps an unfinished result owning the cursor
    batch = int(cur.execute("SELECT coalesce(max(batch_id), 0) + 1 FROM assessment_batches").fetchall()[0][0])
    cur.register("_incoming", clean)
    try:
        replaced = cur.execute("INSERT INTO " + hist + " BY NAME SELECT t.*, ? AS replaced_at, ? AS replaced_by_batch "
                               "FROM " + table + " t JOIN _incoming i ON " + match, [now, batch]).fetchall()[0][0]
        cur.execute("DELETE FROM " + table + " t USING _incoming i WHERE " + match)
        cur.execute("INSERT INTO " + table + " BY NAME SELECT *, ? AS batch_id FROM _incoming", [batch])
    finally:
        cur.unregister("_incoming")
    cur.execute("INSERT INTO assessment_batches VALUES (?, ?, ?, ?, ?, ?, ?)",
                [batch, now, user, file_name, kind, len(clean), int(replaced)])
    figures = None
    if kind == "questionnaire_results":
        figures = survey_figures.write_survey_figures(cur, clean[["area_code", "round"]], user or "cli", file_name,
                                                      sha256)
    db.bump_data_version(cur)
    return ImportSummary(kind, file_name, len(clean), int(replaced), batch, figures=figures)


def read_any(data: bytes, file_name: str):
    """(layout, table) for the first layout whose required columns the file has."""
    first_error = None
    for layout in LAYOUTS:
        try:
            return layout, read_table(data, file_name, layout)
        except ImportRejected as exc:
            if exc.key != "import_missing_columns":
                raise
            first_error = first_error or exc
    unknown = ImportRejected("score_imp_unknown_layout", [])
    unknown.also = getattr(first_error, "also", None)   # where the header was looked for (issue 23)
    raise unknown


def import_results(con, data: bytes, file_name: str, user: str | dict | None = None, today: dt.date | None = None,
                   allowed_areas: set | None = None, dry_run: bool = False) -> ImportSummary:
    """Read, validate every row, write all or nothing; a bad row refuses the whole file. `user` an account
    (users-table dict): its role must allow imports and its areas bound the rows (issue 23)."""
    if isinstance(user, dict):
        from cocreate.intake.observations import allowed_areas as account_areas, check_may_import
        check_may_import(user)
        allowed_areas, user = account_areas(con, user), user.get("name")
    today = today or dt.date.today()
    layout, table = read_any(data, file_name)
    clean, problems = validate(table, load_refs(con, allowed_areas), today, layout)
    if problems:
        raise ImportRejected("score_imp_rejected", problems, file=file_name, n=len(problems),
                             rows=len({p.line for p in problems}))
    if clean.empty:
        raise CocreateError("score_imp_no_rows", file_name, file=file_name)
    if dry_run:
        return ImportSummary(layout.kind, file_name, len(clean), dry_run=True)
    with db.transaction(con, "score_imp_write_failed") as cur:
        return apply(cur, layout.kind, clean, user, file_name, hashlib.sha256(data).hexdigest())
