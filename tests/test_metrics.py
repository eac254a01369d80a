"""Metric parsing: events, checkpoints, the result CSV (plain and base64), and gaps."""

from __future__ import annotations

import base64
import math

from core.providers import metrics

RESULT_CSV = (
    "step,train_loss,train_accuracy,valid_loss,valid_mean_token_accuracy,train_mean_token_accuracy,"
    "full_valid_loss,full_valid_mean_token_accuracy\n"
    "1,2.5,0.41,,,0.41,,\n"
    "2,2.0,0.52,1.9,0.55,0.52,,\n"
    "3,1.5,0.61,,,0.61,1.7,0.60\n"
)


def _value(table, step, column):
    return table.loc[table[metrics.STEP] == step, column].iloc[0]


def test_events_give_one_row_per_step_with_gaps_for_missing_values():
    events = [
        {"type": "message", "message": "Job started", "data": {}},
        {
            "type": "metrics",
            "data": {"step": 1, "train_loss": 2.5, "train_mean_token_accuracy": 0.4, "total_steps": 30},
        },
        {
            "type": "metrics",
            "data": {
                "step": 2,
                "train_loss": 2.0,
                "valid_loss": 1.8,
                "train_mean_token_accuracy": 0.5,
                "total_steps": 30,
            },
        },
        {"type": "metrics", "data": '{"step": 3, "train_loss": "nan"}'},
    ]
    table = metrics.from_events(events)
    assert list(table[metrics.STEP]) == [1, 2, 3]
    assert _value(table, 2, metrics.VALID_LOSS) == 1.8
    assert math.isnan(_value(table, 1, metrics.VALID_LOSS))  # a gap, not 0
    assert math.isnan(_value(table, 3, metrics.TRAIN_LOSS))
    assert metrics.total_steps(events) == 30


def test_checkpoints_use_step_number_and_full_validation_values():
    checkpoints = [
        {
            "step_number": 10,
            "metrics": {"train_loss": 1.2, "full_valid_loss": 1.4, "full_valid_mean_token_accuracy": 0.7},
        },
        {"step_number": 20, "metrics": {"step": 20, "train_loss": 0.9, "full_valid_loss": None}},
    ]
    table = metrics.from_checkpoints(checkpoints)
    assert list(table[metrics.STEP]) == [10, 20]
    assert _value(table, 10, metrics.FULL_VALID_LOSS) == 1.4
    assert math.isnan(_value(table, 20, metrics.FULL_VALID_LOSS))
    assert list(metrics.full_validation_points(table)[metrics.STEP]) == [10]


def test_result_csv_matches_columns_by_name_and_keeps_gaps():
    # Columns in a different order than usual, plus an unknown one: matched by name.
    shuffled = "valid_loss,step,extra,train_loss\n,1,x,2.5\n1.9,2,y,\n"
    table = metrics.from_result_csv(shuffled)
    assert list(table[metrics.STEP]) == [1, 2]
    assert _value(table, 1, metrics.TRAIN_LOSS) == 2.5
    assert math.isnan(_value(table, 1, metrics.VALID_LOSS))
    assert math.isnan(_value(table, 2, metrics.TRAIN_LOSS))
    assert _value(table, 2, metrics.VALID_LOSS) == 1.9


def test_result_csv_maps_the_old_accuracy_column_name():
    table = metrics.from_result_csv("step,train_loss,train_accuracy\n1,2.0,0.3\n")
    assert _value(table, 1, metrics.TRAIN_ACCURACY) == 0.3


def test_base64_result_csv_is_decoded_to_the_same_table():
    plain = metrics.from_result_csv(RESULT_CSV)
    encoded = base64.b64encode(RESULT_CSV.encode()).decode()
    # Wrapped over several lines, as some clients deliver it, and as bytes.
    wrapped = "\n".join(encoded[i : i + 40] for i in range(0, len(encoded), 40)).encode()
    decoded = metrics.from_result_csv(wrapped)
    assert decoded.equals(plain)
    assert _value(decoded, 3, metrics.FULL_VALID_LOSS) == 1.7
    assert math.isnan(_value(decoded, 1, metrics.FULL_VALID_LOSS))


def test_garbage_result_file_gives_an_empty_table_not_an_error():
    assert metrics.from_result_csv(b"\x00\x01 not a csv").empty
    assert metrics.from_result_csv("").empty


def test_merge_prefers_the_csv_and_fills_gaps_from_events_and_checkpoints():
    events = metrics.from_events(
        [
            {"type": "metrics", "data": {"step": 1, "train_loss": 9.9, "valid_loss": 3.0}},
            {"type": "metrics", "data": {"step": 4, "train_loss": 1.0}},
        ]
    )
    checkpoints = metrics.from_checkpoints([{"step_number": 3, "metrics": {"full_valid_loss": 5.0, "train_loss": 8.8}}])
    merged = metrics.merge({"event": events, "checkpoint": checkpoints, "csv": metrics.from_result_csv(RESULT_CSV)})
    assert list(merged[metrics.STEP]) == [1, 2, 3, 4]
    assert _value(merged, 1, metrics.TRAIN_LOSS) == 2.5  # the CSV wins
    assert _value(merged, 1, metrics.VALID_LOSS) == 3.0  # the gap is filled from the event
    assert _value(merged, 3, metrics.FULL_VALID_LOSS) == 1.7  # the CSV wins over the checkpoint
    assert _value(merged, 4, metrics.TRAIN_LOSS) == 1.0  # only the events know step 4
    assert math.isnan(_value(merged, 4, metrics.VALID_LOSS))


def test_to_number_treats_missing_markers_as_gaps():
    assert [metrics.to_number(v) for v in ("", "nan", "NULL", None, "abc", True)] == [None] * 6
    assert metrics.to_number("0") == 0.0
