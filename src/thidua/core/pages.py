"""The one convention for page reads and writes (docs/developer/conventions.md, "Pages").

Reads: a page for something that exists but is not the user's answers 403 (templates/403.html),
or sends an anonymous visitor to the login page; something private whose existence must not be
revealed (a person, a draft nobody outside may know of) answers 404 (templates/404.html).

Writes: one URL per action, a POST-only view decorated with `page_action(page_view)`. The view
calls one service and returns None (then the user goes back to the page, 302) or a response (an
htmx fragment). A domain error becomes the page's message and its status: the page is rendered
again, as a GET, with `error.message` shown and `error.http_status` (403, 404, 409, 422) as status;
for htmx requests the `fragment` (default: the error paragraph) is answered with that status.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from functools import wraps
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from thidua.core.errors import DomainError, InvalidInput
from thidua.core.rules import FORBIDDEN_MESSAGE

View = Callable[..., HttpResponse]
ActionView = Callable[..., HttpResponse | None]
Fragment = Callable[[HttpRequest, DomainError, dict[str, Any]], HttpResponse]


def refuse(request: HttpRequest, message: str = FORBIDDEN_MESSAGE) -> HttpResponse:
    """Something that exists but is not the user's: log in first, or the styled 403."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    raise PermissionDenied(message)


def cleaned(form: forms.BaseForm) -> dict[str, Any]:
    """A valid form's data, or an InvalidInput naming every field in error (in Vietnamese)."""
    if form.is_valid():
        return form.cleaned_data
    parts = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        text = " ".join(str(error) for error in errors)
        parts.append(f"{label}: {text}" if label else text)
    raise InvalidInput(
        "Thông tin chưa hợp lệ: " + "; ".join(parts) + ".",
        fields=dict.fromkeys(form.errors, "invalid"),
    )


def _error_fragment(request: HttpRequest, error: DomainError, kwargs: dict[str, Any]) -> HttpResponse:
    return render(request, "core/_action_error.html", {"error": error}, status=error.http_status)


def page_action(page: View, *, fragment: Fragment | None = None) -> Callable[[ActionView], View]:
    """One action of `page` (the GET view it returns to, called with the same URL arguments)."""

    def decorate(view: ActionView) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, **kwargs: Any) -> HttpResponse:
            back = _page_kwargs(page, kwargs)
            if request.method != "POST":
                return HttpResponse("Chỉ nhận yêu cầu POST.", status=405, headers={"Allow": "POST"})
            if not request.user.is_authenticated:
                return redirect_to_login(page_url(page, back))
            try:
                response = view(request, **kwargs)
            except DomainError as error:
                if getattr(request, "htmx", False):
                    return (fragment or _error_fragment)(request, error, kwargs)
                messages.error(request, error.message)
                request.method = "GET"  # the page itself, as its reader would see it now
                shown = page(request, **back)
                shown.status_code = error.http_status
                return shown
            if response is None:
                return redirect(page_url(page, back))
            return response

        wrapper.page = page  # type: ignore[attr-defined]
        return wrapper

    return decorate


def _page_kwargs(page: View, kwargs: dict[str, Any]) -> dict[str, Any]:
    """The action's URL arguments that the page takes (an action may name more: the change)."""
    accepted = inspect.signature(inspect.unwrap(page)).parameters
    return {name: value for name, value in kwargs.items() if name in accepted}


def page_url(page: View, kwargs: dict[str, Any]) -> str:
    """The URL of `page` for these arguments (its URL name is the view's `url_name` attribute)."""
    from django.urls import reverse

    return reverse(page.url_name, kwargs=kwargs)  # type: ignore[attr-defined]


def named(url_name: str) -> Callable[[View], View]:
    """Give a page view its URL name, so its actions can send the user back to it."""

    def decorate(view: View) -> View:
        view.url_name = url_name  # type: ignore[attr-defined]
        return view

    return decorate
