"""Document numbers per issuing body and year (số văn bản), handed out race-free."""

from __future__ import annotations

from django.db import models


class DocumentNumber(models.Model):
    """The last number an issuing body used in a year; `next_number` locks this row to add one.

    Decree 30 numbers documents per issuing body from 01 each calendar year, across types."""

    issuer = models.CharField(max_length=100)  # a stable key, e.g. "cluster:12"
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["issuer", "year"], name="one_counter_per_issuer_year")]
        verbose_name = "sổ số văn bản"
        verbose_name_plural = "sổ số văn bản"

    def __str__(self) -> str:
        return f"{self.issuer} {self.year}: {self.last_number}"
