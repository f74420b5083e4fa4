"""Waits on what a browser page shows (instead of fixed sleeps) for the e2e tests."""
from __future__ import annotations

# Done when: no script run in progress, the web fonts loaded, every Plotly chart drawn (its svg
# in place), and the page's height the same over two animation frames (a resize or scroll settled).
_DRAWN = """async () => {
    const frame = () => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
    if (document.querySelector('[data-testid="stStatusWidget"] button')) return false;
    if (document.fonts && document.fonts.status !== 'loaded') return false;
    const plots = Array.from(document.querySelectorAll('.js-plotly-plot'));
    if (!plots.every(gd => gd._fullLayout && gd.querySelector('.main-svg'))) return false;
    const main = document.querySelector('[data-testid="stMain"]') || document.body;
    const before = main.scrollHeight;
    await frame();
    return main.scrollHeight === before;
}"""


def drawn(page, timeout: float = 30_000) -> None:
    """Wait until the page is drawn and still (see _DRAWN): before a screenshot or a reading of
    what the charts show."""
    page.wait_for_function(_DRAWN, timeout=timeout, polling=100)
