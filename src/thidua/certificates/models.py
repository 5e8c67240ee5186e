"""Certificates of registry entries (one per conferred title or award that is printed), the print
layouts of the official blanks, and the digital signatures of decisions' PDFs.

A certificate's status is never stored: it is the conferral's (`revoked_on`), so revoking the entry
in the registry (`awards.services.revoke_conferral`) is what makes the certificate verify as
revoked, with nothing to keep in step.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from thidua.certificates.enums import BlankKind


class Certificate(models.Model):
    conferral = models.OneToOneField("awards.Conferral", on_delete=models.PROTECT, related_name="certificate")
    # The public code (see verification.py); unique, so a lookup is one indexed query.
    code = models.CharField(max_length=18, unique=True)
    blank_kind = models.CharField(max_length=20, choices=BlankKind.choices)
    # What is printed, as it was printed: recipient, form, year, decision, issuing body.
    content = models.JSONField()
    content_hash = models.CharField(max_length=64)
    revision = models.PositiveIntegerField(default=1)
    issued_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    pdf = models.FileField(upload_to="certificates/", blank=True)
    # Hash of content + layout + renderer version: a stored PDF is current while it matches.
    pdf_fingerprint = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = "bằng, giấy chứng nhận"
        verbose_name_plural = "bằng, giấy chứng nhận"

    def __str__(self) -> str:
        return self.display_code

    @property
    def display_code(self) -> str:
        """The code as printed: three groups of six ("K7QM2X-9FHT3B-WZ4R8E")."""
        return "-".join(self.code[i : i + 6] for i in range(0, len(self.code), 6))


class CertificateLayout(models.Model):
    """Where each printed field goes on one authority's blank of one kind, in millimetres from the
    sheet's top-left corner. `authority` empty: the layout of that kind for every authority that
    has none of its own. The offsets shift everything (a printer that feeds a little askew)."""

    authority = models.CharField(max_length=255, blank=True)
    blank_kind = models.CharField(max_length=20, choices=BlankKind.choices)
    page_width_mm = models.DecimalField(max_digits=5, decimal_places=1)
    page_height_mm = models.DecimalField(max_digits=5, decimal_places=1)
    offset_x_mm = models.DecimalField(max_digits=4, decimal_places=1, default=0)
    offset_y_mm = models.DecimalField(max_digits=4, decimal_places=1, default=0)
    fields = models.JSONField()  # {"recipient": {"x":…, "y":…, "w":…, "size":…}, …, "qr": {…}}
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["blank_kind", "authority"]
        constraints = [
            models.UniqueConstraint(fields=["authority", "blank_kind"], name="one_layout_per_authority_kind")
        ]
        verbose_name = "bố cục in phôi"
        verbose_name_plural = "bố cục in phôi"

    def __str__(self) -> str:
        return f"{self.get_blank_kind_display()} – {self.authority or 'mặc định'}"


class DecisionSignature(models.Model):
    """The decision's PDF signed digitally (PAdES) by the issuing body's certificate."""

    decision = models.OneToOneField("awards.Decision", on_delete=models.PROTECT, related_name="signature")
    signed_pdf = models.FileField(upload_to="certificates/signed/")
    signer = models.CharField(max_length=255)
    source = models.CharField(max_length=40)  # which document was signed (see services.decision_pdf)
    signed_at = models.DateTimeField()
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "chữ ký số quyết định"
        verbose_name_plural = "chữ ký số quyết định"

    def __str__(self) -> str:
        return f"{self.decision} – {self.signer}"
