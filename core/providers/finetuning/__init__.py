"""Fine-tuning providers: one interface (``base``), one adapter per provider, and ``for_connection``."""

from core.providers.finetuning.base import LAUNCH_TAG_KEY, Capabilities, FineTuningProvider, Job, JobSpec
from core.providers.finetuning.registry import for_connection

__all__ = ["LAUNCH_TAG_KEY", "Capabilities", "FineTuningProvider", "Job", "JobSpec", "for_connection"]
