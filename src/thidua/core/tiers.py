"""A queryset ranked in tiers, whose pages read only the first rows of each tier (issue 15).

A search ranks its matches in a few tiers (the exact name, then names that start with the query,
then the rest) and keeps the caller's order inside each tier. Ordering by a CASE over the tiers
makes the database rank and sort every match before it returns the first row: at 50,000 units
"Sở" matches 29,800 of them, and ranking them cost ~55 ms of a 100 ms budget. A slice here asks
each tier for its own first rows instead ("tier condition ORDER BY the caller's order LIMIT stop":
an index on that order serves it and stops after `stop` rows, or a selective index finds a small
tier), then ranks only those few rows with the CASE: one SQL statement per page, the same rows in
the same order as ranking everything.

    ranked = in_tiers(matches, [exact, prefix], order=["sort_key", "id"])
    ranked[50:100]   # a lazy QuerySet, like any slice (Paginator, the API's pagination)

Iterating it whole or `count()` are the plain queries. `order_by()` and `reverse()` give an
ordinary queryset again (the caller chose another order); filters keep the tiers.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from django.db import connections
from django.db.models import Case, F, IntegerField, Model, Q, QuerySet, Value, When
from django.db.models.expressions import OrderBy
from django.db.models.functions import Coalesce

_M = TypeVar("_M", bound=Model)


class TieredQuerySet(QuerySet[_M]):
    _tiers: tuple[Q, ...] = ()  # the ranked tiers' conditions, best first; the rest come last
    _tier_order: tuple[Any, ...] = ()  # the order inside each tier

    def _clone(self) -> TieredQuerySet[_M]:
        clone: TieredQuerySet[_M] = super()._clone()  # type: ignore[misc]
        clone._tiers = self._tiers
        clone._tier_order = self._tier_order
        return clone

    def order_by(self, *field_names: Any) -> TieredQuerySet[_M]:
        clone: TieredQuerySet[_M] = super().order_by(*field_names)
        clone._tiers = ()
        return clone

    def reverse(self) -> TieredQuerySet[_M]:
        clone: TieredQuerySet[_M] = super().reverse()
        clone._tiers = ()
        return clone

    def _tier_conditions(self) -> list[Q]:
        """Each tier as a condition of its own (disjoint: a row belongs to its best tier)."""
        conditions, earlier = [], Q()
        for tier in self._tiers:
            conditions.append(tier & ~earlier if earlier else tier)
            earlier |= tier
        conditions.append(~earlier)
        return conditions

    def __getitem__(self, k: Any) -> Any:
        if (
            not self._tiers
            or self._result_cache is not None
            or self.query.is_sliced
            or not isinstance(k, slice)
            or k.step is not None
            or k.stop is None
            or (k.start or 0) < 0
            or k.stop < 0
        ):
            return super().__getitem__(k)
        start, stop = k.start or 0, k.stop
        if stop <= start:
            return self.none()
        # The first `stop` rows of every tier hold the first `stop` rows of the ranking.
        # The ranked tiers are narrow and found through their own condition's index, then sorted:
        # their rows cluster in the caller's order (names that start alike sort together), which
        # misleads a planner walking the order's index with a LIMIT (it expects matches spread
        # evenly and scanned 34,000 rows to reach "Sở"'s 580). The rest, usually the bulk and
        # spread out, is left to the planner (walking the order's index stops after `stop` rows).
        *ranked, rest = self._tier_conditions()
        sorted_ = self.order_by(*(_unindexed(item) for item in self._tier_order))
        walked = self.order_by(*self._tier_order)
        heads = [
            *(sorted_.filter(condition).values("pk")[:stop] for condition in ranked),
            walked.filter(rest).values("pk")[:stop],
        ]
        if connections[self.db].features.supports_slicing_ordering_in_compound:
            firsts = Q(pk__in=heads[0].union(*heads[1:], all=True))
        else:  # SQLite: no LIMIT inside a UNION, but inside IN (…)
            firsts = Q()
            for head in heads:
                firsts |= Q(pk__in=head)
        return QuerySet.__getitem__(self.filter(firsts), slice(start, stop))


def _unindexed(item: Any) -> Any:
    """The same order, written so that no index serves it: COALESCE(x, x) is x for every value,
    of any type and collation, but the planner does not match it to the index on x."""
    if isinstance(item, str) and item != "?":
        name = item.removeprefix("-")
        expression = Coalesce(F(name), F(name))
        return expression.desc() if item.startswith("-") else expression.asc()
    if isinstance(item, OrderBy):
        return OrderBy(
            Coalesce(item.expression, item.expression),
            descending=item.descending,
            nulls_first=item.nulls_first,
            nulls_last=item.nulls_last,
        )
    return item


def tier_rank(tiers: Sequence[Q]) -> Case:
    """0 for rows of the first tier, 1 for the second, …, len(tiers) for the rest."""
    return Case(
        *(When(tier, then=Value(index)) for index, tier in enumerate(tiers)),
        default=Value(len(tiers)),
        output_field=IntegerField(),
    )


def in_tiers(queryset: QuerySet[_M], tiers: Sequence[Q], *, order: Sequence[Any]) -> TieredQuerySet[_M]:
    """`queryset` ranked by `tiers` (best first, the rest after them), each tier in `order`."""
    source: Any = queryset  # its private state is copied as QuerySet._clone copies it
    ranked: TieredQuerySet[_M] = TieredQuerySet(
        model=source.model, query=source.query.chain(), using=source._db, hints=source._hints
    )
    for name in ("_prefetch_related_lookups", "_known_related_objects", "_iterable_class", "_fields"):
        setattr(ranked, name, getattr(source, name))
    ranked = QuerySet.order_by(ranked, tier_rank(tiers).asc(), *order)
    ranked._tiers = tuple(tiers)
    ranked._tier_order = tuple(order)
    return ranked
