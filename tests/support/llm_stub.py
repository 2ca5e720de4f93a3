"""A scripted OpenAI-compatible chat server on 127.0.0.1, so LLM tests never leave the machine.

Usage::

    with LLMStub() as stub:
        stub.script("good", "malformed_json")      # replies for the next requests, in order
        config = LLMConfig(stub.url, "stub-model", timeout=1.0)
        ...
        stub.requests[-1]["messages"]              # what Broadsheet sent

Once the script is used up the stub repeats ``stub.default`` (``"good"``). Modes:

==================  ==========================================================================
``good``            every sentence copies a numbered source and cites it: ``"<text> [n]"``
``uncited``         one faithful sentence without any ``[n]`` marker
``wrong_citation``  source 1's text citing source 2 (and one citing [99], which does not exist)
``invented``        a sentence with facts in no source, citing [1]
``empty``           ``{"sentences": []}`` (the model says the sources do not answer)
``malformed_json``  HTTP 200 whose body is not JSON
``not_json_reply``  a valid completion whose message content is prose, not the JSON asked for
``slow``            waits ``stub.slow_seconds`` (default 3) before answering ``good``
``status_500``      HTTP 500
==================  ==========================================================================
A callable ``f(messages) -> str`` may be scripted too: its return value is the message content.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

__all__ = ["LLMStub"]

Mode = str | Callable[[list[dict[str, str]]], str]
_SOURCE = re.compile(r"^\[(\d+)\] (?:\([^)]*\) )?(.*)$", re.MULTILINE)


def sources(messages: list[dict[str, str]]) -> list[str]:
    """The numbered source sentences Broadsheet sent, in order."""
    return [m.group(2) for m in _SOURCE.finditer(messages[-1]["content"])]


def _content(mode: str, messages: list[dict[str, str]]) -> str:
    texts = sources(messages)
    if mode == "good":
        return json.dumps({"sentences": [f"{t} [{n}]" for n, t in enumerate(texts[:3], 1)]})
    if mode == "uncited":
        return json.dumps({"sentences": [texts[0]]})
    if mode == "wrong_citation":
        return json.dumps({"sentences": [f"{texts[0]} [2]", f"{texts[0]} [99]"]})
    if mode == "invented":
        return json.dumps({"sentences": ["Aliens landed in Paris on Tuesday, killing 4,000. [1]"]})
    if mode == "empty":
        return json.dumps({"sentences": []})
    if mode == "not_json_reply":
        return "Sure! Here is a summary of the article for you."
    raise ValueError(f"unknown stub mode {mode!r}")


class LLMStub:
    """The stub server; start it with ``with`` and point ``LLMConfig.url`` at ``stub.url``."""

    def __init__(self) -> None:
        self.default: Mode = "good"
        self.slow_seconds = 3.0
        self.requests: list[dict[str, Any]] = []
        self.authorizations: list[str] = []  # each request's Authorization header ("" if none)
        self._script: list[Mode] = []
        self._lock = threading.Lock()
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length) or b"{}")
                stub.authorizations.append(self.headers.get("Authorization") or "")
                status, payload = stub._answer(self.path, body)
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (timeout tests)

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}/v1"

    def script(self, *modes: Mode) -> None:
        """Queue replies for the next requests, in order."""
        with self._lock:
            self._script.extend(modes)

    def _next(self) -> Mode:
        with self._lock:
            return self._script.pop(0) if self._script else self.default

    def _answer(self, path: str, body: dict[str, Any]) -> tuple[int, bytes]:
        self.requests.append(body)
        if path != "/v1/chat/completions":
            return 404, b'{"error": "not found"}'
        mode = self._next()
        if mode == "status_500":
            return 500, b'{"error": "internal"}'
        if mode == "malformed_json":
            return 200, b'{"choices": [{"message": {"content": "trunc'
        if mode == "slow":
            time.sleep(self.slow_seconds)
            mode = "good"
        messages = body.get("messages", [])
        content = mode(messages) if callable(mode) else _content(mode, messages)
        reply = {
            "id": "stub",
            "object": "chat.completion",
            "model": body.get("model"),
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": content},
                    "finish_reason": "stop",
                }
            ],
        }
        return 200, json.dumps(reply).encode()

    def __enter__(self) -> LLMStub:
        threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        ).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
