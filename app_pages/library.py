import streamlit as st

st.title("库")
st.info("此页面正在建设中。")
