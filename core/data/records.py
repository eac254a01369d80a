"""What the store hands out and takes in: projects, examples, answer versions, filters.

Plain dataclasses and the small pure helpers that shape their fields (tags,
the de-duplication key, the mirror columns of a conversation); no SQL runs here.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from core.data.connection import LIVE, Row

STATUSES: tuple[str, ...] = ("draft", "approved", "rejected")


def normalise_tags(tags: str | Iterable[str] | None) -> list[str]:
    """Split, trim and de-duplicate tags, keeping their first-seen order."""
    if tags is None:
        return []
    parts = tags.replace(";", ",").split(",") if isinstance(tags, str) else list(tags)
    seen: dict[str, None] = {}
    for part in parts:
        tag = str(part).strip()
        if tag:
            seen.setdefault(tag, None)
    return list(seen)


def dedup_key(
    question: str, answer: str = "", system_prompt: str | None = None, messages: Sequence[dict[str, Any]] | None = None
) -> str:
    """A stable key for "the same example": used to skip exact duplicates on import."""
    if messages:
        body = json.dumps(list(messages), ensure_ascii=False, sort_keys=True)
    else:
        body = json.dumps([system_prompt or "", question.strip(), (answer or "").strip()], ensure_ascii=False)
    return hashlib.sha1(body.encode("utf-8")).hexdigest()


def mirror_fields(messages: Sequence[dict[str, Any]]) -> tuple[str, str]:
    """The (question, answer) columns that mirror a conversation: first user, last assistant."""
    question = next((str(m.get("content") or "") for m in messages if m.get("role") == "user"), "")
    answer = next((str(m.get("content") or "") for m in reversed(messages) if m.get("role") == "assistant"), "")
    return question, answer


@dataclass(frozen=True)
class Project:
    id: int
    name: str
    created_at: str
    updated_at: str
    # The browser session a visitor's own project belongs to; None for the team's projects.
    owner_session: str | None = None
    deleted_at: str | None = None


def row_to_project(r: Row) -> Project:
    return Project(r["id"], r["name"], r["created_at"], r["updated_at"], r["owner_session"], r["deleted_at"])


@dataclass
class Example:
    id: int
    project_id: int
    question: str
    answer: str
    system_prompt: str | None
    tags: list[str]
    status: str
    messages: list[dict[str, Any]] | None
    source: str
    error: str | None
    created_at: str
    updated_at: str
    extra: dict[str, Any] = field(default_factory=dict)
    # A machine answer arrived after a person had worked on the row: it waits as a variant.
    answer_waiting: bool = False
    deleted_at: str | None = None

    @property
    def is_multi_turn(self) -> bool:
        return self.messages is not None

    def conversation(self, default_system: str | None = None) -> list[dict[str, Any]]:
        """The messages the model trains on.

        A single-turn example becomes system (its own prompt, else the
        project's training prompt) → user → assistant. A multi-turn example is
        used as written.
        """
        if self.messages is not None:
            return [dict(message) for message in self.messages]
        conversation: list[dict[str, Any]] = []
        system = self.system_prompt if self.system_prompt else default_system
        if system:
            conversation.append({"role": "system", "content": system})
        conversation.append({"role": "user", "content": self.question})
        conversation.append({"role": "assistant", "content": self.answer})
        return conversation


def row_to_example(r: Row) -> Example:
    return Example(
        id=r["id"],
        project_id=r["project_id"],
        question=r["question"],
        answer=r["answer"],
        system_prompt=r["system_prompt"],
        tags=normalise_tags(r["tags"]),
        status=r["status"],
        messages=json.loads(r["messages"]) if r["messages"] else None,
        source=r["source"],
        error=r["error"],
        created_at=r["created_at"],
        updated_at=r["updated_at"],
        extra=json.loads(r["extra"]) if r["extra"] else {},
        answer_waiting=bool(r["answer_waiting"]),
        deleted_at=r["deleted_at"],
    )


@dataclass(frozen=True)
class NewExample:
    """One row to add; what importers and the editor hand to the store."""

    question: str
    answer: str = ""
    system_prompt: str | None = None
    tags: tuple[str, ...] = ()
    status: str = "draft"
    messages: tuple[dict[str, Any], ...] | None = None
    extra: dict[str, Any] | None = None
    # The stored document and chunk it was written from (Curate filters by them).
    document_id: int | None = None
    chunk_id: int | None = None

    def key(self) -> str:
        return dedup_key(self.question, self.answer, self.system_prompt, self.messages)


@dataclass(frozen=True)
class AnswerVersion:
    id: int
    example_id: int
    answer: str
    source: str
    model: str | None
    created_at: str


@dataclass(frozen=True)
class ExampleFilter:
    """What the Curate table shows: by status, by tag, by free text, by source document and by groundedness."""

    statuses: tuple[str, ...] = ()
    tag: str | None = None
    text: str = ""
    only_errors: bool = False
    only_waiting: bool = False
    # The project's trash instead of its live rows.
    deleted: bool = False
    # Only rows written from this stored document (and, with ``chunk_id``, from this chunk of it).
    document_id: int | None = None
    chunk_id: int | None = None
    # Only rows whose current answer the groundedness check found unsupported by its chunk.
    only_unsupported: bool = False
    # Only rows written from a stored chunk, with an answer that has no verdict yet (a failed check counts as none).
    needs_grounding_check: bool = False

    def where(self, dialect: str = "sqlite") -> tuple[str, list[Any]]:
        """The SQL condition and its values. Text matching ignores case on both engines: SQLite's
        LIKE already does (for ASCII), PostgreSQL's ILIKE does without lower() on every long answer."""
        like = "ILIKE" if dialect == "postgresql" else "LIKE"
        clauses: list[str] = ["deleted_at IS NOT NULL" if self.deleted else LIVE]
        params: list[Any] = []
        if self.statuses:
            clauses.append(f"status IN ({','.join('?' * len(self.statuses))})")
            params.extend(self.statuses)
        if self.tag:
            # Tags are stored as ",a,b," so that one LIKE finds a whole tag.
            clauses.append(f"(',' || tags || ',') {like} ? ESCAPE '\\'")
            params.append(f"%,{_escape_like(self.tag)},%")
        if self.text.strip():
            needle = f"%{_escape_like(self.text.strip())}%"
            clauses.append(
                f"(question {like} ? ESCAPE '\\' OR answer {like} ? ESCAPE '\\' OR tags {like} ? ESCAPE '\\')"
            )
            params.extend([needle, needle, needle])
        if self.only_errors:
            clauses.append("error IS NOT NULL AND error != ''")
        if self.only_waiting:
            clauses.append("answer_waiting = 1")
        if self.document_id is not None:
            clauses.append("id IN (SELECT example_id FROM example_sources WHERE document_id = ?)")
            params.append(self.document_id)
        if self.chunk_id is not None:
            clauses.append("id IN (SELECT example_id FROM example_sources WHERE chunk_id = ?)")
            params.append(self.chunk_id)
        if self.only_unsupported:
            # A check of an answer that was edited since no longer counts: the edit may have fixed it.
            clauses.append(
                "id IN (SELECT g.example_id FROM grounding_checks g JOIN examples checked"
                " ON checked.id = g.example_id WHERE g.verdict = 'unsupported' AND g.answer = checked.answer)"
            )
        if self.needs_grounding_check:
            clauses.append(
                "answer != '' AND id IN (SELECT example_id FROM example_sources)"
                " AND id NOT IN (SELECT g.example_id FROM grounding_checks g JOIN examples checked"
                " ON checked.id = g.example_id WHERE g.verdict != 'failed' AND g.answer = checked.answer)"
            )
        return (" AND ".join(clauses), params)


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
