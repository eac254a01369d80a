"""The last groundedness check of each row (table ``grounding_checks``): supported, unsupported or failed, and why.

A check describes the answer it read (kept in ``answer``): once the answer
changes, the check is stale, and neither the "not grounded" filter nor the
reviewer counts it as a verdict on the new answer.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from core.data.connection import Database, chunks, now_iso, placeholders

VERDICT_SUPPORTED = "supported"
VERDICT_UNSUPPORTED = "unsupported"
VERDICT_FAILED = "failed"  # the check could not be made (the reason says why)
VERDICTS: tuple[str, ...] = (VERDICT_SUPPORTED, VERDICT_UNSUPPORTED, VERDICT_FAILED)


@dataclass(frozen=True)
class GroundingCheck:
    example_id: int
    verdict: str
    reason: str
    model: str
    answer: str  # the answer that was checked
    checked_at: str


def save_checks(db: Database, checks: Sequence[GroundingCheck]) -> None:
    """Keep each row's newest check (one transaction); a check of a row deleted since is dropped."""
    if not checks:
        return
    with db.tx() as conn:
        for check in checks:
            conn.execute(
                "INSERT INTO grounding_checks (example_id, verdict, reason, model, answer, checked_at)"
                " SELECT id, ?, ?, ?, ?, ? FROM examples WHERE id = ?"
                " ON CONFLICT(example_id) DO UPDATE SET verdict = excluded.verdict, reason = excluded.reason,"
                " model = excluded.model, answer = excluded.answer, checked_at = excluded.checked_at",
                (
                    check.verdict,
                    check.reason,
                    check.model,
                    check.answer,
                    check.checked_at or now_iso(),
                    check.example_id,
                ),
            )


def checks_for(db: Database, example_ids: Sequence[int]) -> dict[int, GroundingCheck]:
    """The stored check of each of these rows that has one."""
    found: dict[int, GroundingCheck] = {}
    for part in chunks(sorted(set(example_ids))):
        rows = db.conn.execute(
            "SELECT example_id, verdict, reason, model, answer, checked_at FROM grounding_checks"
            f" WHERE example_id IN ({placeholders(len(part))})",
            part,
        )
        for r in rows:
            found[r["example_id"]] = GroundingCheck(
                r["example_id"], r["verdict"], r["reason"], r["model"], r["answer"], r["checked_at"]
            )
    return found
