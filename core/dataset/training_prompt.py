"""The training system prompt: the short system message a fine-tuned model is trained with (and later used with).

It is kept apart from the generation prompt (the instructions for the model
that drafts answers, which the fine-tuned model never sees). An example
without its own system message trains with the project's training prompt;
``apply_to_examples`` writes it into every such example, so the stored data
says exactly what is trained on. A system message an example already has is
never replaced.
"""

from __future__ import annotations

from core.data import examples
from core.data.store import Store
from core.dataset import message_format
from core.dataset.sample import SETTING_TRAINING_PROMPT

SYSTEM_ROLES = message_format.INSTRUCTION_ROLES


def get_prompt(store: Store, project_id: int) -> str:
    """The project's training system prompt, or "" when none is set."""
    return str(store.get_setting(project_id, SETTING_TRAINING_PROMPT) or "")


def set_prompt(store: Store, project_id: int, text: str) -> None:
    """Save the training system prompt at once (leading and trailing spaces dropped)."""
    store.set_setting(project_id, SETTING_TRAINING_PROMPT, (text or "").strip())


def _conversations_without(store: Store, project_id: int) -> list[tuple[int, list[dict]]]:
    return [
        (example_id, messages)
        for example_id, messages in examples.conversations(store, project_id)
        if not any(isinstance(m, dict) and m.get("role") in SYSTEM_ROLES for m in messages)
    ]


def count_without_system(store: Store, project_id: int) -> int:
    """How many examples (any status) have no system message of their own."""
    single = examples.count_single_turn_without_system(store, project_id)
    return single + len(_conversations_without(store, project_id))


def apply_to_examples(store: Store, project_id: int) -> int:
    """Write the training prompt into every example without a system message; returns how many changed.

    A single-turn example gets it as its system prompt; a conversation gets a
    system message put first. Examples that have one keep theirs.
    """
    prompt = get_prompt(store, project_id)
    if not prompt:
        return 0
    changed = examples.fill_single_turn_system(store, project_id, prompt)
    for example_id, messages in _conversations_without(store, project_id):
        if store.set_messages(example_id, [{"role": "system", "content": prompt}, *messages], source="edit"):
            changed += 1
    return int(changed)
