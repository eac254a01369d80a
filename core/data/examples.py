"""Examples and the history of their answers (tables ``examples`` and ``answer_versions``).

Updates write only the fields a user changed, so two sessions editing the same
example never overwrite each other's other fields (last write wins per field),
and every answer change is appended to ``answer_versions``. ``apply_edit`` is
that one write path; it runs inside the caller's transaction so that a
generation run can store an answer in the same transaction that marks its
item done.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from core.data import tables
from core.data.connection import (
    LIVE,
    Connection,
    Database,
    StoreError,
    batches,
    chunks,
    inserted_id,
    now_iso,
    placeholders,
)
from core.data.records import (
    STATUSES,
    AnswerVersion,
    Example,
    ExampleFilter,
    NewExample,
    dedup_key,
    mirror_fields,
    normalise_tags,
    row_to_example,
)

# Columns a caller may change with update_example(); anything else is rejected
# so that a typo can never turn into SQL.
EDITABLE_FIELDS = frozenset({"question", "answer", "system_prompt", "tags", "status", "error", "extra"})
# Fields whose change is a person's work on the row: a machine answer that
# arrives later must not overwrite it (it becomes a variant instead).
CURATED_FIELDS = frozenset({"question", "answer", "system_prompt", "status"})
# The source of an answer written by a generation run (not a person's edit).
SOURCE_GENERATED = "generated"


def insert_example_row(
    conn: Connection,
    project_id: int,
    *,
    question: str,
    answer: str,
    system_prompt: str | None,
    tags: Iterable[str] | str | None,
    status: str,
    messages: Sequence[dict[str, Any]] | None,
    extra: dict[str, Any] | None,
    source: str,
    created_at: str,
    updated_at: str,
    error: str | None = None,
) -> int:
    """One example row inside the caller's transaction (no history entry: see ``insert_version``)."""
    return inserted_id(
        conn.execute(
            "INSERT INTO examples (project_id, question, answer, system_prompt, tags, status, messages, extra, source,"
            " error, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            (
                project_id,
                question,
                answer,
                system_prompt,
                ",".join(normalise_tags(tags)),
                status,
                json.dumps(list(messages), ensure_ascii=False) if messages is not None else None,
                json.dumps(extra, ensure_ascii=False) if extra else None,
                source,
                error,
                created_at,
                updated_at,
            ),
        )
    )


# Rows per batched INSERT when adding many examples at once.
INSERT_BATCH = 1_000


def _example_values(project_id: int, row: NewExample, source: str, stamp: str) -> dict[str, Any]:
    """The ``examples`` columns of one new row (its conversation mirrored into question and answer)."""
    if row.status not in STATUSES:
        raise StoreError("bad_status", status=row.status)
    question, answer = row.question, row.answer
    if row.messages is not None:
        question, answer = mirror_fields(row.messages)
    return {
        "project_id": project_id,
        "question": question,
        "answer": answer,
        "system_prompt": row.system_prompt,
        "tags": ",".join(normalise_tags(row.tags)),
        "status": row.status,
        "messages": json.dumps(list(row.messages), ensure_ascii=False) if row.messages is not None else None,
        "extra": json.dumps(row.extra, ensure_ascii=False) if row.extra else None,
        "source": source,
        "error": None,
        "created_at": stamp,
        "updated_at": stamp,
    }


def insert_version(conn: Connection, example_id: int, answer: str, source: str, model: str | None, stamp: str) -> None:
    """Append one answer to an example's history inside the caller's transaction."""
    conn.execute(
        "INSERT INTO answer_versions (example_id, answer, source, model, created_at) VALUES (?, ?, ?, ?, ?)",
        (example_id, answer, source, model, stamp),
    )


def apply_edit(
    conn: Connection,
    example_id: int,
    fields: dict[str, Any],
    *,
    source: str,
    model: str | None,
    stamp: str,
    by_person: bool,
    live_only: bool = True,
) -> bool:
    """Write only ``fields`` of one example inside the caller's transaction; a changed answer joins the history.

    ``by_person``: the change is a person's work, so a curated field marks the
    row touched (a later machine answer then waits as a variant). Returns
    False when the row is gone (or, with ``live_only``, in the trash).
    """
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise StoreError("unknown_fields", fields=sorted(unknown))
    if "status" in fields and fields["status"] not in STATUSES:
        raise StoreError("bad_status", status=fields["status"])
    values = dict(fields)
    if "tags" in values:
        values["tags"] = ",".join(normalise_tags(values["tags"]))
    if "extra" in values:
        values["extra"] = json.dumps(values["extra"], ensure_ascii=False) if values["extra"] else None
    for text_field in ("question", "answer"):
        if text_field in values and values[text_field] is None:
            values[text_field] = ""
    current = conn.execute(
        "SELECT answer, messages FROM examples WHERE id = ?" + (f" AND {LIVE}" if live_only else ""), (example_id,)
    ).fetchone()
    if current is None:
        return False
    if current["messages"] and ("question" in values or "answer" in values):
        # Keep the conversation and its mirror columns in step.
        messages = json.loads(current["messages"])
        _apply_mirror_edit(messages, values.get("question"), values.get("answer"))
        values["messages"] = json.dumps(messages, ensure_ascii=False)
    if not values:
        return True
    if by_person and CURATED_FIELDS & set(fields):
        values["touched_at"] = stamp
    assignments = ", ".join(f"{name} = ?" for name in values)
    conn.execute(
        f"UPDATE examples SET {assignments}, updated_at = ? WHERE id = ?", [*values.values(), stamp, example_id]
    )
    if "answer" in values and values["answer"] != current["answer"]:
        insert_version(conn, example_id, values["answer"], source, model, stamp)
    return True


def _apply_mirror_edit(messages: list[dict[str, Any]], question: str | None, answer: str | None) -> None:
    if question is not None:
        for message in messages:
            if message.get("role") == "user":
                message["content"] = question
                break
    if answer is not None:
        for message in reversed(messages):
            if message.get("role") == "assistant":
                message["content"] = answer
                break


def insert_examples(
    conn: Connection, project_id: int, rows: Iterable[NewExample], source: str, model: str | None = None
) -> list[int]:
    """Insert rows inside the caller's transaction; each non-empty answer becomes version 1 of its history."""
    stamp = now_iso()
    ids: list[int] = []
    # In batches: a 50 MB import is a few hundred round trips on a server, and never all in memory at once.
    for batch in batches(rows, INSERT_BATCH):
        values = [_example_values(project_id, row, source, stamp) for row in batch]
        batch_ids = conn.insert_returning_ids(tables.examples, values)
        conn.insert_many(
            tables.answer_versions,
            [
                {
                    "example_id": example_id,
                    "answer": value["answer"],
                    "source": source,
                    "model": model,
                    "created_at": stamp,
                }
                for example_id, value in zip(batch_ids, values, strict=True)
                if value["answer"]
            ],
        )
        conn.insert_many(
            tables.example_sources,
            [
                {"example_id": example_id, "document_id": row.document_id, "chunk_id": row.chunk_id}
                for example_id, row in zip(batch_ids, batch, strict=True)
                if row.document_id is not None
            ],
        )
        ids.extend(batch_ids)
    conn.execute("UPDATE projects SET updated_at = ? WHERE id = ?", (stamp, project_id))
    return ids


class ExamplesMixin(Database):
    """The ``Store`` operations on examples and their answer history."""

    def add_examples(
        self, project_id: int, rows: Iterable[NewExample], source: str = "import", model: str | None = None
    ) -> list[int]:
        """Insert rows in one transaction; each non-empty answer becomes version 1 of its history."""
        with self.tx() as conn:
            return insert_examples(conn, project_id, rows, source, model)

    def get_example(self, example_id: int) -> Example | None:
        """A live example (None once it is in the trash)."""
        r = self.conn.execute(f"SELECT * FROM examples WHERE id = ? AND {LIVE}", (example_id,)).fetchone()
        return row_to_example(r) if r else None

    def update_example(self, example_id: int, *, source: str = "edit", model: str | None = None, **fields: Any) -> bool:
        """Write only the given fields. A changed answer is appended to the history.

        Returns False when the example no longer exists (deleted in another
        session), so the caller can say so instead of failing.
        """
        with self.tx() as conn:
            return apply_edit(
                conn,
                example_id,
                fields,
                source=source,
                model=model,
                stamp=now_iso(),
                by_person=source != SOURCE_GENERATED,
            )

    def set_messages(self, example_id: int, messages: Sequence[dict[str, Any]], source: str = "edit") -> bool:
        """Replace a conversation (multi-turn editor); mirrors and history follow."""
        question, answer = mirror_fields(messages)
        stamp = now_iso()
        with self.tx() as conn:
            current = conn.execute(f"SELECT answer FROM examples WHERE id = ? AND {LIVE}", (example_id,)).fetchone()
            if current is None:
                return False
            conn.execute(
                "UPDATE examples SET messages = ?, question = ?, answer = ?, updated_at = ?, touched_at = ?"
                " WHERE id = ?",
                (json.dumps(list(messages), ensure_ascii=False), question, answer, stamp, stamp, example_id),
            )
            if answer != current["answer"]:
                insert_version(conn, example_id, answer, source, None, stamp)
        return True

    def set_status(self, example_ids: Iterable[int], status: str) -> int:
        if status not in STATUSES:
            raise StoreError("bad_status", status=status)
        ids = list(example_ids)
        stamp = now_iso()
        with self.tx() as conn:
            for chunk in chunks(ids):
                conn.execute(
                    f"UPDATE examples SET status = ?, updated_at = ?, touched_at = ?"
                    f" WHERE id IN ({placeholders(len(chunk))})",
                    [status, stamp, stamp, *chunk],
                )
        return len(ids)

    def delete_examples(self, example_ids: Iterable[int]) -> int:
        """Move rows to their project's trash (``restore_examples`` brings them back)."""
        ids = list(example_ids)
        stamp = now_iso()
        moved = 0
        with self.tx() as conn:
            for chunk in chunks(ids):
                moved += conn.execute(
                    f"UPDATE examples SET deleted_at = ?, updated_at = ?"
                    f" WHERE {LIVE} AND id IN ({placeholders(len(chunk))})",
                    [stamp, stamp, *chunk],
                ).rowcount
        return moved

    def restore_examples(self, example_ids: Iterable[int]) -> int:
        ids = list(example_ids)
        stamp = now_iso()
        restored = 0
        with self.tx() as conn:
            for chunk in chunks(ids):
                restored += conn.execute(
                    f"UPDATE examples SET deleted_at = NULL, updated_at = ?"
                    f" WHERE deleted_at IS NOT NULL AND id IN ({placeholders(len(chunk))})",
                    [stamp, *chunk],
                ).rowcount
        return restored

    def purge_examples(self, example_ids: Iterable[int]) -> int:
        """Delete rows for good (undoing a failed import; never from the UI's delete button)."""
        ids = list(example_ids)
        with self.tx() as conn:
            for chunk in chunks(ids):
                conn.execute(f"DELETE FROM examples WHERE id IN ({placeholders(len(chunk))})", chunk)
        return len(ids)

    def clear_waiting(self, example_id: int) -> None:
        """The person has looked at the waiting machine answer (picked a variant or dismissed it)."""
        with self.tx() as conn:
            conn.execute("UPDATE examples SET answer_waiting = 0 WHERE id = ?", (example_id,))

    def count_by_status(self, project_id: int) -> dict[str, int]:
        counts = dict.fromkeys(STATUSES, 0)
        for r in self.conn.execute(
            f"SELECT status, COUNT(*) AS n FROM examples WHERE project_id = ? AND {LIVE} GROUP BY status", (project_id,)
        ):
            counts[r["status"]] = r["n"]
        return counts

    def count_examples(self, project_id: int, where: ExampleFilter | None = None) -> int:
        clause, params = (where or ExampleFilter()).where(self.dialect)
        sql = "SELECT COUNT(*) FROM examples WHERE project_id = ?" + (f" AND {clause}" if clause else "")
        return int(self.conn.execute(sql, [project_id, *params]).one()[0])

    def query_examples(
        self, project_id: int, where: ExampleFilter | None = None, offset: int = 0, limit: int = 100
    ) -> list[Example]:
        """One page of examples, oldest first; only this page leaves SQLite."""
        clause, params = (where or ExampleFilter()).where(self.dialect)
        sql = (
            "SELECT * FROM examples WHERE project_id = ?"
            + (f" AND {clause}" if clause else "")
            + " ORDER BY id LIMIT ? OFFSET ?"
        )
        return [row_to_example(r) for r in self.conn.execute(sql, [project_id, *params, limit, offset])]

    def filtered_ids(self, project_id: int, where: ExampleFilter | None = None) -> list[int]:
        clause, params = (where or ExampleFilter()).where(self.dialect)
        sql = "SELECT id FROM examples WHERE project_id = ?" + (f" AND {clause}" if clause else "") + " ORDER BY id"
        return [r[0] for r in self.conn.execute(sql, [project_id, *params])]

    def iter_examples(
        self, project_id: int, ids: Iterable[int] | None = None, statuses: Sequence[str] = ()
    ) -> Iterator[Example]:
        """Stream examples without holding them all in memory (exports, validation)."""
        if ids is not None:
            for chunk in chunks(list(ids)):
                sql = (
                    f"SELECT * FROM examples WHERE project_id = ? AND {LIVE}"
                    f" AND id IN ({placeholders(len(chunk))}) ORDER BY id"
                )
                for r in self.conn.execute(sql, [project_id, *chunk]).fetchall():
                    yield row_to_example(r)
            return
        where = ExampleFilter(statuses=tuple(statuses))
        last_id = 0
        while True:
            clause, params = where.where(self.dialect)
            sql = (
                "SELECT * FROM examples WHERE project_id = ? AND id > ?"
                + (f" AND {clause}" if clause else "")
                + " ORDER BY id LIMIT 1000"
            )
            rows = self.conn.execute(sql, [project_id, last_id, *params]).fetchall()
            if not rows:
                return
            for r in rows:
                yield row_to_example(r)
            last_id = rows[-1]["id"]

    def all_tags(self, project_id: int) -> list[str]:
        tags: dict[str, None] = {}
        for r in self.conn.execute(
            f"SELECT DISTINCT tags FROM examples WHERE project_id = ? AND {LIVE} AND tags != ''", (project_id,)
        ):
            for tag in normalise_tags(r[0]):
                tags.setdefault(tag, None)
        return sorted(tags)

    def existing_keys(self, project_id: int) -> tuple[set[str], set[str]]:
        """(full example keys, question-only keys) already in the project, for import de-duplication."""
        full, questions = set(), set()
        for r in self.conn.execute(
            f"SELECT question, answer, system_prompt, messages FROM examples WHERE project_id = ? AND {LIVE}",
            (project_id,),
        ):
            messages = json.loads(r["messages"]) if r["messages"] else None
            full.add(dedup_key(r["question"], r["answer"], r["system_prompt"], messages))
            questions.add(dedup_key(r["question"], "", r["system_prompt"], None))
        return full, questions

    def answer_history(self, example_id: int) -> list[AnswerVersion]:
        rows = self.conn.execute("SELECT * FROM answer_versions WHERE example_id = ? ORDER BY id", (example_id,))
        return [
            AnswerVersion(r["id"], r["example_id"], r["answer"], r["source"], r["model"], r["created_at"]) for r in rows
        ]


# ------------------------------------------------------- project-wide reads
# Single-turn examples store their system message in a column; conversations keep it among the messages.
_SINGLE_TURN_WITHOUT_SYSTEM = "project_id = ? AND messages IS NULL AND TRIM(COALESCE(system_prompt, '')) = ''"


def progress_counts(db: Database, project_id: int) -> tuple[int, int, int, int]:
    """(all, not rejected and unanswered, drafts with an answer, approved) examples of a project."""
    row = db.conn.execute(
        "SELECT COUNT(*),"
        " COUNT(*) FILTER (WHERE status != 'rejected' AND TRIM(answer) = ''),"
        " COUNT(*) FILTER (WHERE status = 'draft' AND TRIM(answer) != ''),"
        " COUNT(*) FILTER (WHERE status = 'approved')"
        " FROM examples WHERE project_id = ?",
        (project_id,),
    ).one()
    total, unanswered, to_review, approved = (int(value) for value in row)
    return total, unanswered, to_review, approved


def conversations(db: Database, project_id: int) -> list[tuple[int, list[dict[str, Any]]]]:
    """(id, messages) of every multi-turn example of a project, trash included."""
    rows = db.conn.execute(
        "SELECT id, messages FROM examples WHERE project_id = ? AND messages IS NOT NULL", (project_id,)
    )
    return [(int(row["id"]), json.loads(row["messages"])) for row in rows]


def count_single_turn_without_system(db: Database, project_id: int) -> int:
    return int(
        db.conn.execute(f"SELECT COUNT(*) FROM examples WHERE {_SINGLE_TURN_WITHOUT_SYSTEM}", (project_id,)).one()[0]
    )


def fill_single_turn_system(db: Database, project_id: int, prompt: str) -> int:
    """Give every single-turn example without a system prompt this one; returns how many changed."""
    with db.tx() as conn:
        return int(
            conn.execute(
                f"UPDATE examples SET system_prompt = ?, updated_at = ? WHERE {_SINGLE_TURN_WITHOUT_SYSTEM}",
                (prompt, now_iso(), project_id),
            ).rowcount
        )


def live_questions(db: Database, project_id: int) -> list[tuple[int, str]]:
    """(id, question) of every live example with a question, oldest first."""
    return [
        (r[0], r[1])
        for r in db.conn.execute(
            f"SELECT id, question FROM examples WHERE project_id = ? AND {LIVE} AND question != '' ORDER BY id",
            (project_id,),
        )
    ]


def project_history(db: Database, project_id: int) -> list[dict[str, Any]]:
    """Every answer version of the project's live examples, oldest first (for the project file)."""
    return [
        dict(r)
        for r in db.conn.execute(
            "SELECT v.* FROM answer_versions v JOIN examples e ON e.id = v.example_id WHERE e.project_id = ?"
            " AND e.deleted_at IS NULL ORDER BY v.id",
            (project_id,),
        )
    ]


def rows_changed_at(db: Database, project_id: int, ids: Sequence[int]) -> str:
    """When the latest of these rows changed ('' for none): what a page of the grid shows."""
    if not ids:
        return ""
    marks = ", ".join("?" * len(ids))
    row = db.conn.execute(
        f"SELECT COALESCE(MAX(updated_at), '') FROM examples WHERE project_id = ? AND id IN ({marks})",
        (project_id, *ids),
    ).one()
    return str(row[0])


def project_fingerprint(db: Database, project_id: int) -> tuple[int, str]:
    """How many examples the project has and when the latest one changed: cheap enough to read every second.

    Trashed rows count too: moving a row to the trash changes what a page shows.
    """
    row = db.conn.execute(
        "SELECT COUNT(*), COALESCE(MAX(updated_at), '') FROM examples WHERE project_id = ?", (project_id,)
    ).one()
    return int(row[0]), str(row[1])
