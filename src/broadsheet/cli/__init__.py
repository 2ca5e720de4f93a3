"""The ``broadsheet`` command line: a thin layer over the pipeline and storage."""

from broadsheet.cli._main import main

__all__ = ["main"]
