"""Token counts for training examples, the way OpenAI's cookbook counts them.

Convention (the cookbook's ``Chat_finetuning_data_prep`` notebook, so that the
numbers match what users already know): 3 tokens per message, every value of
every message encoded, +1 for a ``name``, +3 at the end of the example.
Assistant (trained) tokens are the assistant messages' content (and tool
calls), except messages with ``weight: 0`` which are not trained on.

Speed: the texts of many examples are gathered and de-duplicated (roles and
system prompts repeat on every line), and each distinct text is encoded once,
straight through tiktoken's core encoder. tiktoken's own
``encode_ordinary_batch`` submits one thread-pool task per text, which costs
more than the encoding itself for short chat messages, and on this shared
2-core machine extra threads measured slower, so one thread does the work.

Offline: when tiktoken can't load the encoding (no cache, no internet) the
counts are estimates from character counts and every result says so
(``exact=False``); nothing raises.
"""

from __future__ import annotations

import json
import math
import threading
from collections.abc import Callable, Iterable, Sequence
from typing import Any, NamedTuple

from core.pricing import encoding_for

TOKENS_PER_MESSAGE = 3
TOKENS_PER_NAME = 1
TOKENS_PER_EXAMPLE_END = 3
# Characters per token for text tiktoken would see as ASCII, when estimating.
ESTIMATE_ASCII_CHARS_PER_TOKEN = 4
# How many examples are encoded in one batch: big enough to amortise the call,
# small enough that the token lists of one batch stay a few megabytes.
BATCH_EXAMPLES = 2_000
# Distinct texts remembered across batches before the memo starts afresh (bounds memory).
MEMO_LIMIT = 10_000
# Keys of an assistant message whose tokens are trained on.
TRAINED_KEYS = frozenset({"content", "tool_calls", "function_call"})

_ENCODINGS: dict[str, Any] = {}
_ENCODING_LOCK = threading.Lock()


class TokenCount(NamedTuple):
    """Tokens of one example: ``total`` (cookbook convention) and ``assistant`` (trained).

    A named tuple rather than a dataclass: a million of them are made when a
    large file is validated, and tuples are the cheapest to create.
    """

    total: int
    assistant: int
    exact: bool
    encoding: str


def get_encoding(name: str) -> Any | None:
    """The tiktoken encoding ``name``, or None when it can't be loaded (offline, no cache).

    A failure is remembered for the life of the process, so that an offline
    machine does not retry a download on every count.
    """
    with _ENCODING_LOCK:
        if name not in _ENCODINGS:
            try:
                import tiktoken

                _ENCODINGS[name] = tiktoken.get_encoding(name)
            except Exception:  # noqa: BLE001 - network errors, missing cache, bad name: all mean "estimate"
                _ENCODINGS[name] = None
        return _ENCODINGS[name]


def _length_function(encoding: Any) -> Callable[[str], int]:
    """len(encode_ordinary(text)), straight to tiktoken's core where possible (one Python layer less)."""
    core = getattr(encoding, "_core_bpe", None)
    if core is None:
        return lambda text: len(encoding.encode_ordinary(text))

    def length(text: str) -> int:
        try:
            return len(core.encode_ordinary(text))
        except UnicodeEncodeError:  # lone surrogates: tiktoken's wrapper knows how to fix them
            return len(encoding.encode_ordinary(text))

    return length


def forget_encodings() -> None:
    """Drop loaded (and failed) encodings; tests use it to simulate going offline."""
    with _ENCODING_LOCK:
        _ENCODINGS.clear()


def estimate_text_tokens(text: str) -> int:
    """A rough count without tiktoken: ~4 ASCII characters a token, one token per other character.

    It errs high for Korean and other non-Latin text, so that a cost estimate
    made offline is not a pleasant surprise that later turns out wrong.
    """
    if not text:
        return 0
    ascii_chars = len(text.encode("ascii", "ignore"))  # drops every non-ASCII character
    return math.ceil(ascii_chars / ESTIMATE_ASCII_CHARS_PER_TOKEN) + (len(text) - ascii_chars)


def value_text(value: Any) -> str | None:
    """The text the cookbook would encode for one message value (non-strings as compact JSON)."""
    if value is None:
        return None
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


class TokenCounter:
    """Counts many examples for one model; load the encoding once, reuse for every batch."""

    def __init__(self, model: str) -> None:
        self.model = model
        self.encoding_name = encoding_for(model)
        self._encoding = get_encoding(self.encoding_name)
        self._length = _length_function(self._encoding) if self._encoding is not None else None

    @property
    def exact(self) -> bool:
        """True when counts come from tiktoken, False when they are estimates."""
        return self._encoding is not None

    def text_lengths(self, texts: Sequence[str]) -> list[int]:
        """Token count of each text, encoding each distinct text once."""
        measure = self._length if self._length is not None else estimate_text_tokens
        memo: dict[str, int] = {}
        lengths: list[int] = []
        for text in texts:
            length = memo.get(text)
            if length is None:
                length = memo[text] = measure(text)
            lengths.append(length)
        return lengths

    def count_batch(
        self, examples: Sequence[Sequence[dict[str, Any]]], memo: dict[str, int] | None = None
    ) -> list[TokenCount]:
        """Counts for a batch of examples (each a list of messages), in order.

        ``memo`` (text → tokens) may be shared between batches so that texts
        that repeat across the dataset (roles, system prompts) are encoded once.
        """
        measure = self._length if self._length is not None else estimate_text_tokens
        memo = {} if memo is None else memo
        exact, encoding = self.exact, self.encoding_name
        counts: list[TokenCount] = []
        for messages in examples:
            total, assistant = TOKENS_PER_EXAMPLE_END, 0
            for message in messages:
                if not isinstance(message, dict):
                    continue
                total += TOKENS_PER_MESSAGE
                trained = message.get("role") == "assistant" and message.get("weight", 1) != 0
                for key, value in message.items():
                    if value is None:
                        continue
                    text = value if type(value) is str else json.dumps(value, ensure_ascii=False)
                    length = memo.get(text)
                    if length is None:
                        length = memo[text] = measure(text)
                    total += length
                    if key == "name":
                        total += TOKENS_PER_NAME
                    elif trained and key in TRAINED_KEYS:
                        assistant += length
            counts.append(TokenCount(total, assistant, exact, encoding))
        return counts

    def count_many(self, examples: Iterable[Sequence[dict[str, Any]]]) -> list[TokenCount]:
        """Counts for any number of examples, encoded in batches of ``BATCH_EXAMPLES``."""
        counts: list[TokenCount] = []
        batch: list[Sequence[dict[str, Any]]] = []
        memo: dict[str, int] = {}
        for messages in examples:
            batch.append(messages)
            if len(batch) >= BATCH_EXAMPLES:
                counts.extend(self.count_batch(batch, memo))
                batch = []
                if len(memo) > MEMO_LIMIT:
                    memo.clear()
        if batch:
            counts.extend(self.count_batch(batch, memo))
        return counts

    def count_text(self, text: str) -> int:
        return self.text_lengths([text])[0] if text else 0


def count_example_tokens(messages: Sequence[dict[str, Any]], model: str) -> TokenCount:
    """Tokens of one example (list of messages) for ``model``'s encoding."""
    return TokenCounter(model).count_batch([messages])[0]


def count_text_tokens(text: str, model: str) -> int:
    """Tokens of a plain text for ``model``'s encoding (an estimate when offline)."""
    return TokenCounter(model).count_text(text)
