"""Benchmark of the news portal: article page and search over 100,000 articles, against a trivial view.

Run with PostgreSQL (it creates and drops its own database `thidua_news_bench`):
    THIDUA_DEBUG=1 THIDUA_DATABASE_URL=postgres://postgres@127.0.0.1:5432/thidua_news .venv/bin/python benchmarks/news_bench.py
Prints median and p95 server time (Django test Client, in-process) and the ratios to the trivial view.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.settings")
os.environ.setdefault("THIDUA_DEBUG", "1")
os.environ.setdefault("THIDUA_TASKS_BACKEND", "immediate")
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "src"))
sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import get_runner, setup_test_environment  # noqa: E402
from django.urls import clear_url_caches, path  # noqa: E402
from django.utils import timezone  # noqa: E402

N_ARTICLES = int(os.environ.get("BENCH_ARTICLES", "100000"))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "200"))
PLACES = [
    "Hải Dương",
    "Hà Nội",
    "Nam Định",
    "Thái Bình",
    "Hà Nam",
    "Ninh Bình",
    "Hưng Yên",
    "Hải Phòng",
    "Vĩnh Phúc",
    "Bắc Ninh",
]
TOPICS = [
    "ký giao ước thi đua",
    "tổng kết phong trào",
    "sơ kết sáu tháng",
    "hội nghị trưởng cụm",
    "khen thưởng đột xuất",
]


def trivial(request):  # the floor: routing, middleware, one small response
    return HttpResponse("ok")


def measure(client: Client, urls: list[str]) -> tuple[float, float]:
    times = []
    for url in urls:
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1]


def main() -> None:
    from thidua import urls as root_urls

    root_urls.urlpatterns.append(path("__bench_trivial__/", trivial))
    clear_url_caches()
    settings.DATABASES["default"]["NAME"] = "thidua_news"
    settings.DATABASES["default"]["TEST"]["NAME"] = "thidua_news_bench"
    setup_test_environment()
    runner = get_runner(settings)(verbosity=0, interactive=False)
    old = runner.setup_databases()
    try:
        run()
    finally:
        runner.teardown_databases(old)


def run() -> None:
    from tests.factories import make_unit

    from thidua.core.text import fold
    from thidua.news.enums import ArticleStatus
    from thidua.news.models import Article
    from thidua.news.services import ArticleInput, create_article, publish_article, submit_article_for_review

    rng = random.Random(2018)
    unit = make_unit(code="BENCH", name="Bộ Thử nghiệm")
    now = timezone.now()
    t0 = time.perf_counter()
    batch = []
    for i in range(N_ARTICLES):
        place, topic = rng.choice(PLACES), rng.choice(TOPICS)
        title = f"Sở Tài nguyên và Môi trường {place} {topic} năm {2015 + i % 10} (tin {i})"
        summary = f"Các đơn vị trong cụm {topic} tại {place}."
        body = f"<p>{summary} Bài số {i}.</p><p>Nội dung chi tiết về {topic}.</p>"
        batch.append(
            Article(
                unit=unit,
                title=title,
                slug=f"tin-{i}",
                summary=summary,
                body=body,
                status=ArticleStatus.PUBLISHED,
                published_at=now - __import__("datetime").timedelta(minutes=i),
                version=1,
                published_version=1,
                search_text=fold(f"{title} {summary} {body}"),
            )
        )
        if len(batch) == 5000:
            Article.objects.bulk_create(batch)
            batch = []
    Article.objects.bulk_create(batch)
    # One article made through the services, so it has its revision, tags and audio like a real one.
    real = create_article(
        actor=None,
        unit=unit,
        data=ArticleInput(
            title="Hội nghị tại thành phố Hải Dương",
            summary="Tin đo thời gian.",
            body="<p>Nội dung.</p>",
            tag_names=["Giao ước"],
        ),
    )
    submit_article_for_review(actor=None, article=real)
    publish_article(actor=None, article=real)
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE news_article")
    print(
        f"generated {Article.objects.count():,} articles in {time.perf_counter() - t0:.1f} s ({connection.vendor})"
    )

    client = Client()
    slugs = [f"tin-{rng.randrange(N_ARTICLES)}" for _ in range(REQUESTS)]
    queries = [
        rng.choice(["hai duong", "ha noi ky giao uoc", "tong ket", "Hải Dương", "thai binh so ket"])
        for _ in range(REQUESTS)
    ]
    measure(client, ["/__bench_trivial__/"] * 20 + [f"/tin-bai/{s}/" for s in slugs[:20]])  # warm up
    trivial_med, trivial_p95 = measure(client, ["/__bench_trivial__/"] * REQUESTS)
    article_med, article_p95 = measure(client, [f"/tin-bai/{s}/" for s in slugs])
    search_med, search_p95 = measure(client, [f"/tin-bai/tim-kiem/?q={q}" for q in queries])
    api_med, api_p95 = measure(client, [f"/api/v1/articles?q={q}" for q in queries])
    print(f"{'view':<22}{'median ms':>12}{'p95 ms':>12}{'× trivial (median)':>22}")
    for name, med, p95 in [
        ("trivial", trivial_med, trivial_p95),
        ("article page", article_med, article_p95),
        ("search page", search_med, search_p95),
        ("search API", api_med, api_p95),
    ]:
        print(f"{name:<22}{med:>12.2f}{p95:>12.2f}{med / trivial_med:>22.1f}")


if __name__ == "__main__":
    main()
