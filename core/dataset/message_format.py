"""The chat training format in one place: roles, message keys and top-level keys.

Import, Curate, the format checks and export all read these, so a line one
of them accepts is never refused by another. The sets follow what OpenAI's
fine-tuning accepts for supervised (SFT) and preference (DPO) training files.
"""

from __future__ import annotations

# Every role a training message may have. ``developer`` is the newer name for
# ``system`` on reasoning models; ``function`` is the legacy form of ``tool``.
ROLES: frozenset[str] = frozenset({"system", "developer", "user", "assistant", "tool", "function"})
# Roles that carry the instructions a model is trained with (an example with one needs no training prompt).
INSTRUCTION_ROLES: frozenset[str] = frozenset({"system", "developer"})
# The roles the one-example editor offers to switch a message to, in the order shown;
# a message with another role (e.g. ``tool``) keeps it and may be switched back.
EDITOR_ROLES: tuple[str, ...] = ("system", "user", "assistant")

MESSAGE_KEYS: frozenset[str] = frozenset(
    {"role", "content", "name", "weight", "tool_calls", "tool_call_id", "function_call", "refusal"}
)
SFT_KEYS: frozenset[str] = frozenset({"messages", "tools", "parallel_tool_calls", "functions", "metadata"})
DPO_KEYS: frozenset[str] = frozenset({"input", "preferred_output", "non_preferred_output", "metadata"})
# Top-level keys of a chat line that are kept with an imported example and written back on export.
EXAMPLE_EXTRA_KEYS: tuple[str, ...] = ("tools", "parallel_tool_calls")
# Message keys the chat-template (Hugging Face) form keeps.
HF_MESSAGE_KEYS: tuple[str, ...] = ("role", "content", "tool_calls", "tool_call_id", "name")
