"""The public side: the request form and the status page (no sign-in, no personal data in URLs)."""

from __future__ import annotations

import json

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from corridor.errors import DomainError
from corridor.tracing import captcha, services
from corridor.tracing.forms import RequestForm, StatusForm


def _address(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR", "")


@never_cache
@require_http_methods(["GET", "POST"])
def request_form(request: HttpRequest) -> HttpResponse:
    """A relative asks: who is sought, who asks. The answer is a reference and a secret."""
    form = RequestForm(request.POST or None)
    error, status = "", 200
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k not in ("agree", "altcha")}
        try:
            enquirer, secret = services.file_request(
                services.Request(language=get_language() or "uk", **data),
                captcha=form.cleaned_data["altcha"],
                address=_address(request),
            )
        except DomainError as exc:
            error, status = exc.message, exc.http_status
        else:
            return render(
                request,
                "tracing/request_done.html",
                {"reference": enquirer.reference, "secret": secret},
            )
    elif request.method == "POST":
        status = 422
    context = {
        "form": form,
        "error": error,
        "challenge": json.dumps(captcha.challenge()),
        "notice_version": services.PRIVACY_NOTICE_VERSION,
    }
    return render(request, "tracing/request_form.html", context, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def status_page(request: HttpRequest) -> HttpResponse:
    """Reference and secret in, what consent allows out; unknown and wrong look the same."""
    form = StatusForm(request.POST or None)
    view, asked = None, False
    if request.method == "POST" and form.is_valid():
        asked = True
        view = services.status(form.cleaned_data["reference"], form.cleaned_data["secret"])
    return render(request, "tracing/status.html", {"form": form, "view": view, "asked": asked})


@never_cache
@require_http_methods(["POST"])
def enquirer_message(request: HttpRequest) -> HttpResponse:
    """A short message to the person sought; the status page shows it was received."""
    form = StatusForm(request.POST)
    text = request.POST.get("text", "")
    sent, error, view = False, "", None
    if form.is_valid():
        try:
            sent = (
                services.enquirer_message(
                    form.cleaned_data["reference"], form.cleaned_data["secret"], text
                )
                is not None
            )
        except DomainError as exc:
            error = exc.message
        view = services.status(form.cleaned_data["reference"], form.cleaned_data["secret"])
    context = {"form": form, "view": view, "asked": True, "sent": sent, "error": error}
    return render(request, "tracing/status.html", context)
