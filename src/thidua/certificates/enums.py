"""Choices of the certificates app (Vietnamese labels)."""

from __future__ import annotations

from django.db import models


class BlankKind(models.TextChoices):
    """The printed blank (phôi) a certificate is laid out on; the catalogue says which code uses
    which (`awards.eligibility.codes.CERTIFICATE_BLANKS`)."""

    BANG_KHEN = "bang_khen", "Phôi bằng khen"
    GIAY = "giay_khen", "Phôi giấy khen"
    CO_THI_DUA = "co_thi_dua", "Bằng chứng nhận Cờ thi đua"
    DANH_HIEU = "danh_hieu", "Bằng, giấy chứng nhận danh hiệu thi đua"
    KY_NIEM_CHUONG = "ky_niem_chuong", "Giấy chứng nhận Kỷ niệm chương"


class Status(models.TextChoices):
    VALID = "valid", "Còn hiệu lực"
    REVOKED = "revoked", "Đã bị thu hồi"
