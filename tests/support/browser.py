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


def choose_files(page, files, shown: str, tries: int = 3, timeout: float = 60_000) -> None:
    """Give the page's first file uploader of several files `files` and wait until it lists `shown` (a file name).

    A busy CI machine once ran the whole wait (180 s) without the uploader ever listing a 21 MB
    file, while the same test passes in 13 s here, loaded or not: the file never reached the
    dropzone.  So a choice the page has not taken within `timeout` is made again on a freshly
    loaded page; what the test asserts afterwards is unchanged."""
    names = [str(f) for f in (files if isinstance(files, (list, tuple)) else [files])]
    for attempt in range(tries):
        if attempt:
            page.reload()
            page.wait_for_function(_SCRIPT_DONE, timeout=120_000)
        # the reports' uploader takes several files, 库's other one (a library zip) one: under load a
        # page caught between runs once offered the zip's first ("Non-multiple file input")
        dropzone = page.locator('[data-testid="stFileUploaderDropzoneInput"][multiple]').first
        dropzone.wait_for(state="attached", timeout=60_000)
        dropzone.set_input_files(names)
        try:
            page.get_by_text(shown).first.wait_for(timeout=timeout)
            return
        except Exception:  # playwright's TimeoutError: try once more on a fresh page
            if attempt == tries - 1:
                raise


_SCRIPT_DONE = """() => {
    const app = document.querySelector('[data-testid="stApp"]');
    return app && app.getAttribute('data-test-script-state') === 'notRunning'
           && document.querySelectorAll('[data-testid="stMarkdownContainer"]').length > 0;
}"""


def pick_option(page, selectbox, option: str, tries: int = 3) -> None:
    """Open `selectbox` (a locator of a stSelectbox) and pick `option`.  A click that lands while
    the page is still redrawing (an expander just opened) may leave the list closed: CI once
    waited 30 s for an option that was never listed.  So the list is opened again until it shows."""
    item = page.get_by_role("option", name=option)
    for attempt in range(tries):
        selectbox.click()
        try:
            item.first.wait_for(state="visible", timeout=15_000)
            break
        except Exception:  # playwright's TimeoutError: close whatever opened, then try again
            page.keyboard.press("Escape")
            if attempt == tries - 1:
                raise
    item.first.click()
