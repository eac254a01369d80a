"""Per-test knobs of the stand-in: latency, rate limits, injected faults and the request log.

Test infrastructure only. Everything here is plain data guarded by one lock,
because the HTTP server answers each request on its own thread.
"""

from __future__ import annotations

import random
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any

FAULT_KINDS: tuple[str, ...] = (
    "500",
    "503",
    "timeout",
    "lost_response",  # the request is carried out, then the answer never comes (a timeout after the fact)
    "invalid_api_key",
    "insufficient_quota",
    "ft_forbidden",
)
# The 403 that OpenAI sends when an organisation may no longer create fine-tuning jobs.
FT_FORBIDDEN_MESSAGE = "Fine-tuning is not available for this organization."
DEFAULT_RPM = 10_000
DEFAULT_TPM = 10_000_000


@dataclass
class Fault:
    """One injected fault: on the Nth matching call, at a rate, or on the next matching calls."""

    kind: str
    on_call: int | None = None
    rate: float | None = None
    path_prefix: str | None = None
    method: str | None = None
    remaining: int | None = 1  # None: fires without limit
    seen: int = 0  # matching calls counted since the fault was set

    def matches(self, method: str, path: str) -> bool:
        if self.method and self.method != method:
            return False
        return not self.path_prefix or path.startswith(self.path_prefix)


@dataclass
class Knobs:
    """What a test can change. Times are real seconds unless the name says simulated."""

    latency_s: float = 0.0
    rpm: int | None = None
    tpm: int | None = None
    rate_window_s: float = 60.0
    hang_s: float = 30.0
    clock_speed: float = 100.0  # simulated seconds per real second (fine-tuning jobs, batches)
    result_csv_base64: bool = False
    valid_keys: list[str] | None = None  # None: any non-empty key is accepted
    organization_id: str = "org-standin"
    models: list[str] | None = None  # None: the default base-model list
    batch_fail_custom_ids: list[str] = field(default_factory=list)
    azure_deployments: dict[str, str] = field(default_factory=dict)  # Azure deployment name → model
    judge_replies: str = "verdict"  # "prose": a judge request is answered in words nobody can read as a verdict

    def update(self, **changes: Any) -> None:
        for name, value in changes.items():
            if not hasattr(self, name):
                raise ValueError(f"unknown stand-in knob {name!r}")
            setattr(self, name, value)


class Controls:
    """Knobs + faults + rate-limit windows + request log, shared by every request thread."""

    def __init__(self, seed: int = 1234) -> None:
        self.lock = threading.RLock()
        self.knobs = Knobs()
        self.faults: list[Fault] = []
        self.requests: list[dict[str, Any]] = []
        self._request_times: deque[float] = deque()
        self._token_times: deque[tuple[float, int]] = deque()
        self._random = random.Random(seed)
        self.stopping = threading.Event()

    def reset(self) -> None:
        with self.lock:
            self.knobs = Knobs()
            self.faults.clear()
            self.requests.clear()
            self._request_times.clear()
            self._token_times.clear()

    def configure(self, **changes: Any) -> None:
        with self.lock:
            self.knobs.update(**changes)

    def add_fault(
        self,
        kind: str,
        on_call: int | None = None,
        rate: float | None = None,
        path_prefix: str | None = None,
        count: int | None = None,
        method: str | None = None,
    ) -> Fault:
        if kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault kind {kind!r}; use one of {FAULT_KINDS}")
        if kind == "ft_forbidden":
            path_prefix = path_prefix or "/fine_tuning/jobs"
            method = method or "POST"
        remaining = count if count is not None else (None if rate is not None and on_call is None else 1)
        fault = Fault(kind, on_call=on_call, rate=rate, path_prefix=path_prefix, method=method, remaining=remaining)
        with self.lock:
            self.faults.append(fault)
        return fault

    def log(self, entry: dict[str, Any]) -> None:
        with self.lock:
            self.requests.append(entry)

    def pick_fault(self, method: str, path: str) -> Fault | None:
        """The fault that fires for this call, if any (counts the call for every matching fault)."""
        with self.lock:
            fired = None
            for fault in self.faults:
                if fault.remaining == 0 or not fault.matches(method, path):
                    continue
                fault.seen += 1
                if fired is not None:
                    continue
                if fault.on_call is not None:
                    hit = fault.seen >= fault.on_call
                elif fault.rate is not None:
                    hit = self._random.random() < fault.rate
                else:
                    hit = True
                if hit:
                    fired = fault
                    if fault.remaining is not None:
                        fault.remaining -= 1
            return fired

    def admit(self, tokens: int) -> tuple[bool, float, dict[str, str]]:
        """Count one request of ``tokens`` against RPM/TPM: (allowed, wait seconds, x-ratelimit headers)."""
        with self.lock:
            now = time.monotonic()
            window = self.knobs.rate_window_s
            rpm = self.knobs.rpm or DEFAULT_RPM
            tpm = self.knobs.tpm or DEFAULT_TPM
            while self._request_times and now - self._request_times[0] >= window:
                self._request_times.popleft()
            while self._token_times and now - self._token_times[0][0] >= window:
                self._token_times.popleft()
            used_tokens = sum(n for _, n in self._token_times)
            wait = 0.0
            if len(self._request_times) >= rpm:
                wait = max(wait, window - (now - self._request_times[0]))
            if used_tokens + tokens > tpm and self._token_times:
                # Wait until enough old tokens leave the window.
                freed, needed = 0, used_tokens + tokens - tpm
                for at, n in self._token_times:
                    freed += n
                    if freed >= needed:
                        wait = max(wait, window - (now - at))
                        break
            allowed = wait <= 0
            if allowed:
                self._request_times.append(now)
                self._token_times.append((now, tokens))
                used_tokens += tokens
            headers = {
                "x-ratelimit-limit-requests": str(rpm),
                "x-ratelimit-limit-tokens": str(tpm),
                "x-ratelimit-remaining-requests": str(max(0, rpm - len(self._request_times))),
                "x-ratelimit-remaining-tokens": str(max(0, tpm - used_tokens)),
                "x-ratelimit-reset-requests": _duration(
                    window - (now - self._request_times[0]) if self._request_times else 0.0
                ),
                "x-ratelimit-reset-tokens": _duration(
                    window - (now - self._token_times[0][0]) if self._token_times else 0.0
                ),
            }
            return allowed, max(0.0, wait), headers


def _duration(seconds: float) -> str:
    """OpenAI's reset format: '1s', '6m0s', '120ms'."""
    seconds = max(0.0, seconds)
    if seconds < 1:
        return f"{int(seconds * 1000)}ms"
    minutes, rest = divmod(seconds, 60)
    return f"{int(minutes)}m{rest:.0f}s" if minutes else f"{rest:.3g}s"
