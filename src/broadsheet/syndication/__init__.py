"""Outgoing RSS 2.0 and Atom 1.0 feeds; routes in ``broadsheet.syndication.urls``."""

__all__: list[str] = []
