"""Citation marks tell sources apart: one number per source, outlet on hover and in a list."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client
from jinja2 import FileSystemLoader

import broadsheet.web
from broadsheet.storage.stories.models import Membership
from broadsheet.summarize import Citation, SummarySentence
from broadsheet.web.jinja import environment
from tests.summaries.corpus import STORY
from tests.web.test_reader_pages import _import


def _render(sentences: tuple[SummarySentence, ...]) -> str:
    env = environment(loader=FileSystemLoader(Path(broadsheet.web.__file__).parent / "jinja2"))
    template = env.from_string(
        '{% from "web/_citations.html" import cited, sources %}'
        '<ol class="summary">{{ cited(s) }}</ol>{{ sources(s) }}'
    )
    return template.render(s=sentences)


def test_marks_are_numbered_per_source_and_name_the_outlet() -> None:
    a = Citation(11, 0, "The bridge closed on Tuesday.", "Daily Ledger")
    a2 = Citation(11, 3, "Crews worked overnight.", "Daily Ledger")
    b = Citation(12, 1, "Fifteen families moved out.", "Evening Post")
    html = _render(
        (
            SummarySentence("The bridge closed on Tuesday.", (a,)),
            SummarySentence("Fifteen families moved out.", (b,)),
            SummarySentence("Crews worked overnight.", (a2, b)),
        )
    )
    marks = re.findall(r'class="cite"[^>]*title="([^"]*)">\[(\d)\]', html)
    assert [(t.split(":")[0], n) for t, n in marks] == [
        ("Daily Ledger", "1"),
        ("Evening Post", "2"),
        ("Daily Ledger", "1"),
        ("Evening Post", "2"),
    ]
    listed = re.findall(r'<li data-source="(\d)"><a [^>]*>\[\d\] ([^<]+)</a>', html)
    assert listed == [("1", "Daily Ledger"), ("2", "Evening Post")]


def test_a_citation_without_outlet_still_reads() -> None:
    html = _render((SummarySentence("A thing happened.", (Citation(5, 0, "A thing happened."),)),))
    assert 'title="Source 1: A thing happened."' in html and "[1] Source 1" in html


@pytest.mark.django_db
def test_story_page_numbers_each_outlet_once(client: Client) -> None:
    ids = [_import(d.title, d.text, d.outlet) for d in STORY]
    story = Membership.objects.filter(article_id=ids[0]).values_list("story_id", flat=True)[0]
    page = client.get(f"/stories/{story}/").content.decode()
    marks = re.findall(r'class="cite" data-source="(\d+)"[^>]*title="([^":]*):', page)
    assert len({n for n, _ in marks}) >= 2, "the summary should cite more than one outlet"
    assert all(len({o for n2, o in marks if n2 == n}) == 1 for n, _ in marks)
    listed = dict(re.findall(r'<li data-source="(\d+)"><a [^>]*>\[\d+\] ([^<]+)</a>', page))
    assert {n: o for n, o in marks} == {n: listed[n] for n, _ in marks}
    assert set(listed.values()) <= {d.outlet for d in STORY}
