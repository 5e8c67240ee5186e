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


class RenderedDocument(models.Model):
    """A rendered file kept in storage (Django's default storage) so a download does not lay the
    document out again. `fingerprint` is a hash of the document's whole content (the model the
    builders produce, which carries its version, number, dates and signers) and of the renderer's
    version: any change gives another fingerprint, and the stale file is replaced on next use."""

    kind = models.CharField(max_length=40)
    object_id = models.PositiveIntegerField()
    fmt = models.CharField(max_length=4)
    fingerprint = models.CharField(max_length=64)
    file = models.FileField(upload_to="documents/rendered/")
    size = models.PositiveIntegerField(default=0)
    rendered_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id", "fmt"], name="one_render_per_document_format"
            )
        ]
        verbose_name = "văn bản đã dựng"
        verbose_name_plural = "văn bản đã dựng"

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}.{self.fmt}"
