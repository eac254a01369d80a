"""Which ``FineTuningProvider`` serves a connection; the client always comes from the client factory."""

from __future__ import annotations

from collections.abc import Callable

from core.providers.client import (
    PROVIDER_AZURE,
    PROVIDER_COMPATIBLE,
    PROVIDER_OPENAI,
    PROVIDER_TOGETHER,
    ConnectionSettings,
    make_client,
    make_together_client,
)
from core.providers.finetuning.base import FineTuningProvider
from core.providers.finetuning.openai import AzureOpenAIFineTuning, OpenAIFineTuning
from core.providers.finetuning.together import TogetherFineTuning

# connection provider → adapter built from that connection's settings
ADAPTERS: dict[str, Callable[[ConnectionSettings], FineTuningProvider]] = {
    PROVIDER_OPENAI: lambda settings: OpenAIFineTuning(make_client(settings)),
    PROVIDER_COMPATIBLE: lambda settings: OpenAIFineTuning(make_client(settings)),
    PROVIDER_AZURE: lambda settings: AzureOpenAIFineTuning(make_client(settings)),
    PROVIDER_TOGETHER: lambda settings: TogetherFineTuning(make_together_client(settings)),
}


def for_connection(settings: ConnectionSettings) -> FineTuningProvider:
    """The adapter for ``settings.provider``, with a fresh client (never cached across sessions)."""
    try:
        adapter = ADAPTERS[settings.provider]
    except KeyError:
        raise ValueError(f"no fine-tuning adapter for provider {settings.provider!r}") from None
    return adapter(settings)
