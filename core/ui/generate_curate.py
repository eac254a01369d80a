"""Generation actions inside Curate's one-example editor: regenerate, repair, pick a variant.

Drawing and dispatch only. Regenerate and repair start a small background run
(``core.workflows.generation``) with the Generate page's model and prompt; the old answer
stays in the history. While that run goes on, a fragment watches it and
redraws the editor when the new answer has landed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import streamlit as st

from core import ui
from core.data.store import Example, Store
from core.ui.spend import spend_button
from core.ui.state import SS_GENERATE_CURATE_WATCH as SS_WATCH
from core.ui.state import (
    W_GEN_PICK_VARIANT,
    W_GEN_REGENERATE,
    W_GEN_REGENERATE_SELECTED,
    W_GEN_REPAIR,
    W_GEN_REPAIR_TEXT,
)
from core.workflows import generation
from core.workflows.spending import ACTION_REGENERATE

POLL_S = 1.0


def actions(store: Store, example: Example, selected_ids: set[int], refresh: Callable[[], None]) -> None:
    """The "Ask the model" box for one example; ``refresh`` redraws Curate's editors from the store."""
    tr = ui.tr
    variants = store.list_variants(example.id)
    with st.expander(tr("generate.curate_title"), icon=":material/auto_awesome:", expanded=bool(variants)):
        if variants:
            _variants(store, variants, refresh)
        if example.messages is not None:
            return  # conversations are written by hand
        connection = ui.connection_settings()
        if not connection.has_key:
            st.caption(tr("generate.no_key"))
            return
        options = replace(
            generation.load_options(store, example.project_id, ui.lang()),
            variants=1,
            mode=generation.MODE_LIVE,
            kind=generation.KIND_REGENERATE,
        )

        def highest(settings: generation.GenSettings, ids: list[int]) -> float:
            return generation.estimate_cost(store, example.project_id, ids, settings).usd

        one, many = st.columns(2)
        with one:
            if spend_button(
                ACTION_REGENERATE,
                highest(options, [example.id]),
                tr("generate.curate_regenerate"),
                key=f"{W_GEN_REGENERATE}{example.id}",
                help=tr("generate.curate_regenerate_help"),
                icon=":material/refresh:",
            ):
                _start(store, example, options, [example.id], connection)
        chosen = generation.target_ids(store, example.project_id, generation.SCOPE_SELECTED, sorted(selected_ids))
        with many:
            if spend_button(
                ACTION_REGENERATE,
                highest(options, chosen) if chosen else 0.0,
                tr("generate.curate_regenerate_selected", count=len(chosen)),
                disabled=not chosen,
                key=f"{W_GEN_REGENERATE_SELECTED}{example.id}",
                help=tr("generate.curate_regenerate_help"),
            ):
                _start(store, example, options, chosen, connection)
        instruction = st.text_input(
            tr("generate.curate_repair"), key=f"{W_GEN_REPAIR_TEXT}{example.id}", help=tr("generate.curate_repair_help")
        )
        repair = replace(options, kind=generation.KIND_REPAIR, instruction=instruction.strip())
        if spend_button(
            ACTION_REGENERATE,
            highest(repair, [example.id]),
            tr("generate.curate_repair_go"),
            key=f"{W_GEN_REPAIR}{example.id}",
            disabled=not (instruction.strip() and example.answer),
            icon=":material/build:",
        ):
            _start(store, example, repair, [example.id], connection)
        run_id = st.session_state.get(SS_WATCH, {}).get(example.id)
        if run_id is not None:
            st.fragment(run_every=POLL_S)(_watch)(example.id, run_id, refresh)


def _start(store: Store, example: Example, options: generation.GenSettings, ids: list[int], connection) -> None:
    run_id = generation.create_run(store, example.project_id, options, ids)
    generation.start_run(store, run_id, connection)
    st.session_state.setdefault(SS_WATCH, {})[example.id] = run_id
    st.success(ui.tr("generate.curate_started"))


def _watch(example_id: int, run_id: int, refresh: Callable[[], None]) -> None:
    """Polls the run started from here; when it has ended, redraw the editor with the new answer."""
    with ui.open_store() as store:
        progress = generation.run_progress(store, run_id)
    if progress is None or progress.status != generation.STATUS_RUNNING:
        st.session_state.get(SS_WATCH, {}).pop(example_id, None)
        refresh()
        st.rerun()
    st.progress(
        progress.fraction,
        text=ui.tr(
            "generate.progress",
            done=progress.done,
            failed=progress.failed,
            remaining=progress.remaining,
            total=progress.total,
        ),
    )


def _variants(store: Store, variants: list[dict], refresh: Callable[[], None]) -> None:
    tr = ui.tr
    st.markdown(f"**{tr('generate.curate_variants')}**")
    for number, variant in enumerate(variants, start=1):
        with st.container(border=True):
            st.caption(tr("generate.curate_variant", n=number, temperature=variant["temperature"]))
            st.markdown(variant["answer"])
            if variant["chosen"]:
                st.caption(f":material/check: {tr('generate.curate_chosen')}")
            elif st.button(tr("generate.curate_use_variant"), key=f"{W_GEN_PICK_VARIANT}{variant['id']}"):
                store.choose_variant(variant["id"])
                refresh()
                ui.flash(tr("generate.curate_variant_picked"))
                st.rerun()
