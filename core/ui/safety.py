"""Widgets for working safely on a shared app: the trash, jobs started with another key, waiting answers.

Drawing and dispatch only: who may do what lives in ``core.workflows.job_keys`` and the
store; ``core.ui`` says whether this session may change a project.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import streamlit as st

from core import ui
from core.data.store import TRASH_DAYS, ExampleFilter, Store
from core.providers import api_errors
from core.ui.state import W_SAFETY
from core.workflows import generation, job_keys

# How many deleted rows the Curate trash offers at once (the newest first).
ROWS_TRASH_LIMIT = 500
W = W_SAFETY


def _when(stamp: str | None) -> str:
    if not stamp:
        return ""
    try:
        return datetime.fromisoformat(stamp).strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return stamp[:16]


# ------------------------------------------------------------------ trash on Home
@ui.refusable_write
def _restore(project_id: int, name: str) -> None:
    with ui.open_store() as store:
        store.restore_project(project_id)
    ui.select_project(project_id)
    ui.flash(ui.tr("safety.restored", name=name))


@ui.refusable_write
def _purge(project_id: int, name: str) -> None:
    with ui.open_store() as store:
        project = next((p for p in store.trashed_projects(ui.session_id()) if p.id == project_id), None)
        if project is None or not ui.may_change(project):
            return
        store.purge_project(project_id)
    ui.flash(ui.tr("safety.purged", name=name))


def project_trash(store: Store) -> None:
    """Deleted projects this session may see, with Restore and (password permitting) Delete forever."""
    store.purge_expired_trash()
    trashed = store.trashed_projects(ui.session_id())
    if not trashed:
        return
    st.subheader(ui.tr("safety.trash_title"))
    st.caption(ui.tr("safety.trash_intro", days=TRASH_DAYS))
    for project in trashed:
        with st.container(border=True):
            text, restore, purge = st.columns([4, 1, 2], vertical_alignment="center")
            text.markdown(ui.tr("safety.trash_row", name=project.name, when=_when(project.deleted_at)))
            allowed = ui.may_change(project)
            restore.button(
                ui.tr("safety.restore"),
                key=f"{W}restore_{project.id}",
                on_click=_restore,
                args=(project.id, project.name),
                disabled=not allowed,
                help=ui.tr("safety.restore_help"),
            )
            with purge.popover(ui.tr("safety.delete_forever"), icon=":material/delete_forever:", disabled=not allowed):
                confirm = st.checkbox(
                    ui.tr("sidebar.delete_confirm", name=project.name),
                    key=f"{W}purge_confirm_{project.id}",
                    help=ui.tr("safety.delete_forever_help"),
                )
                st.button(
                    ui.tr("safety.delete_forever"),
                    key=f"{W}purge_{project.id}",
                    type="primary",
                    disabled=not confirm,
                    on_click=_purge,
                    args=(project.id, project.name),
                )
            if not allowed:
                text.caption(ui.tr("safety.delete_forever_locked"))


# ------------------------------------------------------------ trash on Curate
def rows_trash(store: Store, project_id: int, editable: bool, on_change: Callable[[], None]) -> None:
    """The project's deleted rows: pick some and bring them back."""
    deleted = ExampleFilter(deleted=True)
    count = store.count_examples(project_id, deleted)
    if not count:
        return
    with st.expander(ui.tr("safety.rows_trash", count=count), icon=":material/restore_from_trash:"):
        st.caption(ui.tr("safety.rows_trash_intro", days=TRASH_DAYS))
        rows = store.query_examples(project_id, deleted, limit=ROWS_TRASH_LIMIT)
        labels = {row.id: f"#{row.id} · {row.question[:80]}" for row in rows}
        picked = st.multiselect(
            ui.tr("safety.rows_pick"),
            list(labels),
            format_func=lambda row_id: labels.get(row_id, f"#{row_id}"),
            key=f"{W}rows_{project_id}",
            help=ui.tr("safety.rows_pick_help"),
            placeholder=ui.tr("safety.rows_pick"),
            disabled=not editable,
        )
        if st.button(
            ui.tr("safety.rows_restore", count=len(picked)),
            key=f"{W}rows_restore_{project_id}",
            disabled=not picked or not editable,
            icon=":material/restore:",
        ):
            restored = store.restore_examples(picked)
            st.session_state.pop(f"{W}rows_{project_id}", None)
            on_change()
            ui.flash(ui.tr("safety.rows_restored", count=restored))
            st.rerun()


def waiting_answer_note(store: Store, example_id: int, waiting: bool, on_change: Callable[[], None]) -> None:
    """In the one-example editor: a newer machine answer waits among the variants."""
    if not waiting:
        return
    st.info(ui.tr("safety.waiting_note"), icon=":material/hourglass_top:")
    if st.button(ui.tr("safety.keep_mine"), key=f"{W}keep_{example_id}", help=ui.tr("safety.keep_mine_help")):
        store.clear_waiting(example_id)
        on_change()
        st.rerun()


# ------------------------------------------------------ jobs and their keys
def session_fingerprint(store: Store) -> str | None:
    """The fingerprint of the key this session would use right now (None without a usable key)."""
    return job_keys.fingerprint(store, ui.connection_settings().api_key)


def job_control(store: Store, name: str, cost_usd: float | None = None) -> bool:
    """Whether this session may continue, poll, pause or cancel job ``name``; explains and offers take-over if not.

    ``cost_usd``: the most that going on with the job would cost (None: only
    watching it, which costs nothing). A failed poll kept on the job is shown.
    """
    fingerprint = session_fingerprint(store)
    access = job_keys.access(store, name, fingerprint, ui.owner_unlocked())
    poll_error(store, name)
    if access in job_keys.MAY_CONTROL:
        return True
    if access == job_keys.ACCESS_NO_KEY:
        st.caption(ui.tr("safety.no_key_to_control"))
        return False
    st.warning(ui.tr("safety.other_key"), icon=":material/key_off:")
    label = (
        ui.tr("safety.take_over_cost", cost=f"{cost_usd:,.2f}")
        if cost_usd is not None
        else ui.tr("safety.take_over_watch")
    )
    confirmed = st.checkbox(label, key=f"{W}take_confirm_{name}", help=ui.tr("safety.take_over_help"))
    if st.button(
        ui.tr("safety.take_over"),
        key=f"{W}take_{name}",
        disabled=not confirmed or fingerprint is None,
        icon=":material/swap_horiz:",
    ):
        job_keys.take_over(store, name, fingerprint)  # type: ignore[arg-type]
        ui.flash(ui.tr("safety.taken_over"))
        st.rerun()
    return False


def poll_error(store: Store, name: str) -> None:
    """The job's last failed check, in plain words (kept on the job, never swallowed)."""
    job = job_keys.get(store, name)
    if job is None or not job.last_error:
        return
    problem = generation.problem_from_text(job.last_error)
    reason = api_errors.explain(problem, ui.lang()) if problem is not None else job.last_error
    st.error(ui.tr("safety.poll_failed", when=_when(job.error_at), reason=reason), icon=":material/sync_problem:")
