from __future__ import annotations

import datetime

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils import timezone

from thidua.accounts.enums import Role


class User(AbstractUser):
    """A login. `person` links it to the individual it belongs to, when there is one."""

    person = models.OneToOneField(
        "organisations.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="user"
    )

    class Meta:
        verbose_name = "tài khoản"
        verbose_name_plural = "tài khoản"

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class RoleAssignmentQuerySet(models.QuerySet["RoleAssignment"]):
    def current(self, day: datetime.date | None = None) -> RoleAssignmentQuerySet:
        day = day or timezone.localdate()
        return self.filter(Q(valid_from__lte=day), Q(valid_to__isnull=True) | Q(valid_to__gte=day))


class RoleAssignment(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(max_length=30, choices=Role.choices)
    unit = models.ForeignKey("organisations.Unit", null=True, blank=True, on_delete=models.PROTECT)
    valid_from = models.DateField(default=datetime.date(2000, 1, 1))
    valid_to = models.DateField(null=True, blank=True)

    objects = RoleAssignmentQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(role=Role.ADMINISTRATOR) | Q(unit__isnull=False),
                name="role_needs_unit_unless_admin",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "unit", "valid_from"], name="role_assignment_unique"
            ),
        ]
        verbose_name = "phân quyền"
        verbose_name_plural = "phân quyền"

    def __str__(self) -> str:
        return f"{self.user}: {self.get_role_display()} ({self.unit or 'toàn hệ thống'})"


class ApiToken(models.Model):
    """A token for scripts using the API. Only its SHA-256 is stored; the prefix identifies it."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=12, unique=True)
    key_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "mã truy cập API"
        verbose_name_plural = "mã truy cập API"

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
