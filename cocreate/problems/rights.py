"""Rights of a problems import, row by row: the same rules as the page's actions (cocreate/problems/store.py).

A clerk writes for the areas on the account (and their children): the row's area, its unit and, for a
problem already stored, the stored row's area and unit must all be theirs. A clerk reports a problem
put right (status rectified, with a date); verifying and returning are the office's (admin) actions,
and a problem the office closed (verified) is no longer the clerk's to change. An administrator, and
the command line without --user, may write everything. Each refusal is (column, key, params); the
import turns it into a line of its report, so a refused file changes nothing.
"""
from __future__ import annotations

from cocreate.intake.reading import to_date

# status changes a clerk may bring by import: (stored, new). The page lets a clerk mark an open or
# returned problem rectified; re-importing a row with its status unchanged is no change of state.
CLERK_MOVES = {("open", "open"), ("open", "rectified"), ("returned", "returned"), ("returned", "rectified"),
               ("rectified", "rectified"), ("verified", "verified")}
OFFICE_STATUSES = ("verified", "returned")


def may_act(refs, unit: str) -> bool:
    """What store.may_act_on says, from refs loaded once: a unit in the clerk's areas, or a department
    of a city on the clerk's account."""
    if refs.allowed is None:
        return True
    if unit in refs.allowed:
        return True
    return refs.unit_kinds.get(unit) == "department" and refs.units.get(unit) in refs.own


def row_refusals(rec: dict, status: str | None, stored: dict | None, refs, changed: bool) -> list[tuple]:
    """The rights a row needs that the user lacks, as (column, key, params). `rec` holds the row's
    cells (its verified_date as a date), `status` its status word read, `stored` the stored row of the
    same problem_id (None for a new problem), `changed` whether the row differs from the stored one."""
    if refs.allowed is None:
        return []
    out = []
    pid, unit = rec["problem_id"], rec["unit_code"]
    if stored is not None:
        s_area, s_unit = str(stored.get("area_code") or ""), str(stored.get("unit_code") or "")
        if s_area not in refs.allowed or not may_act(refs, s_unit):
            out.append(("problem_id", "sec_prob_stored_not_allowed", {"id": pid, "area": s_area, "unit": s_unit}))
            return out   # not theirs: nothing else about the row matters
    if unit and unit in refs.units and not may_act(refs, unit):
        out.append(("unit_code", "sec_prob_unit_not_allowed", {"code": unit}))
    if refs.role == "admin" or status is None:
        return out
    old = None if stored is None else stored.get("status")
    if old is None:
        if status in OFFICE_STATUSES:
            out.append(("status", "sec_prob_status_office", {"status": rec["status"]}))
        elif rec.get("verified_date"):
            out.append(("verified_date", "sec_prob_verified_date_office", {}))
    elif old == "verified" and changed:
        out.append(("problem_id", "sec_prob_closed", {"id": pid}))
    elif (old, status) not in CLERK_MOVES:
        key = "sec_prob_status_office" if status in OFFICE_STATUSES else "sec_prob_bad_move"
        out.append(("status", key, {"status": rec["status"], "id": pid, "old": old}))
    elif old != "verified" and rec.get("verified_date") and rec["verified_date"] != to_date(stored.get("verified_date")):
        out.append(("verified_date", "sec_prob_verified_date_office", {}))
    return out
