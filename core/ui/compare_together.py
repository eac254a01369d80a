"""Compare with Together: its finished fine-tunes as contenders (answered through Together's OpenAI-compatible
chat endpoint with the session's Together key), and what a dedicated endpoint means, said before any spending."""

from __future__ import annotations

import streamlit as st

from core import ui
from core.data.store import Store
from core.providers import api_errors
from core.ui.state import SS_TOGETHER_DEDICATED, W_COMPARE_TOGETHER_ADD
from core.ui.together_keys import together_settings
from core.workflows import compare, finetune
from core.workflows.finetune import together as tw


def together_section(store: Store, project_id: int, contenders: list[compare.Contender]) -> None:
    """Offer the project's Together fine-tunes not picked yet; warn about keys and dedicated endpoints."""
    fine_tunes = finetune.together_fine_tunes(store, project_id)
    picked = {c.uid for c in contenders}
    waiting = [r for r in fine_tunes if compare.TOGETHER_ENDPOINT_PREFIX + str(r.fine_tuned_model) not in picked]
    if waiting and st.button(
        ui.tr("compare_together.add", model=waiting[0].fine_tuned_model, base=waiting[0].base_model),
        key=W_COMPARE_TOGETHER_ADD,
        icon=":material/add:",
        help=ui.tr("compare_together.add_help"),
    ):
        row = waiting[0]
        compare.add_together_contenders(store, project_id, [(str(row.fine_tuned_model), True), (row.base_model, False)])
        st.rerun()
    on_together = [c for c in contenders if compare.is_together(c)]
    if not on_together:
        return
    settings = together_settings()
    if not settings.has_key:
        st.info(ui.tr("compare_together.need_key"), icon=":material/key:")
        return
    dedicated = st.session_state.setdefault(SS_TOGETHER_DEDICATED, {})
    for row in fine_tunes:
        if compare.TOGETHER_ENDPOINT_PREFIX + str(row.fine_tuned_model) not in picked:
            continue
        if row.fine_tuned_model not in dedicated:
            try:
                dedicated[row.fine_tuned_model] = tw.needs_dedicated_endpoint(row, settings)
            except Exception as exc:  # noqa: BLE001 - said plainly; the next run asks again
                st.caption(ui.tr("together.test_failed", reason=api_errors.explain_exception(exc, ui.lang())))
                continue
        if dedicated[row.fine_tuned_model]:
            st.warning(ui.tr("together.dedicated_notice", model=row.fine_tuned_model), icon=":material/dns:")
