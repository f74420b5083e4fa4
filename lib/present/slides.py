"""演示模式 (presentation) geometry: how many places one projector screen holds, how the
places of one indicator are cut into screens, and paging through them."""
from __future__ import annotations

from typing import Optional


# ---- 演示模式 geometry: how many places one projector screen holds -----------------------
# A 1920×1080 projector; the page's own chrome (the title row with the slide buttons, the folded
# pickers, paddings) takes about PRESENT_CHROME_PX, the figure the rest.  Inside the figure the
# title, unit and legend take PRESENT_MARGIN_T, the axis numbers and the source line
# PRESENT_MARGIN_B.  Every text in the figure is at least PRESENT_MIN_PX (readable from the back
# of a room); a bar row is ROW_PITCH label heights tall (a line of type and as much again between
# bars), so a screen holds (plot height) / (ROW_PITCH × label px) places and more places go on
# further screens instead of shrinking the type.
PRESENT_SCREEN_PX = 1080
PRESENT_CHROME_PX = 220
PRESENT_FIG_PX = PRESENT_SCREEN_PX - PRESENT_CHROME_PX  # 860
PRESENT_MARGIN_T = 170
PRESENT_MARGIN_B = 120
PRESENT_MIN_PX = 22
PRESENT_LABEL_PX = 24  # value labels ("超7.7万元", "8%左右")
PRESENT_TICK_PX = 26  # place names
ROW_PITCH = 2.0


PRESENT_COMPACT_PITCH = 1.5  # "all places on one screen": type at PRESENT_MIN_PX, rows closer


def present_capacity(fig_px: int = PRESENT_FIG_PX, label_px: int = PRESENT_LABEL_PX,
                     pitch: float = ROW_PITCH) -> int:
    """How many bar rows one presentation screen holds at `label_px` type (at least one)."""
    plot = fig_px - PRESENT_MARGIN_T - PRESENT_MARGIN_B
    return max(1, int(plot // (label_px * pitch)))


def present_capacity_compact() -> int:
    """How many places fit one screen at the smallest legible type (the 一屏显示全部 option)."""
    return present_capacity(label_px=PRESENT_MIN_PX, pitch=PRESENT_COMPACT_PITCH)


def place_groups(n: int, per_screen: Optional[int] = None,
                 keys: Optional[list] = None) -> list[tuple[int, int]]:
    """Split n ordered places into consecutive screens of at most `per_screen` (default: what a
    projector screen holds), as even as possible: 40 places at 11 a screen -> 10, 10, 10, 10
    rather than 11, 11, 11, 7.  Returns [(start, end)] slices; no place is left out; n = 0 gives
    one empty screen so an indicator always has a slide.

    `keys` (the ranked values, None for a place that states none): a cut never falls between
    two equal values, so places tied at 5% share a screen; a cut moves to the nearest untied
    place that keeps every screen within `per_screen`, and when there is none the places are
    spread over one screen more."""
    per = per_screen or present_capacity()
    if n <= 0:
        return [(0, 0)]
    k = -(-n // per)
    for screens in range(k, min(n, k + 2) + 1):  # a tie may need one more screen, rarely two
        cuts = _even_cuts(n, screens)
        if keys is None or len(keys) != n:
            break
        cuts = _cuts_between_ties(cuts, keys, per, n)
        if not any(_tied(keys, c) for c in cuts):
            break
    bounds = [0, *cuts, n]
    return list(zip(bounds[:-1], bounds[1:]))


def _even_cuts(n: int, screens: int) -> list:
    base, extra = divmod(n, screens)
    cuts, start = [], 0
    for i in range(screens - 1):
        start += base + (1 if i < extra else 0)
        cuts.append(start)
    return cuts


def _tied(keys: list, cut: int) -> bool:
    a, b = keys[cut - 1], keys[cut]
    return a is not None and b is not None and a == b


def _cuts_between_ties(cuts: list, keys: list, per: int, n: int) -> list:
    """Move each cut that splits a tie to the nearest untied position that keeps the screens on
    both sides within `per` places (left as it is when there is none)."""
    out = list(cuts)
    for i, c in enumerate(out):
        if not _tied(keys, c):
            continue
        lo = out[i - 1] if i else 0
        hi = out[i + 1] if i + 1 < len(out) else n
        for d in range(1, per):
            moved = next((p for p in (c - d, c + d) if lo < p < hi and not _tied(keys, p)
                          and p - lo <= per and hi - p <= per), None)
            if moved is not None:
                out[i] = moved
                break
    return out


def step_slide(slide: int, group: int, n_slides: int, n_groups: int, step: int) -> tuple[int, int]:
    """Page through (indicator, group of places) pairs in reading order: every group of one
    indicator, then the next indicator; wraps around at both ends.  1-based in and out."""
    n_slides, n_groups = max(1, n_slides), max(1, n_groups)
    slide = min(max(1, slide), n_slides)
    group = min(max(1, group), n_groups)
    i = ((slide - 1) * n_groups + group - 1 + step) % (n_slides * n_groups)
    return i // n_groups + 1, i % n_groups + 1


def step_slides(slide: int, group: int, groups_per_slide: list, step: int) -> tuple[int, int]:
    """`step_slide` when each indicator has its own number of screens (ties kept together
    can take one more): reading order, wrapping around at both ends.  1-based in and out."""
    counts = [max(1, c) for c in groups_per_slide] or [1]
    slide = min(max(1, slide), len(counts))
    group = min(max(1, group), counts[slide - 1])
    flat = [(s, g) for s, c in enumerate(counts, 1) for g in range(1, c + 1)]
    i = (flat.index((slide, group)) + step) % len(flat)
    return flat[i]
