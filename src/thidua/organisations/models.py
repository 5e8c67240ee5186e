"""Units (the agency tree), provinces, lineage between units, people and their positions."""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import Q

from thidua.organisations.enums import Gender, LineageKind, UnitKind


class Province(models.Model):
    """A province-level unit. Pre-2025 provinces stay, pointing to the province they became."""

    code = models.CharField(max_length=8)
    name = models.CharField(max_length=100)
    division_type = models.CharField(max_length=40)
    is_current = models.BooleanField(default=True)
    successor = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="predecessors"
    )
    sort_key = models.CharField(max_length=400, db_index=True)

    class Meta:
        ordering = ["-is_current", "sort_key"]
        constraints = [models.UniqueConstraint(fields=["code", "is_current"], name="province_code_per_era")]
        verbose_name = "tỉnh, thành phố"
        verbose_name_plural = "tỉnh, thành phố"

    def __str__(self) -> str:
        return self.name if self.is_current else f"{self.name} (trước 01/07/2025)"


class Unit(models.Model):
    """An organisation. `path` ("/1/5/42/") holds the ids from the root so subtree checks are one
    prefix comparison on both databases, at national scale."""

    code = models.CharField(max_length=40, unique=True)
    name = models.CharField(max_length=255)
    short_name = models.CharField(max_length=120, blank=True)
    kind = models.CharField(max_length=30, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    path = models.CharField(max_length=255, db_index=True, editable=False)
    province = models.ForeignKey(
        Province, null=True, blank=True, on_delete=models.PROTECT, related_name="units"
    )
    active_from = models.DateField(null=True, blank=True)
    active_to = models.DateField(null=True, blank=True)
    sort_key = models.CharField(max_length=600, db_index=True)
    # The search words (thidua.core.text.search_words) of code, name and short name, one space
    # between them: accent- and case-insensitive search by word start that finds the same units on
    # SQLite and PostgreSQL (where a GIN index over these words serves it, short words included).
    search_text = models.TextField(blank=True, default="", editable=False)
    # The name's search words alone, so exact and prefix matches of the name rank first.
    search_name = models.TextField(blank=True, default="", editable=False)

    class Meta:
        ordering = ["sort_key"]
        indexes = [
            # The search's first two tiers, exact name and name prefix (selectors.search_units):
            # equality and LIKE 'prefix%' in one b-tree, whatever the database's collation.
            models.Index(
                fields=["search_name"], name="organisations_unit_search_name", opclasses=["text_pattern_ops"]
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(active_to__isnull=True)
                | Q(active_from__isnull=True)
                | Q(active_to__gte=models.F("active_from")),
                name="unit_active_period_ordered",
            )
        ]
        verbose_name = "cơ quan, đơn vị"
        verbose_name_plural = "cơ quan, đơn vị"

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        return self.short_name or self.name

    def is_active_on(self, day: datetime.date) -> bool:
        return (self.active_from is None or self.active_from <= day) and (
            self.active_to is None or day <= self.active_to
        )

    @property
    def end_note(self) -> str:
        """How its end reads on a page: `active_to` is the last day it worked (a unit merged on
        01/03/2025 worked until 28/02/2025), so never "từ" that day."""
        return f"hoạt động đến hết ngày {self.active_to:%d/%m/%Y}" if self.active_to else ""

    def is_active_in_year(self, year: int) -> bool:
        return (self.active_from is None or self.active_from.year <= year) and (
            self.active_to is None or year <= self.active_to.year
        )

    def is_within(self, other: Unit) -> bool:
        """True when this unit is `other` or lies below it in the tree."""
        return self.path.startswith(other.path)


class LineageEvent(models.Model):
    """A dated merge, split or rename: the predecessors ended and the successors took their place.

    The history stays on each unit; navigation follows these events both ways.
    """

    kind = models.CharField(max_length=10, choices=LineageKind.choices)
    date = models.DateField()
    legal_basis = models.CharField(max_length=255)
    note = models.TextField(blank=True)
    predecessors = models.ManyToManyField(Unit, related_name="lineage_as_predecessor")
    successors = models.ManyToManyField(Unit, related_name="lineage_as_successor")

    class Meta:
        ordering = ["date", "id"]
        verbose_name = "sự kiện sáp nhập, chia tách, đổi tên"
        verbose_name_plural = "sự kiện sáp nhập, chia tách, đổi tên"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date:%d/%m/%Y}"


class Person(models.Model):
    """An individual. Personal data is minimised: a birth year, not a date; the citizen ID only as a
    keyed hash (to find duplicates) and its last four digits (to tell people apart on screen)."""

    family_name = models.CharField(max_length=60)
    middle_name = models.CharField(max_length=80, blank=True)
    given_name = models.CharField(max_length=60)
    sort_key = models.CharField(max_length=600, db_index=True)
    gender = models.CharField(max_length=1, choices=Gender.choices, blank=True)
    birth_year = models.PositiveSmallIntegerField(null=True, blank=True)
    citizen_id_hash = models.CharField(max_length=64, null=True, blank=True, unique=True, editable=False)
    citizen_id_last4 = models.CharField(max_length=4, blank=True, editable=False)
    # Folded full name (thidua.core.text.fold), so the search box finds "Đỗ Thị Ánh" typed as
    # "do thi anh" on both databases; the database default serves bulk loaders (benchmarks' COPY).
    search_text = models.TextField(blank=True, default="", db_default="", editable=False)

    class Meta:
        ordering = ["sort_key", "id"]
        verbose_name = "cá nhân"
        verbose_name_plural = "cá nhân"

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.family_name, self.middle_name, self.given_name) if part)

    @property
    def masked_citizen_id(self) -> str:
        return f"••••••••{self.citizen_id_last4}" if self.citizen_id_last4 else ""


class PositionQuerySet(models.QuerySet["Position"]):
    def current(self) -> PositionQuerySet:
        """The open posts: the definition of "current post" (`Position.is_current` in Python)."""
        return self.filter(end__isnull=True)


class Position(models.Model):
    """A person's post in a unit over a period (chức vụ); the open one is the current post."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="positions")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="positions")
    title = models.CharField(max_length=120)
    is_head = models.BooleanField(default=False)
    start = models.DateField()
    end = models.DateField(null=True, blank=True)

    objects = PositionQuerySet.as_manager()

    class Meta:
        ordering = ["-start", "id"]
        indexes = [
            # A unit's current staff (unit, end IS NULL), and the posts an officer's reach reads
            # (thidua.accounts.access: units by path, then their posts' dates and people) without
            # touching the table.
            models.Index(fields=["unit", "end", "start", "person"], name="position_unit_period_person"),
            models.Index(fields=["person", "end"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")), name="position_period_ordered"
            )
        ]
        verbose_name = "chức vụ"
        verbose_name_plural = "chức vụ"

    def __str__(self) -> str:
        return f"{self.title}, {self.unit}"

    @property
    def is_current(self) -> bool:
        """The same test as `PositionQuerySet.current()`, for posts already loaded (prefetched)."""
        return self.end is None
