"""Check every data file in lib/data at once: columns, keys that exist, regexes that compile.

`python -m lib check-data` prints the problems (none: exit 0); a test runs `problems()`.
A new data file must be declared here (in CSV_COLUMNS or TEXT_FILES), so nothing is read
that nobody checks.
"""
from __future__ import annotations

import re

from .data import DATA, DataError, indicator_keys, ini_sections, lines, rows

CSV_COLUMNS = {
    "indicators.csv": ("key", "label_zh", "category", "measure", "unit", "better"),
    "aliases_extra.csv": ("surface", "kind"),  # a block names no key
    "alt_units.csv": ("key", "dim", "unit"),
    "charmap.csv": ("from",),
    "context.csv": ("word", "role"),
    "conversions.csv": ("from_dim", "to_dim", "factor"),
    "divisions.csv": ("province", "level", "adcode"),
    "links.csv": ("key", "linked"),
    "multipliers.csv": ("surface", "factor"),
    "ocr_confusion.csv": ("char", "replacement"),
    "place_words.csv": ("word", "kind"),
    "qualifiers.csv": ("surface", "position", "code"),
    "radicals.csv": ("radical", "ideograph"),
    "sections.csv": ("kind", "scope", "pattern"),
    "stock.csv": ("key", "increment_words"),
    "themes.csv": ("key", "name", "keywords"),
    "typical_ranges.csv": ("key", "level", "low", "high"),  # lib.analysis.doubt
    "doubt_rules.csv": ("rule", "reason"),  # lib.analysis.doubt
    "units.csv": ("surface", "dim", "factor"),
    "rules.csv": ("code", "explanation_zh"),
    "plausible.csv": ("key", "min", "max"),
    "year_cues.csv": ("role", "where", "word"),
    "flows.csv": ("key", "total_words"),
    "streamlit_zh.csv": ("english", "chinese"),  # lib.present.css: Streamlit's own words in Chinese
}
TEXT_FILES = {"gov_userdict.txt", "heads.txt", "html_noise.txt", "menu_words.txt", "noise.txt",
              "number_units.txt", "stopwords.txt", "subarea_subjects.txt", "subareas.txt"}
# columns that hold indicator keys ("|" or ";" separates several)
KEY_COLUMNS = {"aliases_extra.csv": ("keys",), "alt_units.csv": ("key",), "links.csv": ("key", "linked"),
               "stock.csv": ("key",), "plausible.csv": ("key",), "typical_ranges.csv": ("key",),
               "flows.csv": ("key",)}
# columns that hold regular expressions
REGEX_COLUMNS = {"sections.csv": ("pattern",), "stock.csv": ("increment_words",),
                 "flows.csv": ("total_words",)}
QUALIFIER_CODES = {"eq", "gt", "ge", "approx", "near", "le", "range"}
MEASURES = {"level", "growth", "rate", "count", "ratio"}


def _split_keys(value: str) -> list[str]:
    return [k for k in re.split(r"[|;]", value) if k.strip()]


def _csv_problems(name: str, columns: tuple) -> list[str]:
    try:
        table = rows(name, columns)
    except DataError as exc:
        return [str(exc)]
    out = []
    known = indicator_keys()
    for col in KEY_COLUMNS.get(name, ()):
        for r in table:
            out += [f"lib/data/{name}: 指标「{k}」不在 indicators.csv 中" for k in _split_keys(r[col])
                    if k.strip() not in known]
    for col in REGEX_COLUMNS.get(name, ()):
        for r in table:
            try:
                re.compile(r[col])
            except re.error as exc:
                out.append(f"lib/data/{name}: 正则表达式无法编译({exc}):{r[col]}")
    return out


def _special_problems() -> list[str]:
    out = []
    inds = rows("indicators.csv", CSV_COLUMNS["indicators.csv"])
    keys = [r["key"] for r in inds]
    out += [f"lib/data/indicators.csv: 指标「{k}」重复" for k in sorted({k for k in keys if keys.count(k) > 1})]
    out += [f"lib/data/indicators.csv: 「{r['key']}」的 measure「{r['measure']}」无效" for r in inds
            if r["measure"] not in MEASURES]
    out += [f"lib/data/qualifiers.csv: 「{r['surface']}」的代码「{r['code']}」无效"
            for r in rows("qualifiers.csv", CSV_COLUMNS["qualifiers.csv"]) if r["code"] not in QUALIFIER_CODES]
    if (DATA / "rules.csv").exists():
        codes = [r["code"] for r in rows("rules.csv", CSV_COLUMNS["rules.csv"])]
        out += [f"lib/data/rules.csv: 规则「{c}」重复" for c in sorted({c for c in codes if codes.count(c) > 1})]
    for line in lines("noise.txt"):
        parts = line.split("\t")
        try:
            re.compile(parts[-1] if parts[0] != "has" else parts[2])
        except (re.error, IndexError) as exc:
            out.append(f"lib/data/noise.txt: 无法使用的行({exc}):{line}")
    for sec in ("drop-attr", "content-attr"):
        for pattern in ini_sections("html_noise.txt").get(sec, []):
            try:
                re.compile(pattern)
            except re.error as exc:
                out.append(f"lib/data/html_noise.txt [{sec}]: 正则表达式无法编译({exc}):{pattern}")
    return out


def problems() -> list[str]:
    """Every problem of every data file, in Chinese; [] when all is well."""
    out = []
    present = {p.name for p in DATA.iterdir() if p.suffix in (".csv", ".txt")}
    out += [f"lib/data/{n}: 未在 lib/lang/validate.py 中登记,没有人检查它" for n in
            sorted(present - set(CSV_COLUMNS) - TEXT_FILES)]
    for name, columns in CSV_COLUMNS.items():
        if name in present:
            out += _csv_problems(name, columns)
    for name in TEXT_FILES & present:
        try:
            lines(name)
        except (OSError, UnicodeDecodeError) as exc:
            out.append(f"lib/data/{name}: 无法读取({exc})")
    return out + _special_problems()
