"""mirps-dash: the frame. Page config, language, navigation over pages/; no data logic here."""

import streamlit as st

from mirps_dash.i18n import t
from mirps_dash.ui import language_picker

st.set_page_config(page_title="MIRPS México", page_icon=":material/public:", layout="wide")
lang = language_picker()
pages = [
    st.Page("pages/overview.py", title=t("page_overview", lang), icon=":material/dashboard:", url_path="overview", default=True),
]
st.navigation(pages).run()
