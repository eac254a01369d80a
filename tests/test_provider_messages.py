"""The provider's event lines, levels and job errors: original text kept, a Korean sentence first in Korean."""

from __future__ import annotations

import pytest

from core.i18n import t
from core.providers import provider_messages as pm


@pytest.mark.parametrize(
    ("message", "data", "key", "values"),
    [
        ("Created fine-tuning job: ftjob-abc", None, "created", {}),
        ("Validating training file: file-1 and validation file: file-2", None, "validating", {}),
        ("Files validated, moving job to queued state", None, "validated", {}),
        ("Fine-tuning job started", None, "started", {}),
        ("Step 12/40: training loss=0.81, validation loss=0.90", {"step": 12}, "step", {"step": "12", "total": "40"}),
        ("Checkpoint created at step 20", None, "checkpoint", {"step": "20"}),
        ("New fine-tuned model created: ft:gpt-4.1-mini:org::abc", None, "model_created", {}),
        ("The job has successfully completed", None, "succeeded", {}),
        ("Training file file-1 failed validation: Example 3 has no assistant message.", None, "file_invalid", {}),
        ("Fine-tuning job cancelled", None, "cancelled", {}),
        ("Fine-tuning job paused", None, "paused", {}),
    ],
)
def test_known_event_lines_lead_with_a_korean_sentence_and_keep_the_original(message, data, key, values):
    text = pm.event_text(message, data, "ko")
    sentence = t(f"provider_messages.event.{key}", "ko", **values)
    assert text == t("provider_messages.with_original", "ko", sentence=sentence, original=message)
    assert text.startswith(sentence) and message in text
    assert pm.event_text(message, data, "en") == message  # English: the provider's words as they are


def test_an_unknown_line_gets_the_generic_korean_lead():
    line = "Reticulating splines for the tokenizer"
    assert pm.event_text(line, None, "ko") == f"OpenAI 메시지: {line}"
    assert pm.event_text(line, None, "ko", provider="azure") == f"Azure OpenAI 메시지: {line}"
    # A metrics event in a wording we don't know is still recognised by its data.
    assert pm.event_text("loss 0.5", {"step": 3, "total_steps": 9}, "ko").startswith("9단계 중 3단계")


def test_levels_are_translated_and_unknown_ones_kept():
    assert [pm.level_label(level, "ko") for level in ("info", "warn", "error")] == ["정보", "경고", "오류"]
    assert pm.level_label("warning", "en") == "Warning"
    assert pm.level_label("debug", "ko") == "debug"


def test_a_known_error_code_is_explained_and_an_unknown_one_keeps_the_original():
    known = pm.job_error_text("invalid_n_examples", "Training file has 9 example(s), but must have at least 10.", "ko")
    assert known.startswith("학습 작업이 실패했습니다. ")
    assert t("provider_messages.error.invalid_n_examples", "ko") in known
    assert known.endswith("OpenAI의 원문: Training file has 9 example(s), but must have at least 10.")
    unknown = pm.job_error_text("weird_code", "Something odd.", "ko")
    assert unknown == "학습 작업이 실패했습니다. OpenAI의 원문: Something odd."
