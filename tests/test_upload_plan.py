"""What a fine-tune uploads (core.dataset.upload_plan): counts, validation and the provider's minimum, per method."""

from __future__ import annotations

import pytest

from core.data.store import NewExample
from core.dataset import upload_plan
from core.dataset.split import make_split
from core.dataset.upload_plan import minimum_examples, plan_lines, plan_upload
from core.i18n import t
from core.providers.client import PROVIDER_AZURE, PROVIDER_COMPATIBLE, PROVIDER_OPENAI


def _project(store, n: int, status: str = "approved") -> int:
    pid = store.create_project(f"plan {n} {status}")
    store.add_examples(pid, [NewExample(f"질문 {i}?", f"답변 {i}.", status=status) for i in range(n)])
    return pid


@pytest.mark.parametrize(
    ("n", "train", "valid", "reason", "blocked"),
    [
        (9, 9, 0, upload_plan.VALID_SMALL_DATASET, True),
        (10, 10, 0, upload_plan.VALID_SMALL_DATASET, False),
        (19, 19, 0, upload_plan.VALID_SMALL_DATASET, False),
        (20, 20, 0, upload_plan.VALID_BELOW_MINIMUM, False),  # 10 % is 2: too few for a validation file
        (50, 50, 0, upload_plan.VALID_BELOW_MINIMUM, False),
        (100, 90, 10, upload_plan.VALID_UPLOADED, False),
    ],
)
def test_supervised_plan_for_dataset_sizes(store, n, train, valid, reason, blocked):
    plan = plan_upload(store, _project(store, n))
    assert (plan.train_count, plan.valid_count, plan.validation, plan.blocked) == (train, valid, reason, blocked)
    assert len(plan.train_ids) == train and len(plan.valid_ids) == valid
    assert len(set(plan.train_ids) | set(plan.valid_ids)) == n  # nothing dropped …
    assert not set(plan.train_ids) & set(plan.valid_ids)  # … and nothing in both files


def test_a_recorded_split_with_room_for_both_files_is_followed(store):
    pid = _project(store, 40)
    split = make_split(store, pid, valid_ratio=0.25, seed=3)
    plan = plan_upload(store, pid)
    assert (plan.train_count, plan.valid_count) == (30, 10) and plan.split_id == split.id
    assert plan.train_ids == split.train_ids and plan.valid_ids == split.valid_ids
    off = plan_upload(store, pid, use_validation=False)
    assert (off.train_count, off.valid_count, off.validation) == (40, 0, upload_plan.VALID_OFF)


def test_a_split_that_holds_nothing_out_says_so(store):
    pid = _project(store, 30)
    make_split(store, pid, valid_ratio=0.0)
    plan = plan_upload(store, pid)
    assert (plan.train_count, plan.validation) == (30, upload_plan.VALID_NONE_HELD_OUT)


def test_holding_out_half_of_a_small_set_keeps_the_training_minimum(store):
    pid = _project(store, 22)
    make_split(store, pid, valid_ratio=0.5)  # 11 and 11: both files reach the minimum
    assert plan_upload(store, pid).validation == upload_plan.VALID_UPLOADED
    pid = _project(store, 21)
    make_split(store, pid, valid_ratio=0.5)  # round(10.5) = 11 held out leaves 10: still allowed
    assert plan_upload(store, pid).train_count == 10


def _dpo_project(store, pairs: int, total: int = 30) -> int:
    pid = _project(store, total)
    for example in list(store.iter_examples(pid))[:pairs]:
        store.update_example(example.id, answer=example.answer + " 임대료와 인건비까지 따져 본 답변입니다.")
    return pid


def test_dpo_counts_pairs_and_three_pairs_are_blocked(store):
    plan = plan_upload(store, _dpo_project(store, 3), method=upload_plan.METHOD_DPO)
    assert plan.train_count == 3 and plan.blocked and plan.missing == 7
    assert plan.left_out == 27
    kinds = [kind for kind, _text in plan_lines(plan, "ko")]
    assert kinds == ["error", "markdown"]
    assert t("plan.fix.dpo", "ko", missing=7) in [text for _kind, text in plan_lines(plan, "ko")]


def test_dpo_with_enough_pairs_is_not_blocked(store):
    plan = plan_upload(store, _dpo_project(store, 12), method=upload_plan.METHOD_DPO)
    assert plan.train_count == 12 and not plan.blocked and plan.validation == upload_plan.VALID_SMALL_DATASET


def test_each_provider_has_a_minimum_per_method_and_others_follow_openai():
    for provider in (PROVIDER_OPENAI, PROVIDER_AZURE):
        assert provider in upload_plan.MINIMUM_EXAMPLES
        for method in (upload_plan.METHOD_SUPERVISED, upload_plan.METHOD_DPO):
            assert minimum_examples(provider, method) == 10
    assert minimum_examples(PROVIDER_COMPATIBLE) == minimum_examples(PROVIDER_OPENAI)


def test_a_provider_with_its_own_minimum_is_applied(store, monkeypatch):
    monkeypatch.setitem(upload_plan.MINIMUM_EXAMPLES, "together", {"supervised": 25, "dpo": 25})
    plan = plan_upload(store, _project(store, 24), provider="together")
    assert plan.blocked and plan.minimum == 25 and plan.missing == 1


def test_plan_text_says_what_is_uploaded_and_why_in_both_languages(store):
    plan = plan_upload(store, _project(store, 10))
    for lang in ("en", "ko"):
        lines = dict((text, kind) for kind, text in plan_lines(plan, lang))
        unit = t("plan.unit.supervised", lang)
        assert lines[t("plan.upload_train_only", lang, train=10, unit=unit)] == "info"
        assert lines[t("plan.why.small_dataset", lang, threshold=20, total=10)] == "caption"
