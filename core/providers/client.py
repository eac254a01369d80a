"""The one way the app reaches an OpenAI-compatible API: a client factory.

Clients are built per use from a ``ConnectionSettings`` that the page derives
from this session (see ``core.ui.connection_settings``). Nothing here caches a
client or a key across sessions: ``st.cache_resource`` would share them with
every visitor of a deployed app.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any, TypedDict

import httpx2
from openai import AsyncAzureOpenAI, AsyncOpenAI, AzureOpenAI, OpenAI

PROVIDER_OPENAI = "openai"
PROVIDER_AZURE = "azure"
PROVIDER_COMPATIBLE = "compatible"
PROVIDERS: tuple[str, ...] = (PROVIDER_OPENAI, PROVIDER_AZURE, PROVIDER_COMPATIBLE)
# Together AI trains and serves next to the connection above (its own key and endpoint), so it is not one of
# the Connection page's ``PROVIDERS``; its clients come from this factory all the same.
PROVIDER_TOGETHER = "together"
BASE_URL_ENV = "OPENAI_BASE_URL"
TOGETHER_BASE_URL_ENV = "TOGETHER_BASE_URL"
TOGETHER_DEFAULT_BASE_URL = "https://api.together.xyz/v1"
DEFAULT_AZURE_API_VERSION = "2025-04-01-preview"
DEFAULT_TIMEOUT_S = 60.0
OPENAI_DEFAULT_BASE_URL = "https://api.openai.com/v1"


class KeyBoundElsewhere(RuntimeError):
    """The owner's key was about to be sent to an endpoint the owner did not configure."""


@dataclass(frozen=True)
class ConnectionSettings:
    """Everything needed to build a client. ``repr`` never shows the key."""

    provider: str = PROVIDER_OPENAI
    api_key: str | None = field(default=None, repr=False)
    base_url: str | None = None
    organization: str | None = None
    project: str | None = None
    azure_endpoint: str | None = None
    api_version: str | None = None
    # Azure names a model by its deployment; model name → deployment name.
    azure_deployments: Mapping[str, str] = field(default_factory=dict)
    timeout_s: float = DEFAULT_TIMEOUT_S
    max_retries: int = 2
    # The only endpoint (see ``endpoint_address``) this key may be sent to; None for a key the
    # visitor typed. Set for the deployer's key so that no override can carry it to another server.
    key_bound_to: str | None = None

    @property
    def has_key(self) -> bool:
        return bool(self.api_key)

    def with_overrides(self, **changes: Any) -> ConnectionSettings:
        """A copy with ``changes``; a different key given here is the caller's own, so it is not bound."""
        if "api_key" in changes and "key_bound_to" not in changes and changes["api_key"] != self.api_key:
            changes["key_bound_to"] = None
        return replace(self, **changes)

    def deployment_for(self, model: str) -> str:
        """The name to send as ``model``: Azure's deployment name, else the model itself."""
        if self.provider == PROVIDER_AZURE:
            return self.azure_deployments.get(model, model)
        return model


def effective_base_url(settings: ConnectionSettings, environ: Mapping[str, str] | None = None) -> str | None:
    """The base URL typed in settings, else ``$OPENAI_BASE_URL`` (``$TOGETHER_BASE_URL`` for Together),
    else the SDK default (None)."""
    if settings.base_url and settings.base_url.strip():
        return settings.base_url.strip()
    name = TOGETHER_BASE_URL_ENV if settings.provider == PROVIDER_TOGETHER else BASE_URL_ENV
    value = (environ if environ is not None else os.environ).get(name, "").strip()
    return value or None


def endpoint_address(settings: ConnectionSettings, environ: Mapping[str, str] | None = None) -> str:
    """Where a client built from ``settings`` sends requests: ``provider:address`` (normalised)."""
    if settings.provider == PROVIDER_AZURE:
        address = settings.azure_endpoint or effective_base_url(settings, environ) or ""
    elif settings.provider == PROVIDER_TOGETHER:
        address = together_api_root(effective_base_url(settings, environ) or TOGETHER_DEFAULT_BASE_URL) + "/v1"
    else:
        address = effective_base_url(settings, environ) or OPENAI_DEFAULT_BASE_URL
    return f"{settings.provider}:{address.strip().rstrip('/').lower()}"


def sendable_key(settings: ConnectionSettings) -> str | None:
    """The key a client may carry to ``settings``' endpoint.

    Every client is built here, so this is the one place the rule holds: a bound
    key goes only to the endpoint it is bound to, whatever a page changed.
    """
    if settings.api_key and settings.key_bound_to is not None and endpoint_address(settings) != settings.key_bound_to:
        raise KeyBoundElsewhere(endpoint_address(settings))
    return settings.api_key


class _ClientOptions(TypedDict):
    api_key: str
    timeout: float
    max_retries: int
    organization: str | None


def _common_kwargs(settings: ConnectionSettings) -> _ClientOptions:
    # OpenAI projects don't exist on Azure, so ``project`` is passed to OpenAI's clients only.
    return {
        "api_key": sendable_key(settings) or "missing-key",
        "timeout": settings.timeout_s,
        "max_retries": settings.max_retries,
        "organization": settings.organization or None,
    }


def _azure_endpoint(settings: ConnectionSettings) -> str:
    return settings.azure_endpoint or effective_base_url(settings) or ""


def make_client(settings: ConnectionSettings) -> OpenAI:
    """A synchronous client for ``settings`` (``AzureOpenAI`` for Azure; Together's OpenAI-compatible chat)."""
    if settings.provider == PROVIDER_TOGETHER:
        return make_together_chat_client(settings)
    if settings.provider == PROVIDER_AZURE:
        return AzureOpenAI(
            azure_endpoint=_azure_endpoint(settings),
            api_version=settings.api_version or DEFAULT_AZURE_API_VERSION,
            **_common_kwargs(settings),
        )
    return OpenAI(base_url=effective_base_url(settings), project=settings.project or None, **_common_kwargs(settings))


def make_async_client(settings: ConnectionSettings, *, http_client: httpx2.AsyncClient | None = None) -> AsyncOpenAI:
    """An asyncio client for ``settings`` (``AsyncAzureOpenAI`` for Azure; Together's OpenAI-compatible chat).

    ``http_client`` replaces the SDK's default HTTP client (e.g. the SDK's aiohttp one); the new client owns it.
    """
    if settings.provider == PROVIDER_TOGETHER:
        return AsyncOpenAI(
            base_url=together_chat_url(settings),
            api_key=sendable_key(settings) or "missing-key",
            timeout=settings.timeout_s,
            max_retries=settings.max_retries,
            http_client=http_client,
        )
    if settings.provider == PROVIDER_AZURE:
        return AsyncAzureOpenAI(
            azure_endpoint=_azure_endpoint(settings),
            api_version=settings.api_version or DEFAULT_AZURE_API_VERSION,
            http_client=http_client,
            **_common_kwargs(settings),
        )
    return AsyncOpenAI(
        base_url=effective_base_url(settings),
        project=settings.project or None,
        http_client=http_client,
        **_common_kwargs(settings),
    )


def together_api_root(base_url: str) -> str:
    """Together's SDK puts ``/v1`` in every path itself: an address given with ``/v1`` (as the docs write it)
    loses it here, so both spellings reach the same endpoint."""
    root = base_url.strip().rstrip("/")
    return root[: -len("/v1")] if root.endswith("/v1") else root


def together_chat_url(settings: ConnectionSettings) -> str:
    """Where Together's OpenAI-compatible API answers: its address with ``/v1`` (never OpenAI's default)."""
    return together_api_root(effective_base_url(settings) or TOGETHER_DEFAULT_BASE_URL) + "/v1"


def make_together_client(settings: ConnectionSettings) -> Any:
    """A Together SDK client for ``settings`` (owner-key rules as for every client; never cached)."""
    from together import Together

    return Together(
        api_key=sendable_key(settings) or "missing-key",
        base_url=together_api_root(effective_base_url(settings) or TOGETHER_DEFAULT_BASE_URL),
        timeout=settings.timeout_s,
        max_retries=settings.max_retries,
    )


def make_together_chat_client(settings: ConnectionSettings) -> OpenAI:
    """An OpenAI SDK client for Together's OpenAI-compatible chat endpoint (Compare asks fine-tunes through it)."""
    return OpenAI(
        base_url=together_chat_url(settings),
        api_key=sendable_key(settings) or "missing-key",
        timeout=settings.timeout_s,
        max_retries=settings.max_retries,
    )
