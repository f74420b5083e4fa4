"""对比: for now the seed overview (the dashboard issue replaces it)."""
import pandas as pd
import streamlit as st

from lib.overview import figures_chart, seed_rows

st.title("政报对比 · 政府工作报告指标对比")
st.caption("把政府工作报告放在一起比:谁增长更快,谁目标更高,谁兑现了承诺。")
rows = seed_rows()
st.subheader(f"报告库:{len(rows)} 份示例报告")
st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
st.plotly_chart(figures_chart(rows), width="stretch")
