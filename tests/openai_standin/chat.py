"""Deterministic chat answers and the model list of the stand-in.

An answer is a pure function of the model and the messages, so tests can
predict it. A fine-tuned model (``ft:…``) answers recognisably differently:
with the trained answer when the question was in its training file, else
with a ``[fine-tuned …]`` prefix.

A request that asks to judge two answers and reply with just "1", "2" or
"tie" gets exactly that, as a real model would follow the instruction: the
fine-tuned model's answer wins, and two answers of the same kind tie, so the
local demo shows a sensible judge. The ``judge_replies`` knob makes it answer
in prose instead, which the app must report as "no verdict".
"""

from __future__ import annotations

import hashlib
import json
import re
import time
from collections.abc import Callable
from typing import Any

from openai.types import Model
from openai.types.chat import ChatCompletion

from core.pricing import MODELS

# Aliases and one model that can't be fine-tuned, so preflight has something to filter out.
EXTRA_MODELS: tuple[str, ...] = (
    "gpt-4o-mini",
    "gpt-4o",
    "gpt-4.1",
    "gpt-4.1-mini",
    "gpt-4.1-nano",
    "gpt-3.5-turbo",
    "gpt-5-mini",
    "text-embedding-3-small",
)
DEFAULT_MODELS: tuple[str, ...] = tuple(MODELS) + EXTRA_MODELS
MODEL_CREATED = 1_715_367_049
FT_PREFIX = "[fine-tuned {suffix}] "


class ApiFailure(Exception):
    """An error the stand-in answers with OpenAI's error body."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        type_: str = "invalid_request_error",
        param: str | None = None,
        code: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.body = {"error": {"message": message, "type": type_, "param": param, "code": code}}
        self.headers = headers or {}


def model_object(model_id: str, owned_by: str = "system", created: int = MODEL_CREATED) -> dict[str, Any]:
    return Model(id=model_id, created=created, object="model", owned_by=owned_by).model_dump(
        mode="json", exclude_none=True
    )


def estimate_tokens(text: str) -> int:
    """A cheap token estimate (about four characters a token, at least one per word)."""
    return max(len(text) // 4, len(text.split())) if text else 0


def _content_text(content: Any) -> str:
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return " ".join(part.get("text", "") for part in content if isinstance(part, dict))
    return ""


def prompt_tokens(messages: list[dict[str, Any]]) -> int:
    """OpenAI's accounting shape: a few tokens per message plus its content, plus 3 to prime the reply."""
    return 3 + sum(4 + estimate_tokens(_content_text(m.get("content"))) for m in messages)


def validate_chat_request(body: Any) -> tuple[str, list[dict[str, Any]]]:
    """The model and messages of a chat request, or the 400 OpenAI would send."""
    if not isinstance(body, dict):
        raise ApiFailure(400, "We could not parse the JSON body of your request.")
    model = body.get("model")
    if not isinstance(model, str) or not model:
        raise ApiFailure(400, "you must provide a model parameter", param="model")
    messages = body.get("messages")
    if not isinstance(messages, list) or not messages:
        raise ApiFailure(400, "[] is too short - 'messages'", param="messages", code="empty_array")
    for index, message in enumerate(messages):
        if not isinstance(message, dict) or message.get("role") not in (
            "system",
            "developer",
            "user",
            "assistant",
            "tool",
            "function",
        ):
            raise ApiFailure(
                400,
                f"Invalid value for 'messages[{index}].role'.",
                param=f"messages[{index}].role",
                code="invalid_value",
            )
    return model, messages


def base_answer(model: str, messages: list[dict[str, Any]], choice_index: int = 0, seed: Any = None) -> str:
    """The deterministic answer of a base model: it names the question and a short digest."""
    question = next((_content_text(m.get("content")) for m in reversed(messages) if m.get("role") == "user"), "")
    system = next((_content_text(m.get("content")) for m in messages if m.get("role") in ("system", "developer")), "")
    digest = hashlib.sha256(
        json.dumps([model, messages, choice_index, seed], ensure_ascii=False, sort_keys=True, default=str).encode()
    ).hexdigest()[:8]
    persona = f" As asked by the instructions ({system[:40]})," if system else ""
    short = question.strip().replace("\n", " ")[:120]
    return (
        f"Stand-in answer {digest}:{persona} here is a clear, practical reply to “{short}”. "
        f"Start small, check the numbers each week, and write down what worked."
    )


# What a request to compare two answers looks like: the two answers, then a request for 1, 2 or tie.
JUDGE_REQUEST = re.compile(
    r"Answer 1:\n(?P<first>.*?)\n\nAnswer 2:\n(?P<second>.*?)\n\n[^\n]*\(1, 2 or tie\):?\s*$", re.DOTALL
)
JUDGE_REPLIES = ("verdict", "prose")  # follow the format asked for, or talk (the app must see no verdict)


def judge_request(messages: list[dict[str, Any]]) -> tuple[str, str] | None:
    """The two answers a judge request compares, or None when the last user message isn't one."""
    last_user = next((_content_text(m.get("content")) for m in reversed(messages) if m.get("role") == "user"), "")
    found = JUDGE_REQUEST.search(last_user)
    return (found["first"], found["second"]) if found else None


# A request to write questions from a passage of the user's documents, and one to answer from such a passage.
QUESTIONS_REQUEST = re.compile(
    r"Write (?P<n>\d+) .*?JSON array[^\n]*\n\n<passage heading=\"(?P<heading>[^\"]*)\">\n(?P<text>.*?)\n</passage>",
    re.DOTALL,
)
GROUNDED_REQUEST = re.compile(
    r"<passage heading=\"(?P<heading>[^\"]*)\">\n(?P<text>.*?)\n</passage>\n\nQuestion: (?P<question>.*)$", re.DOTALL
)
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]?")
_HANGUL_TEXT = re.compile(r"[\uac00-\ud7a3]")
NOT_COVERED = {"ko": "매뉴얼에 없는 내용입니다.", "en": "The document does not cover this."}


def _last_user(messages: list[dict[str, Any]]) -> str:
    return next((_content_text(m.get("content")) for m in reversed(messages) if m.get("role") == "user"), "")


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.findall(text) if len(s.strip()) > 3]


def _grams(text: str) -> set[str]:
    squeezed = re.sub(r"\W+", "", text.casefold())
    return {squeezed[i : i + 2] for i in range(len(squeezed) - 1)}


def document_questions(messages: list[dict[str, Any]]) -> str | None:
    """For a question-writing request: a JSON array of questions, each built from a sentence of the passage."""
    found = QUESTIONS_REQUEST.search(_last_user(messages))
    if not found:
        return None
    sentences = _sentences(found["text"]) or [found["text"].strip()]
    korean = bool(_HANGUL_TEXT.search(found["text"]))
    questions = []
    for index in range(int(found["n"])):
        sentence = sentences[index % len(sentences)].rstrip(".!?")
        round_ = f" ({index // len(sentences) + 1})" if index >= len(sentences) else ""
        if korean:
            questions.append(f"{found['heading']}: “{sentence}”에 대해 자세히 알려 주세요{round_}?")
        else:
            questions.append(f"{found['heading']}: what does it say about “{sentence}”{round_}?")
    return json.dumps(questions, ensure_ascii=False)


def grounded_answer(messages: list[dict[str, Any]]) -> str | None:
    """For an answer-from-the-passage request: the passage sentence closest to the question, or "not covered"."""
    found = GROUNDED_REQUEST.search(_last_user(messages))
    if not found:
        return None
    question = _grams(found["question"])
    scored = [(len(question & _grams(s)), s) for s in _sentences(found["text"])]
    best = max(scored, default=(0, ""), key=lambda pair: pair[0])
    if best[0] < 2:
        return NOT_COVERED["ko" if _HANGUL_TEXT.search(found["question"]) else "en"]
    return best[1]


# A groundedness check: the passage, the question and the answer to check, then a request for a JSON verdict.
GROUNDEDNESS_REQUEST = re.compile(
    r"<passage heading=\"[^\"]*\">\n(?P<text>.*?)\n</passage>\n\nQuestion: .*?\n\nAnswer to check:\n(?P<answer>.*?)"
    r"\n\nIs the answer supported by the passage\?",
    re.DOTALL,
)


def _squeezed(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


def groundedness_verdict(messages: list[dict[str, Any]]) -> str | None:
    """For a groundedness check: supported when every sentence of the answer appears in the passage, as JSON."""
    found = GROUNDEDNESS_REQUEST.search(_last_user(messages))
    if not found:
        return None
    passage = _squeezed(found["text"])
    missing = [s for s in _sentences(found["answer"]) if _squeezed(s).rstrip(".!?") not in passage]
    if not missing:
        return json.dumps({"verdict": "supported", "reason": "Every sentence of the answer is in the passage."})
    reason = f"The passage does not say: {missing[0]}"
    return json.dumps({"verdict": "unsupported", "reason": reason}, ensure_ascii=False)


def judge_verdict(first: str, second: str, fine_tuned: Callable[[str], bool]) -> str:
    """ "1" or "2" for the only answer ``fine_tuned`` recognises, else "tie"."""
    first_tuned, second_tuned = fine_tuned(first), fine_tuned(second)
    if first_tuned == second_tuned:
        return "tie"
    return "1" if first_tuned else "2"


def completion(
    model: str, text: str, messages: list[dict[str, Any]], max_tokens: int | None, choice_texts: list[str] | None = None
) -> dict[str, Any]:
    """A ``chat.completion`` object (built from the SDK's own type) with a ``usage`` block."""
    texts = choice_texts or [text]
    choices, completion_tokens = [], 0
    for index, choice_text in enumerate(texts):
        finish = "stop"
        if max_tokens is not None and estimate_tokens(choice_text) > max_tokens:
            words = choice_text.split()
            choice_text = " ".join(words[: max(1, max_tokens)])
            finish = "length"
        completion_tokens += estimate_tokens(choice_text)
        choices.append(
            {
                "index": index,
                "finish_reason": finish,
                "logprobs": None,
                "message": {"role": "assistant", "content": choice_text, "refusal": None},
            }
        )
    prompt = prompt_tokens(messages)
    digest = hashlib.sha256(json.dumps([model, messages], sort_keys=True, default=str).encode()).hexdigest()[:24]
    result = ChatCompletion.model_validate(
        {
            "id": f"chatcmpl-{digest}",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": model,
            "choices": choices,
            "system_fingerprint": "fp_standin",
            "usage": {
                "prompt_tokens": prompt,
                "completion_tokens": completion_tokens,
                "total_tokens": prompt + completion_tokens,
            },
        }
    )
    data = result.model_dump(mode="json", exclude_none=True)
    for choice in data["choices"]:  # the spec requires these two, as null when empty
        choice.setdefault("logprobs", None)
        choice["message"].setdefault("refusal", None)
    return data
