"""arrivals page (being built)."""

import streamlit as st

from mirps_dash.i18n import t
from mirps_dash.ui import current_language

st.title(t("page_arrivals", current_language()))
