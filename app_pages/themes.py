import streamlit as st

st.title("主题")
st.info("此页面正在建设中。")
