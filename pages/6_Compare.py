"""Placeholder until its issue lands: draws the frame so deep links work."""

import streamlit as st

from core import ui

store, project = ui.page_setup("nav.compare")
