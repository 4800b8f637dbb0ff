"""Datums and district boundaries.

The ledger holds WGS-84 (what phones, GPS and EXIF give). The district boundaries in data/geo come
from Amap and are GCJ-02 ("Mars" coordinates, offset a few hundred metres from WGS-84 in China), so
a WGS-84 point is converted to GCJ-02 with the well-known public formula (the one every open
"eviltransform"/coordtransform port uses: Krasovsky ellipsoid a = 6378245, e^2 = 0.00669342162296594323)
before the point-in-polygon test (shapely). The inverse is the usual fixed-point iteration.
"""
from __future__ import annotations

import functools
import json
import math
from pathlib import Path

from cocreate import DATA_DIR

_A = 6378245.0
_EE = 0.00669342162296594323


def _t_lat(x: float, y: float) -> float:
    r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x))
    r += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    r += (20.0 * math.sin(y * math.pi) + 40.0 * math.sin(y / 3.0 * math.pi)) * 2.0 / 3.0
    r += (160.0 * math.sin(y / 12.0 * math.pi) + 320.0 * math.sin(y * math.pi / 30.0)) * 2.0 / 3.0
    return r


def _t_lon(x: float, y: float) -> float:
    r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
    r += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    r += (20.0 * math.sin(x * math.pi) + 40.0 * math.sin(x / 3.0 * math.pi)) * 2.0 / 3.0
    r += (150.0 * math.sin(x / 12.0 * math.pi) + 300.0 * math.sin(x / 30.0 * math.pi)) * 2.0 / 3.0
    return r


def wgs84_to_gcj02(lat: float, lon: float) -> tuple[float, float]:
    """A WGS-84 point (degrees) as GCJ-02 (the formula holds inside China, where every campaign city is)."""
    d_lat = _t_lat(lon - 105.0, lat - 35.0)
    d_lon = _t_lon(lon - 105.0, lat - 35.0)
    rad = lat / 180.0 * math.pi
    magic = 1 - _EE * math.sin(rad) ** 2
    sq = math.sqrt(magic)
    d_lat = (d_lat * 180.0) / ((_A * (1 - _EE)) / (magic * sq) * math.pi)
    d_lon = (d_lon * 180.0) / (_A / sq * math.cos(rad) * math.pi)
    return lat + d_lat, lon + d_lon


def gcj02_to_wgs84(lat: float, lon: float) -> tuple[float, float]:
    """The WGS-84 point whose GCJ-02 image is (lat, lon): fixed-point iteration to ~1e-9 degrees."""
    w_lat, w_lon = lat, lon
    for _ in range(30):
        g_lat, g_lon = wgs84_to_gcj02(w_lat, w_lon)
        e_lat, e_lon = g_lat - lat, g_lon - lon
        w_lat, w_lon = w_lat - e_lat, w_lon - e_lon
        if abs(e_lat) < 1e-10 and abs(e_lon) < 1e-10:
            break
    return w_lat, w_lon


@functools.cache
def boundaries(geo_dir: Path = DATA_DIR / "geo") -> dict:
    """District code -> its shapely boundary (GCJ-02), from every data/geo/*.geojson."""
    from shapely.geometry import shape
    from shapely.prepared import prep
    out = {}
    for path in sorted(Path(geo_dir).glob("*.geojson")):
        for f in json.loads(path.read_text(encoding="utf-8"))["features"]:
            code = str(f.get("id") or f["properties"]["code"])
            out[code] = (shape(f["geometry"]), None)
    return {code: (geom, prep(geom)) for code, (geom, _) in out.items()}


def has_boundary(area_code: str) -> bool:
    return area_code in boundaries()


def inside(area_code: str, lat: float, lon: float) -> bool:
    """True when the WGS-84 point lies inside (or on) the district's GCJ-02 boundary."""
    from shapely.geometry import Point
    g_lat, g_lon = wgs84_to_gcj02(lat, lon)
    geom, prepared = boundaries()[area_code]
    return prepared.covers(Point(g_lon, g_lat))
