"""Every declared setting is documented in the README table, and nothing else is."""

from __future__ import annotations

import re

import pytest

from broadsheet import config
from broadsheet.errors import ConfigError
from tests.support.shared import REPO


def _readme_settings() -> dict[str, str]:
    text = (REPO / "README.md").read_text()
    return dict(re.findall(r"^\| `(BROADSHEET_[A-Z_]+)` \| (.+?) \|", text, flags=re.M))


def test_every_setting_is_documented_with_its_default() -> None:
    documented = _readme_settings()
    declared = {s.name: s for s in config.SETTINGS}
    assert set(documented) == set(declared)
    for name, setting in declared.items():
        expected = f"`{setting.default}`" if setting.default else "(empty)"
        assert documented[name] == expected, name


def test_readme_starts_with_the_two_commands() -> None:
    lines = (REPO / "README.md").read_text().splitlines()
    assert lines[0].startswith("```")
    assert [line.split("#")[0].strip() for line in lines[1:3]] == ["make run", "make test"]
    assert lines[3] == "```"


def test_defaults_are_valid() -> None:
    settings = config.load({})
    assert settings.data_dir == "./data"
    assert settings.fetch_allow_networks == ()


@pytest.mark.parametrize(
    ("name", "value", "fragment"),
    [
        ("BROADSHEET_FETCH_ALLOW_NETWORKS", "127.0.0.0/33", "CIDR"),
        ("BROADSHEET_DEBUG", "maybe", "true or false"),
        ("BROADSHEET_FETCH_TIMEOUT", "-1", "positive"),
        ("BROADSHEET_LOG_FORMAT", "xml", "one of"),
        ("BROADSHEET_CACHE_URL", "memcached://x", "redis://"),
        ("BROADSHEET_NO_SUCH_THING", "1", "unknown setting"),
    ],
)
def test_bad_values_fail_with_the_variable_named(name: str, value: str, fragment: str) -> None:
    with pytest.raises(ConfigError) as info:
        config.load({name: value})
    assert name in str(info.value) and fragment in str(info.value)


def test_all_problems_are_reported_at_once() -> None:
    with pytest.raises(ConfigError) as info:
        config.load({"BROADSHEET_DEBUG": "x", "BROADSHEET_FETCH_PER_HOST": "0"})
    assert "BROADSHEET_DEBUG" in str(info.value) and "BROADSHEET_FETCH_PER_HOST" in str(info.value)
