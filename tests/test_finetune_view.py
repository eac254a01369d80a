"""The jobs panel's choices without Streamlit: which jobs are shown, why a chart is empty, the best checkpoint."""

from __future__ import annotations

import pytest

from core.data import jobs as job_store
from core.i18n import t
from core.pricing import model_info
from core.providers import metrics
from core.workflows import finetune
from core.workflows import finetune_view as view


def _row(row_id: int, status: str, job_id: str | None = "ftjob-x") -> finetune.JobRow:
    return finetune.JobRow(
        row_id,
        1,
        "tag",
        "openai",
        job_id and f"{job_id}{row_id}",
        status,
        "supervised",
        "gpt-4.1-mini",
        None,
        None,
        {},
        {},
        {},
        None,
        "2026-11-29T10:00:00",
        "",
    )


def test_a_just_launched_job_replaces_the_chart_picks_once_it_has_an_id():
    assert view.chart_selection([3], [7, 3], focus=7) == [7]
    assert view.chart_selection([3], [3], focus=7) == [3]  # no job id yet: the old pick stays meanwhile
    assert view.chart_selection([3, 1], [7, 3, 1]) == [3, 1]  # no launch: the user's picks stay
    assert view.chart_selection([], [7, 3]) == [7]  # nothing picked (a fresh load): the newest
    assert view.chart_selection([9], [7, 3]) == [7]  # a pick that is gone: the newest


def test_a_just_launched_job_is_the_one_in_the_detail():
    assert view.detail_choice(3, [7, 3], focus=7) == 7
    assert view.detail_choice(3, [7, 3]) == 3
    assert view.detail_choice(None, [7, 3]) == 7
    assert view.detail_choice(3, []) is None


@pytest.mark.parametrize(
    ("status", "key"),
    [
        ("failed", "finetune_view.chart_failed"),
        ("succeeded", "finetune_view.chart_succeeded"),
        ("cancelled", "finetune_view.chart_cancelled"),
        ("running", "finetune_view.chart_running"),
        ("queued", "finetune_view.chart_running"),
    ],
)
def test_an_empty_chart_says_why_for_the_jobs_state(status, key):
    row = _row(4, status)
    for lang in ("en", "ko"):
        assert view.empty_chart_messages([row], {4: metrics.from_events([])}, lang) == [
            t(key, lang, job=view.job_label(row))
        ]
    waiting = "학습이 진행되면" in view.empty_chart_messages([row], {}, "ko")[0]
    assert waiting == (status in finetune.ACTIVE_STATUSES)  # only a job still going is told to wait


def test_a_job_with_metrics_needs_no_explanation_and_no_pick_asks_for_one():
    table = metrics.from_events([{"type": "metrics", "data": {"step": 1, "train_loss": 1.2}}])
    assert view.empty_chart_messages([_row(1, "succeeded"), _row(2, "failed")], {1: table}, "en") == [
        t("finetune_view.chart_failed", "en", job=view.job_label(_row(2, "failed")))
    ]
    assert view.empty_chart_messages([], {}, "en") == [t("finetune_view.chart_pick", "en")]


def _checkpoint(step: int, **values: float) -> dict:
    return {"step_number": step, "fine_tuned_model_checkpoint": f"ft:m:ckpt-step-{step}", "metrics": values}


def test_the_checkpoint_picker_starts_on_the_best_checkpoint():
    validated = [
        _checkpoint(10, train_loss=0.9, full_valid_loss=1.1),
        _checkpoint(20, train_loss=0.5, full_valid_loss=0.8),
        _checkpoint(30, train_loss=0.2, full_valid_loss=1.3),
    ]
    assert view.best_checkpoint_index(validated) == 1  # lowest validation loss, not the first
    sampled = [_checkpoint(10, valid_loss=0.7), _checkpoint(20, valid_loss=0.6), _checkpoint(30, valid_loss=0.65)]
    assert view.best_checkpoint_index(sampled) == 1
    train_only = [_checkpoint(10, train_loss=0.9), _checkpoint(20, train_loss=0.4), _checkpoint(30, train_loss=0.6)]
    assert view.best_checkpoint_index(train_only) == 1
    assert view.best_checkpoint_index([_checkpoint(10), _checkpoint(20)]) == 1  # no loss at all: the latest
    assert view.best_checkpoint_index([]) == 0


def test_events_table_in_korean_translates_levels_and_leads_messages(store):
    pid = store.create_project("ev")
    request = finetune.LaunchRequest(finetune.METHOD_SUPERVISED, "gpt-4.1-mini-2025-04-14")
    row = finetune.begin_launch(store, pid, request, "openai")
    job_store.add_events(
        store,
        row.id,
        [
            {"id": "e1", "created_at": 1, "level": "info", "type": "message", "message": "Fine-tuning job started"},
            {"id": "e2", "created_at": 2, "level": "error", "type": "message", "message": "Quantum flux exceeded"},
        ],
    )
    table = view.events_table(store, row, "ko")
    levels = table[t("finetune.col.level", "ko")].tolist()
    messages = table[t("finetune.col.message", "ko")].tolist()
    assert levels == ["오류", "정보"]
    assert messages == [
        "OpenAI 메시지: Quantum flux exceeded",
        t(
            "provider_messages.with_original",
            "ko",
            sentence=t("provider_messages.event.started", "ko"),
            original="Fine-tuning job started",
        ),
    ]
    assert view.events_table(store, row, "en")[t("finetune.col.message", "en")].tolist()[1] == "Fine-tuning job started"


def test_the_jobs_table_prices_trained_tokens_at_the_projects_edited_price():
    done = finetune.JobRow(
        1,
        1,
        "tag",
        "openai",
        "ftjob-1",
        "succeeded",
        "supervised",
        "gpt-4.1-mini-2025-04-14",
        "ft:gpt-4.1-mini-2025-04-14:org::1",
        None,
        {},
        {},
        {"trained_tokens": 2_000_000},
        None,
        "2026-11-29T10:00:00",
        "",
    )
    table_price = model_info(done.base_model).training_price_per_1m
    edited = {model_info(done.base_model).name: {"training_price_per_1m": table_price + 10}}
    column = t("finetune.col.cost", "en")
    assert view.jobs_table([done], "en", {})[column].tolist() == [pytest.approx(2 * table_price)]
    assert view.jobs_table([done], "en", edited)[column].tolist() == [pytest.approx(2 * (table_price + 10))]
