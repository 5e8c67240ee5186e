from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from tests.factories import World
from thidua.accounts import services
from thidua.accounts.models import ApiToken, RoleAssignment, User
from thidua.accounts.selectors import has_role_over, is_administrator, scopes_of
from thidua.core.errors import Conflict, InvalidInput
from thidua.core.models import AuditEntry

D = datetime.date


def test_assign_role_gives_a_scoped_role_and_audits(world: World) -> None:
    user = User.objects.create_user(username="moi")
    assignment = services.assign_role(
        actor=world.administrator,
        user=user,
        role="member_officer",
        unit=world.unit_c,
        valid_from=D(2020, 1, 1),
    )
    assert (assignment.role, assignment.unit, assignment.valid_from, assignment.valid_to) == (
        "member_officer",
        world.unit_c,
        D(2020, 1, 1),
        None,
    )
    fresh = User.objects.get(pk=user.pk)
    assert has_role_over(fresh, world.unit_c, "member_officer")
    assert not has_role_over(fresh, world.unit_b, "member_officer")
    assert AuditEntry.objects.order_by("-id").first().action == "accounts.role.assign"


def test_assign_role_administrator_needs_no_unit(world: World) -> None:
    user = User.objects.create_user(username="quantri2")
    services.assign_role(actor=world.administrator, user=user, role="administrator", unit=None)
    assert is_administrator(User.objects.get(pk=user.pk))


@pytest.mark.parametrize(
    ("fields", "error_class", "message"),
    [
        ({"role": "king"}, InvalidInput, "Vai trò «king» không hợp lệ."),
        ({"unit": None}, InvalidInput, "Vai trò này cần gắn với một đơn vị."),
        (
            {"valid_from": D(2020, 1, 1), "valid_to": D(2019, 1, 1)},
            InvalidInput,
            "Ngày hết hiệu lực phải sau ngày bắt đầu.",
        ),
        (
            {"user": "member_officer", "unit": "unit_b"},
            Conflict,
            "Tài khoản đã có vai trò này tại đơn vị này.",
        ),
    ],
)
def test_assign_role_refuses_bad_input(
    world: World, fields: dict[str, object], error_class: type, message: str
) -> None:
    arguments: dict[str, object] = {"user": world.outsider, "role": "member_officer", "unit": world.unit_c}
    for key, value in fields.items():
        arguments[key] = getattr(world, value) if isinstance(value, str) and hasattr(world, value) else value
    count = RoleAssignment.objects.count()
    with pytest.raises(error_class) as error:
        services.assign_role(actor=world.administrator, **arguments)  # type: ignore[arg-type]
    assert error.value.message == message
    assert RoleAssignment.objects.count() == count


def test_a_role_counts_only_within_its_validity(world: World) -> None:
    user = User.objects.create_user(username="hethan")
    services.assign_role(
        actor=None,
        user=user,
        role="member_officer",
        unit=world.unit_c,
        valid_from=D(2010, 1, 1),
        valid_to=D(2011, 1, 1),
    )
    assert scopes_of(User.objects.get(pk=user.pk)) == ()


def test_api_token_is_shown_once_stored_as_a_hash_and_authenticates(world: World) -> None:
    token, raw = services.create_api_token(
        actor=world.member_officer, user=world.member_officer, name=" Kịch bản "
    )
    assert raw.startswith(f"td_{token.prefix}_")
    assert token.name == "Kịch bản"
    assert raw not in token.key_hash
    assert len(token.key_hash) == 64
    assert services.authenticate_token(raw) == world.member_officer
    token.refresh_from_db()
    assert token.last_used_at is not None
    assert AuditEntry.objects.order_by("-id").first().after == {
        "user": world.member_officer.pk,
        "name": "Kịch bản",
    }


def test_api_token_needs_a_name(world: World) -> None:
    with pytest.raises(InvalidInput) as error:
        services.create_api_token(actor=world.outsider, user=world.outsider, name=" ")
    assert (error.value.message, error.value.fields) == ("Cần đặt tên cho mã truy cập.", {"name": "required"})
    assert ApiToken.objects.count() == 0


@pytest.mark.parametrize("raw", ["", "abc", "td_", "td_nope_x", "Bearer td_x_y"])
def test_authenticate_token_refuses_malformed_or_unknown_tokens(world: World, raw: str) -> None:
    services.create_api_token(actor=None, user=world.outsider, name="thật")
    assert services.authenticate_token(raw) is None


def test_authenticate_token_refuses_a_wrong_secret_with_a_real_prefix(world: World) -> None:
    _token, raw = services.create_api_token(actor=None, user=world.outsider, name="thật")
    assert services.authenticate_token(raw[:-2] + "xx") is None


def test_revoked_token_and_inactive_user_no_longer_authenticate(world: World) -> None:
    token, raw = services.create_api_token(actor=None, user=world.outsider, name="thật")
    _other, other_raw = services.create_api_token(actor=None, user=world.council_member, name="khác")
    services.revoke_api_token(actor=world.outsider, token=token)
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert token.revoked_at <= timezone.now()
    assert services.authenticate_token(raw) is None
    world.council_member.is_active = False
    world.council_member.save()
    assert services.authenticate_token(other_raw) is None
    assert AuditEntry.objects.filter(action="accounts.token.revoke").count() == 1
