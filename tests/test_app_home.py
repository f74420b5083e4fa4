"""AppTest of the first screen: the seeds listed and a chart of real numbers about them."""
from __future__ import annotations

import json

from streamlit.testing.v1 import AppTest

from conftest import ROOT


def test_first_screen_lists_the_seeds_and_charts_them():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert not at.exception
    df = at.dataframe[0].value
    assert len(df) == 5 and set(df["文件"]) == {p.name for p in (ROOT / "seeds").glob("*.txt")}
    chart = json.loads(at.get("plotly_chart")[0].proto.spec)
    ys = chart["data"][0]["y"]
    assert len(ys) == 5 and all(y > 0 for y in ys)
