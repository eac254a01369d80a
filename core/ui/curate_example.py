"""Curate's one-example editor: the fields of a single-turn example, every message of a
conversation (roles, order, weights) and the answer history.

Drawing and dispatch only; the logic lives in ``core.dataset.curate``. Every change is
saved in its widget's on_change callback. Structural changes (add, move,
remove a message) call ``refresh`` so that the page redraws the editors from
the store under new widget keys.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

import streamlit as st

from core import ui
from core.data.store import STATUSES, Example, Store
from core.dataset import curate, review
from core.i18n.timefmt import shown_time
from core.ui.state import W_CURATE_EXAMPLE, W_CURATE_OPEN

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|>~<$])")


def picker(
    store: Store, page: curate.TablePage, current: int | None, revision: int, on_pick: Callable[[int | None], None]
) -> None:
    """Choose the example to open: the rows of this page, plus the open one if it is elsewhere."""
    shown = list(page.examples)
    if current is not None and current not in page.ids and (opened := store.get_example(current)) is not None:
        shown.append(opened)
    labels = {e.id: ui.tr("curate.open_label", id=e.id, question=curate.example_label(e)) for e in shown}
    options = [None, *labels] + ([current] if current is not None and current not in labels else [])
    # Its value is kept in the session, not in the widget: a new key per language redraws it labelled anew.
    key = f"{W_CURATE_OPEN}{revision}_{ui.lang()}"
    st.selectbox(
        ui.tr("curate.open_pick"),
        options,
        index=options.index(current),
        key=key,
        format_func=lambda i: ui.tr("curate.open_none") if i is None else labels.get(i, f"#{i}"),
        on_change=lambda: on_pick(st.session_state[key]),
        help=ui.tr("curate.help_open_pick"),
    )


@ui.refusable_write
def save(example_id: int, name: str, widget_key: str) -> None:
    """Save one field from its widget (only if it changed)."""
    with ui.open_store() as store:
        if not curate.save_field(store, example_id, name, st.session_state[widget_key]):
            ui.flash(ui.tr("curate.example_gone", id=example_id), "warning")


@ui.refusable_write
def save_messages(
    example_id: int,
    change: Callable[..., list[dict[str, Any]]],
    *args: Any,
    refresh: Callable[[], None] | None = None,
    **widget_keys: str,
) -> None:
    """Apply one conversation change to the stored messages (read fresh, so nothing is lost).

    ``widget_keys`` name the widgets whose values become ``change``'s keyword arguments.
    """
    with ui.open_store() as store:
        example = store.get_example(example_id)
        if example is None:
            return
        values = {name: st.session_state[widget_key] for name, widget_key in widget_keys.items()}
        store.set_messages(example_id, change(example.messages or curate.as_conversation(example), *args, **values))
    if refresh is not None:
        refresh()


def editor(
    store: Store,
    example_id: int,
    *,
    revision: int,
    on_close: Callable[[], None],
    refresh: Callable[[], None],
    extra_actions: Callable[[Example], None] | None = None,
) -> None:
    """The bordered editor for one example; ``revision`` is part of every widget key."""
    example = store.get_example(example_id)
    if example is None:
        st.info(ui.tr("curate.example_gone", id=example_id))
        return
    tr, eid = ui.tr, example.id
    key = f"{W_CURATE_EXAMPLE}{eid}_{revision}_"
    with st.container(border=True):
        head, close = st.columns([6, 1])
        head.markdown(f"**{tr('curate.example_heading', id=eid)}**")
        close.button(tr("curate.close"), key=key + "close", on_click=on_close)
        if example.error:
            st.error(tr("curate.error_label", error=example.error))
        left, right = st.columns([1, 3])
        left.selectbox(
            tr("curate.status"),
            STATUSES,
            index=STATUSES.index(example.status),
            key=ui.choice_key(key + "status"),
            format_func=ui.labels("status."),
            on_change=save,
            args=(eid, "status", key + "status"),
            help=tr("curate.help_status"),
        )
        right.text_input(
            tr("curate.tags"),
            ", ".join(example.tags),
            key=key + "tags",
            on_change=save,
            args=(eid, "tags", key + "tags"),
            help=tr("curate.help_tags"),
        )
        if example.messages is None:
            from core.ui import documents_review  # it draws with this module's ``plain``: imported when used

            sourced = documents_review.has_source(example)
            fields = st.columns(2) if sourced else [st.container()]
            for name, label, height in (("question", "curate.question", 100), ("answer", "curate.answer", 220)):
                fields[0].text_area(
                    tr(label),
                    getattr(example, name),
                    height=height,
                    key=key + name,
                    on_change=save,
                    args=(eid, name, key + name),
                    help=tr(f"curate.help_{name}"),
                )
            fields[0].text_area(
                tr("curate.system_prompt"),
                example.system_prompt or "",
                key=key + "system",
                height=80,
                help=tr("curate.system_prompt_help"),
                on_change=save,
                args=(eid, "system_prompt", key + "system"),
            )
            if sourced:
                with fields[1]:
                    documents_review.source_panel(store, example)
            st.button(
                tr("curate.make_conversation"),
                key=key + "to_conv",
                help=tr("curate.make_conversation_help"),
                on_click=save_messages,
                args=(eid, curate.normalise_messages),
                kwargs={"refresh": refresh},
            )
        else:
            conversation(example, key, refresh)
        if extra_actions is not None:
            extra_actions(example)
        history(store, eid, refresh, key)


def conversation(example: Example, key: str, refresh: Callable[[], None]) -> None:
    """One row per message: role (and weight), text, move up/down, remove; then "add a message"."""
    messages = example.messages or []  # only conversations come here
    tr, eid, last = ui.tr, example.id, len(messages) - 1
    st.markdown(f"**{tr('curate.conversation')}**")
    for problem in curate.conversation_problems(messages):
        st.warning(tr(f"curate.problem_{problem}"))
    for index, message in enumerate(curate.normalise_messages(messages)):
        k = f"{key}m{index}_"
        role_col, text_col, tools_col = st.columns([2, 8, 2])
        roles = curate.role_options(message["role"])
        role_col.selectbox(
            tr("curate.role"),
            roles,
            index=roles.index(message["role"]),
            key=ui.choice_key(k + "role"),
            format_func=ui.labels("curate.role_", known=curate.KNOWN_ROLES),
            on_change=save_messages,
            args=(eid, curate.update_message, index),
            kwargs={"role": k + "role"},
            help=tr("curate.help_role"),
        )
        text_col.text_area(
            tr("curate.content", n=index + 1),
            str(message.get("content") or ""),
            key=k + "content",
            on_change=save_messages,
            args=(eid, curate.update_message, index),
            kwargs={"content": k + "content"},
            help=tr("curate.help_content"),
        )
        if message.get("tool_calls"):
            text_col.code(json.dumps(message["tool_calls"], ensure_ascii=False, indent=1), language="json")
        if message.get("role") == "assistant":
            role_col.toggle(
                tr("curate.weight"),
                value=message.get("weight", 1) != 0,
                key=k + "weight",
                help=tr("curate.weight_help"),
                on_change=save_messages,
                args=(eid, curate.update_message, index),
                kwargs={"weight": k + "weight"},
            )
        up, down, remove = tools_col.columns(3)
        up.button(
            "",
            icon=":material/arrow_upward:",
            key=k + "up",
            help=tr("curate.move_up"),
            disabled=index == 0,
            on_click=save_messages,
            args=(eid, curate.move_message, index, -1),
            kwargs={"refresh": refresh},
        )
        down.button(
            "",
            icon=":material/arrow_downward:",
            key=k + "down",
            help=tr("curate.move_down"),
            disabled=index == last,
            on_click=save_messages,
            args=(eid, curate.move_message, index, 1),
            kwargs={"refresh": refresh},
        )
        remove.button(
            "",
            icon=":material/delete:",
            key=k + "remove",
            help=tr("curate.remove"),
            on_click=save_messages,
            args=(eid, curate.remove_message, index),
            kwargs={"refresh": refresh},
        )
    st.button(
        tr("curate.add_message"),
        icon=":material/add:",
        key=key + "add",
        on_click=save_messages,
        args=(eid, curate.add_message),
        kwargs={"refresh": refresh},
    )


def plain(text: str) -> str:
    """User text shown as it is in Markdown (no headings or emphasis from its characters), lines kept."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text).replace("\n", "  \n") if text.strip() else "—"


@ui.refusable_write
def restore(example_id: int, version_id: int, refresh: Callable[[], None]) -> None:
    with ui.open_store() as store:
        review.restore_version(store, example_id, version_id)
    ui.flash(ui.tr("curate.restored"), "success")
    refresh()


def history(store: Store, example_id: int, refresh: Callable[[], None], key: str, editable: bool = True) -> None:
    """The answer history, newest first, each older version with "restore this version"."""
    tr = ui.tr
    versions = list(reversed(store.answer_history(example_id)))
    with st.expander(tr("curate.history", count=len(versions))):
        if not versions:
            st.caption(tr("curate.history_empty"))
        for number, version in enumerate(versions):
            meta = " · ".join(
                part
                for part in (
                    shown_time(version.created_at),
                    curate.source_label(version.source, ui.lang()),
                    version.model or "",
                )
                if part
            )
            text_col, action_col = st.columns([5, 1], vertical_alignment="top")
            text_col.caption(meta + (f" · {tr('curate.history_current')}" if number == 0 else ""))
            text_col.markdown(plain(version.answer))
            if number and editable:
                action_col.button(
                    tr("curate.restore"),
                    key=f"{key}restore_{version.id}",
                    icon=":material/restore:",
                    help=tr("curate.restore_help"),
                    on_click=restore,
                    args=(example_id, version.id, refresh),
                )
