"""An OpenAI-compatible chat client whose every output sentence must cite numbered sources.

Contract (see docs/summaries.md): we POST ``{url}/chat/completions`` with the source sentences
numbered ``[1]…[n]`` and ask for a JSON object ``{"sentences": ["text [1][3]", ...]}``. Every
failure—timeout, connection error, HTTP error, a body or reply that is not that JSON—raises
:class:`LLMError` with a short ``reason`` so callers can fall back to the offline result.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import httpx

from broadsheet.errors import BroadsheetError
from broadsheet.summarize._extractive import Unit

Task = Literal["article", "story", "answer"]
DEFAULT_TIMEOUT = 30.0
_MARKER = re.compile(r"\[(\d{1,3})\]")

SYSTEM_PROMPT = """You write short, neutral news summaries for a reader.
You are given numbered source sentences, [1] to [N]. Rules:
1. Use only facts stated in the source sentences. Do not add outside knowledge.
2. End every sentence you write with the number(s) of the source sentence(s) that state it,
   in square brackets, e.g. "The court ruled on Monday. [2][5]". A sentence without a marker
   will be discarded; so will a sentence whose cited sources do not say what it says.
3. Keep names, numbers and dates exactly as the sources give them.
4. Reply with one JSON object and nothing else: {"sentences": ["... [1]", "... [2][3]"]}."""

TASKS = {
    "article": "Summarise this article in 2 to 4 sentences.",
    "story": "Several outlets reported this story. Say in 2 to 4 sentences what happened, "
    "using facts the outlets agree on.",
    "answer": "Answer the question below in 1 to 3 sentences using only the sources. If the "
    'sources do not answer it, reply {"sentences": []}.\nQuestion: ',
}


class LLMError(BroadsheetError):
    """The LLM could not be used; ``reason`` is a short stable code for logs and notes."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"LLM unavailable ({reason}){': ' + detail if detail else ''}")
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True)
class LLMConfig:
    """Where the model lives and how long to wait for it."""

    url: str
    model: str
    timeout: float = DEFAULT_TIMEOUT
    api_key: str = field(default="", repr=False)  # sent as a Bearer token when set

    @classmethod
    def from_settings(cls) -> LLMConfig | None:
        """The configured endpoint from BROADSHEET_LLM_URL/MODEL/API_KEY, or None when unset."""
        from broadsheet import config

        settings = config.get()
        if not settings.llm_url:
            return None
        return cls(
            settings.llm_url.rstrip("/"),
            settings.llm_model or "default",
            api_key=settings.llm_api_key,
        )


def build_messages(task: Task, sources: Sequence[Unit], question: str = "") -> list[dict[str, str]]:
    """The chat messages: rules, the task, and the numbered source sentences."""
    lines = []
    for n, unit in enumerate(sources, 1):
        outlet = f"({unit.outlet}) " if unit.outlet and task != "article" else ""
        lines.append(f"[{n}] {outlet}{unit.text}")
    instruction = TASKS[task] + (question if task == "answer" else "")
    user = instruction + "\n\nSource sentences:\n" + "\n".join(lines)
    return [{"role": "system", "content": SYSTEM_PROMPT}, {"role": "user", "content": user}]


def complete(config: LLMConfig, messages: list[dict[str, str]]) -> str:
    """The assistant's reply text, or LLMError saying why there is none."""
    body = {"model": config.model, "messages": messages, "temperature": 0}
    try:
        response = httpx.post(
            config.url + "/chat/completions",
            json=body,
            headers={"Authorization": f"Bearer {config.api_key}"} if config.api_key else None,
            timeout=httpx.Timeout(config.timeout, connect=min(config.timeout, 5.0)),
        )
    except httpx.TimeoutException as exc:
        raise LLMError("timeout", str(exc)) from exc
    except httpx.HTTPError as exc:
        raise LLMError("connection", str(exc)) from exc
    if response.status_code != 200:
        raise LLMError("http_status", f"status {response.status_code}")
    try:
        content = response.json()["choices"][0]["message"]["content"]
    except (ValueError, KeyError, IndexError, TypeError) as exc:
        raise LLMError("malformed_response", "not an OpenAI chat completion") from exc
    if not isinstance(content, str):
        raise LLMError("malformed_response", "message content is not text")
    return content


def _json_object(content: str) -> Any:
    text = content.strip()
    if text.startswith("```"):
        text = text.strip("`").removeprefix("json").strip()
    start, end = text.find("{"), text.rfind("}")
    if start < 0 or end < start:
        raise LLMError("malformed_reply", "no JSON object in the reply")
    try:
        return json.loads(text[start : end + 1])
    except ValueError as exc:
        raise LLMError("malformed_reply", "reply is not valid JSON") from exc


def parse_reply(content: str) -> list[tuple[str, list[int]]]:
    """(sentence without markers, cited source numbers) per reply sentence."""
    data = _json_object(content)
    items = data.get("sentences") if isinstance(data, dict) else None
    if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
        raise LLMError("malformed_reply", 'expected {"sentences": [strings]}')
    parsed = []
    for item in items:
        numbers = [int(n) for n in _MARKER.findall(item)]
        text = " ".join(_MARKER.sub(" ", item).split())
        text = re.sub(r"\s+([.,;:!?])", r"\1", text)
        if text:
            parsed.append((text, list(dict.fromkeys(numbers))))
    return parsed
