"""Drawing helpers for pages that would otherwise outgrow ~150 lines (Streamlit code; logic stays in core)."""
