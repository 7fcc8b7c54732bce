"""The /api/v1 JSON API: one NinjaAPI, one handler for domain errors, routers per app."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import NinjaAPI

from corridor.apiauth import TokenAuth, VerifiedSessionAuth
from corridor.errors import DomainError


def build_api() -> NinjaAPI:
    from corridor.accounts.api import router as accounts_router
    from corridor.audit.api import router as audit_router
    from corridor.corridors.api import router as corridors_router
    from corridor.exchange.api import router as exchange_router
    from corridor.imports.api import router as imports_router
    from corridor.interop.api import router as interop_router
    from corridor.matching.api import router as matching_router
    from corridor.registry.api import router as registry_router
    from corridor.tracing.api import router as tracing_router
    from corridor.transmissions.api import router as transmissions_router

    api = NinjaAPI(
        title="Corridor API",
        version="1",
        description=(
            "Tracing, humanitarian corridors and exchange lists through a neutral intermediary. "
            "Every POST needs an `Idempotency-Key` header. Objects that do not exist and objects "
            "you may not see both answer 404."
        ),
        auth=[TokenAuth(), VerifiedSessionAuth(csrf=True)],
        urls_namespace="api-v1",
    )

    @api.exception_handler(DomainError)
    def domain_error(request: HttpRequest, exc: DomainError):
        return api.create_response(request, {"detail": exc.message}, status=exc.http_status)

    api.add_router("/", accounts_router)
    api.add_router("/", registry_router)
    api.add_router("/", imports_router)
    api.add_router("/", interop_router)
    api.add_router("/", matching_router)
    api.add_router("/", tracing_router)
    api.add_router("/", corridors_router)
    api.add_router("/", exchange_router)
    api.add_router("/", transmissions_router)
    api.add_router("/", audit_router)
    return api
