"""Dashboard speed with 1,000 generated reports loaded (tests.support.synth via GOVREPORT_SYNTH).

- cold first render: a fresh Python process imports the app and renders 对比 once over a
  library of the 1,000 reports (AppTest, so it includes reading, checking and indexing the
  library); target 3 s.
- rerun after a picker change: server time of one AppTest rerun after changing the places,
  the indicators, the year, the 实绩/目标 switch, and the table tab; the median and the worst;
  target 150 ms.
- the data path alone (view table + every panel) for the default view.
"""
from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
N = 1000

_COLD = r"""
import time, os, sys, json
t0 = time.perf_counter()
sys.path.insert(0, {root!r})
from streamlit.testing.v1 import AppTest
at = AppTest.from_file({app!r}, default_timeout=120)
at.run()
t1 = time.perf_counter()
assert not at.exception, at.exception
print(json.dumps(dict(first=t1 - t0, charts=len(at.get("plotly_chart")),
                      places=len(at.multiselect(key="cmp_places").value))))
"""


def _library(path: Path) -> None:
    """The N generated reports in a library at `path`, stored as the parser would store them
    (each report's parse is the generator's own Report: no parsing to wait for)."""
    from lib.store.library import Library
    from tests.support.synth import synth_reports

    reports = {r.meta.file: r for r in synth_reports(N)}
    lib = Library(path, parse_bytes=lambda data, name: reports[name])
    lib.set_setting("seeded", "1")
    for file, rep in reports.items():
        assert lib.add_bytes(rep.text.encode("utf-8"), file).status == "added"


def cold_start() -> dict:
    """The app's own path: a library on disk (read, checked, indexed), not reports generated in
    the process (GOVREPORT_SYNTH: generating 1,000 dense reports takes ≈1.4 s, reading them ≈0.1 s)."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.sqlite"
        _library(db)
        env = dict(os.environ, GOVREPORT_DB=str(db))
        env.pop("GOVREPORT_SYNTH", None)
        return _cold_process(env)


def _cold_process(env: dict) -> dict:
    code = _COLD.format(root=str(ROOT), app=str(ROOT / "app.py"))
    t0, c0 = time.perf_counter(), _children_cpu()
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                         timeout=300)
    wall, cpu = time.perf_counter() - t0, _children_cpu() - c0
    if out.returncode != 0:
        raise RuntimeError(out.stderr[-2000:])
    res = json.loads(out.stdout.strip().splitlines()[-1])
    res["wall"], res["cpu"] = wall, cpu
    return res


def _children_cpu() -> float:
    """CPU seconds (user + system) of the finished child processes."""
    use = resource.getrusage(resource.RUSAGE_CHILDREN)
    return use.ru_utime + use.ru_stime


def reruns() -> tuple[list[float], dict]:
    os.environ["GOVREPORT_SYNTH"] = str(N)
    sys.path.insert(0, str(ROOT))
    from streamlit.testing.v1 import AppTest

    import app_state as dashdata

    dashdata.refresh()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    assert not at.exception
    times, cpu = {}, {}

    def timed(name, action):
        c = time.process_time()
        action().run()
        cpu[name] = time.process_time() - c  # the process's CPU (AppTest's own work included)
        # the script's own time (app.py records it), not AppTest's polling and tree parsing
        times[name] = at.session_state["_server_ms"] / 1000
        assert not at.exception, (name, at.exception)

    places = at.multiselect(key="cmp_places")
    first = places.value[0]
    timed("去掉一个地区", lambda: at.multiselect(key="cmp_places").unselect(first))
    timed("加回这个地区", lambda: at.multiselect(key="cmp_places").select(first))
    inds = at.multiselect(key="cmp_inds")
    extra = next(k for k in inds.options_keys if k not in inds.value) if hasattr(inds, "options_keys") else None
    if extra is None:
        from lib.present import choices
        idx = dashdata.index()
        opts = choices.indicator_options(idx, at.button_group(key="cmp_section").value,
                                       at.selectbox(key="cmp_year").value)
        extra = next(k for k in opts if k not in inds.value)
    timed("加一个指标", lambda: at.multiselect(key="cmp_inds").select(extra))
    timed("换年份", lambda: at.selectbox(key="cmp_year").set_value(at.selectbox(key="cmp_year").value - 1))
    timed("切换为目标", lambda: at.button_group(key="cmp_section").set_value("plan"))
    timed("只看两个地区", lambda: at.multiselect(key="cmp_places").set_value(
        at.multiselect(key="cmp_places").value[:2]))
    charts = len(at.get("plotly_chart"))
    dashdata.refresh()
    os.environ.pop("GOVREPORT_SYNTH", None)
    return list(times.values()), dict(times=times, charts=charts, cpu=list(cpu.values()))


def data_path() -> float:
    sys.path.insert(0, str(ROOT))
    from lib.charts import compare as charts
    from lib.present import choices, index, views
    from tests.support.synth import synth_reports

    idx = index.build_index(synth_reports(N))
    sec = "result"
    year = choices.default_year(idx, sec)
    places = choices.place_options(idx, sec, year)
    inds = choices.default_indicators(idx, sec, year, places)
    v = views.view_records(idx, sec, year, places, inds)  # warm the per-year cache and plotly
    [charts.indicator_panel(v, k, sec, year).to_plotly_json() for k in inds]
    t, c = time.perf_counter(), time.process_time()
    for _ in range(5):
        v = views.view_records(idx, sec, year, places[1:], inds)
        figs = [charts.indicator_panel(v, k, sec, year) for k in inds]
        [f.to_plotly_json() for f in figs]
    return (time.perf_counter() - t) / 5, (time.process_time() - c) / 5


def run() -> list[dict]:
    rows = []
    cold = cold_start()
    assert cold["charts"] > 0 and cold["places"] > 1, cold  # it drew the 对比 page, not an empty one
    # wall time beside CPU: on a shared machine the wall time is mostly waiting for a core
    rows.append(dict(name=f"dashboard: cold first render, {N} reports (s; CPU {cold['cpu']:.1f} s)",
                     measured=cold["wall"],
                     target=3.0, unit="s", ok=cold["wall"] <= 3.0))
    times, info = reruns()
    med, worst = statistics.median(times), max(times)
    cpu = statistics.median(info["cpu"]) * 1000
    rows.append(dict(name=f"dashboard: rerun after a picker change, median (ms; CPU {cpu:.0f} ms)",
                     measured=med * 1000,
                     target=150, unit="ms", ok=med <= 0.150))
    rows.append(dict(name="dashboard: rerun after a picker change, worst (ms)", measured=worst * 1000,
                     target=150, unit="ms", ok=worst <= 0.150))
    dp, dp_cpu = data_path()
    rows.append(dict(name=f"dashboard: data path, default view (ms; CPU {dp_cpu * 1000:.0f} ms)",
                     measured=dp * 1000, target=150,
                     unit="ms", ok=dp <= 0.150))
    return rows


if __name__ == "__main__":
    for r in run():
        print(r)
    print(reruns()[1])
