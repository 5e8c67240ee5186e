"""Issue 12: every link reachable from the home page answers, for the public and each demo persona.

A breadth-first walk over the demo with Django's test client (no browser): every `href` on our own
pages is followed (links to files, feeds and the API docs are fetched too), and none may answer
4xx or 5xx — a link shown to someone who cannot open it is a bug. A public visitor may meet a login
redirect, when the page it leads to says why. Forms, log-out and the language switch are not
followed (they are posts); PDF and DOCX downloads are not rendered here (tests/documents and each
app's document tests render every kind).
"""

from __future__ import annotations

import io
import re
from collections import deque
from urllib.parse import urldefrag, urlsplit

import pytest
from django.core.management import call_command
from django.test import Client

from thidua.accounts.models import User

PERSONAS = [
    "public",
    "quantri",
    "bo.thidua",
    "truongcum.hanoi",
    "canbo.haiduong",
    "hoidong",
    "bientap",
    "truongbientap",
    "khach",
]
#: a walk visits at most this many pages per persona (the demo has a few hundred)
PAGE_LIMIT = 400
_HREF = re.compile(r'href="([^"]+)"')
#: not pages: downloads that are slow to build are still fetched, but these are skipped
_SKIP = ("/admin/", "/static/", "/media/", "/i18n/", "/accounts/logout/", "/api/v1/docs", "mailto:", "tel:")


def _links(html: str, base: str) -> list[str]:
    found = []
    for raw in _HREF.findall(html):
        url = urldefrag(raw.replace("&amp;", "&"))[0]
        if not url or url.startswith(("http://", "https://", "//")) or url.startswith(_SKIP):
            continue
        if url.startswith("?"):
            url = urlsplit(base).path + url
        if not url.startswith("/") or url.endswith((".pdf", ".docx")) or "format=" in url:
            continue
        found.append(url)
    return found


def _walk(client: Client) -> tuple[int, list[tuple[str, int, str]]]:
    seen = {"/"}
    queue: deque[tuple[str, str]] = deque([("/", "(start)")])
    problems = []
    visited = 0
    while queue and visited < PAGE_LIMIT:
        url, origin = queue.popleft()
        response = client.get(url)
        visited += 1
        status = response.status_code
        if status in (301, 302):
            location = response["Location"]
            if "/accounts/login/" in location:
                continue  # a public visitor sent to log in
            if location not in seen:
                seen.add(location)
                queue.append((location, url))
            continue
        if status >= 400:
            problems.append((url, status, origin))
            continue
        if "text/html" not in response.get("Content-Type", ""):
            continue
        for link in _links(response.content.decode(), url):
            if link not in seen:
                seen.add(link)
                queue.append((link, url))
    return visited, problems


@pytest.mark.django_db
def test_every_link_answers_for_the_public_and_each_demo_persona() -> None:
    # one demo load inside the test's transaction (rolled back after), one walk per persona
    call_command("demo", stdout=io.StringIO())
    found: dict[str, list[tuple[str, int, str]]] = {}
    for persona in PERSONAS:
        client = Client()
        if persona != "public":
            client.force_login(User.objects.get(username=persona))
        visited, problems = _walk(client)
        assert visited > 10, persona
        found[persona] = problems
    assert found == {persona: [] for persona in PERSONAS}
