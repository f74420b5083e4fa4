"""The 报告 page's text: the report html-escaped with each extracted figure marked and numbered,
and one figure's sentence in context.  Nothing of the report's own text is ever passed
through unescaped."""
from __future__ import annotations

import html
from typing import Optional

from lib.model import Report
from lib.present.format import format_figure
from lib.present.labels import indicator_label


def numbered_fact(r: Report, num: int):
    """The fact shown as row `num` (#) of `report_facts`, or None."""
    return dict(numbered_facts(r)).get(num)


def numbered_facts(r: Report) -> list:
    facts = sorted(r.facts, key=lambda f: (f.fig_start if f.fig_end > f.fig_start else f.start,
                                           f.start))
    return list(enumerate(facts, 1))


def highlight_html(r: Report, focus: Optional[int] = None) -> str:
    """The cleaned text, html-escaped, with each extracted figure in a <mark> numbered as its
    row in `report_facts` (and its evidence sentence underlined).  `focus` is a row number
    to emphasise.  Nothing of the report's own text is ever passed through unescaped."""
    text = r.text
    n = len(text)
    spans = []
    for num, f in numbered_facts(r):
        s, e = (f.fig_start, f.fig_end) if f.fig_end > f.fig_start else (f.start, f.end)
        if not (0 <= s < e <= n):
            continue
        spans.append((s, e, num, f))
    spans.sort(key=lambda t: (t[0], -t[1]))
    out = []
    pos = 0
    last_end = -1
    ev_spans = sorted({(f.start, f.end) for _, f in numbered_facts(r) if 0 <= f.start < f.end <= n})
    ev_marks = _merge(ev_spans)
    events = []
    for s, e in ev_marks:
        events.append((s, 1, '<span class="ev">'))
        events.append((e, 0, "</span>"))
    for s, e, num, f in spans:
        if s < last_end:  # overlapping figure: keep the first, still numbered in the table
            continue
        last_end = e
        cls = "fig focus" if focus == num else "fig"
        tip = html.escape(f"#{num} {indicator_label(f.indicator, False)} = "
                          f"{format_figure(f.value, f.unit, f.qualifier, f.value_high, f.estimated)}",
                          quote=True)
        events.append((s, 2, f'<mark class="{cls}" id="fact-{num}" title="{tip}">'))
        events.append((e, -1, f"</mark><sup>{num}</sup>"))
    # close before open at the same position; figure marks nest inside evidence spans
    events.sort(key=lambda t: (t[0], t[1]))
    for p, _, tag in events:
        if p > pos:
            out.append(html.escape(text[pos:p]))
            pos = p
        out.append(tag)
    out.append(html.escape(text[pos:]))
    return "".join(out)


def _merge(spans: list) -> list:
    out = []
    for s, e in spans:
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def excerpt_html(r: Report, num: int, context: int = 80) -> str:
    """The focused fact's sentence with some context, escaped, its figure marked."""
    pairs = dict(numbered_facts(r))
    f = pairs.get(num)
    if f is None:
        return ""
    s, e = (f.fig_start, f.fig_end) if f.fig_end > f.fig_start else (f.start, f.end)
    a, b = max(0, min(s, f.start) - context), min(len(r.text), max(e, f.end) + context)
    t = r.text
    return ("…" + html.escape(t[a:s]) + f'<mark class="fig focus">{html.escape(t[s:e])}</mark>'
            f"<sup>{num}</sup>" + html.escape(t[e:b]) + "…")
