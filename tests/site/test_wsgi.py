"""Loading the WSGI application prepares views and templates without touching the database."""

from __future__ import annotations


def test_warm_up_compiles_every_page_template_without_the_database() -> None:
    # No django_db mark: pytest-django makes any database access here an error.
    from django.template import engines

    from broadsheet.site import wsgi

    wsgi.warm()
    env = next(e.env for e in engines.all() if hasattr(e, "env"))
    cached = " ".join(str(key) for key in env.cache or {})
    assert all(name in cached for name in wsgi.PAGES), cached
