"""What the Fine-tune page shows, computed without Streamlit: preview, cost, tables, metrics.

The page only draws these values; keeping them here keeps the page short and
lets tests check them directly.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from core.data.store import Store
from core.dataset.export import chat_record, training_system_prompt
from core.dataset.preference_pairs import build_pairs
from core.dataset.upload_plan import PROVIDER_OPENAI, UploadPlan, plan_lines, plan_upload
from core.i18n import t
from core.i18n.timefmt import shown_time
from core.pricing import TrainingCostEstimate, base_choices, estimate_cost, project_overrides
from core.providers import metrics, provider_messages
from core.tokens import TokenCounter
from core.workflows import finetune

STATUS_ICONS: dict[str, str] = {
    finetune.STATUS_PREPARING: "⏳",
    finetune.STATUS_UPLOADING: "⏳",
    finetune.STATUS_CREATING: "⏳",
    "validating_files": "🔎",
    "queued": "🕒",
    "running": "🏃",
    "paused": "⏸️",
    "succeeded": "✅",
    "failed": "❌",
    "cancelled": "🚫",
    finetune.STATUS_REFUSED: "⛔",
    finetune.STATUS_LAUNCH_FAILED: "⚠️",
}


@dataclass(frozen=True)
class LaunchPreview:
    """What a launch would send (``core.dataset.upload_plan``) and its estimated cost."""

    plan: UploadPlan
    estimate: TrainingCostEstimate | None

    @property
    def method(self) -> str:
        return self.plan.method

    @property
    def train_count(self) -> int:
        return self.plan.train_count

    @property
    def valid_count(self) -> int:
        return self.plan.valid_count

    @property
    def left_out(self) -> int:
        return self.plan.left_out

    @property
    def blocked(self) -> bool:
        return self.plan.blocked


def parse_hyperparameter(name: str, text: str | None) -> Any:
    """ "auto" (or empty) → "auto"; otherwise a positive number of the right kind, else ValueError."""
    clean = (text or "").strip().lower()
    if clean in ("", finetune.AUTO):
        return finetune.AUTO
    number = float(clean.replace(",", "."))
    if number <= 0:
        raise ValueError(name)
    if name in ("n_epochs", "batch_size"):
        if number != int(number):
            raise ValueError(name)
        return int(number)
    return number


def read_request(
    method: str, model: str, texts: dict[str, str], suffix: str, seed: str, use_validation: bool
) -> tuple[finetune.LaunchRequest, list[str]]:
    """The launch the form describes, and the names of the fields whose values are not valid."""
    hyperparameters: dict[str, Any] = {}
    bad: list[str] = []
    for name, text in texts.items():
        try:
            hyperparameters[name] = parse_hyperparameter(name, text)
        except ValueError:
            bad.append(name)
    seed_text = (seed or "").strip()
    if seed_text and not seed_text.isdigit():
        bad.append("seed")
    request = finetune.LaunchRequest(
        method,
        model,
        hyperparameters,
        (suffix or "").strip() or None,
        int(seed_text) if seed_text.isdigit() else None,
        use_validation,
    )
    return request, bad


def job_notes(store: Store, row: finetune.JobRow, table: pd.DataFrame, lang: str) -> list[Any]:
    """The plain-language notes for one job's chart (``core.workflows.training_notes``), each naming the job."""
    from core.workflows.training_notes import notes

    events = finetune.job_events(store, row.id, newest_first=False)
    return notes(
        table,
        finetune.job_checkpoints(store, row.id),
        row.job,
        metrics.total_steps(events),
        lang,
        job_label=job_label(row),
    )


def chart_selection(current: Sequence[int], available: Sequence[int], focus: int | None = None) -> list[int]:
    """The jobs on the charts: a just-launched job alone once it has an id, else the picks that still exist,
    else the newest job (``available`` is newest first)."""
    if focus is not None and focus in available:
        return [focus]
    kept = [row_id for row_id in current if row_id in available]
    return kept or list(available[:1])


def detail_choice(current: int | None, row_ids: Sequence[int], focus: int | None = None) -> int | None:
    """The job whose detail is shown: a just-launched one, else the one picked before, else the newest."""
    for candidate in (focus, current):
        if candidate is not None and candidate in row_ids:
            return candidate
    return row_ids[0] if row_ids else None


EMPTY_CHART_KEYS: dict[str, str] = {
    "failed": "finetune_view.chart_failed",
    "succeeded": "finetune_view.chart_succeeded",
    "cancelled": "finetune_view.chart_cancelled",
}


def empty_chart_messages(rows: Sequence[finetune.JobRow], tables: Mapping[int, pd.DataFrame], lang: str) -> list[str]:
    """Why the charts have nothing for each picked job without a loss value, said for the job's state:
    a failed job points to its error, a finished one says the provider sent no metrics, a running one waits."""
    from core.workflows.charts import KIND_LOSS, has_data

    if not rows:
        return [t("finetune_view.chart_pick", lang)]
    messages = []
    for row in rows:
        table = tables.get(row.id)
        if table is not None and has_data({str(row.id): table}, KIND_LOSS):
            continue
        key = EMPTY_CHART_KEYS.get(row.status, "finetune_view.chart_running")
        messages.append(t(key, lang, job=job_label(row)))
    return messages


def checkpoint_score(checkpoint: Mapping[str, Any], metric: str) -> float | None:
    return metrics.to_number((checkpoint.get("metrics") or {}).get(metric))


def best_checkpoint_index(checkpoints: Sequence[Mapping[str, Any]]) -> int:
    """The checkpoint to offer first: lowest full-validation loss, else lowest sampled validation loss,
    else lowest training loss; the latest one when no checkpoint reports a loss."""
    for metric in (metrics.FULL_VALID_LOSS, metrics.VALID_LOSS, metrics.TRAIN_LOSS):
        scored = [
            (score, index)
            for index, checkpoint in enumerate(checkpoints)
            if (score := checkpoint_score(checkpoint, metric)) is not None
        ]
        if scored:
            return min(scored)[1]
    return max(len(checkpoints) - 1, 0)


def launch_preview(
    store: Store,
    project_id: int,
    method: str,
    model: str,
    epochs: Any = finetune.AUTO,
    use_validation: bool = True,
    provider: str = PROVIDER_OPENAI,
) -> LaunchPreview:
    """The upload a launch would make now (the same plan the launch follows) and its estimated cost."""
    plan = plan_upload(store, project_id, method, provider, use_validation)
    counter = TokenCounter(model)
    if method == finetune.METHOD_DPO:
        train = build_pairs(store, project_id, ids=plan.train_ids)
        conversations = [
            [
                *p.messages,
                {"role": "assistant", "content": p.preferred},
                {"role": "assistant", "content": p.non_preferred},
            ]
            for p in train.pairs
        ]
    else:
        system = training_system_prompt(store, project_id)
        conversations = [
            chat_record(e, system)["messages"] for e in store.iter_examples(project_id, ids=plan.train_ids)
        ]
    tokens = [count.total for count in counter.count_many(conversations)]
    chosen_epochs = None if epochs in (None, "", finetune.AUTO) else int(epochs)
    estimate = estimate_cost(tokens, model, project_overrides(store, project_id), chosen_epochs) if tokens else None
    return LaunchPreview(plan, estimate)


def preview_lines(preview: LaunchPreview, lang: str) -> list[tuple[str, str]]:
    """(kind, text) lines that describe a launch preview: what is uploaded and why, left-out, cost or no data."""
    lines = plan_lines(preview.plan, lang)
    if preview.left_out:
        lines.append(("caption", t("finetune.dpo_left_out", lang, count=preview.left_out)))
    est = preview.estimate
    if est is None:
        lines.append(("warning", t("finetune.no_data", lang)))
    elif not preview.blocked:
        lines.append(
            (
                "markdown",
                t(
                    "finetune.cost",
                    lang,
                    cost=f"{est.cost_usd:,.2f}",
                    tokens=f"{est.billed_tokens:,}",
                    epochs=est.n_epochs,
                    date=est.price_date,
                ),
            )
        )
    return lines


def preflight_models(preflight: Any) -> list[str] | None:
    """Base models the connection check found for this key (``core.providers.connection.Preflight``), if it ran."""
    offered = getattr(preflight, "offered", None)
    return [offer.name for offer in offered] if offered else None


def base_models(method: str, available: list[str] | None = None, provider: str = PROVIDER_OPENAI) -> list[str]:
    """Models to offer for a new job at ``provider`` today (``core.pricing.base_choices``); none once it's closed."""
    return base_choices(method, provider, available)


def format_time(unix: Any) -> str:
    """A Unix timestamp → 'YYYY-MM-DD HH:MM <zone>' in the viewer's time zone; empty when unknown."""
    return shown_time(int(unix)) if unix else ""


def status_label(status: str, lang: str) -> str:
    return f"{STATUS_ICONS.get(status, '•')} {t(f'finetune.status.{status}', lang)}"


def jobs_table(rows: list[finetune.JobRow], lang: str, overrides: dict[str, dict[str, Any]]) -> pd.DataFrame:
    """The jobs list: one line per launch, in the page's language; costs at the project's prices."""
    records = []
    for row in rows:
        cost = finetune.trained_cost_usd(row, overrides)
        records.append(
            {
                t("finetune.col.job", lang): row.job_id or f"#{row.id}",
                t("finetune.col.status", lang): status_label(row.status, lang),
                t("finetune.col.method", lang): t(f"finetune.method.{row.method}", lang),
                t("finetune.col.base", lang): row.base_model,
                t("finetune.col.model", lang): row.fine_tuned_model or "",
                t("finetune.col.created", lang): (format_time(row.job.get("created_at")) or shown_time(row.created_at)),
                t("finetune.col.finished", lang): format_time(row.job.get("finished_at")),
                t("finetune.col.tokens", lang): row.job.get("trained_tokens") or None,
                t("finetune.col.cost", lang): round(cost, 2) if cost is not None else None,
                t("finetune.col.eta", lang): format_time(row.job.get("estimated_finish")),
            }
        )
    return pd.DataFrame(records)


def account_overview(
    store: Store, project_id: int, settings: Any, lang: str
) -> tuple[list[dict[str, Any]], str | None]:
    """Merge the account's job list into the store: (the other jobs on the account, a plain error or None)."""
    from core.providers.api_errors import explain_exception

    try:
        return finetune.merge_account_jobs(store, project_id, finetune.account_jobs(settings)), None
    except Exception as error:  # noqa: BLE001 - any API failure becomes one plain sentence
        return [], t("finetune.account_error", lang, reason=explain_exception(error, lang))


def run_action(
    store: Store, settings: Any, row_id: int, action: str, lang: str, owner_unlocked: bool = False
) -> str | None:
    """Cancel, pause or resume; None when done, else why not in plain words (never a traceback)."""
    from core.providers.api_errors import explain_exception

    try:
        finetune.job_action(store, settings, row_id, action, owner_unlocked)
    except finetune.LaunchError:
        return t("finetune.error.action_not_allowed", lang)
    except Exception as error:  # noqa: BLE001 - e.g. the job finished meanwhile: the API says 400
        return explain_exception(error, lang)
    return None


def takeover_cost_usd(store: Store, row: finetune.JobRow) -> float | None:
    """What taking over a job would spend: a launch not yet created costs its training; watching costs nothing."""
    if row.job_id or row.is_final:
        return None
    epochs = (row.settings.get("hyperparameters") or {}).get("n_epochs", finetune.AUTO)
    preview = launch_preview(store, row.project_id, row.method, row.base_model, epochs)
    return preview.estimate.cost_usd if preview.estimate else 0.0


def account_jobs_table(jobs: list[dict[str, Any]], lang: str) -> pd.DataFrame:
    """The account's jobs that are not this project's (other projects, other tools)."""
    return pd.DataFrame(
        [
            {
                t("finetune.col.job", lang): job.get("id"),
                t("finetune.col.status", lang): status_label(str(job.get("status")), lang),
                t("finetune.col.base", lang): job.get("model") or "",
                t("finetune.col.model", lang): job.get("fine_tuned_model") or "",
                t("finetune.col.created", lang): format_time(job.get("created_at")),
            }
            for job in jobs
        ]
    )


def job_label(row: finetune.JobRow) -> str:
    suffix = row.settings.get("suffix")
    return " · ".join(part for part in (row.job_id or f"#{row.id}", row.base_model, suffix) if part)


def job_metrics(store: Store, row: finetune.JobRow) -> pd.DataFrame:
    """The job's metrics table from everything stored: events, checkpoints and the result CSV."""
    sources = {
        "event": metrics.from_events(finetune.job_events(store, row.id, newest_first=False)),
        "checkpoint": metrics.from_checkpoints(finetune.job_checkpoints(store, row.id)),
    }
    csv_text = finetune.result_csv(store, row.id)
    if csv_text:
        sources["csv"] = metrics.from_result_csv(csv_text)
    return metrics.merge(sources)


def events_table(store: Store, row: finetune.JobRow, lang: str) -> pd.DataFrame:
    """Events newest first with their level (metrics lines included, as the API logs them); in Korean each
    provider line is led by a Korean sentence, its original kept."""
    return pd.DataFrame(
        [
            {
                t("finetune.col.time", lang): format_time(e["created_at"]),
                t("finetune.col.level", lang): provider_messages.level_label(e["level"], lang),
                t("finetune.col.message", lang): provider_messages.event_text(
                    e["message"], e["data"], lang, row.provider
                ),
            }
            for e in finetune.job_events(store, row.id)
        ]
    )


def checkpoints_table(store: Store, row: finetune.JobRow, lang: str) -> pd.DataFrame:
    records = []
    for checkpoint in finetune.job_checkpoints(store, row.id):
        values = checkpoint.get("metrics") or {}
        records.append(
            {
                t("finetune.col.step", lang): checkpoint.get("step_number"),
                # Empty where the provider serves no model by that checkpoint's name (Together's intermediate ones).
                t("finetune.col.model", lang): checkpoint.get("fine_tuned_model_checkpoint") or "",
                **{t(f"finetune.metric.{name}", lang): metrics.to_number(values.get(name)) for name in metrics.METRICS},
            }
        )
    table = pd.DataFrame(records)
    # A metric no checkpoint reports (a provider that reports fewer) is left out rather than shown empty.
    unreported = [t(f"finetune.metric.{name}", lang) for name in metrics.METRICS]
    return table.drop(columns=[c for c in unreported if c in table and table[c].isna().all()])


def used_hyperparameters(row: finetune.JobRow) -> dict[str, Any]:
    """The hyperparameters the API reports it used (under ``method``), else what we asked for."""
    method = row.job.get("method") or {}
    reported = ((method.get(row.method) or {}).get("hyperparameters")) or row.job.get("hyperparameters")
    return dict(reported or row.settings.get("hyperparameters") or {})


def error_text(row: finetune.JobRow, lang: str) -> str | None:
    """The job's or launch's error in plain words."""
    from core.providers.api_errors import explain

    if not row.error:
        return None
    problem = row.problem
    if problem is not None:
        return explain(problem, lang)
    kind = str(row.error.get("kind") or "")
    if kind == "job_failed":
        return provider_messages.job_error_text(row.error.get("code"), row.error.get("detail"), lang, row.provider)
    return t(f"finetune.error.{kind.removeprefix('launch.')}", lang)
