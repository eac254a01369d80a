"""Which key started a background job, and who may go on with it.

Every background job (a generation run, a batch being polled, a fine-tune
launch and its monitoring, a compare run, the judge) is recorded in
``job_keys`` under its worker name with a *fingerprint* of the API key that
started it: an HMAC-SHA256 of the key under a random salt kept in the
workspace. The key itself never reaches the store, and the fingerprint can't
be turned back into it or checked against a guessed key without the salt.

Only a session with the same key may continue, poll, pause or cancel a job;
so may the owner once unlocked with the app password. Anyone else sees
"started with another key" and may take the job over with their own key after
seeing what that costs (``take_over``). A failed poll is stored on the job
(``record_error``) so that the page can show it.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

from core.data import job_keys as job_rows
from core.data.store import Store

SALT_NAME = "job_key_salt"
# How a session stands towards a job.
ACCESS_OWN = "own"  # started with this session's key
ACCESS_OWNER = "owner"  # another key, but the app's owner (unlocked with the password)
ACCESS_OTHER = "other"  # another key: look only, or take over
ACCESS_NO_KEY = "no_key"  # this session has no usable key at all
ACCESS_UNRECORDED = "unrecorded"  # a job from before keys were recorded: whoever has a key may go on
MAY_CONTROL = frozenset({ACCESS_OWN, ACCESS_OWNER, ACCESS_UNRECORDED})
# Job kinds (what the job is), stored next to its fingerprint.
KIND_GENERATION = "generation"
KIND_BATCH = "batch"
KIND_FINETUNE = "finetune"
KIND_COMPARE = "compare"
KIND_JUDGE = "judge"


@dataclass(frozen=True)
class JobKey:
    name: str
    project_id: int | None
    kind: str
    fingerprint: str | None
    last_error: str | None
    error_at: str | None


def workspace_salt(store: Store) -> bytes:
    """The workspace's random salt, made on first use (the same for every process on this file)."""
    return bytes.fromhex(job_rows.meta_value(store, SALT_NAME, lambda: secrets.token_hex(32)))


def fingerprint(store: Store, api_key: str | None) -> str | None:
    """A salted HMAC of the key (None without a key); equal keys give equal fingerprints."""
    if not api_key:
        return None
    return hmac.new(workspace_salt(store), api_key.encode("utf-8"), hashlib.sha256).hexdigest()


def record(store: Store, name: str, kind: str, project_id: int | None, key_fingerprint: str | None) -> None:
    """Say that ``name`` runs (from now on) on the key with this fingerprint; clears its last error."""
    job_rows.record_job(store, name, kind, project_id, key_fingerprint)


def get(store: Store, name: str) -> JobKey | None:
    r = job_rows.get_job(store, name)
    if r is None:
        return None
    return JobKey(r["name"], r["project_id"], r["kind"], r["key_fingerprint"], r["last_error"], r["error_at"])


def access(store: Store, name: str, session_fingerprint: str | None, owner_unlocked: bool = False) -> str:
    """How this session stands towards job ``name`` (one of the ``ACCESS_*`` values)."""
    if session_fingerprint is None:
        return ACCESS_NO_KEY
    job = get(store, name)
    if job is None or job.fingerprint is None:
        return ACCESS_UNRECORDED
    if hmac.compare_digest(job.fingerprint, session_fingerprint):
        return ACCESS_OWN
    return ACCESS_OWNER if owner_unlocked else ACCESS_OTHER


def may_control(store: Store, name: str, session_fingerprint: str | None, owner_unlocked: bool = False) -> bool:
    return access(store, name, session_fingerprint, owner_unlocked) in MAY_CONTROL


def take_over(store: Store, name: str, session_fingerprint: str) -> None:
    """The visitor chose to go on with their own key: the job is theirs from now on."""
    job = get(store, name)
    record(store, name, job.kind if job else "", job.project_id if job else None, session_fingerprint)


def record_error(store: Store, name: str, message: str) -> None:
    """Keep the job's last failure (a failed poll, a refused request) to show on the page."""
    job_rows.set_job_error(store, name, message)


def clear_error(store: Store, name: str) -> None:
    job_rows.clear_job_error(store, name)


def last_error(store: Store, name: str) -> str | None:
    job = get(store, name)
    return job.last_error if job else None


def owned_by(store: Store, names: list[str], session_fingerprint: str | None) -> list[str]:
    """The names among ``names`` this fingerprint started (or that have no recorded key)."""
    return [name for name in names if access(store, name, session_fingerprint) in (ACCESS_OWN, ACCESS_UNRECORDED)]
