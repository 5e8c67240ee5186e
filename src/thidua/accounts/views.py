from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from thidua.accounts.enums import Role
from thidua.accounts.selectors import scopes_of
from thidua.clusters.selectors import clusters_managed_by, leaderships_of_units, memberships_of_units
from thidua.core.dashboard import DashboardInput, tasks_for
from thidua.organisations.models import Unit


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "Tên đăng nhập hoặc mật khẩu không đúng. Lưu ý: sau nhiều lần sai, tài khoản bị tạm khóa.",
        "inactive": "Tài khoản này đã bị khóa.",
    }

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["username"].label = "Tên đăng nhập"
        self.fields["password"].label = "Mật khẩu"


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    form_class = LoginForm
    redirect_authenticated_user = True


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """One page per person, built from the roles they hold: each role adds its own panel."""
    scopes = scopes_of(request.user)
    year = timezone.localdate().year
    unit_ids = {s.unit_id for s in scopes if s.unit_id}
    units = {u.pk: u for u in Unit.objects.filter(pk__in=unit_ids)}
    roles = [
        {"role": Role(s.role).label, "unit": units.get(s.unit_id) if s.unit_id else None} for s in scopes
    ]
    held = {s.role for s in scopes}
    manages = held & {Role.MINISTRY_OFFICER, Role.ADMINISTRATOR}
    context = {
        "roles": roles,
        "managed_clusters": clusters_managed_by(request.user) if manages else [],
        "member_of": memberships_of_units(unit_ids),
        "leading": leaderships_of_units(unit_ids),
        "year": year,
        "person": request.user.person,
        "tasks": tasks_for(
            DashboardInput(
                user=request.user,
                unit_ids=frozenset(unit_ids),
                roles=frozenset(s.role for s in scopes),
                year=year,
            )
        ),
    }
    return render(request, "accounts/dashboard.html", context)
