"""Writes of accounts: role assignments and API tokens."""

from __future__ import annotations

import datetime
import hashlib
import secrets
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from thidua.accounts.enums import Role
from thidua.accounts.models import ApiToken, RoleAssignment, User
from thidua.core.audit import record_audit
from thidua.core.audited import create_audited
from thidua.core.errors import Conflict, InvalidInput
from thidua.core.rules import require

if TYPE_CHECKING:  # a type only: accounts sits below organisations in the layers (.importlinter)
    from thidua.organisations.models import Unit

TOKEN_PREFIX = "td_"  # noqa: S105 - a public marker, not a secret


@transaction.atomic
def assign_role(
    *,
    actor: Any,
    user: User,
    role: str,
    unit: Unit | None,
    valid_from: datetime.date | None = None,
    valid_to: datetime.date | None = None,
) -> RoleAssignment:
    require(actor, "accounts.assign_role", unit)
    if role not in Role.values:
        raise InvalidInput(f"Vai trò «{role}» không hợp lệ.", fields={"role": "invalid"})
    if role != Role.ADMINISTRATOR and unit is None:
        raise InvalidInput("Vai trò này cần gắn với một đơn vị.", fields={"unit": "required"})
    start = valid_from or timezone.localdate()
    if valid_to is not None and valid_to < start:
        raise InvalidInput("Ngày hết hiệu lực phải sau ngày bắt đầu.", fields={"valid_to": "invalid"})
    if RoleAssignment.objects.filter(user=user, role=role, unit=unit, valid_to__isnull=True).exists():
        raise Conflict("Tài khoản đã có vai trò này tại đơn vị này.")
    return create_audited(
        RoleAssignment,
        actor=actor,
        action="accounts.role.assign",
        user=user,
        role=role,
        unit=unit,
        valid_from=start,
        valid_to=valid_to,
    )


def _hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def create_api_token(*, actor: Any, user: User, name: str) -> tuple[ApiToken, str]:
    """Returns the token record and the secret, which is shown once and never stored."""
    require(actor, "accounts.manage_tokens", user)
    if not name.strip():
        raise InvalidInput("Cần đặt tên cho mã truy cập.", fields={"name": "required"})
    prefix = secrets.token_hex(4)
    raw = f"{TOKEN_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken.objects.create(user=user, name=name.strip(), prefix=prefix, key_hash=_hash_token(raw))
    record_audit(
        actor=actor, action="accounts.token.create", target=token, after={"user": user.pk, "name": token.name}
    )
    return token, raw


def authenticate_token(raw: str) -> User | None:
    """The active user owning an unrevoked token, or None."""
    if not raw.startswith(TOKEN_PREFIX) or raw.count("_") < 2:
        return None
    prefix = raw[len(TOKEN_PREFIX) :].split("_", 1)[0]
    token = ApiToken.objects.select_related("user").filter(prefix=prefix, revoked_at__isnull=True).first()
    if (
        token is None
        or not secrets.compare_digest(token.key_hash, _hash_token(raw))
        or not token.user.is_active
    ):
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


@transaction.atomic
def revoke_api_token(*, actor: Any, token: ApiToken) -> None:
    require(actor, "accounts.manage_tokens", token.user)
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    record_audit(actor=actor, action="accounts.token.revoke", target=token)
