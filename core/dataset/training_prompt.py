"""The training system prompt: the short system message a fine-tuned model is trained with (and later used with).

It is kept apart from the generation prompt (the instructions for the model
that drafts answers, which the fine-tuned model never sees). An example
without its own system message trains with the project's training prompt;
``apply_to_examples`` writes it into every such example, so the stored data
says exactly what is trained on. A system message an example already has is
never replaced.
"""

from __future__ import annotations

import json

from core.dataset import message_format
from core.dataset.sample import SETTING_TRAINING_PROMPT
from core.data.store import Store, now_iso

SYSTEM_ROLES = message_format.INSTRUCTION_ROLES
# Single-turn examples store their system message in a column; conversations keep it among the messages.
_SINGLE_TURN_WITHOUT = ("project_id = ? AND messages IS NULL AND TRIM(COALESCE(system_prompt, '')) = ''")


def get_prompt(store: Store, project_id: int) -> str:
    """The project's training system prompt, or "" when none is set."""
    return str(store.get_setting(project_id, SETTING_TRAINING_PROMPT) or "")


def set_prompt(store: Store, project_id: int, text: str) -> None:
    """Save the training system prompt at once (leading and trailing spaces dropped)."""
    store.set_setting(project_id, SETTING_TRAINING_PROMPT, (text or "").strip())


def _conversations_without(store: Store, project_id: int) -> list[tuple[int, list[dict]]]:
    rows = store.conn.execute("SELECT id, messages FROM examples WHERE project_id = ? AND messages IS NOT NULL",
                              (project_id,))
    found = []
    for row in rows:
        messages = json.loads(row["messages"])
        if not any(isinstance(m, dict) and m.get("role") in SYSTEM_ROLES for m in messages):
            found.append((int(row["id"]), messages))
    return found


def count_without_system(store: Store, project_id: int) -> int:
    """How many examples (any status) have no system message of their own."""
    single = store.conn.execute(f"SELECT COUNT(*) FROM examples WHERE {_SINGLE_TURN_WITHOUT}",
                                (project_id,)).fetchone()[0]
    return int(single) + len(_conversations_without(store, project_id))


def apply_to_examples(store: Store, project_id: int) -> int:
    """Write the training prompt into every example without a system message; returns how many changed.

    A single-turn example gets it as its system prompt; a conversation gets a
    system message put first. Examples that have one keep theirs.
    """
    prompt = get_prompt(store, project_id)
    if not prompt:
        return 0
    with store.tx() as conn:
        changed = conn.execute(f"UPDATE examples SET system_prompt = ?, updated_at = ? WHERE {_SINGLE_TURN_WITHOUT}",
                               (prompt, now_iso(), project_id)).rowcount
    for example_id, messages in _conversations_without(store, project_id):
        if store.set_messages(example_id, [{"role": "system", "content": prompt}, *messages], source="edit"):
            changed += 1
    return int(changed)
