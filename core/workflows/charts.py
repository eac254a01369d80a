"""Plotly figures for training metrics (no Streamlit here: pages only show them).

One figure per kind ("loss" or "accuracy") can hold several jobs, so runs with
different settings can be compared on one chart. Per job: the training line
(gaps stay gaps), the validation points joined by a dashed line, and the
full-validation points that OpenAI computes at the end of each epoch, marked
with diamonds.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go

from core.i18n import t
from core.providers import metrics

KIND_LOSS = "loss"
KIND_ACCURACY = "accuracy"
SERIES: dict[str, tuple[str, str, str]] = {  # kind → (train, valid, full valid) columns
    KIND_LOSS: (metrics.TRAIN_LOSS, metrics.VALID_LOSS, metrics.FULL_VALID_LOSS),
    KIND_ACCURACY: (metrics.TRAIN_ACCURACY, metrics.VALID_ACCURACY, metrics.FULL_VALID_ACCURACY),
}
PALETTE: tuple[str, ...] = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf")
MAX_SMOOTHING = 0.99


def ema(values: pd.Series, smoothing: float) -> pd.Series:
    """Exponential moving average like TensorBoard's slider (0 = raw); gaps stay gaps."""
    weight = min(max(float(smoothing), 0.0), MAX_SMOOTHING)
    if weight == 0 or values.dropna().empty:
        return values.astype("float64")
    present = values.dropna().astype("float64")
    smoothed = present.ewm(alpha=1 - weight, adjust=True).mean()
    return smoothed.reindex(values.index)


def metric_figure(
    tables: Mapping[str, pd.DataFrame], kind: str, lang: str, smoothing: float = 0.0, log_scale: bool = False
) -> go.Figure:
    """Train/valid lines and full-validation markers for each job (label → metrics table)."""
    train_col, valid_col, full_col = SERIES[kind]
    figure = go.Figure()
    for index, (label, table) in enumerate(tables.items()):
        if table.empty:
            continue
        color = PALETTE[index % len(PALETTE)]
        steps = table[metrics.STEP]
        train = ema(table[train_col], smoothing)
        if train.notna().any():
            figure.add_trace(
                go.Scatter(
                    x=steps,
                    y=train,
                    mode="lines",
                    connectgaps=False,
                    line={"color": color},
                    name=f"{label} · {t('finetune.chart.train', lang)}",
                    legendgroup=label,
                )
            )
        valid = table[[metrics.STEP, valid_col]].dropna()
        if not valid.empty:
            figure.add_trace(
                go.Scatter(
                    x=valid[metrics.STEP],
                    y=ema(valid[valid_col], smoothing),
                    mode="lines+markers",
                    line={"color": color, "dash": "dash"},
                    marker={"size": 4},
                    legendgroup=label,
                    name=f"{label} · {t('finetune.chart.valid', lang)}",
                )
            )
        full = table[[metrics.STEP, full_col]].dropna()
        if not full.empty:
            figure.add_trace(
                go.Scatter(
                    x=full[metrics.STEP],
                    y=full[full_col],
                    mode="markers",
                    marker={"symbol": "diamond", "size": 11, "color": color, "line": {"width": 1, "color": "black"}},
                    legendgroup=label,
                    name=f"{label} · {t('finetune.chart.full_valid', lang)}",
                )
            )
    y_title = t(f"finetune.chart.{kind}", lang)
    figure.update_layout(
        height=340,
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        hovermode="x unified",
        xaxis_title=t("finetune.chart.step", lang),
        yaxis_title=y_title,
        legend={"orientation": "h", "y": -0.25},
        showlegend=True,
    )  # one line is named too
    if log_scale and kind == KIND_LOSS:
        figure.update_yaxes(type="log")
    if kind == KIND_ACCURACY:
        figure.update_yaxes(tickformat=".0%")
    return figure


def has_data(tables: Mapping[str, pd.DataFrame], kind: str) -> bool:
    """Whether any job has at least one value for this kind of chart."""
    columns = list(SERIES[kind])
    return any(not table.empty and table[columns].notna().any().any() for table in tables.values())
