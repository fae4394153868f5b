"""mirps-dash: the frame. Page config, language, navigation over pages/; no data logic here."""

import streamlit as st

from mirps_dash.i18n import t
from mirps_dash.ui import current_staff, language_picker, pinned_versions_notice, read_versions_for_this_run, run_pages

# A local icon (an emoji or :material: page icon makes the browser fetch it from a CDN), served from static/ by
# its address: a file path would be read, decoded and registered again as media on every run of every session.
st.set_page_config(page_title="MIRPS México", page_icon="app/static/favicon.png", layout="wide")
read_versions_for_this_run()
lang = language_picker()
pinned_versions_notice(lang)  # a cited link (`?v=`) showing older data says so above every page
# The Overview is the default page, so it lives at the root ("/"); its own address `/overview` leads there.
overview = st.Page(
    "pages/overview.py", title=t("page_overview", lang), icon=":material/dashboard:", url_path="", default=True
)
pages = [
    overview,
    st.Page("pages/arrivals.py", title=t("page_arrivals", lang), icon=":material/map:", url_path="arrivals"),
    st.Page("pages/trends.py", title=t("page_trends", lang), icon=":material/show_chart:", url_path="trends"),
    st.Page("pages/regional.py", title=t("page_regional", lang), icon=":material/public:", url_path="regional"),
    st.Page("pages/pledges.py", title=t("page_pledges", lang), icon=":material/handshake:", url_path="pledges"),
    st.Page("pages/about.py", title=t("page_about", lang), icon=":material/info:", url_path="about"),
]
# Staff see the Data page; everyone else sees a sign-in entry at the same URL (pages/data.py gates itself).
staff = current_staff() is not None
pages.append(
    st.Page(
        "pages/data.py",
        title=t("page_data" if staff else "page_sign_in", lang),
        icon=":material/database:" if staff else ":material/login:",
        url_path="data",
    )
)


def go_to_overview() -> None:
    """`/overview` (an old link, or a typed address): the Overview at the root, with the same parameters."""
    st.switch_page(
        overview, query_params=[(key, value) for key in st.query_params for value in st.query_params.get_all(key)]
    )


pages.append(st.Page(go_to_overview, title=t("page_overview", lang), url_path="overview", visibility="hidden"))
run_pages(pages)
