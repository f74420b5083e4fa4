import streamlit as st

st.title("计划与实绩")
st.info("此页面正在建设中。")
