"""The sqlite3 store's migrations, kept to upgrade the workspace files it made.

Before the store moved to SQLAlchemy, the workspace was one SQLite file whose
schema version was SQLite's own ``PRAGMA user_version``. A file from then (at
any version 1-5) is brought to version 5 by these migrations, and from there on
Alembic owns the schema (``core/data/migrations``, run by ``core.data.upgrade``).

Never edit or append here: a schema change is a new Alembic revision.
"""

from __future__ import annotations

import sqlite3

from core.data.connection import StoreError

MIGRATIONS: list[str] = [
    # 1: projects, examples and the history of every answer, plus the
    # tables that later slices write into, so that they share one file.
    """
    CREATE TABLE projects (
        id          INTEGER PRIMARY KEY,
        name        TEXT NOT NULL UNIQUE,
        created_at  TEXT NOT NULL,
        updated_at  TEXT NOT NULL
    );

    -- One row per setting so that two sessions editing different settings
    -- never overwrite each other (last write wins per field).
    CREATE TABLE project_settings (
        project_id  INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
        key         TEXT NOT NULL,
        value       TEXT NOT NULL,
        updated_at  TEXT NOT NULL,
        PRIMARY KEY (project_id, key)
    );

    -- A single-turn example keeps question/answer/system_prompt in columns.
    -- A multi-turn example also has the whole conversation in messages (JSON);
    -- question and answer then mirror its first user and last assistant turn
    -- so that filtering and paging never have to parse JSON.
    CREATE TABLE examples (
        id            INTEGER PRIMARY KEY,
        project_id    INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
        question      TEXT NOT NULL DEFAULT '',
        answer        TEXT NOT NULL DEFAULT '',
        system_prompt TEXT,
        tags          TEXT NOT NULL DEFAULT '',
        status        TEXT NOT NULL DEFAULT 'draft'
                      CHECK (status IN ('draft', 'approved', 'rejected')),
        messages      TEXT,
        extra         TEXT,
        source        TEXT NOT NULL DEFAULT 'manual',
        error         TEXT,
        created_at    TEXT NOT NULL,
        updated_at    TEXT NOT NULL
    );
    CREATE INDEX examples_by_project ON examples(project_id, id);
    CREATE INDEX examples_by_status ON examples(project_id, status);

    -- Every version of every answer: the first (imported or generated) one and
    -- each later edit. Preference pairs are built from this history.
    CREATE TABLE answer_versions (
        id          INTEGER PRIMARY KEY,
        example_id  INTEGER NOT NULL REFERENCES examples(id) ON DELETE CASCADE,
        answer      TEXT NOT NULL,
        source      TEXT NOT NULL,
        model       TEXT,
        created_at  TEXT NOT NULL
    );
    CREATE INDEX answer_versions_by_example ON answer_versions(example_id, id);

    -- Alternative answers generated for one question; the ones not picked stay
    -- as non-preferred candidates for DPO.
    CREATE TABLE answer_variants (
        id          INTEGER PRIMARY KEY,
        example_id  INTEGER NOT NULL REFERENCES examples(id) ON DELETE CASCADE,
        answer      TEXT NOT NULL,
        model       TEXT,
        temperature REAL,
        run_id      INTEGER,
        chosen      INTEGER NOT NULL DEFAULT 0,
        created_at  TEXT NOT NULL
    );
    CREATE INDEX answer_variants_by_example ON answer_variants(example_id);

    CREATE TABLE preference_pairs (
        id            INTEGER PRIMARY KEY,
        project_id    INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
        example_id    INTEGER REFERENCES examples(id) ON DELETE SET NULL,
        messages      TEXT NOT NULL,
        preferred     TEXT NOT NULL,
        non_preferred TEXT NOT NULL,
        source        TEXT NOT NULL,
        ref           TEXT,
        created_at    TEXT NOT NULL
    );

    CREATE TABLE splits (
        id          INTEGER PRIMARY KEY,
        project_id  INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
        created_at  TEXT NOT NULL,
        seed        INTEGER NOT NULL,
        valid_ratio REAL NOT NULL,
        approved_only INTEGER NOT NULL,
        train_ids   TEXT NOT NULL,
        valid_ids   TEXT NOT NULL,
        dataset_hash TEXT NOT NULL
    );

    CREATE TABLE gen_runs (
        id          INTEGER PRIMARY KEY,
        project_id  INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
        kind        TEXT NOT NULL DEFAULT 'answers',
        mode        TEXT NOT NULL DEFAULT 'live',
        status      TEXT NOT NULL,
        settings    TEXT NOT NULL,
        owner       TEXT,
        external_id TEXT,
        error       TEXT,
        cost_usd    REAL NOT NULL DEFAULT 0,
        created_at  TEXT NOT NULL,
        updated_at  TEXT NOT NULL
    );

    CREATE TABLE gen_items (
        run_id        INTEGER NOT NULL REFERENCES gen_runs(id) ON DELETE CASCADE,
        example_id    INTEGER NOT NULL REFERENCES examples(id) ON DELETE CASCADE,
        variant       INTEGER NOT NULL DEFAULT 0,
        status        TEXT NOT NULL DEFAULT 'pending',
        answer        TEXT,
        error         TEXT,
        prompt_tokens INTEGER,
        completion_tokens INTEGER,
        cost_usd      REAL,
        attempts      INTEGER NOT NULL DEFAULT 0,
        updated_at    TEXT,
        PRIMARY KEY (run_id, example_id, variant)
    );

    CREATE TABLE ft_jobs (
        id            INTEGER PRIMARY KEY,
        project_id    INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
        launch_tag    TEXT NOT NULL UNIQUE,
        provider      TEXT NOT NULL,
        job_id        TEXT,
        status        TEXT NOT NULL,
        method        TEXT NOT NULL,
        base_model    TEXT NOT NULL,
        fine_tuned_model TEXT,
        split_id      INTEGER,
        settings      TEXT NOT NULL,
        lineage       TEXT NOT NULL,
        job           TEXT,
        error         TEXT,
        created_at    TEXT NOT NULL,
        updated_at    TEXT NOT NULL
    );

    CREATE TABLE ft_events (
        job_row_id  INTEGER NOT NULL REFERENCES ft_jobs(id) ON DELETE CASCADE,
        event_id    TEXT NOT NULL,
        created_at  INTEGER NOT NULL,
        level       TEXT,
        type        TEXT,
        message     TEXT,
        data        TEXT,
        PRIMARY KEY (job_row_id, event_id)
    );

    CREATE TABLE comparisons (
        id          INTEGER PRIMARY KEY,
        project_id  INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
        name        TEXT NOT NULL,
        contenders  TEXT NOT NULL,
        settings    TEXT NOT NULL,
        created_at  TEXT NOT NULL
    );

    CREATE TABLE comparison_answers (
        comparison_id INTEGER NOT NULL REFERENCES comparisons(id) ON DELETE CASCADE,
        item_key      TEXT NOT NULL,
        contender     INTEGER NOT NULL,
        question      TEXT NOT NULL,
        answer        TEXT,
        error         TEXT,
        prompt_tokens INTEGER,
        completion_tokens INTEGER,
        latency_s     REAL,
        cost_usd      REAL,
        created_at    TEXT NOT NULL,
        PRIMARY KEY (comparison_id, item_key, contender)
    );

    CREATE TABLE votes (
        id            INTEGER PRIMARY KEY,
        comparison_id INTEGER NOT NULL REFERENCES comparisons(id) ON DELETE CASCADE,
        item_key      TEXT NOT NULL,
        contender_a   INTEGER NOT NULL,
        contender_b   INTEGER NOT NULL,
        choice        TEXT NOT NULL,
        voter         TEXT NOT NULL DEFAULT 'human',
        comment       TEXT,
        data          TEXT,
        created_at    TEXT NOT NULL
    );
    """,
    # A Batch API run keeps the batch's own status ("validating",
    # "in_progress", "completed"…) and its request counts to show on the page.
    """
    ALTER TABLE gen_runs ADD COLUMN external_status TEXT;
    ALTER TABLE gen_runs ADD COLUMN external_detail TEXT;
    """,
    # The Curate page lists a project's tags on every rerun. tags sits
    # after the long answer column, so without this covering index SQLite reads
    # every row's overflow pages (~70 ms at 10,000 examples instead of ~2 ms).
    """
    CREATE INDEX examples_by_tags ON examples(project_id, tags);
    """,
    # 4: the daily budget on the deployer's key: every action that spends on it is
    # charged here, at its highest possible cost, before it starts. One row per
    # charge; the day is the UTC date, so the tally survives restarts.
    """
    CREATE TABLE owner_spend (
        id          INTEGER PRIMARY KEY,
        day         TEXT NOT NULL,
        action      TEXT NOT NULL,
        usd         REAL NOT NULL,
        created_at  TEXT NOT NULL
    );
    CREATE INDEX owner_spend_by_day ON owner_spend(day);
    """,
    # 5: sharing safely. Who started each background job (a salted fingerprint
    # of the key, never the key) and its last failure; projects that belong to
    # one browser session; a trash for projects and rows (deleted_at) instead of
    # hard deletes; when a person last touched a row, so that a machine answer
    # arriving later becomes a variant instead of overwriting their work.
    """
    CREATE TABLE workspace_meta (
        key         TEXT PRIMARY KEY,
        value       TEXT NOT NULL
    );
    CREATE TABLE job_keys (
        name            TEXT PRIMARY KEY,
        project_id      INTEGER REFERENCES projects(id) ON DELETE CASCADE,
        kind            TEXT NOT NULL,
        key_fingerprint TEXT,
        last_error      TEXT,
        error_at        TEXT,
        updated_at      TEXT NOT NULL
    );
    ALTER TABLE projects ADD COLUMN owner_session TEXT;
    ALTER TABLE projects ADD COLUMN deleted_at TEXT;
    ALTER TABLE examples ADD COLUMN deleted_at TEXT;
    ALTER TABLE examples ADD COLUMN touched_at TEXT;
    ALTER TABLE examples ADD COLUMN answer_waiting INTEGER NOT NULL DEFAULT 0;
    CREATE INDEX examples_deleted ON examples(project_id, deleted_at);
    """,
]

SCHEMA_VERSION: int = len(MIGRATIONS)


def migrate(conn: sqlite3.Connection) -> int:
    """Bring a legacy file up to ``SCHEMA_VERSION``; returns the version it started at."""
    start = conn.execute("PRAGMA user_version").fetchone()[0]
    if start > SCHEMA_VERSION:
        raise StoreError("workspace_too_new", version=start, supported=SCHEMA_VERSION)
    for version in range(start, SCHEMA_VERSION):
        conn.execute("BEGIN IMMEDIATE")
        try:
            # Re-read inside the write lock: another process may have migrated.
            if conn.execute("PRAGMA user_version").fetchone()[0] > version:
                conn.execute("COMMIT")
                continue
            for statement in _split_sql(MIGRATIONS[version]):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {version + 1}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return start


def _split_sql(script: str) -> list[str]:
    statements, buffer = [], ""
    for line in script.splitlines(keepends=True):
        if line.strip().startswith("--"):
            continue
        buffer += line
        if sqlite3.complete_statement(buffer):
            if buffer.strip():
                statements.append(buffer.strip())
            buffer = ""
    if buffer.strip():
        statements.append(buffer.strip())
    return statements
