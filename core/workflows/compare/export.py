"""Verdicts back into the data and out to files: a winning answer as a training row, a DPO pair, CSV/XLSX results.

A machine answer never overwrites one a person approved or wrote without
asking first (``training_row_plan`` says what would happen); the replaced
answer stays in the row's history.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from core.data import comparisons as db
from core.data.store import Example, NewExample, Store
from core.dataset.export import neutralise_cell
from core.dataset.sample import SETTING_TRAINING_PROMPT
from core.workflows.compare.contenders import CompareError
from core.workflows.compare.sets import Comparison, Item, load_comparison, stored_answers
from core.workflows.compare.votes import VOTER_HUMAN, VOTER_JUDGE, Vote, get_vote, list_votes

SOURCE_COMPARE = "compare"
COMPARE_TAG = "compare"  # marks rows that came from a comparison in Curate


# ---------------------------------------------------------- back into the data
def _decisive(store: Store, vote_id: int) -> tuple[Vote, Comparison, Item, str, str]:
    vote = get_vote(store, vote_id)
    if vote is None or vote.winner is None or vote.loser is None:
        raise CompareError("not_decisive")
    comparison = load_comparison(store, vote.comparison_id)
    item = comparison.item(vote.item_key) if comparison else None
    if comparison is None or item is None:
        raise CompareError("not_decisive")
    answers = stored_answers(store, comparison.id)
    return (
        vote,
        comparison,
        item,
        answers[(item.key, vote.winner)].answer or "",
        answers[(item.key, vote.loser)].answer or "",
    )


def _link(vote: Vote, comparison: Comparison) -> dict[str, Any]:
    # Only a decided vote (a winner and a loser) becomes a training row or a pair.
    assert vote.winner is not None and vote.loser is not None
    return {
        "comparison_id": comparison.id,
        "vote_id": vote.id,
        "item_key": vote.item_key,
        "winner": comparison.contenders[vote.winner].model,
        "loser": comparison.contenders[vote.loser].model,
    }


def _mark_vote(store: Store, vote: Vote, what: str, new_id: int) -> None:
    """Note on the vote what it became; merged in one transaction, so marks made meanwhile are kept."""
    db.merge_vote_data(store, vote.id, {what: new_id})


# Answers a machine wrote; any other source (typed, imported, a chosen variant) is a person's.
MACHINE_SOURCES = frozenset({"generated", "repair", "synthetic", SOURCE_COMPARE})
ROW_ADD = "add"  # the question is not in the project: a new draft row
ROW_UPDATE = "update"  # its row has no answer or a machine's draft: the answer is replaced (history keeps it)
ROW_CONFIRM = "confirm"  # its row's answer was approved or written by a person: ask first
ROW_SAME = "same"  # its row already has exactly the winning answer


@dataclass(frozen=True)
class RowPlan:
    """What "add the winning answer as a training row" would do, decided before anything changes."""

    action: str
    example_id: int | None = None
    current_answer: str = ""
    winner_answer: str = ""


def existing_row(store: Store, project_id: int, item: Item) -> Example | None:
    """The project's row for this question: the example it came from, else one with the same question."""
    if item.example_id is not None:
        example = store.get_example(int(item.example_id))
        if example is not None and example.project_id == project_id:
            return example
    found = db.example_id_with_question(store, project_id, item.question)
    return store.get_example(found) if found is not None else None


def person_owns_answer(store: Store, example: Example) -> bool:
    """True when the answer was approved, or its last version was typed or imported by a person."""
    if not example.answer.strip():
        return False
    if example.status == "approved":
        return True
    history = store.answer_history(example.id)
    return not history or history[-1].source not in MACHINE_SOURCES


def training_row_plan(store: Store, vote_id: int) -> RowPlan:
    """Add a row, update the existing one, or ask first (the question is there with a person's answer)."""
    vote, comparison, item, winner, _loser = _decisive(store, vote_id)
    example = existing_row(store, comparison.project_id, item)
    if example is None:
        return RowPlan(ROW_ADD, winner_answer=winner)
    if example.answer.strip() == winner.strip():
        action = ROW_SAME
    else:
        action = ROW_CONFIRM if person_owns_answer(store, example) else ROW_UPDATE
    return RowPlan(action, example.id, example.answer, winner)


def vote_to_training_row(store: Store, vote_id: int, *, replace_persons_answer: bool = False) -> int:
    """The winning answer into the data: a new draft row, or the answer of the row with this question.

    An answer a person approved or wrote is replaced only with ``replace_persons_answer`` (the page
    asks first); it stays in the row's history, and an approved row goes back to draft for review.
    """
    vote, comparison, item, winner, _loser = _decisive(store, vote_id)
    existing = vote.data.get("example_id")
    if existing and store.get_example(int(existing)) is not None:
        return int(existing)
    plan = training_row_plan(store, vote_id)
    winner_model = comparison.contenders[vote.winner].model  # type: ignore[index]
    if plan.action == ROW_CONFIRM and not replace_persons_answer:
        raise CompareError("confirm_replace", id=plan.example_id)
    if plan.example_id is not None:
        example = store.get_example(plan.example_id)
        assert example is not None
        changes: dict[str, Any] = {
            "tags": [*example.tags, COMPARE_TAG],
            "extra": {**example.extra, "compare": _link(vote, comparison)},
        }
        if plan.action != ROW_SAME:
            changes["answer"] = winner
            if example.status == "approved":
                changes["status"] = "draft"
        store.update_example(plan.example_id, source=SOURCE_COMPARE, model=winner_model, **changes)
        _mark_vote(store, vote, "example_id", plan.example_id)
        return plan.example_id
    messages = None
    if item.history:
        messages = (*(dict(m) for m in item.history), {"role": "assistant", "content": winner})
    [example_id] = store.add_examples(
        comparison.project_id,
        [
            NewExample(
                question=item.question,
                answer=winner,
                tags=(*item.tags, COMPARE_TAG),
                messages=messages,
                extra={"compare": _link(vote, comparison)},
            )
        ],
        source=SOURCE_COMPARE,
        model=winner_model,
    )
    _mark_vote(store, vote, "example_id", example_id)
    return example_id


def vote_to_preference_pair(store: Store, vote_id: int) -> tuple[int, int]:
    """A DPO pair (winner preferred, loser not) on the training prompt; returns (example id, pair id).

    The pair hangs on the question's row in the project (its answer untouched), or on a new
    draft row when the question isn't there, because the DPO file is built from reviewed rows:
    the user sees it in Curate and it is exported once approved there.
    """
    vote, comparison, item, winner, loser = _decisive(store, vote_id)
    if vote.data.get("pair_id"):
        return int(vote.data.get("pair_example_id") or vote.data.get("example_id") or 0), int(vote.data["pair_id"])
    example = existing_row(store, comparison.project_id, item)
    example_id = example.id if example is not None else vote_to_training_row(store, vote_id)
    vote = get_vote(store, vote_id) or vote
    training_prompt = str(store.get_setting(comparison.project_id, SETTING_TRAINING_PROMPT) or "")
    pair_id = store.add_preference_pair(
        comparison.project_id,
        item.prompt(training_prompt),
        preferred=winner,
        non_preferred=loser,
        source=SOURCE_COMPARE,
        example_id=example_id,
        ref=f"comparison:{comparison.id}/vote:{vote.id}",
    )
    _mark_vote(store, vote, "pair_example_id", example_id)
    _mark_vote(store, get_vote(store, vote_id) or vote, "pair_id", pair_id)
    return example_id, pair_id


# ---------------------------------------------------------------------- export
def results_rows(store: Store, comparison: Comparison, lang: str = "en") -> list[dict[str, Any]]:
    """One row per item: question, reference, tags, each contender's answer and cost, and the verdicts.

    Column names are in ``lang`` (the downloaded files are read by the user).
    """
    from core.i18n import t

    answers = stored_answers(store, comparison.id)
    votes = list_votes(store, comparison.id)
    names = [c.name for c in comparison.contenders]
    rows = []
    for item in comparison.items:
        row: dict[str, Any] = {
            t("compare.col_question", lang): item.question,
            t("compare.col_reference", lang): item.reference,
            t("compare.col_tags", lang): ", ".join(item.tags),
        }
        for index, name in enumerate(names):
            stored = answers.get((item.key, index))
            row[t("compare.col_answer", lang, name=name)] = (
                stored.answer
                if stored and stored.answer is not None
                else (f"[{t('compare.col_error', lang)}] {stored.error}" if stored and stored.error else "")
            )
            row[t("compare.col_cost", lang, name=name)] = stored.cost_usd if stored else None
        for voter in (VOTER_HUMAN, VOTER_JUDGE):
            outcomes = []
            for vote in (v for v in votes if v.item_key == item.key and v.voter == voter):
                verdict = names[vote.winner] if vote.winner is not None else t(f"compare.choice.{vote.choice}", lang)
                outcomes.append(
                    f"{names[vote.contender_a]} vs {names[vote.contender_b]}: {verdict}"
                    + (f" ({vote.comment})" if vote.comment else "")
                )
            row[t(f"compare.col_{voter}_verdicts", lang)] = "; ".join(outcomes)
        rows.append(row)
    return rows


def results_csv(rows: Sequence[Mapping[str, Any]]) -> bytes:
    """CSV with a BOM so Excel opens Korean text correctly; formula-like cells neutralised."""
    buffer = io.StringIO()
    if rows:
        writer = csv.DictWriter(buffer, fieldnames=list(rows[0].keys()))
        writer.writeheader()
        for row in rows:
            writer.writerow({k: neutralise_cell(v) for k, v in row.items()})
    return buffer.getvalue().encode("utf-8-sig")


def results_xlsx(rows: Sequence[Mapping[str, Any]]) -> bytes:
    """An Excel workbook of the same rows; every text cell is stored as text, never as a formula."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "comparison"
    if rows:
        headers = list(rows[0].keys())
        sheet.append([neutralise_cell(h) for h in headers])
        for row in rows:
            sheet.append([neutralise_cell(row.get(h)) for h in headers])
        for cells in sheet.iter_rows():
            for cell in cells:
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # belt and braces: openpyxl must not treat "=…" as a formula
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
