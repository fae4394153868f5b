"""A sign-in through an identity provider, as AppTest can stage it: st.login's [auth] secrets and st.user.

Streamlit sets `is_logged_in` only where [auth] is configured, and the app reads st.user only then (ui.identity_setup)."""

from streamlit.testing.v1 import AppTest

IDENTITY_PROVIDER = {
    "redirect_uri": "http://localhost:8501/oauth2callback",
    "cookie_secret": "test only",
    "client_id": "x",
    "client_secret": "y",
    "server_metadata_url": "https://idp.example.org/.well-known/openid-configuration",
}


def with_identity_provider(at: AppTest, user: dict | None = None) -> AppTest:
    """`at` with st.login configured and, given `user`, that user signed in through it."""
    at.secrets["auth"] = IDENTITY_PROVIDER
    if user is not None:
        at.user = {"is_logged_in": True, **user}
    return at
