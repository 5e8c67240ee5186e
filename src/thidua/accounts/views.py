from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from thidua.accounts.enums import Role
from thidua.accounts.selectors import scopes_of
from thidua.clusters.models import Cluster, ClusterLeadership, ClusterMembership
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
    managed_clusters = Cluster.objects.none()
    if held & {Role.MINISTRY_OFFICER, Role.ADMINISTRATOR}:
        authority_paths = [
            s.unit_path for s in scopes if s.role in (Role.MINISTRY_OFFICER, Role.ADMINISTRATOR)
        ]
        condition = Q()
        for path in authority_paths:
            condition |= Q(authority__path__startswith=path)
        managed_clusters = Cluster.objects.filter(condition).select_related("authority")
    member_of = (
        ClusterMembership.objects.filter(unit_id__in=unit_ids)
        .select_related("cluster", "unit")
        .order_by("-year", "cluster__name")[:20]
    )
    leading = (
        ClusterLeadership.objects.filter(leader_id__in=unit_ids)
        .select_related("cluster", "leader")
        .order_by("-year")[:10]
    )
    context = {
        "roles": roles,
        "managed_clusters": managed_clusters,
        "member_of": member_of,
        "leading": leading,
        "year": year,
        "person": request.user.person,
    }
    return render(request, "accounts/dashboard.html", context)
