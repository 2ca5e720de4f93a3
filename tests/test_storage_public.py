"""Storage's public surface is pinned: each package names its query modules, each module its names.

Storage only stores (docs/architecture.md): its modules take already computed values and return
rows or frozen dataclasses. Other layers import the modules listed here and the names in their
``__all__``; everything else (models, admin, migrations, private helpers) stays inside.
"""

from __future__ import annotations

import importlib

import pytest

PACKAGES = {
    "broadsheet.storage": [
        "articles",
        "community",
        "exporting",
        "feeds",
        "intel",
        "maintenance",
        "panels",
        "reader",
        "schema",
        "search",
        "stories",
        "summaries",
        "transactions",
        "work",
    ],
    "broadsheet.storage.community": [
        "alerts",
        "deliveries",
        "errors",
        "moderation",
        "queries",
        "render",
        "rule_matches",
        "rules",
    ],
    "broadsheet.storage.intel": ["enriched", "export", "queries"],
    "broadsheet.storage.reader": [
        "accounts",
        "fever",
        "marking",
        "outlets",
        "queries",
        "rows",
        "streams",
        "subscriptions",
    ],
    "broadsheet.storage.search": ["browse", "queries"],
    "broadsheet.storage.stories": ["assign", "copies", "decisions", "export", "queries", "rebuild"],
    "broadsheet.storage.summaries": ["export", "keys", "precompute", "queries", "requests"],
}


@pytest.mark.parametrize("package", sorted(PACKAGES))
def test_each_storage_package_lists_its_public_modules(package: str) -> None:
    assert importlib.import_module(package).__all__ == PACKAGES[package]


@pytest.mark.parametrize(
    "module",
    sorted(f"{p}.{m}" for p, mods in PACKAGES.items() for m in mods if f"{p}.{m}" not in PACKAGES),
)
def test_each_public_storage_module_has_an_all_of_documented_names(module: str) -> None:
    mod = importlib.import_module(module)
    assert mod.__all__, module
    for name in mod.__all__:
        value = getattr(mod, name)
        if callable(value) or isinstance(value, type):
            assert value.__doc__, f"{module}.{name} has no docstring"
