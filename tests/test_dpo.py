"""DPO pairs: reviewed answer vs first version / rejected variant / explicit pair; no-difference left out."""

from __future__ import annotations

import json

from core.data.store import NewExample
from core.dataset import preference_pairs


def _project(store):
    project_id = store.create_project(
        "dpo", settings={preference_pairs.SETTING_TRAINING_PROMPT: "You are a café adviser."}
    )
    return project_id


def test_edited_answer_pairs_with_its_first_generated_version(store):
    project_id = _project(store)
    [example_id] = store.add_examples(
        project_id, [NewExample("How much is rent?", "About 2 million won.")], source="generated"
    )
    store.update_example(example_id, answer="Rent in Seoul is 2–5 million won a month; check the deposit too.")
    store.set_status([example_id], "approved")
    build = preference_pairs.build_pairs(store, project_id)
    assert len(build.pairs) == 1
    pair = build.pairs[0]
    assert pair.source == "first_version"
    assert pair.preferred.startswith("Rent in Seoul")
    assert pair.non_preferred == "About 2 million won."
    record = pair.record()
    assert record["input"]["messages"] == [
        {"role": "system", "content": "You are a café adviser."},
        {"role": "user", "content": "How much is rent?"},
    ]
    assert record["preferred_output"] == [{"role": "assistant", "content": pair.preferred}]
    assert record["non_preferred_output"] == [{"role": "assistant", "content": "About 2 million won."}]


def test_rejected_variant_is_used_when_the_history_has_no_other_version(store):
    project_id = _project(store)
    [example_id] = store.add_examples(project_id, [NewExample("Q?", "", status="approved")])
    chosen = store.add_variant(example_id, "A good, specific answer.", model="m", temperature=0.2)
    store.add_variant(example_id, "A vague answer.", model="m", temperature=1.0)
    store.choose_variant(chosen)
    build = preference_pairs.build_pairs(store, project_id)
    [pair] = build.pairs
    assert (pair.preferred, pair.non_preferred, pair.source) == (
        "A good, specific answer.",
        "A vague answer.",
        "variant",
    )


def test_no_real_difference_and_no_alternative_are_left_out_and_counted(store):
    project_id = _project(store)
    same, untouched, empty = store.add_examples(
        project_id,
        [
            NewExample("Q1", "Open at 9.", status="approved"),
            NewExample("Q2", "Closed on Mondays.", status="approved"),
            NewExample("Q3", "", status="approved"),
        ],
    )
    # Only whitespace/case/final punctuation changed: not a real difference.
    store.update_example(same, answer="  open at 9  ")
    build = preference_pairs.build_pairs(store, project_id)
    assert build.pairs == []
    assert build.left_out[preference_pairs.LEFT_OUT_NO_DIFFERENCE] == 1
    assert build.left_out[preference_pairs.LEFT_OUT_EMPTY] == 1
    # "Closed on Mondays." was never edited and has no variants: nothing to contrast it with.
    assert build.left_out[preference_pairs.LEFT_OUT_NO_ALTERNATIVE] == 1
    assert build.left_out_total == 3


def test_explicit_pairs_win_and_draft_examples_are_ignored(store):
    project_id = _project(store)
    approved, draft = store.add_examples(
        project_id, [NewExample("Q1", "first", status="approved"), NewExample("Q2", "x", status="draft")]
    )
    store.update_example(approved, answer="reviewed")
    store.update_example(draft, answer="reviewed draft")
    prompt = [{"role": "user", "content": "Q1"}]
    store.add_preference_pair(
        project_id, prompt, "explicit good", "explicit bad", source="compare", example_id=approved
    )
    store.add_preference_pair(project_id, prompt, "same", "same", source="compare")
    build = preference_pairs.build_pairs(store, project_id)
    assert [(p.preferred, p.non_preferred, p.source) for p in build.pairs] == [
        ("explicit good", "explicit bad", "explicit")
    ]
    assert build.left_out[preference_pairs.LEFT_OUT_NO_DIFFERENCE] == 1
    lines = list(preference_pairs.iter_dpo_lines(build))
    assert json.loads(lines[0])["input"]["messages"] == prompt


def test_korean_text_stays_readable_in_the_file(store):
    project_id = _project(store)
    [example_id] = store.add_examples(project_id, [NewExample("임대료는?", "약 200만 원", status="approved")])
    store.update_example(example_id, answer="서울은 월 200~500만 원입니다.")
    [line] = preference_pairs.iter_dpo_lines(preference_pairs.build_pairs(store, project_id))
    assert "서울은" in line
