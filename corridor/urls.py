from django.contrib import admin
from django.shortcuts import redirect
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.i18n import set_language

from corridor.api import build_api

admin.site.site_header = _("Corridor administration")
# The admin has no password-only door: it sends people through the two-factor sign-in.
admin.site.login = lambda request, extra_context=None: redirect("accounts:login")  # type: ignore[method-assign]

urlpatterns = [
    path("api/v1/", build_api().urls),
    path("accounts/", include("corridor.accounts.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("admin/", admin.site.urls),
    path("registry/", include("corridor.registry.urls")),
    path("imports/", include("corridor.imports.urls")),
    path("pfif/", include("corridor.interop.urls")),
    path("matches/", include("corridor.matching.urls")),
    path("", include("corridor.tracing.urls")),
    path("corridors/", include("corridor.corridors.urls")),
    path("exchange/", include("corridor.exchange.urls")),
    path("transmissions/", include("corridor.transmissions.urls")),
    path("audit/", include("corridor.audit.urls")),
    path("", include("corridor.dashboard.urls")),
]
