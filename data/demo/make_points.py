"""The demo point ledger (点位台账, issue 21): gives each demo point of data/demo/inspection_points.csv a
WGS-84 place inside its district, its responsible unit, an address and active = true, all ILLUSTRATIVE
(示例数据), and writes the same ledger in the import format (zh headers), one file per city:
data/demo/import/points_<city>.csv for `python -m cocreate points import`.

    .venv/bin/python data/demo/make_points.py      (make_problems.py also calls it)

Deterministic: each point's place comes from a random stream seeded by its code: a GCJ-02 point
drawn near the district's centre (areas.csv lat/lon), kept only if inside the district's Amap
boundary (data/geo, GCJ-02), then converted to WGS-84 and checked again by the forward conversion
after rounding to 5 decimals (about a metre).
"""
from __future__ import annotations

import csv
import hashlib
import random
import sys
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent
DEMO = DATA / "demo"
sys.path.insert(0, str(DATA.parent))
from cocreate.points import geo  # noqa: E402

# the department that answers for a kind of point (else the district): as make_problems.py's units
DEPARTMENTS = {"420100": {"bus_stop": "wh_transport", "market": "wh_market"},
               "620100": {"market": "lz_market"}}
CITY_FILES = {"420100": "points_wuhan.csv", "620100": "points_lanzhou.csv"}
LEDGER_COLUMNS = [("code", "点位编号"), ("name_zh", "点位名称"), ("point_type", "点位类型"), ("area_code", "地区代码"),
                  ("unit_code", "责任单位代码"), ("address", "地址"), ("lat", "纬度"), ("lon", "经度"), ("active", "在用")]


def _areas() -> dict:
    with open(DATA / "catalog" / "areas.csv", encoding="utf-8-sig", newline="") as fh:
        return {r["code"]: r for r in csv.DictReader(fh)}


def place(code: str, area: dict) -> tuple[float, float]:
    """A WGS-84 (lat, lon) inside the district, from a stream seeded by the point's code."""
    rng = random.Random(int(hashlib.sha1(code.encode("utf-8")).hexdigest()[:12], 16))
    c_lat, c_lon = float(area["lat"]), float(area["lon"])
    spread = 0.03
    for attempt in range(2000):
        if attempt and attempt % 200 == 0:
            spread *= 1.5          # a district whose centre lies near its edge: look wider
        g_lat, g_lon = c_lat + rng.gauss(0, spread), c_lon + rng.gauss(0, spread)
        w_lat, w_lon = geo.gcj02_to_wgs84(g_lat, g_lon)
        w_lat, w_lon = round(w_lat, 5), round(w_lon, 5)
        if geo.inside(area["code"], w_lat, w_lon):
            return w_lat, w_lon
    raise ValueError(f"no place found inside {area['code']} for {code}")


def ledger(points: list[dict]) -> list[dict]:
    """The demo points with place, unit, address, active, datum and the demo label."""
    areas = _areas()
    out = []
    for p in points:
        area = areas[p["area_code"]]
        city = area["parent_code"]
        lat, lon = place(p["code"], area)
        street = p["name_zh"][len(area["name_zh"]):]
        out.append({"code": p["code"], "name_zh": p["name_zh"], "name_en": p["name_en"],
                    "point_type": p["point_type"], "area_code": p["area_code"],
                    "unit_code": DEPARTMENTS[city].get(p["point_type"], p["area_code"]),
                    "address": f"{area['name_zh']}{street}（示例地址）", "lat": lat, "lon": lon,
                    "active": "true", "datum": "WGS-84", "illustrative": "true"})
    return out


def write_imports(rows: list[dict]) -> None:
    areas = _areas()
    (DEMO / "import").mkdir(parents=True, exist_ok=True)
    for city, name in CITY_FILES.items():
        with open(DEMO / "import" / name, "w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh, lineterminator="\n")
            w.writerow([zh for _, zh in LEDGER_COLUMNS])
            for r in rows:
                if areas[r["area_code"]]["parent_code"] == city:
                    w.writerow([r[c] for c, _ in LEDGER_COLUMNS])


def main() -> None:
    path = DEMO / "inspection_points.csv"
    with open(path, encoding="utf-8", newline="") as fh:
        points = list(csv.DictReader(fh))
    rows = ledger(points)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    write_imports(rows)
    print(f"{len(rows)} demo points placed inside their districts (WGS-84, illustrative)")


if __name__ == "__main__":
    main()
