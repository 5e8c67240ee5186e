"""What the site's search box finds in this app (`thidua.core.search`): clusters and blocs, which
are public. There are a few hundred at national scale, so their names are folded here."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from thidua.clusters.selectors import public_clusters
from thidua.core.search import Found, SearchResult
from thidua.core.text import fold


def find_clusters(user: Any, query: str, window: int) -> Found:
    words = fold(query).split()
    matches = []
    for cluster in public_clusters().only("name", "authority__name"):
        text = fold(f"{cluster.name} {cluster.authority.name}")
        if all(word in text for word in words):
            matches.append(cluster)
    matches.sort(key=lambda c: len(c.name))
    return Found(
        total=len(matches),
        candidates=[
            SearchResult(
                title=cluster.name,
                url=reverse("clusters:cluster_detail", args=[cluster.pk]),
                detail=cluster.authority.name,
            )
            for cluster in matches[:window]
        ],
    )
