"""BROADSHEET_LLM_URL / MODEL / API_KEY: the URL is checked at start-up, the key is sent."""

from __future__ import annotations

from typing import Any

import pytest

from broadsheet import config
from broadsheet.errors import ConfigError
from broadsheet.summarize import LLMConfig
from broadsheet.summarize._llm import complete
from tests.support.llm_stub import LLMStub


def test_the_url_is_a_base_up_to_v1() -> None:
    assert config.load({"BROADSHEET_LLM_URL": "http://127.0.0.1:11434/v1/"}).llm_url == (
        "http://127.0.0.1:11434/v1"
    )
    with pytest.raises(ConfigError, match="leave /chat/completions off"):
        config.load({"BROADSHEET_LLM_URL": "http://127.0.0.1:8080/v1/chat/completions"})
    with pytest.raises(ConfigError, match="expected an http"):
        config.load({"BROADSHEET_LLM_URL": "127.0.0.1:8080"})


def test_the_api_key_goes_as_a_bearer_token(settings_env: Any) -> None:
    with LLMStub() as stub:
        settings_env.setenv("BROADSHEET_LLM_URL", stub.url)
        settings_env.setenv("BROADSHEET_LLM_MODEL", "hosted-model")
        settings_env.setenv("BROADSHEET_LLM_API_KEY", "sk-test-123")
        llm = LLMConfig.from_settings()
        assert llm is not None and "sk-test" not in repr(llm)
        complete(llm, [{"role": "user", "content": "[1] A sentence."}])
        complete(LLMConfig(stub.url, "local"), [{"role": "user", "content": "[1] A sentence."}])
    assert stub.authorizations == ["Bearer sk-test-123", ""]
    assert stub.requests[0]["model"] == "hosted-model"
