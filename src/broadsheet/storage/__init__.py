"""Storage: the Django app that owns every table and every query.

Entry points call the functions in ``feeds``, ``articles`` and ``fetchlog``;
nothing outside this package imports ``models``.
"""
