"""Sign-in (password, then a TOTP code), first-time authenticator enrolment and sign-out."""

from __future__ import annotations

import time

import segno
from django.contrib.auth import login, logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login

from corridor.accounts import services
from corridor.accounts.errors import AccountError
from corridor.accounts.forms import CodeForm, EnrolmentCodeForm, PasswordForm
from corridor.accounts.middleware import SESSION_STARTED
from corridor.accounts.models import User

PENDING = "corridor_pending_user"
PENDING_AT = "corridor_pending_at"
PENDING_SECONDS = 300
ENROL_GRANT = "corridor_enrol_grant"


def _address(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR", "")


def _pending_user(request: HttpRequest) -> User | None:
    user_id = request.session.get(PENDING)
    started = request.session.get(PENDING_AT, 0)
    if user_id is None or time.time() - started > PENDING_SECONDS:
        return None
    return User.objects.filter(pk=user_id, is_active=True).first()


@require_http_methods(["GET", "POST"])
def login_password(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return HttpResponseRedirect(reverse("dashboard:home"))
    form = PasswordForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            user = services.check_password(
                form.cleaned_data["username"], form.cleaned_data["password"], _address(request)
            )
        except AccountError as exc:
            form.add_error(None, exc.message)
            status = exc.http_status
        else:
            request.session.cycle_key()
            request.session[PENDING] = user.pk
            request.session[PENDING_AT] = int(time.time())
            if services.confirmed_device(user) is None:
                return HttpResponseRedirect(reverse("accounts:enrol"))
            return HttpResponseRedirect(reverse("accounts:code"))
    return render(request, "accounts/login.html", {"form": form}, status=status)


def _finish(request: HttpRequest, user: User, device) -> HttpResponse:
    request.session.pop(PENDING, None)
    request.session.pop(PENDING_AT, None)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    otp_login(request, device)
    request.session[SESSION_STARTED] = int(time.time())
    return HttpResponseRedirect(reverse("dashboard:home"))


@require_http_methods(["GET", "POST"])
def login_code(request: HttpRequest) -> HttpResponse:
    user = _pending_user(request)
    if user is None:
        return HttpResponseRedirect(reverse("accounts:login"))
    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            device = services.check_code(user, form.cleaned_data["code"], _address(request))
        except AccountError as exc:
            form.add_error("code", exc.message)
            status = exc.http_status
        else:
            return _finish(request, user, device)
    return render(request, "accounts/code.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
def enrol(request: HttpRequest) -> HttpResponse:
    user = _pending_user(request)
    if user is None or services.confirmed_device(user) is not None:
        return HttpResponseRedirect(reverse("accounts:login"))
    grant = request.session.get(ENROL_GRANT)
    if not services.enrolment_granted(user, grant):
        return _enrolment_code(request, user)
    device = services.start_enrolment(user)
    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            device = services.confirm_enrolment(
                user, form.cleaned_data["code"], _address(request), grant
            )
        except AccountError as exc:
            form.add_error("code", exc.message)
            status = exc.http_status
        else:
            request.session.pop(ENROL_GRANT, None)
            return _finish(request, user, device)
    qr = segno.make(device.config_url, error="m")
    context = {
        "form": form,
        "qr_svg": qr.svg_inline(scale=4, dark="#000", light="#fff"),
        "secret": _base32(device.bin_key),
    }
    return render(request, "accounts/enrol.html", context, status=status)


def _enrolment_code(request: HttpRequest, user: User) -> HttpResponse:
    """Before any authenticator is shown: the one-time code the administrator gave."""
    form = EnrolmentCodeForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            grant = services.check_enrolment_code(
                user, form.cleaned_data["enrolment_code"], _address(request)
            )
        except AccountError as exc:
            form.add_error("enrolment_code", exc.message)
            status = exc.http_status
        else:
            request.session[ENROL_GRANT] = str(grant.pk)
            return HttpResponseRedirect(reverse("accounts:enrol"))
    return render(request, "accounts/enrol_code.html", {"form": form}, status=status)


def _base32(key: bytes) -> str:
    import base64

    text = base64.b32encode(key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    logout(request)  # flushes and deletes the server-side session
    response = HttpResponseRedirect(reverse("accounts:login"))
    return response
