"""Broadsheet: a self-hosted news intelligence reader."""

__version__ = "0.1.0"
