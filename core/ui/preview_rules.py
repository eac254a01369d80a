"""Preview: which provider's rules the checks followed, when they aren't OpenAI's (Together's table and order)."""

from __future__ import annotations

import streamlit as st

from core import ui
from core.data.store import Store
from core.dataset import preview
from core.dataset.validate import Report, together
from core.ui.state import W_PREVIEW_RULES


def _save_rules(project_id: int) -> None:
    if not ui.may_change_id(project_id):
        return  # the team's project without the password: look, don't save
    with ui.open_store() as store:
        store.set_setting(project_id, preview.SETTING_RULES, st.session_state[W_PREVIEW_RULES])


def rules_provider(store: Store, project_id: int) -> str:
    """Whose rules to check against: the connection's provider or Together AI (saved with the project)."""
    connection = ui.connection_settings().provider
    saved = store.get_setting(project_id, preview.SETTING_RULES)
    labels = {
        preview.RULES_CONNECTION: ui.tr("preview.rules_connection", provider=ui.tr(f"settings.provider_{connection}")),
        together.PROVIDER_TOGETHER: ui.tr("plan.provider.together"),
    }
    chosen = st.segmented_control(
        ui.tr("preview.rules"),
        list(labels),
        default=saved if saved in labels else preview.RULES_CONNECTION,
        key=W_PREVIEW_RULES,
        format_func=labels.__getitem__,
        help=ui.tr("preview.rules_help"),
        on_change=_save_rules,
        args=(project_id,),
    )
    return preview.rules_provider(chosen, connection)


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
