"""Shared fixtures: a live `streamlit run` on a free loopback port, and a headless
Debian chromium driven by Playwright (never a downloaded browser)."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import settings

# No per-example time limit in property tests: speed targets live in `make bench`, and a shared CI
# machine once took 257 ms for an example that takes 70 ms here (the default limit is 200 ms).
settings.register_profile("no_deadline", deadline=None)
settings.load_profile("no_deadline")

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_healthy(url: str, proc: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited early with {proc.returncode}")
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as resp:
                if resp.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.3)
    raise RuntimeError("streamlit did not become healthy in time")


@contextmanager
def streamlit_server(script: Path, workdir: Path, **env_extra):
    """Run `streamlit run script` on a free loopback port until the block ends; yield its URL."""
    port = free_port()
    env = dict(os.environ, PYTHONUNBUFFERED="1", **env_extra)
    log = open(workdir / "streamlit.log", "w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true",
         "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, proc)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@pytest.fixture(scope="session")
def app_url(tmp_path_factory):
    """`streamlit run app.py` with an empty library (the seeds load on first start)."""
    data = tmp_path_factory.mktemp("appdata")
    with streamlit_server(ROOT / "app.py", data, GOVREPORT_DB=str(data / "library.sqlite")) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.fail("Debian chromium is missing: run `make sysdeps` (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
    pg = ctx.new_page()
    yield pg
    ctx.close()


_RUN_DONE = """() => {
    const app = document.querySelector('[data-testid="stApp"]');
    return app && app.getAttribute('data-test-script-state') === 'notRunning'
           && !document.querySelector('[data-testid="stStatusWidget"] button')
           && document.querySelectorAll('[data-testid="stMarkdownContainer"]').length > 0;
}"""


def settle(page, timeout: float = 30_000) -> None:
    """Wait until Streamlit has finished running the script and drawn its elements: the app's own
    run state (`data-test-script-state`), not the status widget alone — a page that writes its
    caption and then seeds the library for 10 s has no Stop button in the minimal toolbar.  Checked
    again after a pause, so a rerun the script asked for (st.rerun) is waited for too."""
    page.wait_for_selector('[data-testid="stApp"]', timeout=timeout)
    for _ in range(2):
        page.wait_for_function(_RUN_DONE, timeout=timeout)
        page.wait_for_timeout(400)


def screenshot(page, name: str, full_page: bool = True) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


def has_cjk_font() -> bool:
    if not shutil.which("fc-list"):
        return False
    out = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True).stdout
    return bool(out.strip())


@pytest.fixture(autouse=True)
def _isolated_library(tmp_path_factory, monkeypatch):
    """Every test gets its own library file, so no test writes the git-ignored data/library.sqlite."""
    monkeypatch.setenv("GOVREPORT_DB", str(tmp_path_factory.mktemp("lib") / "library.sqlite"))


@contextmanager
def serving(monkeypatch, reports_fn):
    """The dashboard reads `reports_fn()` instead of the library, from a cold cache."""
    from lib.store import service as appdata
    import app_state as dashdata

    monkeypatch.delenv("GOVREPORT_SYNTH", raising=False)
    monkeypatch.setattr(appdata, "load_reports", reports_fn)
    dashdata.refresh()
    try:
        yield
    finally:
        dashdata.refresh()
