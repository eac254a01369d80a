"""Training metrics from the three places a fine-tuning job reports them.

1. ``metrics`` events while the job runs (``event.data`` holds one step),
2. checkpoints (``checkpoint.metrics``, a few steps, with full-validation values),
3. the result CSV once the job ends (every step; it may come back base64-encoded).

All three become one table: one row per step, one column per metric in
``METRICS``. Columns are matched by name (with the older aliases), and a value
that is missing stays missing (NaN): a gap in a chart, never a zero that would
look like a perfect loss.
"""

from __future__ import annotations

import base64
import binascii
import csv
import io
import json
import math
from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

STEP = "step"
TRAIN_LOSS = "train_loss"
TRAIN_ACCURACY = "train_mean_token_accuracy"
VALID_LOSS = "valid_loss"
VALID_ACCURACY = "valid_mean_token_accuracy"
FULL_VALID_LOSS = "full_valid_loss"
FULL_VALID_ACCURACY = "full_valid_mean_token_accuracy"
METRICS: tuple[str, ...] = (
    TRAIN_LOSS,
    TRAIN_ACCURACY,
    VALID_LOSS,
    VALID_ACCURACY,
    FULL_VALID_LOSS,
    FULL_VALID_ACCURACY,
)
COLUMNS: tuple[str, ...] = (STEP, *METRICS)
# Older result files and other providers name the same metrics differently.
ALIASES: dict[str, str] = {
    "train_accuracy": TRAIN_ACCURACY,
    "training_loss": TRAIN_LOSS,
    "training_accuracy": TRAIN_ACCURACY,
    "valid_accuracy": VALID_ACCURACY,
    "validation_loss": VALID_LOSS,
    "validation_accuracy": VALID_ACCURACY,
    "validation_mean_token_accuracy": VALID_ACCURACY,
    "full_valid_accuracy": FULL_VALID_ACCURACY,
    "full_validation_loss": FULL_VALID_LOSS,
    "full_validation_mean_token_accuracy": FULL_VALID_ACCURACY,
    "step_number": STEP,
}
# Which source wins when two report the same cell: the result CSV is final.
SOURCE_PRIORITY: tuple[str, ...] = ("csv", "event", "checkpoint")


def canonical_name(column: str) -> str | None:
    """A column header → our metric name, or None when it is not a metric we chart."""
    name = column.strip().lower().replace(" ", "_").replace("-", "_")
    name = ALIASES.get(name, name)
    return name if name in COLUMNS else None


def to_number(value: Any) -> float | None:
    """A cell → float; empty, 'nan', 'null', 'None' and junk → None (a gap, not a zero)."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        number = float(value)
    else:
        text = str(value).strip()
        if not text or text.lower() in {"nan", "null", "none", "-"}:
            return None
        try:
            number = float(text)
        except ValueError:
            return None
    return None if math.isnan(number) or math.isinf(number) else number


def _row(values: Mapping[str, Any]) -> dict[str, float | None] | None:
    row: dict[str, float | None] = {}
    for key, value in values.items():
        name = canonical_name(str(key))
        if name is not None and row.get(name) is None:
            row[name] = to_number(value)
    if row.get(STEP) is None:
        return None
    return row


def _frame(rows: list[dict[str, float | None]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=list(COLUMNS), dtype="float64")
    if frame.empty:
        return frame
    frame[STEP] = frame[STEP].astype("int64")
    # Two reports of one step: keep the later one, but never let a gap erase a value.
    frame = frame.groupby(STEP, as_index=False, sort=True).last()
    return frame.reset_index(drop=True)


def from_events(events: Iterable[Mapping[str, Any]]) -> pd.DataFrame:
    """Metrics events (``type == 'metrics'`` or any event whose data has a step) → table."""
    rows = []
    for event in events:
        data = event.get("data")
        if isinstance(data, str):
            try:
                data = json.loads(data)
            except ValueError:
                data = None
        if not isinstance(data, Mapping):
            continue
        if event.get("type") not in (None, "metrics") and "step" not in data:
            continue
        row = _row(data)
        if row is not None:
            rows.append(row)
    return _frame(rows)


def total_steps(events: Iterable[Mapping[str, Any]]) -> int | None:
    """The job's planned number of steps, as the metrics events report it."""
    found = None
    for event in events:
        data = event.get("data")
        if isinstance(data, Mapping) and to_number(data.get("total_steps")) is not None:
            found = int(to_number(data.get("total_steps")) or 0)
    return found


def from_checkpoints(checkpoints: Iterable[Mapping[str, Any]]) -> pd.DataFrame:
    """Checkpoints (``step_number`` + ``metrics``) → table."""
    rows = []
    for checkpoint in checkpoints:
        metrics = dict(checkpoint.get("metrics") or {})
        if to_number(metrics.get(STEP)) is None:
            metrics[STEP] = checkpoint.get("step_number")
        row = _row(metrics)
        if row is not None:
            rows.append(row)
    return _frame(rows)


def decode_result_file(content: bytes | str) -> str:
    """The result file as CSV text, whether it came plain or base64-encoded."""
    raw = content.encode("utf-8") if isinstance(content, str) else bytes(content)
    text = raw.decode("utf-8-sig", errors="replace")
    if _looks_like_csv(text):
        return text
    compact = b"".join(raw.split())
    try:
        decoded = base64.b64decode(compact, validate=True).decode("utf-8-sig", errors="replace")
    except (binascii.Error, ValueError):
        return text
    return decoded if _looks_like_csv(decoded) else text


def _looks_like_csv(text: str) -> bool:
    header = text.lstrip().split("\n", 1)[0]
    return "," in header and any(canonical_name(cell) == STEP for cell in header.split(","))


def from_result_csv(content: bytes | str) -> pd.DataFrame:
    """The job's result file (plain or base64) → table; unknown columns are ignored."""
    text = decode_result_file(content)
    if not _looks_like_csv(text):
        return _frame([])
    rows = []
    for record in csv.DictReader(io.StringIO(text.strip())):
        row = _row({k: v for k, v in record.items() if k is not None})
        if row is not None:
            rows.append(row)
    return _frame(rows)


def merge(sources: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """One table from several sources ('csv', 'event', 'checkpoint'); the CSV wins per cell."""
    ordered = [sources[name] for name in SOURCE_PRIORITY if name in sources and not sources[name].empty]
    ordered += [frame for name, frame in sources.items() if name not in SOURCE_PRIORITY and not frame.empty]
    if not ordered:
        return _frame([])
    merged = ordered[0].set_index(STEP)
    for frame in ordered[1:]:
        merged = merged.combine_first(frame.set_index(STEP))
    merged = merged.reindex(columns=list(METRICS)).sort_index().reset_index()
    merged[STEP] = merged[STEP].astype("int64")
    return merged


def full_validation_points(table: pd.DataFrame) -> pd.DataFrame:
    """Rows that carry a full-validation value: OpenAI computes these at epoch ends."""
    if table.empty:
        return table
    mask = table[FULL_VALID_LOSS].notna() | table[FULL_VALID_ACCURACY].notna()
    return table[mask].reset_index(drop=True)
