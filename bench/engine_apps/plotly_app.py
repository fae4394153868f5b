"""The engine bench's plotly app: a line chart and a stacked bar chart (synthetic data, bench/engine_bench.py)."""

import streamlit as st

from bench.engine_bench import chart_frames, plotly_charts

st.write("plotly")
for chart in plotly_charts(*chart_frames()):
    st.plotly_chart(chart)
