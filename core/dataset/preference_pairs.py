"""Preference pairs for DPO training, built from what the store already knows.

Preferred = the reviewed (current) answer of an approved example. Non-preferred,
in this order: a pair the user recorded explicitly (``preference_pairs``), the
example's first generated version (``answer_versions``), or a variant that was
not picked (``answer_variants``). A pair whose two answers don't really differ
teaches nothing, so it is left out and counted, and the page says how many.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from core.data.store import Example, Store

SETTING_TRAINING_PROMPT = "training_system_prompt"
# Why an example gave no pair (the page shows these counts).
LEFT_OUT_NO_ALTERNATIVE = "no_alternative"
LEFT_OUT_NO_DIFFERENCE = "no_difference"
LEFT_OUT_EMPTY = "empty_answer"
LEFT_OUT_REASONS: tuple[str, ...] = (LEFT_OUT_NO_ALTERNATIVE, LEFT_OUT_NO_DIFFERENCE, LEFT_OUT_EMPTY)
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class PreferencePair:
    example_id: int | None
    messages: list[dict[str, Any]]  # the prompt: everything before the answer
    preferred: str
    non_preferred: str
    source: str  # "explicit", "first_version" or "variant"

    def record(self) -> dict[str, Any]:
        """The line OpenAI's DPO format expects."""
        return {
            "input": {"messages": self.messages},
            "preferred_output": [{"role": "assistant", "content": self.preferred}],
            "non_preferred_output": [{"role": "assistant", "content": self.non_preferred}],
        }


@dataclass
class DpoBuild:
    pairs: list[PreferencePair] = field(default_factory=list)
    left_out: Counter[str] = field(default_factory=Counter)

    @property
    def left_out_total(self) -> int:
        return sum(self.left_out.values())


def normalised(text: str | None) -> str:
    """Text for "is this really different?": case, spacing and trailing punctuation ignored."""
    return _SPACE.sub(" ", (text or "").strip()).casefold().rstrip(" .!?。")


def really_differs(preferred: str | None, non_preferred: str | None) -> bool:
    return normalised(preferred) != normalised(non_preferred)


def prompt_messages(example: Example, training_system_prompt: str | None) -> list[dict[str, Any]]:
    """The conversation up to (not including) the final assistant answer."""
    conversation = example.conversation(training_system_prompt)
    if conversation and conversation[-1].get("role") == "assistant":
        conversation = conversation[:-1]
    return conversation


def _explicit_pairs(store: Store, project_id: int) -> dict[int | None, list[dict[str, Any]]]:
    by_example: dict[int | None, list[dict[str, Any]]] = {}
    for pair in store.list_preference_pairs(project_id):
        by_example.setdefault(pair["example_id"], []).append(pair)
    return by_example


def _derived_candidate(store: Store, example: Example) -> tuple[str, str] | None:
    """(non-preferred answer, source) from history or variants, or None."""
    history = store.answer_history(example.id)
    if history and history[0].answer.strip():
        first = history[0].answer
        if really_differs(example.answer, first):
            return first, "first_version"
    for variant in store.list_variants(example.id):
        unpicked = not variant.get("chosen") and variant["answer"].strip()
        if unpicked and really_differs(example.answer, variant["answer"]):
            return variant["answer"], "variant"
    if len(history) > 1 and history[0].answer.strip():
        return history[0].answer, "first_version"  # edited, but with no real difference
    return None


def build_pairs(store: Store, project_id: int, ids: Iterable[int] | None = None) -> DpoBuild:
    """All pairs for the approved examples (or ``ids``), with the left-out counts."""
    prompt = store.get_setting(project_id, SETTING_TRAINING_PROMPT)
    explicit = _explicit_pairs(store, project_id)
    build = DpoBuild()
    examples = (
        store.iter_examples(project_id, ids=ids)
        if ids is not None
        else store.iter_examples(project_id, statuses=("approved",))
    )
    for example in examples:
        if not example.answer.strip():
            build.left_out[LEFT_OUT_EMPTY] += 1
            continue
        messages = prompt_messages(example, prompt)
        recorded = explicit.pop(example.id, [])
        if recorded:
            kept = [p for p in recorded if really_differs(p["preferred"], p["non_preferred"])]
            build.left_out[LEFT_OUT_NO_DIFFERENCE] += len(recorded) - len(kept)
            build.pairs.extend(
                PreferencePair(
                    example.id, list(p["messages"]) or messages, p["preferred"], p["non_preferred"], "explicit"
                )
                for p in kept
            )
            continue
        candidate = _derived_candidate(store, example)
        if candidate is None:
            build.left_out[LEFT_OUT_NO_ALTERNATIVE] += 1
        elif not really_differs(example.answer, candidate[0]):
            build.left_out[LEFT_OUT_NO_DIFFERENCE] += 1
        else:
            build.pairs.append(PreferencePair(example.id, messages, example.answer, candidate[0], candidate[1]))
    if ids is None:
        # Pairs recorded without an example (e.g. from Compare votes) count too.
        for pair in explicit.get(None, []):
            if really_differs(pair["preferred"], pair["non_preferred"]):
                build.pairs.append(
                    PreferencePair(None, list(pair["messages"]), pair["preferred"], pair["non_preferred"], "explicit")
                )
            else:
                build.left_out[LEFT_OUT_NO_DIFFERENCE] += 1
    return build


def iter_dpo_lines(build: DpoBuild) -> Iterator[str]:
    """One JSON line per pair, Korean kept readable."""
    for pair in build.pairs:
        yield json.dumps(pair.record(), ensure_ascii=False)
