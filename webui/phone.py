"""Pages made for a phone first (/field, /report): big targets, widgets filling the one column."""
from __future__ import annotations

import streamlit as st

# finger-high buttons and inputs, a roomy photo drop zone and checklist rows (fixed CSS, no data in it)
_BIG_TARGETS = """
div[data-testid="stButton"] button, div[data-testid="stFormSubmitButton"] button {min-height: 3.2rem; font-size: 1.1rem;}
div[data-baseweb="select"] > div, div[data-testid="stTextInput"] input {min-height: 3rem; font-size: 1.05rem;}
div[data-testid="stFileUploaderDropzone"] {padding: 1.2rem 0.8rem;}
div[data-testid="stCheckbox"] label {min-height: 2.9rem; align-items: center; padding: 0.25rem 0;}
div[data-testid="stCheckbox"] label p {font-size: 1.05rem;}
"""


def big_targets() -> None:
    st.html("<style>" + _BIG_TARGETS + "</style>")
