"""The app's root for a signed-in user: straight on to their role's first page (app/registry.py
DEFAULT_PAGE). Every real page keeps its own address (/street, /trace…): Streamlit serves its
default page at the root only, so no real page is the default."""

from __future__ import annotations

import streamlit as st

from app import session
from app.registry import BY_URL, DEFAULT_PAGE

ident = session.identity()
st.switch_page(BY_URL[DEFAULT_PAGE[ident.role]].path)
