"""The floor: a bare Streamlit app with one selectbox and one line of text (issue 6's baseline)."""

import streamlit as st

choice = st.selectbox("Pick one", ["a", "b", "c", "d"], key="bare_choice")
st.write(f"You picked {choice}.")
