"""What an uploaded row is checked against: the catalog (indicators, areas) and the areas a user may
write for (a clerk's own areas and their districts; None = all)."""
from __future__ import annotations

from dataclasses import dataclass

from cocreate.store import db

@dataclass
class Catalog:
    indicators: dict   # code -> row dict
    areas: dict        # code -> row dict
    cities_with_children: set

    @classmethod
    def load(cls, con) -> "Catalog":
        ind = db.run(con, "indicators")
        areas = db.run(con, "areas")
        inds = {r["code"]: r for r in ind.to_dict("records")}
        ars = {r["code"]: r for r in areas.to_dict("records")}
        parents = {r["parent_code"] for r in ars.values() if isinstance(r.get("parent_code"), str)}
        return cls(inds, ars, parents)

    def name(self, kind: str, code: str) -> tuple[str, str]:
        """(中文, English) display name with the code, e.g. ("大区 (990101)", "Big District (990101)")."""
        table = self.indicators if kind == "indicator" else self.areas
        r = table.get(code) or {}
        out = []
        for lang in ("zh", "en"):
            v = r.get(f"name_{lang}")
            out.append(f"{v} ({code})" if isinstance(v, str) and v else str(code))
        return tuple(out)


def allowed_areas(con, user: dict | None) -> set | None:
    """Areas a user may import for: None = all (admin, or the command line without --user)."""
    if user is None or user.get("role") == "admin":
        return None
    if user.get("role") not in ("clerk", "inspector"):   # an inspector's areas: where they may file reports
        return set()
    own = {a.strip() for a in str(user.get("areas") or "").split(",") if a.strip()}
    if not own:
        return set()
    areas = db.run(con, "areas")
    children = set(areas.loc[areas["parent_code"].isin(list(own)), "code"])
    return own | children


