"""The parts of the weekly notice beyond its figures (issue 22), as pure frames in and out: the scope
of the period's inspection, the rankings by kind of unit (districts apart from city departments,
each ranked and listed by `report.rank_units`), the main problems by category, the follow-up of the
problems the previous notice listed as overdue, the units to be summoned (约谈), and the attachment
of this round's problems by point. "Overdue" is `report.overdue_open` / `report.escalation` only."""
from __future__ import annotations

import pandas as pd

from . import report
from .periods import Period

UNIT_KINDS = ("district", "department")    # the order the rankings are printed in


def found_in(df: pd.DataFrame, period: Period) -> pd.DataFrame:
    """The problems found in the period (found date inside it, both ends included)."""
    found = pd.to_datetime(df["found_date"])
    return df[found.between(pd.Timestamp(period.start), pd.Timestamp(period.end))]


def scope(df: pd.DataFrame, period: Period) -> dict:
    """What the period's inspection covered, read from the problems found in it: distinct points,
    distinct point types, problems by source (暗访, 巡查, 12345热线, 随手拍 …, most first, then by
    name), distinct responsible units and the number of problems."""
    f = found_in(df, period)
    by_source = f.groupby("source").size().reset_index(name="n")
    by_source = by_source.sort_values(["n", "source"], ascending=[False, True], kind="stable")
    return {"problems": len(f), "points": int(f["point_code"].nunique()),
            "point_types": int(f["point_type"].nunique()), "units": int(f["unit_code"].nunique()),
            "sources": list(zip(by_source["source"], by_source["n"].astype(int)))}


def group_rankings(now: pd.DataFrame, before: pd.DataFrame, kinds: dict) -> list[dict]:
    """The period's one unit ranking (`now`, from `report.unit_report`: DESIGN's fixed ranking, the
    same the page and `problems report` show) shown by kind of unit: each kind's rows keep their rank
    and red/black list, so no unit is on a list in the notice and off it on the page. Trend against
    the period before's ranking (`before`). `kinds` maps a unit code to its kind; a unit of no known
    kind shows with the departments. Returns [{kind, ranking, k}] in UNIT_KINDS order, kinds with no
    row left out; k is the places on each list (report.list_size of all ranked units)."""
    def kind_of(codes):
        return [kinds.get(c, "department") if kinds.get(c) in UNIT_KINDS else "department" for c in codes]
    prev = before if len(before) else pd.DataFrame(columns=["unit_code", "rank", "rate_pct"])
    trended = report.rounded(report.with_trend(now, prev))
    k = report.list_size(int(now["rank"].notna().sum())) if len(now) else 1
    out = []
    for kind in UNIT_KINDS:
        mine = trended[[x == kind for x in kind_of(trended["unit_code"])]].reset_index(drop=True)
        if len(mine):
            out.append({"kind": kind, "ranking": mine, "k": k})
    return out


def by_category(df: pd.DataFrame, period: Period, worst: int = 3) -> pd.DataFrame:
    """The problems found in the period by category, most first: category, problems, points, and the
    `worst` points with most problems of that category (ties by point code), as 'point_code' lists."""
    f = found_in(df, period)
    rows = []
    for cat, g in f.groupby("category", sort=False):
        per_point = g.groupby(["point_code", "point_name"]).size().reset_index(name="n")
        per_point = per_point.sort_values(["n", "point_code"], ascending=[False, True], kind="stable")
        rows.append({"category": cat, "problems": len(g), "points": int(g["point_code"].nunique()),
                     "worst": list(zip(per_point["point_name"].head(worst), per_point["n"].head(worst).astype(int)))})
    out = pd.DataFrame(rows, columns=["category", "problems", "points", "worst"])
    return out.sort_values(["problems", "category"], ascending=[False, True], kind="stable").reset_index(drop=True)


def follow_up(df: pd.DataFrame, period: Period, levels: pd.DataFrame) -> pd.DataFrame:
    """The problems the previous notice listed as overdue (its escalation table: overdue at the end of
    the previous period with an escalation level reached) and where each stands at the end of this
    period: `verified` (put right and checked by then), `rectified` (put right, not yet checked),
    `overdue` (still not put right: `report.overdue_open` at this period's end). A problem's deadline
    is past for all of them, so none can be open and not overdue."""
    prev_end = period.previous().end
    listed = report.escalation(df, prev_end, levels)
    listed = listed[listed["level"] != ""]
    cols = ["problem_id", "unit_code", "point_name", "category", "deadline", "days_before", "level_before",
            "state", "days_now"]
    if listed.empty:
        return pd.DataFrame(columns=cols)
    prepared = report.prepare(df).set_index("problem_id").loc[listed["problem_id"]]
    end = pd.Timestamp(period.end)
    still = report.overdue_open(prepared, end)
    verified = ~still & (prepared["status"] == "verified") & ~(prepared["verified_date"] > end)
    state = ["overdue" if s else "verified" if v else "rectified" for s, v in zip(still, verified)]
    days_now = [int((end - d).days) if s else None for s, d in zip(still, prepared["deadline"])]
    return pd.DataFrame({
        "problem_id": listed["problem_id"].tolist(), "unit_code": listed["unit_code"].tolist(),
        "point_name": listed["point_name"].tolist(), "category": listed["category"].tolist(),
        "deadline": listed["deadline"].dt.date.astype(str).tolist(),
        "days_before": listed["days_overdue"].tolist(), "level_before": listed["level"].tolist(),
        "state": state, "days_now": days_now}, columns=cols)


def summoned(esc: pd.DataFrame, level: str = "talk") -> pd.DataFrame:
    """The units with a problem at the `level` escalation (约谈) at the end of the period
    (`esc` from `report.escalation`): unit_code, problems at that level, the longest days overdue;
    most problems first, then longest overdue, then code."""
    t = esc[esc["level"] == level]
    out = t.groupby("unit_code").agg(problems=("problem_id", "size"), longest=("days_overdue", "max")).reset_index()
    return out.sort_values(["problems", "longest", "unit_code"], ascending=[False, False, True],
                           kind="stable").reset_index(drop=True)


def attachment(df: pd.DataFrame, period: Period) -> pd.DataFrame:
    """This round's problems by point: every problem found in the period, ordered by point, then
    found date and id, with what a unit needs to act on it."""
    f = found_in(df, period).copy()
    f = f.sort_values(["point_code", "found_date", "problem_id"], kind="stable")
    return pd.DataFrame({
        "problem_id": f["problem_id"].tolist(), "point_name": f["point_name"].tolist(),
        "point_type": f["point_type"].tolist(), "category": f["category"].tolist(),
        "description": f["description"].fillna("").tolist(), "unit_code": f["unit_code"].tolist(),
        "deadline": pd.to_datetime(f["deadline"]).dt.date.astype(str).tolist(),
        "photo": [isinstance(x, str) and bool(x.strip()) for x in f["photo"]]})
