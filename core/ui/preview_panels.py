"""Preview page panels: the problems found, what will be uploaded, what the model sees, and the downloads.

Drawing and dispatch only; the logic is in ``core.dataset.validate``, ``core.dataset.upload_plan``,
``core.dataset.training_prompt`` and ``core.dataset.preview``.
"""

from __future__ import annotations

import streamlit as st

from core import ui
from core.data.store import Store
from core.dataset import preview, training_prompt
from core.dataset.upload_plan import plan_lines
from core.dataset.validate import Report, problem_text
from core.ui.state import W_PREVIEW_APPLY_PROMPT, W_PREVIEW_DOWNLOAD

GENERATE_PAGE = "pages/2_Generate.py"
CURATE_PAGE = "pages/3_Curate.py"
MAX_LINKS = 20
DOWNLOADS = ("train", "valid", "dpo", "csv", "xlsx")
# Files for other trainers, in their own row: Together's and Fireworks' exact formats, and HF chat.
OTHER_TRAINER_DOWNLOADS = ("together", "together_dpo", "fireworks", "fireworks_dpo", "hf")
TABLE_DOWNLOADS = frozenset({"csv", "xlsx"})  # every row with its status: useful before anything is approved
PREFERENCE_DOWNLOADS = frozenset({"dpo", "together_dpo", "fireworks_dpo"})
HELPED_DOWNLOADS = frozenset({"hf", "together", "together_dpo", "fireworks", "fireworks_dpo"})


def _draw_lines(lines: list[tuple[str, str]]) -> None:
    for kind, text in lines:
        getattr(st, kind)(text)


def upload_plan_panel(found: preview.Analysis) -> None:
    """Exactly what a launch uploads (supervised, and DPO when there are pairs), with the reasons in plain words."""
    st.subheader(ui.tr("plan.title"))
    st.caption(ui.tr("plan.caption"))
    plans = [found.plan] + ([found.dpo_plan] if found.dpo_plan is not None else [])
    for plan in plans:
        if len(plans) > 1:
            st.markdown(f"**{ui.tr(f'finetune.method.{plan.method}')}**")
        _draw_lines(plan_lines(plan, ui.lang()))


def problems_panel(report: Report) -> None:
    """Every error and warning, each with links that open its examples in Curate."""
    for problem in report.errors + report.warnings:
        text = problem_text(problem, ui.lang(), report.example_token_limit, report.minimum, report.model)
        label = f"{ui.tr('validate.count', count=problem.count)} {text}"
        (st.error if problem.severity == "error" else st.warning)(label)
        refs = [r for r in problem.refs if r.example_id is not None]
        if refs:
            with st.expander(ui.tr("preview.show_examples", n=problem.count)):
                for ref in refs[:MAX_LINKS]:
                    st.page_link(
                        CURATE_PAGE,
                        label=ui.tr("preview.open_in_curate", id=ref.example_id),
                        query_params={"example": str(ref.example_id)},
                        icon=":material/edit:",
                    )
                if problem.count > MAX_LINKS:
                    st.caption(ui.tr("preview.more_refs", n=problem.count - MAX_LINKS))


def _apply_training_prompt(project_id: int) -> None:
    with ui.open_store() as store:
        changed = training_prompt.apply_to_examples(store, project_id)
    ui.flash(ui.tr("trainprompt.applied", count=changed))


def training_prompt_panel(store: Store, project_id: int) -> None:
    """The training system prompt as the model sees it, and the one action that writes it into the examples."""
    prompt = training_prompt.get_prompt(store, project_id)
    with st.container(border=True):
        st.markdown(f"**{ui.tr('trainprompt.title')}**")
        if prompt:
            st.chat_message("system").text(prompt)  # st.text: exactly the characters the model gets
            st.caption(ui.tr("trainprompt.where"))
        else:
            st.warning(ui.tr("trainprompt.none"))
        st.page_link(GENERATE_PAGE, label=ui.tr("trainprompt.go_generate"), icon=":material/edit:")
        missing = training_prompt.count_without_system(store, project_id)
        if not missing:
            st.caption(ui.tr("trainprompt.all_have"))
        elif prompt:
            st.button(
                ui.tr("trainprompt.apply", count=missing),
                key=W_PREVIEW_APPLY_PROMPT,
                icon=":material/playlist_add:",
                help=ui.tr("trainprompt.apply_help"),
                on_click=_apply_training_prompt,
                args=(project_id,),
            )


def examples_panel(store: Store, project_id: int, found: preview.Analysis) -> None:
    """The training prompt, then the first training examples as chat turns and as the JSONL lines uploaded."""
    st.subheader(ui.tr("preview.sees"))
    st.caption(ui.tr("preview.sees_caption"))
    training_prompt_panel(store, project_id)
    shown = preview.shown_examples(str(store.path), project_id, found.train_ids, provider=found.report.provider)
    for example_id, record, _line in shown:
        with st.container(border=True):
            st.caption(f"#{example_id}")
            for message in record["messages"]:
                # st.text, not markdown: the model sees the characters exactly as written.
                st.chat_message(message.get("role", "?")).text(preview.message_text(message))
    with st.expander(ui.tr("preview.jsonl_lines")):
        st.code("\n".join(line for _id, _record, line in shown), language="json", wrap_lines=True)


def _download_row(names: tuple[str, ...], builders: dict, found: preview.Analysis) -> None:
    approved = found.report.n_examples > 0
    for column, name in zip(st.columns(len(names)), names, strict=True):
        file_name, mime, build = builders[name]
        disabled = (
            (name not in TABLE_DOWNLOADS and not approved)
            or (name == "valid" and not found.valid_ids)
            or (name in PREFERENCE_DOWNLOADS and not found.has_dpo)
        )
        column.download_button(
            ui.tr(f"preview.dl_{name}"),
            data=build,
            file_name=file_name,
            mime=mime,
            key=f"{W_PREVIEW_DOWNLOAD}{name}",
            disabled=disabled,
            on_click="ignore",
            icon=":material/download:",
            help=ui.tr(f"preview.dl_{name}_help") if name in HELPED_DOWNLOADS else None,
        )


def downloads_panel(workspace: str, project_id: int, found: preview.Analysis) -> None:
    """Every download. CSV and Excel (all rows, with their status) whenever there are examples;
    the training files once something is approved; the other trainers' files in a row of their own."""
    st.subheader(ui.tr("preview.downloads"))
    st.caption(ui.tr("preview.downloads_caption"))
    builders = preview.download_builders(workspace, project_id, found.train_ids, found.valid_ids)
    _download_row(DOWNLOADS, builders, found)
    st.markdown(f"**{ui.tr('preview.other_trainers')}**")
    st.caption(ui.tr("preview.other_trainers_caption"))
    _download_row(OTHER_TRAINER_DOWNLOADS, builders, found)
    if not found.report.n_examples:
        st.caption(ui.tr("preview.dl_tables_only"))
    elif not found.has_dpo:
        st.caption(ui.tr("preview.no_dpo"))
