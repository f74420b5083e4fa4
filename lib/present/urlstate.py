"""The whole dashboard view <-> URL query parameters, so a copied link reopens it.

Parameters (all optional; absent means the default):
  mode=result|plan      实绩 or 目标
  year=2023             the year the figures are for
  places=A@2024,B@2024  chosen places (group keys); absent = every report of that year
  xplaces=C@2024        or: every report of that year except these (the shorter is written)
  ind=gdp_growth,cpi    chosen indicators; absent = the headline default
  view=chart|table      which tab of 对比 is in front
  present=1             演示模式, slide=N the chart on screen, group=K which screen of its places
                        (a chart with more places than fit at readable type spans several)
  use=G~F,G2~F2         where a place has several reports of one year (a corrected copy beside
                        the original): read place G from file F only (absent = merged)
  file=...              the report on 报告
The page itself is the URL path (/report, /plan, ...); 对比 is the default page, whose path is
the app's root (Streamlit gives the default page no path of its own: /compare is "not found").

Pure functions: no Streamlit.  `resolve` checks a decoded view against the
loaded library, fills defaults and says (in Chinese) what it had to drop.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Mapping, Optional
from urllib.parse import unquote, urlencode

from lib.model import PLAN, RESULT
from lib.present import index, choices, slides
from lib.present.labels import indicator_label

SEP = ","
USE_SEP = "~"  # group~file inside `use` (a group key never holds "~"; a file's "," is quoted)
PAGES = ("compare", "plan", "report", "library", "themes")


@dataclass
class View:
    page: str = "compare"
    section: str = RESULT
    year: Optional[int] = None
    places: Optional[list] = None  # None = every report of the year
    excluded: Optional[list] = None  # every report of the year except these
    indicators: Optional[list] = None  # None = default
    tab: str = "chart"
    present: bool = False
    slide: int = 1
    group: int = 1  # 演示模式: which screen of the places (slides.place_groups)
    file: str = ""
    use: dict = field(default_factory=dict)  # group -> the one file its figures come from
    notes: list = field(default_factory=list)  # Chinese messages from resolve()


def _one(v) -> str:
    if isinstance(v, (list, tuple)):
        return str(v[-1]) if v else ""
    return "" if v is None else str(v)


def _list(v) -> Optional[list]:
    if v is None:
        return None
    if isinstance(v, (list, tuple)):
        items = [x for s in v for x in str(s).split(SEP)]
    else:
        items = str(v).split(SEP)
    items = [x.strip() for x in items if x.strip()]
    return list(dict.fromkeys(items))


def _truthy(v) -> bool:
    return _one(v).strip().lower() in ("1", "true", "yes", "on", "是")


def decode(params: Mapping, page: str = "compare") -> View:
    """Query parameters (as `st.query_params.to_dict()` or lists of values) -> View.
    Malformed values fall back to defaults instead of raising."""
    p = dict(params)
    v = View(page=_one(p.get("page")) or page)
    mode = _one(p.get("mode")).lower()
    v.section = PLAN if mode in ("plan", "目标", "计划") else RESULT
    try:
        v.year = int(_one(p.get("year"))) if _one(p.get("year")) else None
    except ValueError:
        v.year = None
        v.notes.append(f"链接中的年份「{_one(p.get('year'))}」无法识别,已改用默认年份。")
    if "places" in p:
        v.places = [] if _one(p.get("places")) == "-" else _list(p.get("places"))
    elif "xplaces" in p:
        v.excluded = _list(p.get("xplaces")) or []
    if "ind" in p:
        v.indicators = [] if _one(p.get("ind")) == "-" else _list(p.get("ind"))
    v.tab = "table" if _one(p.get("view")) == "table" else "chart"
    v.present = _truthy(p.get("present"))
    try:
        v.slide = max(1, int(_one(p.get("slide")) or 1))
    except ValueError:
        v.slide = 1
    try:
        v.group = max(1, int(_one(p.get("group")) or 1))
    except ValueError:
        v.group = 1
    v.file = _one(p.get("file"))
    v.use = _decode_use(p.get("use"))
    return v


def _decode_use(raw) -> dict:
    """'浙江省宁波市@2024~宁波修订.txt' -> {'浙江省宁波市@2024': '宁波修订.txt'}; a malformed item
    is skipped (resolve drops what the library does not have)."""
    out = {}
    for item in _list(raw) or []:
        group, sep, file = item.partition(USE_SEP)
        if sep and group and file:
            out[group] = unquote(file)
    return out


def _encode_use(use: dict) -> str:
    """Only '%' and ',' in a file name are escaped (so unquote is the exact inverse); the rest stays
    readable in the link."""
    return SEP.join(f"{g}{USE_SEP}{f.replace('%', '%25').replace(',', '%2C')}" for g, f in use.items() if f)


def encode(v: View, default_places: Optional[list] = None) -> dict:
    """View -> {param: str}.  Places are written only when they differ from the year's default
    (pickers.default_places: every report while they are few), so a link over a big library stays short and means "all" when it says so."""
    out = {}
    if v.page == "report":
        if v.file:
            out["file"] = v.file
    else:
        out["mode"] = v.section
        if v.year is not None:
            out["year"] = str(v.year)
        if v.places is not None and (default_places is None or list(v.places) != list(default_places)):
            chosen = set(v.places)
            left_out = [p for p in (default_places or []) if p not in chosen]
            if default_places and chosen <= set(default_places) and len(left_out) < len(v.places):
                out["xplaces"] = SEP.join(left_out)
            else:
                out["places"] = SEP.join(v.places) if v.places else "-"
        if v.indicators is not None:
            out["ind"] = SEP.join(v.indicators) if v.indicators else "-"
        if v.tab == "table":
            out["view"] = "table"
        if v.use:
            out["use"] = _encode_use(v.use)
    if v.present:
        out["present"] = "1"
        if v.slide > 1:
            out["slide"] = str(v.slide)
        if v.group > 1:
            out["group"] = str(v.group)
    return out


def share_url(v: View, base: str = "", default_places: Optional[list] = None) -> str:
    q = urlencode(encode(v, default_places), safe="@,")
    path = "" if v.page == "compare" else v.page
    return f"{base.rstrip('/')}/{path}" + (f"?{q}" if q else "")


def resolve(idx: "index.DashIndex", v: View) -> View:
    """Fill defaults and drop what the library does not have (with a Chinese note)."""
    v = replace(v, notes=list(v.notes))
    years = choices.year_options(idx, v.section)
    if v.year not in years:
        if v.year is not None:
            v.notes.append(f"报告库中没有 {v.year} 年的{'实绩' if v.section == RESULT else '目标'},已改用默认年份。")
        v.year = choices.default_year(idx, v.section)
    options = choices.place_options(idx, v.section, v.year)
    if v.places is None:  # the year's default places (every report while they are few)
        gone = set(v.excluded or [])
        v.places = [p for p in choices.default_places(idx, v.section, v.year) if p not in gone]
    else:
        known = set(options)
        dropped = [p for p in v.places if p not in known]
        if dropped:
            v.notes.append("链接中的地区不在当前报告库(或所选年份)中,已忽略:" + "、".join(dropped[:5])
                           + (" 等" if len(dropped) > 5 else ""))
        v.places = [p for p in v.places if p in known]
    ind_opts = set(choices.indicator_options(idx, v.section, v.year))
    if v.indicators is None:
        v.indicators = choices.default_indicators(idx, v.section, v.year, v.places)
    else:
        dropped = [k for k in v.indicators if k not in ind_opts]
        if dropped:
            v.notes.append("链接中的指标在所选年份没有数据,已忽略:" + "、".join(
                indicator_label(k, False) for k in dropped[:5]))
        v.indicators = [k for k in v.indicators if k in ind_opts]
    v.use = _resolve_use(idx, v)
    v.slide = min(max(1, v.slide), max(1, len(v.indicators)))
    v.group = min(max(1, v.group), len(slides.place_groups(len(v.places))))
    return v


def _resolve_use(idx: "index.DashIndex", v: View) -> dict:
    """Keep the report choices that still mean something: a chosen place that has that file among
    its several reports of the year."""
    several = choices.same_year_files(idx, v.places or [])
    kept = {g: f for g, f in v.use.items() if f in several.get(g, [])}
    gone = [f.rsplit("/", 1)[-1] for g, f in v.use.items() if g not in kept]
    if gone:
        v.notes.append("链接中指定的报告文件不在当前报告库(或所选地区)中,已改为合并使用:" + "、".join(gone[:5]))
    return kept


def carry_places(idx: "index.DashIndex", keys: list, section: str, year: Optional[int]) -> list:
    """The same places in another section/year: match by place name; when none of them
    report for the new year, that year's default places (choices.default_places)."""
    names = {idx.info[k].place for k in keys if k in idx.info}
    options = choices.place_options(idx, section, year)
    kept = [k for k in options if idx.info[k].place in names]
    return kept if kept else choices.default_places(idx, section, year)


def shift_year(idx: "index.DashIndex", year: Optional[int], old: str, new: str) -> Optional[int]:
    """Switching 实绩 -> 目标 keeps the same reports: the plan year is the reviewed year + 1."""
    if year is None or old == new:
        return year
    cand = year + 1 if (old, new) == (RESULT, PLAN) else year - 1
    years = choices.year_options(idx, new)
    if cand in years:
        return cand
    return choices.default_year(idx, new)


def follow(idx: "index.DashIndex", old: tuple, new: tuple, places: list, inds: list,
           inds_custom: bool) -> tuple[list, list]:
    """The places and indicators after the user moves from (section, year) `old` to `new`,
    chosen the way a link to `new` would choose them: the default places stay the default (and a
    hand-picked set carries over by name); indicators the user has not picked are the new
    view's defaults, not the old view's (实绩 defaults are poor 目标 defaults); picked ones
    are kept where the new view has them."""
    if not places or set(places) == set(choices.default_places(idx, *old)):
        new_places = choices.default_places(idx, *new)
    else:
        new_places = carry_places(idx, places, *new)
    defaults = choices.default_indicators(idx, new[0], new[1], new_places)
    if not inds_custom:
        return new_places, defaults
    keep = set(choices.indicator_options(idx, *new))
    return new_places, [k for k in inds if k in keep] or defaults
