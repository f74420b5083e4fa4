import streamlit as st

st.title("报告")
st.info("此页面正在建设中。")
