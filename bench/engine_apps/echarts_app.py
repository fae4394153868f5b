"""The engine bench's Apache ECharts app: a line chart and a stacked bar chart (synthetic data, bench/engine_bench.py)."""

import streamlit as st

from bench.engine_bench import chart_frames, echarts_charts

st.write("Apache ECharts")
for chart in echarts_charts(*chart_frames()):
    st.echarts_chart(chart)
