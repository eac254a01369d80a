"""Chart figures (gaps, smoothing, log scale, epoch-end markers, several jobs) and the plain notes."""

from __future__ import annotations

import math

import pandas as pd

from core.i18n import t
from core.providers import metrics
from core.workflows import charts, training_notes


def _table(rows):
    return metrics.merge(
        {
            "csv": metrics.from_result_csv(
                "step,train_loss,valid_loss,full_valid_loss,train_mean_token_accuracy\n" + "\n".join(rows) + "\n"
            )
        }
    )


OVERFIT = _table(
    [
        "1,2.0,2.0,,0.55",
        "2,1.6,1.7,,0.60",
        "3,1.2,1.5,1.5,0.66",
        "4,0.9,1.6,,0.72",
        "5,0.6,1.8,,0.80",
        "6,0.4,2.0,2.1,0.86",
        "7,0.3,2.2,,0.90",
    ]
)


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
    checkpoints = [
        {"step_number": 2, "fine_tuned_model_checkpoint": "ft:m:ckpt-step-2"},
        {"step_number": 4, "fine_tuned_model_checkpoint": "ft:m:ckpt-step-4"},
    ]
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


def test_every_note_names_its_job_so_two_jobs_notes_are_told_apart():
    first = training_notes.notes(OVERFIT, [], {"status": "succeeded"}, 7, "en", job_label="ftjob-A · gpt-4.1-mini")
    second = training_notes.notes(
        _table(["1,2.5,,,0.5", "2,2.0,,,0.7"]), [], {"status": "succeeded"}, 2, "ko", job_label="ftjob-B"
    )
    accuracy_a = next(n for n in first if "55%" in n.text)
    accuracy_b = next(n for n in second if "50%" in n.text)
    assert accuracy_a.text.startswith("**ftjob-A · gpt-4.1-mini**: ") and "ftjob-B" not in accuracy_a.text
    assert accuracy_b.text.startswith("**ftjob-B**: ") and "평균 토큰 정확도" in accuracy_b.text
    assert all(note.text.startswith("**ftjob-A") for note in first)


def test_one_job_on_the_chart_still_has_its_lines_named_in_a_legend():
    figure = charts.metric_figure({"job A": OVERFIT}, charts.KIND_LOSS, "en")
    assert figure.layout.showlegend is True
    dashed = [trace for trace in figure.data if trace.line and trace.line.dash == "dash"]
    assert [trace.name for trace in dashed] == ["job A · validation"]


def test_count_axes_of_the_preview_histograms_have_whole_ticks_and_the_limit_line_a_legend_entry():
    from core.dataset import preview

    for values in ([1, 1, 2, 3, 3, 3], [5] * 13, list(range(200)) * 3, [120, 130, 9000]):
        figure = preview.histogram(values, "t", "examples")
        step = figure.layout.yaxis.dtick
        assert step == int(step) and step >= 1 and figure.layout.yaxis.tick0 == 0
        assert max(figure.data[0].y) / step <= preview.MAX_COUNT_TICKS
    messages = preview.histogram([3] * 40, "messages", "examples")  # one value: one bar, a whole x tick
    assert messages.layout.xaxis.dtick == 1 and messages.layout.xaxis.tick0 == 0
    limited = preview.histogram(
        [100, 200, 300], "tokens", "examples", limit=65_536, limit_label=t("charts.limit_legend", "en", limit="65,536")
    )
    line = [trace for trace in limited.data if trace.type == "scatter"]
    assert limited.layout.showlegend and [trace.name for trace in line] == ["Model's limit per example (65,536 tokens)"]
    assert line[0].line.color == limited.layout.shapes[0].line.color == "red"
    assert line[0].line.dash == limited.layout.shapes[0].line.dash == "dash"
    assert limited.data[0].showlegend is False
