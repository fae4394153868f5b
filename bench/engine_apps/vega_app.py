"""The engine bench's Vega-Lite app: a line chart and a stacked bar chart (synthetic data, bench/engine_bench.py)."""

import streamlit as st

from bench.engine_bench import chart_frames, vega_charts

st.write("Vega-Lite")
for chart in vega_charts(*chart_frames()):
    st.altair_chart(chart)
