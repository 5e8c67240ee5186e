from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from thidua import __version__


def site(request: HttpRequest) -> dict[str, object]:
    return {"THIDUA_VERSION": __version__, "SITE_URL": settings.SITE_URL}
