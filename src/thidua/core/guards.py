"""The last check before any of thidua's rows is saved: text that no database should store.

Services validate what their domain means (a signer's name, a criterion's maximum); this guard
makes the storage limits the same on SQLite and PostgreSQL whichever path reaches `save()`:
SQLite would keep a 100,000-character name in a 150-character column and PostgreSQL would answer
it, or a NUL character, with a database error (a 500). Here both become an `InvalidInput` (422)
naming the field. Bulk writes (`bulk_create`, `update`) bypass signals: the imports that use them
validate every row first.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from django.db import models
from django.db.models.signals import pre_save

from thidua.core.errors import InvalidInput

#: Unicode "format" characters (zero-width space, joiners, BOM, bidi marks) and whitespace: a value
#: made only of these looks empty on screen and on paper.
_INVISIBLE_CATEGORIES = {"Cf", "Zs", "Zl", "Zp", "Cc"}


def _looks_empty(text: str) -> bool:
    return all(unicodedata.category(ch) in _INVISIBLE_CATEGORIES or ch.isspace() for ch in text)


def _label(field: models.Field) -> str:
    name = str(field.verbose_name)
    return name if name != field.name.replace("_", " ") else field.name


#: stored copies derived from other fields (sort keys, folded search text): a problem there is the
#: consequence of one in the field it is derived from, which is the one to name
_DERIVED = {"sort_key", "search_text"}


def check_text_fields(instance: models.Model) -> None:
    problems: dict[str, str] = {}
    messages: list[str] = []
    fields = sorted(instance._meta.concrete_fields, key=lambda f: f.name in _DERIVED)
    for field in fields:
        if field.name in _DERIVED and problems:
            break
        if not isinstance(field, models.CharField | models.TextField):
            continue
        value = getattr(instance, field.attname, None)
        if not isinstance(value, str) or not value:
            continue
        label = _label(field)
        if "\x00" in value:
            problems[field.name] = "nul"
            messages.append(f"«{label}» chứa ký tự NUL")
        elif field.max_length is not None and len(value) > field.max_length:
            problems[field.name] = "too_long"
            messages.append(f"«{label}» dài {len(value)} ký tự, tối đa {field.max_length}")
        elif not field.blank and _looks_empty(value):
            # only a value made of invisible characters; an empty string is the service's call
            problems[field.name] = "blank"
            messages.append(f"«{label}» không có chữ nào nhìn thấy được")
    if problems:
        raise InvalidInput("Không lưu được: " + "; ".join(messages) + ".", fields=problems)


def _on_pre_save(sender: type[models.Model], instance: models.Model, raw: bool = False, **_: Any) -> None:
    if raw:  # loading fixtures or a restore: the data was checked when it was first saved
        return
    if sender.__module__.startswith("thidua."):
        check_text_fields(instance)


def connect() -> None:
    pre_save.connect(_on_pre_save, dispatch_uid="thidua.core.guards")
