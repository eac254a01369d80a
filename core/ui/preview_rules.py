"""Preview: which provider's rules the checks followed, when they aren't OpenAI's (Together's table and order)."""

from __future__ import annotations

import streamlit as st

from core import ui
from core.dataset.validate import Report, together


def howto_key(provider: str) -> str:
    """The page's one-line "how it works": checked the way the connection's provider checks a file."""
    return "share.howto_preview_together" if provider == together.PROVIDER_TOGETHER else "share.howto_preview"


def follows_together(report: Report) -> bool:
    """True when the report checked Together's rules (its price is Together's to quote, not OpenAI's table)."""
    return report.provider == together.PROVIDER_TOGETHER


def together_rules_note(report: Report) -> None:
    """The rules and the model's context the checks used, and where Together's own price is shown."""
    context = together.context_length(report.model)
    st.info(
        ui.tr(
            "preview.together_rules",
            model=report.model,
            context=f"{context:,}" if context else ui.tr("preview.together_context_unknown"),
            date=together.TABLE_AS_OF.isoformat(),
        ),
        icon=":material/rule:",
    )
