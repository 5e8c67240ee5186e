"""Writes of the documents app: document numbers."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from thidua.core.errors import InvalidInput
from thidua.documents.models import DocumentNumber


@transaction.atomic
def next_document_number(*, issuer: str, year: int) -> int:
    """The next number of `issuer` in `year` (1, 2, …). The counter row is locked until the
    caller's transaction ends, so two concurrent requests never get the same number."""
    if not issuer.strip():
        raise InvalidInput("Thiếu cơ quan ban hành văn bản.", fields={"issuer": "required"})
    try:
        with transaction.atomic():
            DocumentNumber.objects.get_or_create(issuer=issuer, year=year)
    except IntegrityError:
        pass  # another transaction created the row first; lock it below
    counter = DocumentNumber.objects.select_for_update().get(issuer=issuer, year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return counter.last_number
