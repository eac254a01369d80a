"""Plain-language notes under the training charts, in English and Korean.

Three things a non-expert can't read off a loss curve on their own:
- validation loss rising while training loss keeps falling (likely
  overfitting), and which checkpoint looks best;
- that OpenAI's mean token accuracy never starts at zero: most tokens of an
  answer are easy to predict, so the first value is a floor and only the rise
  above it means learning;
- whether a running job is on track against its estimated finish.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from core.i18n import t
from core.providers import metrics

LEVEL_INFO = "info"
LEVEL_WARNING = "warning"
LEVEL_SUCCESS = "success"
# Validation loss this much above its best counts as "rising" (noise stays below it).
OVERFIT_RISE = 0.05
MIN_VALID_POINTS = 3
# Behind schedule when progress trails elapsed time by more than this share.
ON_TRACK_SLACK = 0.15


@dataclass(frozen=True)
class Note:
    level: str
    text: str


def _valid_series(table: pd.DataFrame) -> pd.DataFrame:
    """Validation loss per step: the full-validation values when there are enough, else the sampled ones."""
    for column in (metrics.FULL_VALID_LOSS, metrics.VALID_LOSS):
        series = table[[metrics.STEP, column]].dropna()
        if len(series) >= MIN_VALID_POINTS:
            return series.rename(columns={column: "loss"})
    return pd.DataFrame(columns=[metrics.STEP, "loss"])


def _train_at(table: pd.DataFrame, step: int, window: int = 5) -> float | None:
    """Mean training loss over the few steps up to ``step`` (one step is too noisy)."""
    values = table.loc[table[metrics.STEP] <= step, metrics.TRAIN_LOSS].dropna().tail(window)
    return float(values.mean()) if not values.empty else None


def overfitting_note(table: pd.DataFrame, checkpoints: Sequence[Mapping[str, Any]], lang: str) -> Note | None:
    """Warn when validation loss climbs from its best while training loss still falls."""
    if table.empty:
        return None
    valid = _valid_series(table)
    if valid.empty:
        return None
    best = valid.loc[valid["loss"].idxmin()]
    best_step, best_loss = int(best[metrics.STEP]), float(best["loss"])
    last_loss = float(valid["loss"].iloc[-1])
    train_best, train_last = _train_at(table, best_step), _train_at(table, int(table[metrics.STEP].max()))
    if last_loss <= best_loss * (1 + OVERFIT_RISE) or train_best is None or train_last is None:
        return None
    if train_last >= train_best:
        return None
    text = t("finetune.note.overfitting", lang, step=best_step, best=f"{best_loss:.3f}", last=f"{last_loss:.3f}")
    usable = [c for c in checkpoints if c.get("step_number") is not None]
    if usable:
        nearest = min(usable, key=lambda c: abs(int(c["step_number"]) - best_step))
        text += " " + t(
            "finetune.note.best_checkpoint",
            lang,
            step=nearest["step_number"],
            model=nearest.get("fine_tuned_model_checkpoint", ""),
        )
    return Note(LEVEL_WARNING, text)


def accuracy_floor_note(table: pd.DataFrame, lang: str) -> Note | None:
    """Explain the floor of mean token accuracy, with this job's first and latest values."""
    if table.empty:
        return None
    accuracy = table[metrics.TRAIN_ACCURACY].dropna()
    if accuracy.empty:
        return None
    return Note(
        LEVEL_INFO,
        t("finetune.note.accuracy_floor", lang, first=f"{accuracy.iloc[0]:.0%}", last=f"{accuracy.iloc[-1]:.0%}"),
    )


def on_track_note(
    job: Mapping[str, Any], last_step: int | None, total_steps: int | None, lang: str, now: float | None = None
) -> Note | None:
    """Compare progress in steps with the time elapsed towards the estimated finish."""
    if job.get("status") != "running":
        return None
    finish, started = job.get("estimated_finish"), job.get("created_at")
    current = time.time() if now is None else now
    if not finish or not started or finish <= started:
        return None
    if current > finish:
        return Note(
            LEVEL_WARNING, t("finetune.note.past_estimate", lang, minutes=max(1, round((current - finish) / 60)))
        )
    if not last_step or not total_steps:
        return None
    elapsed_share = (current - started) / (finish - started)
    progress = min(1.0, last_step / total_steps)
    minutes_left = max(0, round((finish - current) / 60))
    if progress + ON_TRACK_SLACK >= elapsed_share:
        return Note(LEVEL_SUCCESS, t("finetune.note.on_track", lang, progress=f"{progress:.0%}", minutes=minutes_left))
    return Note(
        LEVEL_WARNING, t("finetune.note.behind", lang, progress=f"{progress:.0%}", elapsed=f"{elapsed_share:.0%}")
    )


def notes(
    table: pd.DataFrame,
    checkpoints: Sequence[Mapping[str, Any]],
    job: Mapping[str, Any],
    total_steps: int | None,
    lang: str,
    now: float | None = None,
    job_label: str = "",
) -> list[Note]:
    """Every note that applies to this job right now; with ``job_label`` each note names its job
    (several jobs can be on the charts, and their notes sit one under the other)."""
    last_step = int(table[metrics.STEP].max()) if not table.empty else None
    found = [
        overfitting_note(table, checkpoints, lang),
        accuracy_floor_note(table, lang),
        on_track_note(job, last_step, total_steps, lang, now),
    ]
    return [
        Note(
            note.level, t("finetune_view.note_for_job", lang, job=job_label, text=note.text) if job_label else note.text
        )
        for note in found
        if note is not None
    ]
