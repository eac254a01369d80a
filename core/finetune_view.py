"""What the Fine-tune page shows, computed without Streamlit: preview, cost, tables, metrics.

The page only draws these values; keeping them here keeps the page short and
lets tests check them directly.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from core import finetune, metrics
from core.cost import CostEstimate, estimate_cost, project_overrides
from core.dpo import build_pairs
from core.export import chat_record, training_system_prompt
from core.i18n import t
from core.models import fine_tunable_models
from core.split import DEFAULT_SEED, DEFAULT_VALID_RATIO, eligible_ids, latest_split, split_ids
from core.store import Store
from core.timefmt import shown_time
from core.tokens import TokenCounter

STATUS_ICONS: dict[str, str] = {
    finetune.STATUS_PREPARING: "⏳", finetune.STATUS_UPLOADING: "⏳", finetune.STATUS_CREATING: "⏳",
    "validating_files": "🔎", "queued": "🕒", "running": "🏃", "paused": "⏸️", "succeeded": "✅",
    "failed": "❌", "cancelled": "🚫", finetune.STATUS_REFUSED: "⛔", finetune.STATUS_LAUNCH_FAILED: "⚠️",
}


@dataclass(frozen=True)
class LaunchPreview:
    """What a launch would send: counts, and for DPO how many examples were left out."""

    method: str
    train_count: int
    valid_count: int
    left_out: int
    has_split: bool
    estimate: CostEstimate | None
    valid_skipped: int = 0


def parse_hyperparameter(name: str, text: str | None) -> Any:
    """"auto" (or empty) → "auto"; otherwise a positive number of the right kind, else ValueError."""
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


def read_request(method: str, model: str, texts: dict[str, str], suffix: str, seed: str,
                 use_validation: bool) -> tuple[finetune.LaunchRequest, list[str]]:
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
    request = finetune.LaunchRequest(method, model, hyperparameters, (suffix or "").strip() or None,
                                     int(seed_text) if seed_text.isdigit() else None, use_validation)
    return request, bad


def job_notes(store: Store, row: finetune.JobRow, table: pd.DataFrame, lang: str) -> list[Any]:
    """The plain-language notes for one job's chart (``core.training_notes``)."""
    from core.training_notes import notes

    events = finetune.job_events(store, row.id, newest_first=False)
    return notes(table, finetune.job_checkpoints(store, row.id), row.job, metrics.total_steps(events), lang)


def launch_preview(store: Store, project_id: int, method: str, model: str, epochs: Any = finetune.AUTO,
                   use_validation: bool = True) -> LaunchPreview:
    """Counts and estimated cost of the files a launch would upload now."""
    split = latest_split(store, project_id)
    if split is not None:
        train_ids, valid_ids = split.train_ids, split.valid_ids
    else:  # the split the launch will draw and record
        train_ids, valid_ids = split_ids(eligible_ids(store, project_id), DEFAULT_VALID_RATIO, DEFAULT_SEED)
    valid_ids = valid_ids if use_validation else []
    system = training_system_prompt(store, project_id)
    counter = TokenCounter(model)
    if method == finetune.METHOD_DPO:
        train = build_pairs(store, project_id, ids=train_ids)
        valid = build_pairs(store, project_id, ids=valid_ids) if valid_ids else None
        conversations = [[*p.messages, {"role": "assistant", "content": p.preferred},
                          {"role": "assistant", "content": p.non_preferred}] for p in train.pairs]
        counts = (len(train.pairs), len(valid.pairs) if valid else 0)
        left_out = train.left_out_total + (valid.left_out_total if valid else 0)
    else:
        conversations = [chat_record(e, system)["messages"] for e in store.iter_examples(project_id, ids=train_ids)]
        counts, left_out = (len(train_ids), len(valid_ids)), 0
    skipped = counts[1] if 0 < counts[1] < finetune.MIN_VALIDATION_EXAMPLES else 0
    if skipped:
        counts = (counts[0], 0)  # too small a validation part stays out of the upload (see build_files)
    tokens = [count.total for count in counter.count_many(conversations)]
    chosen_epochs = None if epochs in (None, "", finetune.AUTO) else int(epochs)
    estimate = estimate_cost(tokens, model, project_overrides(store, project_id), chosen_epochs) if tokens else None
    return LaunchPreview(method, counts[0], counts[1], left_out, split is not None, estimate, skipped)


def preview_lines(preview: LaunchPreview, lang: str) -> list[tuple[str, str]]:
    """(kind, text) lines that describe a launch preview: counts, split, left-out, cost or no data."""
    key = "finetune.preview_dpo" if preview.method == finetune.METHOD_DPO else "finetune.preview_sft"
    lines = [("info", t(key, lang, train=preview.train_count, valid=preview.valid_count))]
    if not preview.has_split:
        lines.append(("caption", t("finetune.no_split", lang)))
    if preview.valid_skipped:
        lines.append(("caption", t("finetune.valid_too_small", lang, count=preview.valid_skipped,
                                   minimum=finetune.MIN_VALIDATION_EXAMPLES)))
    if preview.left_out:
        lines.append(("caption", t("finetune.dpo_left_out", lang, count=preview.left_out)))
    est = preview.estimate
    if est is None:
        lines.append(("warning", t("finetune.no_data", lang)))
    else:
        lines.append(("markdown", t("finetune.cost", lang, cost=f"{est.cost_usd:,.2f}", tokens=f"{est.billed_tokens:,}",
                                    epochs=est.n_epochs, date=est.price_date)))
    return lines


def preflight_models(preflight: Any) -> list[str] | None:
    """Base models the connection check found for this key (``core.connection.Preflight``), if it ran."""
    offered = getattr(preflight, "offered", None)
    return [offer.name for offer in offered] if offered else None


def base_models(method: str, available: list[str] | None = None) -> list[str]:
    """Models to offer: the key's own list (from the connection check) if known, else the model table's."""
    table = [m.name for m in fine_tunable_models(method)]
    if available:
        offered = [name for name in table if name in available]
        return offered or table
    return table


def format_time(unix: Any) -> str:
    """A Unix timestamp → 'YYYY-MM-DD HH:MM <zone>' in the viewer's time zone; empty when unknown."""
    return shown_time(int(unix)) if unix else ""


def status_label(status: str, lang: str) -> str:
    return f"{STATUS_ICONS.get(status, '•')} {t(f'finetune.status.{status}', lang)}"


def jobs_table(rows: list[finetune.JobRow], lang: str) -> pd.DataFrame:
    """The jobs list: one line per launch, in the page's language."""
    records = []
    for row in rows:
        cost = finetune.trained_cost_usd(row)
        records.append({
            t("finetune.col.job", lang): row.job_id or f"#{row.id}",
            t("finetune.col.status", lang): status_label(row.status, lang),
            t("finetune.col.method", lang): t(f"finetune.method.{row.method}", lang),
            t("finetune.col.base", lang): row.base_model,
            t("finetune.col.model", lang): row.fine_tuned_model or "",
            t("finetune.col.created", lang): (format_time(row.job.get("created_at"))
                                              or shown_time(row.created_at)),
            t("finetune.col.finished", lang): format_time(row.job.get("finished_at")),
            t("finetune.col.tokens", lang): row.job.get("trained_tokens") or None,
            t("finetune.col.cost", lang): round(cost, 2) if cost is not None else None,
            t("finetune.col.eta", lang): format_time(row.job.get("estimated_finish")),
        })
    return pd.DataFrame(records)


def account_overview(store: Store, project_id: int, settings: Any,
                     lang: str) -> tuple[list[dict[str, Any]], str | None]:
    """Merge the account's job list into the store: (the other jobs on the account, a plain error or None)."""
    from core.api_errors import explain_exception

    try:
        return finetune.merge_account_jobs(store, project_id, finetune.account_jobs(settings)), None
    except Exception as error:  # noqa: BLE001 - any API failure becomes one plain sentence
        return [], t("finetune.account_error", lang, reason=explain_exception(error, lang))


def run_action(store: Store, settings: Any, row_id: int, action: str, lang: str) -> str | None:
    """Cancel, pause or resume; None when done, else why not in plain words (never a traceback)."""
    from core.api_errors import explain_exception

    try:
        finetune.job_action(store, settings, row_id, action)
    except finetune.LaunchError:
        return t("finetune.error.action_not_allowed", lang)
    except Exception as error:  # noqa: BLE001 - e.g. the job finished meanwhile: the API says 400
        return explain_exception(error, lang)
    return None


def account_jobs_table(jobs: list[dict[str, Any]], lang: str) -> pd.DataFrame:
    """The account's jobs that are not this project's (other projects, other tools)."""
    return pd.DataFrame([{t("finetune.col.job", lang): job.get("id"),
                          t("finetune.col.status", lang): status_label(str(job.get("status")), lang),
                          t("finetune.col.base", lang): job.get("model") or "",
                          t("finetune.col.model", lang): job.get("fine_tuned_model") or "",
                          t("finetune.col.created", lang): format_time(job.get("created_at"))} for job in jobs])


def job_label(row: finetune.JobRow) -> str:
    suffix = row.settings.get("suffix")
    return " · ".join(part for part in (row.job_id or f"#{row.id}", row.base_model, suffix) if part)


def job_metrics(store: Store, row: finetune.JobRow) -> pd.DataFrame:
    """The job's metrics table from everything stored: events, checkpoints and the result CSV."""
    sources = {"event": metrics.from_events(finetune.job_events(store, row.id, newest_first=False)),
               "checkpoint": metrics.from_checkpoints(finetune.job_checkpoints(store, row.id))}
    csv_text = finetune.result_csv(store, row.id)
    if csv_text:
        sources["csv"] = metrics.from_result_csv(csv_text)
    return metrics.merge(sources)


def events_table(store: Store, row: finetune.JobRow, lang: str) -> pd.DataFrame:
    """Events newest first with their level (metrics lines included, as the API logs them)."""
    return pd.DataFrame([{t("finetune.col.time", lang): format_time(e["created_at"]),
                          t("finetune.col.level", lang): e["level"] or "",
                          t("finetune.col.message", lang): e["message"] or ""}
                         for e in finetune.job_events(store, row.id)])


def checkpoints_table(store: Store, row: finetune.JobRow, lang: str) -> pd.DataFrame:
    records = []
    for checkpoint in finetune.job_checkpoints(store, row.id):
        values = checkpoint.get("metrics") or {}
        records.append({t("finetune.col.step", lang): checkpoint.get("step_number"),
                        t("finetune.col.model", lang): checkpoint.get("fine_tuned_model_checkpoint"),
                        **{t(f"finetune.metric.{name}", lang): metrics.to_number(values.get(name))
                           for name in metrics.METRICS}})
    return pd.DataFrame(records)


def used_hyperparameters(row: finetune.JobRow) -> dict[str, Any]:
    """The hyperparameters the API reports it used (under ``method``), else what we asked for."""
    method = row.job.get("method") or {}
    reported = ((method.get(row.method) or {}).get("hyperparameters")) or row.job.get("hyperparameters")
    return dict(reported or row.settings.get("hyperparameters") or {})


def error_text(row: finetune.JobRow, lang: str) -> str | None:
    """The job's or launch's error in plain words."""
    from core.api_errors import explain

    if not row.error:
        return None
    problem = row.problem
    if problem is not None:
        return explain(problem, lang)
    kind = str(row.error.get("kind") or "")
    if kind == "job_failed":
        return t("finetune.error.job_failed", lang, detail=row.error.get("detail") or row.error.get("code") or "")
    return t(f"finetune.error.{kind.removeprefix('launch.')}", lang)
