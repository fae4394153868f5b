"""The bare app (bench/bare_app.py) plus BENCH_ELEMENT_COUNT elements of one kind (BENCH_ELEMENT_KIND), each
drawn again on every rerun: what one more element of that kind costs the server (bench/cpu_bench.py). No data."""

import os

import streamlit as st

choice = st.selectbox("Pick one", ["a", "b", "c", "d"], key="bare_choice")
st.write(f"You picked {choice}.")
kind = os.environ.get("BENCH_ELEMENT_KIND", "")
for number in range(int(os.environ.get("BENCH_ELEMENT_COUNT", "0")) if kind else 0):
    if kind == "markdown":
        st.markdown(f"Line {number}: you picked **{choice}**.")
    elif kind == "button":
        st.button(f"Button {number} ({choice})", key=f"button_{number}")
    elif kind == "multiselect":
        st.multiselect(f"Filter {number}", ["w", "x", "y", "z"], key=f"filter_{number}")
    elif kind == "container":
        st.container(border=True)
