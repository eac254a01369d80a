"""Verdicts back into the data (training rows, DPO pairs) and the exported results."""

from __future__ import annotations

import io

import pytest

from core.data.store import NewExample
from core.workflows import compare
from core.workflows.compare import CHOICE_A, CHOICE_B, CHOICE_TIE, BlindPair
from tests import compare_helpers
from tests.compare_helpers import BASE, FINE_TUNED, answer_all, new_comparison

project = compare_helpers.project  # the shared fixture: a project with six tagged questions


# ---------------------------------------------------- back into the data
def _decisive_vote(store, project):
    comparison = new_comparison(store, project)
    answer_all(store, comparison)
    item = comparison.items[2]
    pair = compare.blind_pair(comparison.salt, item.key, 0, 1)
    # The reviewer prefers the fine-tuned answer (contender 1), wherever it was shown.
    choice = CHOICE_A if pair.left == 1 else CHOICE_B
    return comparison, item, compare.record_vote(store, comparison.id, pair, choice)


def test_a_question_no_longer_in_the_project_becomes_a_new_draft_row(store, project):
    comparison, item, vote_id = _decisive_vote(store, project)
    store.delete_examples([item.example_id])
    assert compare.training_row_plan(store, vote_id).action == compare.ROW_ADD
    example_id = compare.vote_to_training_row(store, vote_id)
    example = store.get_example(example_id)
    assert example.source == "compare" and example.question == item.question
    assert example.answer == f"{FINE_TUNED} says {item.key}" and example.tags == [*item.tags, "compare"]
    assert example.status == "draft"
    assert example.extra["compare"] == {
        "comparison_id": comparison.id,
        "vote_id": vote_id,
        "item_key": item.key,
        "winner": FINE_TUNED,
        "loser": BASE,
    }
    assert compare.vote_to_training_row(store, vote_id) == example_id  # a second click adds nothing
    assert compare.get_vote(store, vote_id).data["example_id"] == example_id


def _count(store, project):
    return store.count_examples(project)


def test_a_machine_draft_answer_is_updated_in_place_not_duplicated(store, project):
    comparison, item, vote_id = _decisive_vote(store, project)
    store.update_example(item.example_id, answer="a generated draft", status="draft", source="generated", model=BASE)
    before = _count(store, project)
    plan = compare.training_row_plan(store, vote_id)
    assert (plan.action, plan.example_id) == (compare.ROW_UPDATE, item.example_id)
    assert compare.vote_to_training_row(store, vote_id) == item.example_id
    assert _count(store, project) == before
    example = store.get_example(item.example_id)
    assert example.answer == f"{FINE_TUNED} says {item.key}" and "compare" in example.tags
    history = store.answer_history(item.example_id)
    assert [v.answer for v in history][-2:] == ["a generated draft", example.answer]
    assert (history[-1].source, history[-1].model) == ("compare", FINE_TUNED)


@pytest.mark.parametrize("how", ["approved", "typed"])
def test_a_persons_answer_is_replaced_only_after_asking(store, project, how):
    comparison, item, vote_id = _decisive_vote(store, project)
    if how == "typed":  # a person's edit, still a draft
        store.update_example(item.example_id, answer="my own words", status="draft", source="edit")
    person_answer = store.get_example(item.example_id).answer
    before = _count(store, project)
    plan = compare.training_row_plan(store, vote_id)
    assert (plan.action, plan.example_id, plan.current_answer) == (compare.ROW_CONFIRM, item.example_id, person_answer)
    with pytest.raises(compare.CompareError) as refused:
        compare.vote_to_training_row(store, vote_id)
    assert refused.value.code == "confirm_replace"
    assert store.get_example(item.example_id).answer == person_answer and _count(store, project) == before
    # Confirmed: replaced, the person's answer kept in the history, an approved row back to draft for review.
    assert compare.vote_to_training_row(store, vote_id, replace_persons_answer=True) == item.example_id
    example = store.get_example(item.example_id)
    assert example.answer == f"{FINE_TUNED} says {item.key}" and example.status == "draft"
    assert person_answer in [v.answer for v in store.answer_history(item.example_id)]
    assert _count(store, project) == before


def test_a_lost_comparison_becomes_a_dpo_pair_on_the_questions_row(store, project):
    comparison, item, vote_id = _decisive_vote(store, project)
    before, answer = _count(store, project), store.get_example(item.example_id).answer
    example_id, pair_id = compare.vote_to_preference_pair(store, vote_id)
    [pair] = store.list_preference_pairs(project)
    assert pair["id"] == pair_id and pair["source"] == "compare"
    # The pair hangs on the question's own row; no duplicate row, and its answer is untouched.
    assert example_id == item.example_id and _count(store, project) == before
    assert store.get_example(example_id).answer == answer
    assert pair["preferred"] == f"{FINE_TUNED} says {item.key}" and pair["non_preferred"] == f"{BASE} says {item.key}"
    assert pair["ref"] == f"comparison:{comparison.id}/vote:{vote_id}" and pair["example_id"] == example_id
    assert pair["messages"] == [
        {"role": "system", "content": "short prompt"},
        {"role": "user", "content": item.question},
    ]
    assert compare.vote_to_preference_pair(store, vote_id) == (example_id, pair_id)
    assert len(store.list_preference_pairs(project)) == 1
    # Once the row is approved, the DPO file carries exactly this pair.
    from core.dataset.preference_pairs import build_pairs

    store.set_status([example_id], "approved")
    [built] = [p for p in build_pairs(store, project).pairs if p.example_id == example_id]
    assert (built.preferred, built.non_preferred) == (pair["preferred"], pair["non_preferred"])


def test_a_dpo_pair_for_a_question_not_in_the_project_gets_a_new_draft_row(store, project):
    comparison, item, vote_id = _decisive_vote(store, project)
    store.delete_examples([item.example_id])
    example_id, _pair_id = compare.vote_to_preference_pair(store, vote_id)
    example = store.get_example(example_id)
    assert example.question == item.question and example.status == "draft" and example.source == "compare"


def test_a_tie_cannot_be_turned_into_data(store, project):
    comparison = new_comparison(store, project)
    answer_all(store, comparison)
    vote_id = compare.record_vote(store, comparison.id, BlindPair(comparison.items[0].key, 0, 1), CHOICE_TIE)
    with pytest.raises(compare.CompareError):
        compare.vote_to_preference_pair(store, vote_id)


# ---------------------------------------------------- export
def test_exports_neutralise_formulas_and_keep_korean(store, project):
    store.add_examples(project, [NewExample(question='=HYPERLINK("http://evil")', answer="-1+2")])
    comparison = new_comparison(store, project)
    answer_all(store, comparison)
    compare.save_answer(store, comparison.id, comparison.items[-1].key, 0, answer="@SUM(A1) 카페")
    rows = compare.results_rows(store, comparison)
    text = compare.results_csv(rows).decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "'@SUM(A1) 카페" in text and "'-1+2" in text
    assert comparison.salt not in text
    header = compare.results_csv(compare.results_rows(store, comparison, "ko")).decode("utf-8-sig").splitlines()[0]
    assert header.startswith("질문,기준 답변,태그,답변: ")

    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(compare.results_xlsx(rows))).active
    values = [cell.value for row in sheet.iter_rows() for cell in row if isinstance(cell.value, str)]
    assert '\'=HYPERLINK("http://evil")' in values
    assert not any(v.startswith(("=", "+", "-", "@")) for v in values)
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
