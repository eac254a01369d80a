"""Fine-tuning: launch a job exactly once from the recorded split, then watch it.

``jobs`` names the states and reads a project's launches, ``launch`` builds the
files, uploads them and creates the job exactly once (reconciling by its launch
tag), ``monitor`` polls jobs into the store and runs cancel, pause and resume.
Every provider call goes through ``core.providers.finetuning`` (one adapter per
provider); every row through ``core.data.jobs``. The names below are the ones
pages and other workflows use as ``finetune.<name>``.
"""

from core.dataset.upload_plan import METHOD_DPO, METHOD_SUPERVISED
from core.providers.finetuning.openai import METADATA_PROJECT, METADATA_TAG, RECONCILE_SCAN_LIMIT
from core.workflows.finetune.jobs import (
    ACTIONS,
    ACTIVE_STATUSES,
    AUTO,
    EVENT_CHECKPOINT,
    EVENT_RESULT_CSV,
    FINAL_STATUSES,
    HYPERPARAMETERS,
    LAUNCHING_STATUSES,
    METHODS,
    OWN_EVENT_TYPES,
    SETTING_COMPARE_CANDIDATES,
    STATUS_CREATING,
    STATUS_LAUNCH_FAILED,
    STATUS_PREPARING,
    STATUS_REFUSED,
    STATUS_UPLOADING,
    JobRow,
    LaunchError,
    LaunchRequest,
    expected_epochs,
    fine_tuned_models,
    get_job,
    is_azure,
    job_checkpoints,
    job_events,
    job_key_name,
    list_project_jobs,
    may_control,
    project_checkpoints,
    request_of,
    result_csv,
    send_to_compare,
    trained_cost_usd,
)
from core.workflows.finetune.launch import (
    CREATE_ATTEMPTS,
    RETRY_BASE_DELAY_S,
    RETRY_MAX_DELAY_S,
    TrainingFiles,
    begin_launch,
    build_files,
    find_launched_job,
    launch_worker_name,
    resume_own_launches,
    run_launch,
    stale_launches,
    start_launch,
)
from core.workflows.finetune.monitor import (
    DEFAULT_POLL_INTERVAL_S,
    POLL_INTERVAL_ENV,
    account_jobs,
    has_active_jobs,
    job_action,
    merge_account_jobs,
    monitor_name,
    poll_interval_s,
    poll_job,
    poll_project,
    start_monitor,
)

__all__ = [
    "ACTIONS", "ACTIVE_STATUSES", "AUTO", "CREATE_ATTEMPTS", "DEFAULT_POLL_INTERVAL_S", "EVENT_CHECKPOINT",
    "EVENT_RESULT_CSV", "FINAL_STATUSES", "HYPERPARAMETERS", "LAUNCHING_STATUSES", "METADATA_PROJECT",
    "METADATA_TAG", "METHODS", "METHOD_DPO", "METHOD_SUPERVISED", "OWN_EVENT_TYPES", "POLL_INTERVAL_ENV",
    "RECONCILE_SCAN_LIMIT", "RETRY_BASE_DELAY_S", "RETRY_MAX_DELAY_S", "SETTING_COMPARE_CANDIDATES",
    "STATUS_CREATING", "STATUS_LAUNCH_FAILED", "STATUS_PREPARING", "STATUS_REFUSED", "STATUS_UPLOADING",
    "JobRow", "LaunchError", "LaunchRequest", "TrainingFiles", "account_jobs", "begin_launch", "build_files",
    "expected_epochs", "find_launched_job", "fine_tuned_models", "get_job", "has_active_jobs", "is_azure",
    "job_action", "job_checkpoints", "job_events", "job_key_name", "launch_worker_name", "list_project_jobs",
    "may_control", "merge_account_jobs", "monitor_name", "poll_interval_s", "poll_job", "poll_project",
    "project_checkpoints", "request_of", "result_csv", "resume_own_launches", "run_launch", "send_to_compare",
    "stale_launches", "start_launch", "start_monitor", "trained_cost_usd",
]
