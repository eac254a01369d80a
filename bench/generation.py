"""Generation speed and rate-limit behaviour against the stand-in (run: ``python -m bench.generation``).

P1: 300 questions at 200 ms latency, a limit that doesn't bind. The engine
  (core.providers.request_runner, with the client it builds itself, as in the app) against
  - the seed's sequential loop (the same SDK call, one by one). It is measured
    on a subset and its per-request time extrapolated to 300 (said in the
    output), to keep the bench short;
  - the OpenAI cookbook's api_request_parallel_processor design
    (bench/cookbook_processor.py) at the same RPM/TPM settings, twice: sending
    with the SDK's ``create`` (full response models), and sending as the real
    script does, plain aiohttp and ``json.loads`` (``ratio_vs_plain_http``, the
    one that matters: the SDK-based loop pays the SDK's cost too, so it hid the
    engine's overhead).
  Each is timed by the wall clock and by this process's CPU time
  (``time.process_time``, all threads) per request: Community Cloud gives an app
  a fraction of a core. The three alternate, best of RUNS, because the machine is
  shared; every run is printed. ``--p1-only`` stops after P1, for quick comparisons.
  Measured on the shared 2-core machine, five runs at load averages 3.6-11.4: engine
  0.61-1.08 s and 1.01-1.53 ms CPU a request, plain aiohttp 0.86-0.97 s and
  0.59-0.77 ms; ratio 1.13, 1.13, 1.39 at load 3.6-7, 0.96 and 0.90 at load 7.6 and
  11.4 (the busier the CPUs, the more the engine's extra CPU shows: the SDK's own
  request building, ~0.35 ms a request, which it keeps for auth, base URL, Azure and
  errors); SDK cookbook loop 1.04-2.19 s and 2.7-3.4 ms. Before the engine used the
  SDK's generic POST over its aiohttp transport: 1.23 s and 2.3 ms, ratio 0.71.
P2: the stand-in enforces 600 RPM and a TPM limit over a sliding 60 s window;
  the engine, seeded with those limits, answers 2 × 600 questions. Sustained
  utilisation counts what went beyond the first minute's allowance (a fresh
  limit lets a whole minute's worth go at once) over the time it took.
  Measured: 98.7-99.5 % of the limit, 19-27 answers 429 of ~1,220 (all at the first minute's
  burst, as before this engine: 4 and 22), no row lost.

The stand-in runs as its own process, as a real server would. The last line
printed is one JSON object with the figures.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import aiohttp
from openai import AsyncOpenAI, OpenAI

from bench import cookbook_processor
from core.dataset.sample import GENERATION_SYSTEM_PROMPT, sample_questions
from core.providers.client import ConnectionSettings
from core.providers.request_runner import ChatRequest, ChatResult, Limits, estimate_request_tokens, run_requests

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = 300
LATENCY_S = 0.2
SEQUENTIAL_SUBSET = 20
RUNS = 5
P1_RPM, P1_TPM = 10_000, 10_000_000
P2_RPM = 600
P2_REQUESTS = 2 * P2_RPM
MAX_TOKENS = 100
MODEL = "gpt-4.1-mini-2025-04-14"
# The stand-in's HTTP server keeps socketserver's listen backlog of 5: 300 connections
# opened at once would then wait for SYN retransmits (1 s, 3 s…), which no real API
# server makes anyone do. The bench starts it with a real server's backlog.
LISTEN_BACKLOG = 1024
LAUNCH = (
    "import sys; from tests.openai_standin import server; "
    f"server._Server.request_queue_size = {LISTEN_BACKLOG}; "
    "from tests.openai_standin.__main__ import main; main(['--port', sys.argv[1]])"
)


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class StandInProcess:
    def __init__(self) -> None:
        self.port = free_port()
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        self.process = subprocess.Popen(
            [sys.executable, "-c", LAUNCH, str(self.port)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        self.base_url = self.process.stdout.readline().strip()
        self.root = f"http://127.0.0.1:{self.port}"

    def control(self, path: str, body: dict | None = None, method: str = "POST") -> dict:
        data = json.dumps(body or {}).encode() if method == "POST" else None
        request = urllib.request.Request(
            self.root + path, data=data, method=method, headers={"Content-Type": "application/json"}
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read())

    def chat_log(self) -> list[tuple[float, int | None]]:
        """(arrival time, status) of every chat request the stand-in saw, in order."""
        rows = self.control("/_standin/requests", method="GET")["requests"]
        return [(r["time"], r.get("status")) for r in rows if r.get("path") == "/v1/chat/completions"]

    def connection(self) -> ConnectionSettings:
        return ConnectionSettings(api_key="sk-bench", base_url=self.base_url, max_retries=0, timeout_s=60)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


def make_requests(n: int, tag: str) -> list[ChatRequest]:
    questions = sample_questions()
    return [
        ChatRequest(
            key=f"{tag}{i}",
            model=MODEL,
            max_tokens=MAX_TOKENS,
            temperature=0.7,
            messages=[
                {"role": "system", "content": GENERATION_SYSTEM_PROMPT},
                {"role": "user", "content": f"{questions[i % len(questions)]} (#{i})"},
            ],
        )
        for i in range(n)
    ]


def sequential_per_request(standin: StandInProcess) -> float:
    """The seed's loop: one SDK call after another."""
    client = OpenAI(api_key="sk-bench", base_url=standin.base_url, max_retries=0)
    started = time.perf_counter()
    for request in make_requests(SEQUENTIAL_SUBSET, "seq"):
        client.chat.completions.create(
            model=request.model,
            messages=list(request.messages),
            temperature=request.temperature,
            max_tokens=request.max_tokens,
        )
    client.close()
    return (time.perf_counter() - started) / SEQUENTIAL_SUBSET


@dataclass
class Timing:
    """One run: wall seconds and this process's CPU seconds (all threads) while it ran."""

    wall_s: float
    cpu_s: float

    def cpu_ms_per_request(self, requests: int) -> float:
        return self.cpu_s * 1000.0 / requests


class _Clock:
    def __enter__(self) -> _Clock:
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc: object) -> None:
        self.timing = Timing(time.perf_counter() - self.wall, time.process_time() - self.cpu)


async def engine_run(standin: StandInProcess, requests: list[ChatRequest], limits: Limits) -> tuple[Timing, dict]:
    """The engine as the app runs it: its own client from the connection settings."""
    results: list[ChatResult] = []
    with _Clock() as clock:
        summary = await run_requests(standin.connection(), requests, limits=limits, on_result=results.append)
    return clock.timing, {"results": results, "summary": summary}


async def cookbook_run(standin: StandInProcess, requests: list[ChatRequest]) -> tuple[Timing, int]:
    """The cookbook's loop sending with the SDK call the engine makes (full response models)."""
    with _Clock() as clock:
        client = AsyncOpenAI(api_key="sk-bench", base_url=standin.base_url, max_retries=0, timeout=60)
        stats = await cookbook_processor.process(
            cookbook_processor.sdk_sender(client),
            requests,
            max_requests_per_minute=P1_RPM,
            max_tokens_per_minute=P1_TPM,
        )
        await client.close()
    return clock.timing, stats.succeeded


async def plain_http_run(standin: StandInProcess, requests: list[ChatRequest]) -> tuple[Timing, int]:
    """The cookbook's loop sending as the real script does: plain aiohttp and json.loads."""
    with _Clock() as clock:
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=60)) as session:
            stats = await cookbook_processor.process(
                cookbook_processor.http_sender(session, standin.base_url, "sk-bench"),
                requests,
                max_requests_per_minute=P1_RPM,
                max_tokens_per_minute=P1_TPM,
            )
    return clock.timing, stats.succeeded


def main() -> None:
    standin = StandInProcess()
    try:
        standin.control("/_standin/configure", {"latency_s": LATENCY_S, "rpm": P1_RPM, "tpm": P1_TPM})
        per_request = sequential_per_request(standin)
        sequential_300 = per_request * QUESTIONS
        limits = Limits(requests_per_minute=P1_RPM, tokens_per_minute=P1_TPM)
        engine_runs: list[Timing] = []
        cookbook_runs: list[Timing] = []
        plain_runs: list[Timing] = []
        for attempt in range(RUNS):  # alternate, best of RUNS: the CPUs are shared with other work
            engine_t, engine = asyncio.run(engine_run(standin, make_requests(QUESTIONS, f"p1-{attempt}-"), limits))
            cookbook_t, cookbook_ok = asyncio.run(cookbook_run(standin, make_requests(QUESTIONS, f"cb-{attempt}-")))
            plain_t, plain_ok = asyncio.run(plain_http_run(standin, make_requests(QUESTIONS, f"ph-{attempt}-")))
            assert engine["summary"].succeeded == QUESTIONS and cookbook_ok == QUESTIONS and plain_ok == QUESTIONS
            engine_runs.append(engine_t)
            cookbook_runs.append(cookbook_t)
            plain_runs.append(plain_t)
        engine_s = min(t.wall_s for t in engine_runs)
        cookbook_s = min(t.wall_s for t in cookbook_runs)
        plain_s = min(t.wall_s for t in plain_runs)
        engine_cpu = min(t.cpu_ms_per_request(QUESTIONS) for t in engine_runs)
        cookbook_cpu = min(t.cpu_ms_per_request(QUESTIONS) for t in cookbook_runs)
        plain_cpu = min(t.cpu_ms_per_request(QUESTIONS) for t in plain_runs)
        print(
            f"P1 sequential: {per_request * 1000:.0f} ms per request measured on {SEQUENTIAL_SUBSET}, "
            f"extrapolated to {QUESTIONS}: {sequential_300:.1f} s"
        )
        print(
            f"P1 {QUESTIONS} requests, best of {RUNS} alternating runs (wall s / CPU ms per request): "
            f"engine {engine_s:.2f} s / {engine_cpu:.2f} ms; cookbook loop with the SDK {cookbook_s:.2f} s / "
            f"{cookbook_cpu:.2f} ms; cookbook loop with plain aiohttp {plain_s:.2f} s / {plain_cpu:.2f} ms; "
            f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
        )
        for name, runs in (("engine", engine_runs), ("SDK cookbook", cookbook_runs), ("plain HTTP", plain_runs)):
            print(
                f"  {name} runs: "
                + ", ".join(f"{t.wall_s:.2f} s / {t.cpu_ms_per_request(QUESTIONS):.2f} ms" for t in runs)
            )

        if "--p1-only" in sys.argv[1:]:
            print(json.dumps({"questions": QUESTIONS, "ratio_vs_plain_http": round(plain_s / engine_s, 2)}))
            return

        # P2: a fresh limit of 600 RPM plus a TPM limit that allows ~720 of these requests a minute.
        requests = make_requests(P2_REQUESTS, "p2-")
        tokens_each = estimate_request_tokens(requests[0])
        p2_tpm = int(tokens_each * P2_RPM * 1.2)
        standin.control("/_standin/reset")
        standin.control("/_standin/configure", {"latency_s": LATENCY_S, "rpm": P2_RPM, "tpm": p2_tpm})
        p2_limits = Limits(requests_per_minute=P2_RPM, tokens_per_minute=p2_tpm)
        p2_timing, p2 = asyncio.run(engine_run(standin, requests, p2_limits))
        p2_s = p2_timing.wall_s
        log = standin.chat_log()
        statuses = [status for _, status in log]
        answered = {r.key for r in p2["results"] if r.ok}
        lost = P2_REQUESTS - len(answered)
        # The stand-in counts a sliding 60 s window of 600 slots. A slot used at t is free
        # again at t + 60 s; how soon the engine reuses it is how much of the limit it
        # sustains: 60 s / mean time between two uses of the same slot (1.0 = not a moment lost).
        admitted = sorted(at for at, status in log if status == 200)
        gaps = [
            later - earlier for earlier, later in zip(admitted[:P2_RPM], admitted[P2_RPM : 2 * P2_RPM], strict=False)
        ]
        utilisation = 60.0 / (sum(gaps) / len(gaps))
        end_to_end = (len(answered) - P2_RPM) / (p2_s * P2_RPM / 60.0)
        rate_limited = statuses.count(429) / max(1, len(statuses))
        print(
            f"P2: {len(answered)} answered in {p2_s:.1f} s at {P2_RPM} RPM / {p2_tpm} TPM "
            f"(RPM binds; ~{tokens_each} tokens a request); {statuses.count(429)} of {len(statuses)} "
            f"requests answered 429; each of the {P2_RPM} slots reused after {sum(gaps) / len(gaps):.1f} s "
            f"on average: {utilisation:.1%} of the RPM limit sustained; end to end (after the first "
            f"minute's allowance, including the stand-in's own serving time) {end_to_end:.1%}"
        )
        print(
            json.dumps(
                {
                    "questions": QUESTIONS,
                    "speedup_vs_sequential": round(sequential_300 / engine_s, 1),
                    "sequential_measured_on": SEQUENTIAL_SUBSET,
                    "ratio_vs_cookbook_processor": round(cookbook_s / engine_s, 2),
                    "ratio_vs_plain_http": round(plain_s / engine_s, 2),
                    "engine_cpu_ms_per_request": round(engine_cpu, 2),
                    "cookbook_cpu_ms_per_request": round(cookbook_cpu, 2),
                    "plain_http_cpu_ms_per_request": round(plain_cpu, 2),
                    "limit_utilisation": round(utilisation, 3),
                    "rate_limited_fraction": round(rate_limited, 4),
                    "lost_rows": lost,
                }
            )
        )
    finally:
        standin.stop()


if __name__ == "__main__":
    main()
