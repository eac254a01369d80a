"""What the Preview page shows, computed without Streamlit: the analysis, charts and download builders.

The page calls ``analyse`` (cached by the dataset's fingerprint, so a rerun
does not re-count a large dataset), draws the figures made here, and hands the
``download_*`` callables to ``st.download_button`` so that a file is only built
when its button is clicked (in its own store connection, on Streamlit's thread).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import plotly.graph_objects as go

from core.data.store import Store
from core.dataset import export, trainer_formats
from core.dataset.split import Split, latest_split
from core.dataset.upload_plan import METHOD_DPO, METHOD_SUPERVISED, PROVIDER_OPENAI, UploadPlan, plan_upload
from core.dataset.validate import Report, together, validate_ids
from core.pricing import DEFAULT_MODEL, fine_tunable_models

SETTING_MODEL = "preview_model"
SETTING_EPOCHS = "preview_epochs"
SETTING_RULES = "preview_rules"  # whose rules the checks follow: RULES_CONNECTION or Together
RULES_CONNECTION = "connection"  # the connection's provider (OpenAI, Azure, or a compatible server)
N_SHOWN_EXAMPLES = 3
MAX_BINS = 40
MAX_COUNT_TICKS = 6
LIMIT_COLOR = "red"
JSONL_MIME = "application/jsonl"


@dataclass
class Analysis:
    report: Report  # the checks of exactly what would be uploaded (supervised)
    split: Split | None  # the recorded split, if any
    split_current: bool  # False when examples changed since it was drawn
    train_ids: list[int]  # what train.jsonl holds
    valid_ids: list[int]  # what valid.jsonl holds (empty: no validation file is uploaded)
    has_dpo: bool
    plan: UploadPlan  # what a supervised launch uploads, and why
    dpo_plan: UploadPlan | None  # the same for DPO, when there is preference data


def analyse(
    workspace: str, project_id: int, model: str, epochs: int | None, provider: str = PROVIDER_OPENAI
) -> Analysis:
    """Validate exactly what a launch would upload (``core.dataset.upload_plan``), with the provider's minimum."""
    with Store(workspace) as store:
        split = latest_split(store, project_id)
        plan = plan_upload(store, project_id, METHOD_SUPERVISED, provider)
        report = validate_ids(store, project_id, plan.train_ids, plan.valid_ids, model, epochs, plan.minimum, provider)
        has_dpo = export.has_preference_data(store, project_id)
        dpo_plan = plan_upload(store, project_id, METHOD_DPO, provider) if has_dpo else None
        return Analysis(report, split, plan.split_current, plan.train_ids, plan.valid_ids, has_dpo, plan, dpo_plan)


def preview_models(provider: str = PROVIDER_OPENAI) -> list[str]:
    """Bases some provider still trains today; the default only counts tokens once none is left.

    On Together, the bases in its table of context lengths (``core.dataset.validate.together``).
    """
    if provider == together.PROVIDER_TOGETHER:
        return list(together.TOGETHER_MODELS)
    return [m.name for m in fine_tunable_models()] or [DEFAULT_MODEL]


def rules_provider(saved: object, connection_provider: str) -> str:
    """The provider whose rules Preview checks: Together when chosen, else the connection's."""
    return together.PROVIDER_TOGETHER if saved == together.PROVIDER_TOGETHER else connection_provider


def model_setting(provider: str) -> str:
    """The project setting that remembers the base model Preview counts with, one per set of models."""
    return f"{SETTING_MODEL}_{provider}" if provider == together.PROVIDER_TOGETHER else SETTING_MODEL


def chosen_model_default(models: list[str]) -> str:
    """The model a project that never chose one starts with: OpenAI's default, else Together's, else the first."""
    for default in (DEFAULT_MODEL, together.DEFAULT_TOGETHER_MODEL):
        if default in models:
            return default
    return models[0]


def chosen_model(saved: object, models: list[str]) -> str:
    """The saved model while it is still offered, else the default, else the first one offered."""
    if saved in models:
        return str(saved)
    return chosen_model_default(models)


def count_tick_step(largest: int, max_ticks: int = MAX_COUNT_TICKS) -> int:
    """A whole-number distance between count ticks (1, 2, 5, 10, 20, 50…) that keeps at most ``max_ticks``
    ticks: a count of examples is never 2.5, so its axis must never say so."""
    magnitude = 1
    while True:
        for factor in (1, 2, 5):
            if largest <= max_ticks * factor * magnitude:
                return factor * magnitude
        magnitude *= 10


def histogram(values: Any, title: str, count_label: str, limit: int | None = None, limit_label: str = "") -> go.Figure:
    """A histogram from pre-computed bins (only the bins reach the browser, even for a million examples).

    With a ``limit`` the x axis is logarithmic so the limit line and the bulk of
    the examples are both visible; the red dashed limit line is named in the legend.
    """
    data = np.asarray(values, dtype=float)
    figure = go.Figure()
    largest = 0
    if data.size:
        if limit:
            top = max(float(data.max()), float(limit)) * 1.2
            edges = np.geomspace(max(1.0, float(data.min()) * 0.9), top, MAX_BINS)
        elif data.max() - data.min() < MAX_BINS:
            # Small whole numbers (messages per example): one bar per value, and whole ticks under them.
            edges = np.arange(data.min() - 0.5, data.max() + 1.5)
            figure.update_xaxes(tick0=0, dtick=count_tick_step(int(data.max() - data.min()) + 1))
        else:
            edges = np.histogram_bin_edges(data, bins=MAX_BINS)
        counts, edges = np.histogram(data, bins=edges)
        largest = int(counts.max())
        figure.add_bar(
            x=(edges[:-1] + edges[1:]) / 2, y=counts, width=np.diff(edges), name=count_label, showlegend=False
        )
    if limit:
        figure.add_vline(x=limit, line_color=LIMIT_COLOR, line_dash="dash")
        # A shape has no legend entry: an empty line trace in the same style stands for it there.
        figure.add_scatter(
            x=[None],
            y=[None],
            mode="lines",
            name=limit_label,
            showlegend=True,
            line={"color": LIMIT_COLOR, "dash": "dash"},
            hoverinfo="skip",
        )
        figure.update_xaxes(type="log")
    figure.update_yaxes(tick0=0, dtick=count_tick_step(largest), tickformat=",d", rangemode="tozero")
    figure.update_layout(
        title=title,
        yaxis_title=count_label,
        height=300,
        margin={"t": 40, "b": 10},
        showlegend=bool(limit),
        legend={"orientation": "h", "y": -0.2, "x": 0},
    )
    return figure


def distribution_figures(report: Report, tr: Callable[..., str]) -> list[go.Figure]:
    """Tokens per example (with the model's limit), messages per example, assistant tokens; ``tr`` translates."""
    count = tr("preview.chart_count")
    limit = report.example_token_limit
    return [
        histogram(
            report.tokens_per_example,
            tr("preview.chart_tokens"),
            count,
            limit,
            tr("charts.limit_legend", limit=f"{limit:,}"),
        ),
        histogram(report.messages_per_example, tr("preview.chart_messages"), count),
        histogram(report.assistant_tokens_per_example, tr("preview.chart_assistant"), count),
    ]


def message_text(message: dict[str, Any]) -> str:
    """A message's content as the model reads it; tool calls and content parts as JSON."""
    content = message.get("content")
    if isinstance(content, str):
        return content
    return json.dumps(content or message.get("tool_calls") or "", ensure_ascii=False)


def shown_examples(
    workspace: str, project_id: int, ids: list[int], n: int = N_SHOWN_EXAMPLES, provider: str = PROVIDER_OPENAI
) -> list[tuple[int, dict[str, Any], str]]:
    """(example id, record, exact JSONL line) for the first ``n`` training examples, in the form
    ``provider`` is sent (Together's file for Together, OpenAI's chat lines otherwise)."""
    trainer = provider if provider in trainer_formats.TRAINERS else None
    with Store(workspace) as store:
        system = export.training_system_prompt(store, project_id)
        shown = []
        for example in store.iter_examples(project_id, ids=ids[:n]):
            record = export.chat_record(example, system)
            if trainer is not None:
                record = trainer_formats.sft_record(record, trainer)
            shown.append((example.id, record, export.chat_line(record).rstrip("\n")))
        return shown


def _with_store(workspace: str, build: Callable[[Store], bytes]) -> Callable[[], bytes]:
    def produce() -> bytes:
        with Store(workspace) as store:
            return build(store)

    return produce


def _sft_file(project_id: int, ids: list[int], trainer: str) -> Callable[[Store], bytes]:
    return lambda store: export.jsonl_bytes(trainer_formats.iter_sft_jsonl(store, project_id, ids, trainer))


def _preference_file(project_id: int, trainer: str) -> Callable[[Store], bytes]:
    return lambda store: export.jsonl_bytes(trainer_formats.iter_preference_jsonl(store, project_id, trainer))


def trainer_builders(
    workspace: str, project_id: int, ids: list[int]
) -> dict[str, tuple[str, str, Callable[[], bytes]]]:
    """Together's and Fireworks' files: supervised from ``ids`` (training and validation parts together,
    as another trainer draws its own split), preference from every pair; builders run only on click."""
    builders: dict[str, tuple[str, str, Callable[[], bytes]]] = {}
    for trainer in trainer_formats.TRAINERS:
        sft = _with_store(workspace, _sft_file(project_id, ids, trainer))
        builders[trainer] = (f"{trainer}_sft.jsonl", JSONL_MIME, sft)
        dpo = _with_store(workspace, _preference_file(project_id, trainer))
        builders[f"{trainer}_dpo"] = (f"{trainer}_dpo.jsonl", JSONL_MIME, dpo)
    return builders


def download_builders(
    workspace: str, project_id: int, train_ids: list[int], valid_ids: list[int]
) -> dict[str, tuple[str, str, Callable[[], bytes]]]:
    """name → (file name, MIME type, builder) for every download; builders run only on click."""
    jsonl = JSONL_MIME
    return {
        "train": (
            "train.jsonl",
            jsonl,
            _with_store(workspace, lambda s: export.jsonl_bytes(export.iter_chat_jsonl(s, project_id, train_ids))),
        ),
        "valid": (
            "valid.jsonl",
            jsonl,
            _with_store(workspace, lambda s: export.jsonl_bytes(export.iter_chat_jsonl(s, project_id, valid_ids))),
        ),
        "dpo": (
            "dpo.jsonl",
            jsonl,
            _with_store(workspace, lambda s: export.jsonl_bytes(export.iter_dpo_jsonl(s, project_id))),
        ),
        "hf": (
            "hf_chat.jsonl",
            jsonl,
            _with_store(
                workspace, lambda s: export.jsonl_bytes(export.iter_hf_jsonl(s, project_id, train_ids + valid_ids))
            ),
        ),
        **trainer_builders(workspace, project_id, train_ids + valid_ids),
        "csv": ("dataset.csv", "text/csv", _with_store(workspace, lambda s: export.csv_bytes(s, project_id))),
        "xlsx": (
            "dataset.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            _with_store(workspace, lambda s: export.xlsx_bytes(s, project_id)),
        ),
    }
