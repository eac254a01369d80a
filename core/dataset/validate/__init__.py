"""Is the dataset ready to upload? Every check OpenAI would reject a file for, and the warnings.

A superset of the OpenAI cookbook's ``Chat_finetuning_data_prep`` checks. The
cookbook's seven categories keep their names (``data_type``,
``missing_messages_list``, ``message_missing_key``,
``message_unrecognized_key``, ``unrecognized_role``, ``missing_content``,
``example_missing_assistant_message``) and are counted the same way (message
categories once per message); on top of them this module knows today's format
(``developer`` and ``tool`` roles, ``tool_calls`` with JSON-string arguments,
``tools``, ``parallel_tool_calls``, ``weight`` 0/1 on assistant messages,
``name``), DPO lines, special tokens, blank content, duplicates and
train/validation leakage.

Everything works as a stream: ``Validator.add`` takes one record at a time and
keeps only small per-example numbers (tokens, message counts, an 8-byte hash),
so a 500 MB file is validated without being held in memory.

The package: ``report`` (categories, problems, the report), ``checks`` (the
per-line ``Validator``), ``sources`` (a file or a project's rows) and ``text``
(the report as sentences). The names below are the public ones.
"""

from __future__ import annotations

from core.dataset.validate import together
from core.dataset.validate.checks import (
    Validator,
)
from core.dataset.validate.report import (
    ALWAYS_REPORTED_WARNINGS,
    COOKBOOK_CATEGORIES,
    DPO_KEYS,
    ERROR_CATEGORIES,
    EXTRA_ERROR_CATEGORIES,
    MAX_REFS_PER_PROBLEM,
    MESSAGE_KEYS,
    MIN_TRAINING_EXAMPLES,
    ROLES,
    SFT_KEYS,
    SPECIAL_TOKEN_RE,
    WARNING_CATEGORIES,
    ExampleRef,
    Problem,
    Report,
    UnreadableFile,
    first_user_text,
    question_key,
)
from core.dataset.validate.sources import (
    BLANK,
    INVALID,
    dataset_fingerprint,
    iter_jsonl,
    project_records,
    validate_examples,
    validate_file,
    validate_ids,
    validate_project,
)
from core.dataset.validate.text import (
    cost_text,
    headline,
    problem_text,
    render_text,
    unreadable_text,
    where_text,
)

__all__ = [
    "ALWAYS_REPORTED_WARNINGS",
    "BLANK",
    "COOKBOOK_CATEGORIES",
    "DPO_KEYS",
    "ERROR_CATEGORIES",
    "EXTRA_ERROR_CATEGORIES",
    "ExampleRef",
    "INVALID",
    "MAX_REFS_PER_PROBLEM",
    "MESSAGE_KEYS",
    "MIN_TRAINING_EXAMPLES",
    "Problem",
    "ROLES",
    "Report",
    "SFT_KEYS",
    "SPECIAL_TOKEN_RE",
    "UnreadableFile",
    "Validator",
    "WARNING_CATEGORIES",
    "cost_text",
    "dataset_fingerprint",
    "first_user_text",
    "headline",
    "iter_jsonl",
    "problem_text",
    "project_records",
    "question_key",
    "render_text",
    "together",
    "unreadable_text",
    "validate_examples",
    "validate_file",
    "validate_ids",
    "validate_project",
    "where_text",
]
