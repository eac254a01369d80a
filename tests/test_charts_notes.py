"""Chart figures (gaps, smoothing, log scale, epoch-end markers, several jobs) and the plain notes."""

from __future__ import annotations

import math

import pandas as pd

from core import charts, metrics, training_notes
from core.i18n import t


def _table(rows):
    return metrics.merge({"csv": metrics.from_result_csv(
        "step,train_loss,valid_loss,full_valid_loss,train_mean_token_accuracy\n" + "\n".join(rows) + "\n")})


OVERFIT = _table([
    "1,2.0,2.0,,0.55", "2,1.6,1.7,,0.60", "3,1.2,1.5,1.5,0.66", "4,0.9,1.6,,0.72",
    "5,0.6,1.8,,0.80", "6,0.4,2.0,2.1,0.86", "7,0.3,2.2,,0.90"])


def test_ema_smooths_but_keeps_gaps():
    series = pd.Series([1.0, float("nan"), 3.0, 5.0])
    smoothed = charts.ema(series, 0.5)
    assert math.isnan(smoothed.iloc[1])
    assert smoothed.iloc[0] == 1.0 and 1.0 < smoothed.iloc[2] < 3.0
    assert charts.ema(series, 0).equals(series)


def test_loss_figure_has_train_valid_and_marked_full_validation_for_each_job():
    other = _table(["1,2.5,,,0.5", "2,2.0,,,0.55"])
    figure = charts.metric_figure({"job A": OVERFIT, "job B": other}, charts.KIND_LOSS, "en", log_scale=True)
    names = [trace.name for trace in figure.data]
    assert names == ["job A · train", "job A · validation", "job A · full validation (epoch end)", "job B · train"]
    full = figure.data[2]
    assert full.marker.symbol == "diamond" and list(full.x) == [3, 6]
    assert figure.layout.yaxis.type == "log"
    assert figure.data[0].connectgaps is False


def test_accuracy_figure_is_linear_percent_and_korean_labels():
    figure = charts.metric_figure({"a": OVERFIT}, charts.KIND_ACCURACY, "ko", log_scale=True)
    assert figure.layout.yaxis.type != "log" and figure.layout.yaxis.tickformat == ".0%"
    assert figure.layout.xaxis.title.text == t("finetune.chart.step", "ko")
    assert charts.has_data({"a": OVERFIT}, charts.KIND_ACCURACY)
    assert not charts.has_data({"a": metrics.from_events([])}, charts.KIND_LOSS)


def test_overfitting_note_names_the_best_checkpoint():
    checkpoints = [{"step_number": 2, "fine_tuned_model_checkpoint": "ft:m:ckpt-step-2"},
                   {"step_number": 4, "fine_tuned_model_checkpoint": "ft:m:ckpt-step-4"}]
    note = training_notes.overfitting_note(OVERFIT, checkpoints, "en")
    assert note is not None and note.level == training_notes.LEVEL_WARNING
    assert "step 3" in note.text and "ft:m:ckpt-step-2" in note.text
    korean = training_notes.overfitting_note(OVERFIT, checkpoints, "ko")
    assert "과적합" in korean.text


def test_no_overfitting_note_when_validation_keeps_falling():
    healthy = _table(["1,2.0,2.0,,0.5", "2,1.5,1.6,,0.6", "3,1.0,1.3,,0.7", "4,0.8,1.1,,0.75"])
    assert training_notes.overfitting_note(healthy, [], "en") is None


def test_accuracy_floor_note_uses_the_first_value():
    note = training_notes.accuracy_floor_note(OVERFIT, "en")
    assert "55%" in note.text and "90%" in note.text


def test_on_track_notes_compare_steps_with_time():
    job = {"status": "running", "created_at": 1000, "estimated_finish": 2000}
    ahead = training_notes.on_track_note(job, 60, 100, "en", now=1500)
    behind = training_notes.on_track_note(job, 10, 100, "en", now=1500)
    late = training_notes.on_track_note(job, 90, 100, "en", now=2600)
    assert ahead.level == training_notes.LEVEL_SUCCESS and "60%" in ahead.text
    assert behind.level == training_notes.LEVEL_WARNING and "50%" in behind.text
    assert late.level == training_notes.LEVEL_WARNING and "10 min" in late.text
    assert training_notes.on_track_note({**job, "status": "succeeded"}, 100, 100, "en", now=1500) is None


def test_notes_collects_what_applies():
    found = training_notes.notes(OVERFIT, [], {"status": "succeeded"}, 7, "en")
    assert [note.level for note in found] == [training_notes.LEVEL_WARNING, training_notes.LEVEL_INFO]
