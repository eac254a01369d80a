"""The workspace store: one database (a SQLite file, or the team's PostgreSQL server), the single source of truth.

Pages read from here and every user action writes here at once, so a browser
refresh, a page switch or a server restart loses nothing. ``st.session_state``
is only ever a cache of what is in the store.

``Store`` is one connection with the operations of every table group, composed
from the modules of this package (``connection``, ``projects``, ``examples``,
``variants``); the tables of features (``runs``, ``splits``, ``job_keys``,
``spend``…) have module functions that take a ``Store``. The names that used
to live here are re-exported, so ``from core.data.store import …`` keeps working.
"""

from __future__ import annotations

from core.data.connection import (
    BUSY_TIMEOUT_MS,
    DEFAULT_WORKSPACE,
    WORKSPACE_ENV,
    StoreError,
    now_iso,
    workspace_path,
)
from core.data.examples import CURATED_FIELDS, EDITABLE_FIELDS
from core.data.projects import TRASH_DAYS, ProjectsMixin
from core.data.records import (
    STATUSES,
    AnswerVersion,
    Example,
    ExampleFilter,
    NewExample,
    Project,
    dedup_key,
    mirror_fields,
    normalise_tags,
)
from core.data.variants import VariantsMixin

__all__ = [
    "BUSY_TIMEOUT_MS",
    "CURATED_FIELDS",
    "DEFAULT_WORKSPACE",
    "EDITABLE_FIELDS",
    "STATUSES",
    "TRASH_DAYS",
    "WORKSPACE_ENV",
    "AnswerVersion",
    "Example",
    "ExampleFilter",
    "NewExample",
    "Project",
    "Store",
    "StoreError",
    "dedup_key",
    "mirror_fields",
    "normalise_tags",
    "now_iso",
    "workspace_path",
]


class Store(VariantsMixin, ProjectsMixin):
    """A connection to the workspace with the operations on projects, settings, examples, history and variants.

    ``tx()`` opens one write transaction; ``conn`` is the connection, for the
    modules of ``core.data`` only.
    """
