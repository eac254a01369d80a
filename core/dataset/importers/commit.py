"""Writing an import: the rows that survive, in one transaction, checked against the project as it is now."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from core.data.connection import DatabaseError, DatabaseUnavailable
from core.data.store import NewExample, Store
from core.dataset.importers.preview import ImportPreview, _judge
from core.dataset.importers.values import ImportProblem, StopReading, make_problem


@dataclass(frozen=True)
class ImportResult:
    added: int
    skipped: dict[str, int]
    preference_pairs: int
    example_ids: list[int]
    problem: ImportProblem | None = None


def commit_import(store: Store, project_id: int, preview: ImportPreview, source: str = "import") -> ImportResult:
    """Write the rows that survive, in one transaction; duplicates are checked against the store now.

    DPO lines also get their preference pair, linked to the new example.
    """
    if not preview.can_import or preview._candidates is None:
        return ImportResult(
            0,
            dict(preview.skipped),
            0,
            [],
            preview.problems[0] if preview.problems else make_problem("nothing_to_import", preview.file_name),
        )
    candidates = preview._candidates
    skipped: dict[str, int] = {}
    pairs: list[tuple[int, tuple[tuple[dict[str, Any], ...], str, str]]] = []

    def surviving() -> Iterator[NewExample]:
        position = 0
        for candidate, reason in _judge(candidates(), store.existing_keys(project_id)):
            if reason is not None:
                skipped[reason] = skipped.get(reason, 0) + 1
                continue
            assert candidate.example is not None
            if candidate.pair is not None:
                pairs.append((position, candidate.pair))
            position += 1
            yield candidate.example

    ids: list[int] = []
    try:
        ids = store.add_examples(project_id, surviving(), source=source)
        for position, (prompt, preferred, non_preferred) in pairs:
            store.add_preference_pair(
                project_id, prompt, preferred, non_preferred, source=source, example_id=ids[position]
            )
    except StopReading as stop:
        return ImportResult(0, skipped, 0, [], stop.problem)
    except (DatabaseError, DatabaseUnavailable) as error:
        if ids:
            # The pairs go in after the examples (the store writes each pair in its
            # own transaction); undo the examples so the import is all or nothing.
            store.purge_examples(ids)
        return ImportResult(
            0, skipped, 0, [], make_problem("save_failed", preview.file_name, error=type(error).__name__)
        )
    return ImportResult(len(ids), skipped, len(pairs), ids)
