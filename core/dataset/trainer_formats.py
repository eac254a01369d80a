"""The exact files Together AI and Fireworks AI accept for fine-tuning, built from the same records as OpenAI's.

What each format is based on (checked 2026-11-29):

- Together, supervised ("conversational" data): one ``{"messages": [...]}`` per line; each message has a
  ``role`` of system, user or assistant and a string ``content``; the conversation starts with system or
  user and then alternates user/assistant. A message may carry ``weight`` 0 or 1 (0: not trained on).
  Sources: https://docs.together.ai/docs/fine-tuning/data-preparation and the official SDK's file checker
  (``together-py``, ``src/together/lib/utils/files.py``: ``validate_messages`` and ``_check_message_weight``).
  Files are uploaded with ``purpose=fine-tune`` and type ``jsonl`` (``../shared/together-openapi/openapi.yaml``:
  ``FilePurpose``, ``FileType``); the job takes them as ``training_file`` / ``validation_file``.
- Together, preference (DPO): ``{"input": {"messages": [...]}, "preferred_output": [one assistant
  message], "non_preferred_output": [one assistant message]}``; the input must not end with the assistant.
  Sources: https://docs.together.ai/docs/fine-tuning/preference-tuning and the SDK's
  ``validate_preference_openai``; the job sets ``training_method: {"method": "dpo"}`` (openapi.yaml,
  ``TrainingMethodDPO``).
- Fireworks, supervised: "the OpenAI-compatible chat completion format": ``{"messages": [...]}`` with
  roles system, user or assistant (system optional, and first) and string ``content``; at least 3 examples.
  Source: https://docs.fireworks.ai/fine-tuning/fine-tuning-models. Per-message ``weight`` is not part
  of it, so the Fireworks file trains on every assistant turn (the download's help says so).
- Fireworks, preference (DPO): ``input.messages`` (role and content), ``preferred_output`` and
  ``non_preferred_output`` (each one assistant message); at least 3 examples.
  Source: https://docs.fireworks.ai/fine-tuning/dpo-fine-tuning.

Both trainers want plain text: ``content`` made of content parts becomes its text, ``developer`` (the
newer name for ``system``) becomes ``system``, and keys neither documents (``name``, ``refusal``, tool
definitions) are left out. Messages either refuses (tool calls, tool results) are kept as they are, so
the format checks (``core.dataset.validate``) name them instead of the file hiding them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from core.data.store import Store
from core.dataset.export import chat_line, chat_record, training_system_prompt

TOGETHER = "together"
FIREWORKS = "fireworks"
TRAINERS: tuple[str, ...] = (TOGETHER, FIREWORKS)
# Message keys each trainer's supervised format documents.
MESSAGE_KEYS: dict[str, tuple[str, ...]] = {
    TOGETHER: ("role", "content", "weight"),
    FIREWORKS: ("role", "content"),
}
ROLE_ALIASES: dict[str, str] = {"developer": "system"}


def _plain_content(content: Any) -> Any:
    """A string as is; a list of content parts as the text of its text parts; anything else unchanged."""
    if isinstance(content, list) and all(isinstance(part, dict) for part in content):
        return "".join(str(part.get("text", "")) for part in content if part.get("type") == "text")
    return content


def trainer_message(message: dict[str, Any], trainer: str) -> dict[str, Any]:
    """One message with only the keys ``trainer`` documents, its role and content in that trainer's form."""
    keys = MESSAGE_KEYS[trainer]
    if message.get("tool_calls") or message.get("role") in ("tool", "function"):
        return dict(message)  # neither documents tool turns: kept whole so the checks can name them
    shaped = {key: message[key] for key in keys if key in message}
    if "role" in shaped:
        shaped["role"] = ROLE_ALIASES.get(shaped["role"], shaped["role"])
    if "content" in shaped:
        shaped["content"] = _plain_content(shaped["content"])
    return shaped


def sft_record(record: dict[str, Any], trainer: str) -> dict[str, Any]:
    """A chat record (``{"messages": [...]}`` + tools) as ``trainer``'s supervised line: ``{"messages": [...]}``."""
    return {"messages": [trainer_message(m, trainer) for m in record["messages"]]}


def preference_record(record: dict[str, Any], trainer: str) -> dict[str, Any]:
    """An OpenAI DPO record as ``trainer``'s preference line (same three keys, plain messages)."""
    return {
        "input": {"messages": [trainer_message(m, trainer) for m in record["input"]["messages"]]},
        "preferred_output": [trainer_message(m, trainer) for m in record["preferred_output"]],
        "non_preferred_output": [trainer_message(m, trainer) for m in record["non_preferred_output"]],
    }


def iter_sft_jsonl(store: Store, project_id: int, ids: Iterable[int], trainer: str) -> Iterator[str]:
    """``trainer``'s supervised file, one line per example in id order (each ends in ``\\n``)."""
    system = training_system_prompt(store, project_id)
    for example in store.iter_examples(project_id, ids=ids):
        yield chat_line(sft_record(chat_record(example, system), trainer))


def iter_preference_jsonl(
    store: Store, project_id: int, trainer: str, ids: Iterable[int] | None = None
) -> Iterator[str]:
    """``trainer``'s preference (DPO) file: the same pairs as the OpenAI DPO file, one line each
    (``ids``: only those examples' pairs, e.g. one side of a recorded split)."""
    from core.dataset.preference_pairs import build_pairs

    for pair in build_pairs(store, project_id, ids=ids).pairs:
        yield chat_line(preference_record(pair.record(), trainer))
